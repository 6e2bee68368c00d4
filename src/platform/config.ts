import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * Which proxies in front of the app to believe about the client's address: none (`false`), the
 * nearest N (a hop count), or those at the addresses listed. Believing every proxy (`true`) would
 * let any client name its own address in X-Forwarded-For, so it is refused.
 */
export type TrustProxy = false | number | string[];

// The names proxy-addr, which Fastify uses, gives to the usual private ranges.
const namedRanges = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (namedRanges.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  return /^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

const trustProxyField = z
  .string()
  .trim()
  .default('false')
  .transform((value, ctx): TrustProxy => {
    if (value === '' || value === 'false' || value === '0') return false;
    if (value === 'true') {
      ctx.addIssue({
        code: 'custom',
        message:
          'true would believe an X-Forwarded-For header sent by anyone, so a client could choose the address the audit log records and sign-in throttling counts. Give the number of proxies in front of OpenSEND (TRUST_PROXY=1 behind one load balancer) or their addresses (TRUST_PROXY=10.0.0.5,10.1.0.0/16)',
      });
      return z.NEVER;
    }
    if (/^[0-9]+$/.test(value)) {
      const hops = Number(value);
      if (hops <= 20) return hops;
      ctx.addIssue({ code: 'custom', message: 'must be at most 20 proxies' });
      return z.NEVER;
    }
    const entries = value.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !isAddressOrRange(e));
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `must be false, a number of proxies, or a comma-separated list of proxy addresses or ranges (10.0.0.5, 10.1.0.0/16, loopback); not ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

/**
 * Everything the app reads from its environment, validated once at start-up so a
 * mistyped variable stops the app with a message instead of misbehaving later.
 */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** The tables' owner, for migrations and the demo, when the app itself connects as a lesser role. */
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY: trustProxyField,
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  SIGN_IN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(100000).default(50),
  SIGN_IN_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be like smtp://user:password@mail.example.org:587 (or smtps://)')
    .optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .min(3)
    .max(254)
    .regex(/^[^\r\n]+$/, 'must be one line, like "Norfolk SEND <send@norfolk.gov.uk>"')
    .default('OpenSEND <no-reply@opensend.invalid>'),
  BACKUP_DIR: z.string().min(1).optional(),
  UPLOAD_DIR: z.string().min(1).optional(),
  UPLOAD_MAX_MB: z.coerce
    .number()
    .int('must be a whole number of megabytes')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100: a larger file is better sent another way')
    .default(20),
  BACKUP_LA: z
    .string()
    .regex(/^[0-9]{3}$/, 'must be the 3-digit DfE LA number, like 926')
    .optional(),
  PUBLIC_LA: z
    .string()
    .regex(/^[0-9]{3}$/, 'must be the 3-digit DfE LA number, like 926')
    .optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Where migrations (and the demo) run as the tables' owner; without it, `databaseUrl`. */
  migrationDatabaseUrl: string | undefined;
  /** Cookies are marked Secure when the public address is HTTPS. */
  secureCookies: boolean;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  cookieSecret: string | undefined;
  trustProxy: TrustProxy;
  session: { idleMinutes: number; absoluteHours: number };
  signIn: { maxFailures: number; ipMaxFailures: number; windowMinutes: number };
  seedDemo: boolean;
  /** Where notifications are sent from; without `smtpUrl` they wait in the outbox. */
  mail: { smtpUrl: string | undefined; from: string };
  /** The LA whose Local Offer and open data the public pages show, where the database holds several. */
  publicLa: string | undefined;
  /** The address links in messages start with (an invitation's), when PUBLIC_URL is set. */
  publicUrl: string | undefined;
  /** Sign-in through the LA's OpenID Connect provider, when the deployment sets it up. */
  oidc: OidcConfig | undefined;
  /** False when the LA has turned password sign-in off (OIDC_PASSWORDS=false). */
  passwordSignIn: boolean;
  backups: {
    /** Where backups made from /admin/backups are written (default DATA_DIR/backups). */
    dir: string;
    /**
     * The LA whose administrators make and download backups, each of which holds every LA's
     * records; unset, the database's only LA (or, in a database of invented demo LAs, the first).
     */
    la: string | undefined;
  };
  /** Files people send with a request, advice or a message (default DATA_DIR/uploads). */
  uploads: { dir: string; maxBytes: number };
}

export interface OidcConfig {
  issuer: URL;
  clientId: string;
  /** Absent for a public client, which proves itself with PKCE alone. */
  clientSecret: string | undefined;
  redirectUri: URL;
  label: string;
  scopes: string;
  /** The LA whose provider this is: only its people sign in through it, and its audit log records each attempt. */
  laCode: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  const signInSettings = oidcSettings(env);
  if (!parsed.success || signInSettings.problems.length) {
    const lines = [
      ...(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? []),
      ...signInSettings.problems,
    ];
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
  if (c.MIGRATION_DATABASE_URL && !c.DATABASE_URL)
    throw new ConfigError(
      'Invalid configuration:\n  MIGRATION_DATABASE_URL: is for PostgreSQL, where the app connects with DATABASE_URL as a role that is not the owner: set DATABASE_URL too, or leave both out for the embedded database',
    );
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    migrationDatabaseUrl: c.MIGRATION_DATABASE_URL,
    secureCookies: c.PUBLIC_URL?.startsWith('https://') ?? false,
    logLevel: c.LOG_LEVEL,
    cookieSecret: c.COOKIE_SECRET,
    trustProxy: c.TRUST_PROXY,
    session: { idleMinutes: c.SESSION_IDLE_MINUTES, absoluteHours: c.SESSION_ABSOLUTE_HOURS },
    signIn: {
      maxFailures: c.SIGN_IN_MAX_FAILURES,
      ipMaxFailures: c.SIGN_IN_IP_MAX_FAILURES,
      windowMinutes: c.SIGN_IN_WINDOW_MINUTES,
    },
    seedDemo: c.SEED_DEMO === 'true',
    mail: { smtpUrl: c.SMTP_URL, from: c.MAIL_FROM },
    publicUrl: c.PUBLIC_URL?.replace(/\/+$/, ''),
    publicLa: c.PUBLIC_LA,
    oidc: signInSettings.oidc,
    passwordSignIn: signInSettings.passwordSignIn,
    backups: {
      dir: path.resolve(c.BACKUP_DIR ?? path.join(c.DATA_DIR, 'backups')),
      la: c.BACKUP_LA,
    },
    uploads: {
      dir: path.resolve(c.UPLOAD_DIR ?? path.join(c.DATA_DIR, 'uploads')),
      maxBytes: c.UPLOAD_MAX_MB * 1024 * 1024,
    },
  };
}

/** Where the provider sends people back to: the one address OpenSEND answers it on. */
export const oidcCallbackPath = '/sign-in/oidc/callback';

const oidcVariables = [
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_REDIRECT_URI',
  'OIDC_LABEL',
  'OIDC_SCOPES',
  'OIDC_LA_CODE',
] as const;

// RFC 6749 §3.3: a scope is printable ASCII other than space, double quote and backslash.
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** http:// is for a provider on this machine only (development and tests); anything else needs TLS. */
function secureOrLocal(url: URL): boolean {
  return (
    url.protocol === 'https:' ||
    (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
  );
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * The OpenID Connect settings: none of them (passwords only), or enough to sign in through the
 * provider. Each problem names its variable and what to set it to. An empty variable counts as
 * unset, as deployment tools often write `OIDC_CLIENT_SECRET=` for a public client.
 */
function oidcSettings(env: NodeJS.ProcessEnv): {
  oidc: OidcConfig | undefined;
  passwordSignIn: boolean;
  problems: string[];
} {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const problems: string[] = [];
  const passwords = value('OIDC_PASSWORDS') ?? 'true';
  if (passwords !== 'true' && passwords !== 'false')
    problems.push('OIDC_PASSWORDS: must be true (people may also sign in with a password) or false');
  const set = oidcVariables.filter((name) => value(name) !== undefined);
  if (!set.length) {
    if (passwords === 'false')
      problems.push(
        'OIDC_PASSWORDS: password sign-in can be turned off only when sign-in through OpenID Connect is set up; set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_LA_CODE, or remove OIDC_PASSWORDS',
      );
    return { oidc: undefined, passwordSignIn: true, problems };
  }

  const missing = (name: string, what: string) =>
    problems.push(
      `${name}: missing; ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set, so set ${name} to ${what}, or remove every OIDC_ variable to sign in with passwords only`,
    );
  const issuerText = value('OIDC_ISSUER');
  const issuer = issuerText ? parseUrl(issuerText) : undefined;
  if (!issuerText) missing('OIDC_ISSUER', "the provider's issuer URL, like https://login.example.gov.uk");
  else if (!issuer || !secureOrLocal(issuer) || issuer.search || issuer.hash)
    problems.push(
      "OIDC_ISSUER: must be the provider's issuer as an https:// address with no ? or #, like https://login.microsoftonline.com/<tenant id>/v2.0 (http:// only for a provider on this machine)",
    );

  const clientId = value('OIDC_CLIENT_ID');
  if (!clientId) missing('OIDC_CLIENT_ID', 'the client id your identity team registered for OpenSEND');
  else if (clientId.length > 255 || /\s/.test(clientId))
    problems.push(
      'OIDC_CLIENT_ID: must be the client id as the provider shows it: up to 255 characters, no spaces',
    );

  const laCode = value('OIDC_LA_CODE');
  if (!laCode)
    missing(
      'OIDC_LA_CODE',
      'the 3-digit DfE number of the LA whose staff sign in through this provider, like 926',
    );
  else if (!/^[0-9]{3}$/.test(laCode))
    problems.push('OIDC_LA_CODE: must be the 3-digit DfE number of the LA whose provider this is, like 926');

  const redirectText = value('OIDC_REDIRECT_URI');
  let redirectUri: URL | undefined;
  if (redirectText) {
    redirectUri = parseUrl(redirectText);
    if (!redirectUri || redirectUri.pathname !== oidcCallbackPath || redirectUri.search || redirectUri.hash)
      problems.push(
        `OIDC_REDIRECT_URI: must be OpenSEND's address followed by ${oidcCallbackPath}, like https://send.example.gov.uk${oidcCallbackPath}`,
      );
    else if (!secureOrLocal(redirectUri))
      problems.push('OIDC_REDIRECT_URI: must start with https:// (http:// only for localhost)');
  } else if (env.PUBLIC_URL) {
    // A PUBLIC_URL that is not a URL at all has its own complaint from the schema.
    redirectUri = parseUrl(env.PUBLIC_URL) && new URL(oidcCallbackPath, env.PUBLIC_URL);
    if (redirectUri && !secureOrLocal(redirectUri))
      problems.push(
        `OIDC_REDIRECT_URI: PUBLIC_URL is not https://, so the redirect URI made from it would not be either; set PUBLIC_URL to the https:// address of OpenSEND, or set OIDC_REDIRECT_URI`,
      );
  } else {
    problems.push(
      `OIDC_REDIRECT_URI: missing; set PUBLIC_URL to the address people use for OpenSEND (the redirect URI is then that address followed by ${oidcCallbackPath}), or set OIDC_REDIRECT_URI`,
    );
  }

  const label = value('OIDC_LABEL') ?? "Sign in with your organisation's account";
  if (label.length > 100)
    problems.push(
      'OIDC_LABEL: must be 100 characters or fewer, like "Sign in with Norfolk County Council account"',
    );

  const scopes = (value('OIDC_SCOPES') ?? 'openid email profile').split(/\s+/);
  if (!scopes.every((s) => scopeToken.test(s)) || !scopes.includes('openid') || !scopes.includes('email'))
    problems.push(
      'OIDC_SCOPES: must be scopes separated by spaces, including openid and email, like "openid email profile"',
    );

  if (problems.length || !issuer || !clientId || !laCode || !redirectUri)
    return { oidc: undefined, passwordSignIn: true, problems };
  return {
    oidc: {
      issuer,
      clientId,
      clientSecret: value('OIDC_CLIENT_SECRET'),
      redirectUri,
      label,
      scopes: [...new Set(scopes)].join(' '),
      laCode,
    },
    passwordSignIn: passwords === 'true',
    problems,
  };
}
