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
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
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
  };
}
