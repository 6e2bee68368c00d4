import * as client from 'openid-client';
import { z } from 'zod';
import { recordAuditEvent } from '../audit/index.ts';
import type { Config, OidcConfig } from '../config.ts';
import type { Database } from '../db/connect.ts';
import { inTenant, withoutTenant } from '../db/tenancy.ts';
import type { Principal } from './principal.ts';
import * as repo from './repo.ts';
import { emailSchema, openSession } from './service.ts';

/**
 * Signing in through the LA's OpenID Connect provider: the authorisation code flow with PKCE
 * (S256), state and nonce. openid-client checks the provider's answer (the ID token's signature,
 * issuer, audience, nonce and times); OpenSEND then finds the person by the email address the
 * provider vouches for. People are set up in OpenSEND beforehand and their roles stay here:
 * whatever roles the provider claims for someone are ignored.
 */

export const attemptLifetimeMinutes = 10;

/**
 * What the sign-in page offers: the provider's button when there is one, and the password form
 * unless the LA has turned passwords off.
 */
export function signInChoices(config: Pick<Config, 'oidc' | 'passwordSignIn'>, next: string) {
  return {
    provider: config.oidc
      ? {
          label: config.oidc.label,
          href: next === '/' ? '/sign-in/oidc' : `/sign-in/oidc?next=${encodeURIComponent(next)}`,
        }
      : undefined,
    passwordsOff: !config.passwordSignIn,
  };
}

/** One sign-in under way, kept by the browser (signed) between leaving for the provider and coming back. */
export interface SignInAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go once signed in: already checked to be a path on this site. */
  next: string;
  expiresAt: number;
}

const attemptSchema = z.object({
  state: z.string().min(1).max(200),
  nonce: z.string().min(1).max(200),
  codeVerifier: z.string().min(43).max(128),
  next: z.string().min(1).max(2000),
  expiresAt: z.number().int(),
});

export function encodeAttempt(attempt: SignInAttempt): string {
  return Buffer.from(JSON.stringify(attempt)).toString('base64url');
}

/** The attempt a cookie holds, 'expired' when it has run out, or undefined when it holds none. */
export function decodeAttempt(value: string, now: Date): SignInAttempt | 'expired' | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const r = attemptSchema.safeParse(json);
  if (!r.success) return undefined;
  return r.data.expiresAt <= now.getTime() ? 'expired' : r.data;
}

/** What went wrong with the provider, in the terms the person is told. */
export type ProviderFailureKind =
  /** No attempt from this browser, or it ran out, or it was already used. */
  | 'stale'
  /** The person cancelled, or the provider would not let them use OpenSEND (error=access_denied). */
  | 'cancelled'
  /** The provider answered with another error, or turned OpenSEND's client away. */
  | 'refused'
  /** The provider could not be reached, or did not answer as a provider does. */
  | 'unreachable'
  /** The code or the ID token did not check out: used before, wrong verifier, audience or signature. */
  | 'not-confirmed';

export class ProviderFailure extends Error {
  constructor(
    readonly kind: ProviderFailureKind,
    /** Safe to log and show: what the operator needs to find the cause; never a code, token or secret. */
    readonly why: string,
    /** The provider's own error code, such as access_denied. */
    readonly providerError?: string,
  ) {
    super(`${kind}: ${why}`);
  }
}

/** An OAuth error code as the standard shapes them; anything else is not repeated back. */
function errorCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : undefined;
}

function causeMessage(err: Error): string {
  const cause = err.cause as { message?: unknown; code?: unknown } | undefined;
  const detail = [cause?.code, cause?.message].filter((x) => typeof x === 'string').join(' ');
  return detail ? `${err.message} (${detail.slice(0, 200)})` : err.message;
}

const unreachableCodes = new Set([
  'OAUTH_RESPONSE_IS_NOT_CONFORM',
  'OAUTH_RESPONSE_IS_NOT_JSON',
  'OAUTH_TIMEOUT',
  'OAUTH_ABORT',
]);

/**
 * Sorts what openid-client threw into what the person can be told. Anything else is not the
 * provider's doing and goes on as a fault of OpenSEND's own.
 */
function asProviderFailure(err: unknown): ProviderFailure {
  if (err instanceof ProviderFailure) return err;
  if (err instanceof client.AuthorizationResponseError) {
    const code = errorCode(err.error);
    return new ProviderFailure(
      code === 'access_denied' ? 'cancelled' : 'refused',
      `the provider answered ${code ?? 'an error'}`,
      code,
    );
  }
  if (err instanceof client.ResponseBodyError) {
    const code = errorCode(err.error);
    const why = `the token endpoint answered ${err.status} ${code ?? 'an error'}`;
    if (err.status >= 500) return new ProviderFailure('unreachable', why, code);
    return new ProviderFailure(code === 'invalid_grant' ? 'not-confirmed' : 'refused', why, code);
  }
  // fetch fails with a bare TypeError when the connection does; openid-client's own carry a code.
  if (err instanceof TypeError && !(err as { code?: unknown }).code)
    return new ProviderFailure('unreachable', causeMessage(err));
  if (err instanceof client.ClientError)
    return new ProviderFailure(
      err.code && unreachableCodes.has(err.code) ? 'unreachable' : 'not-confirmed',
      causeMessage(err),
    );
  throw err;
}

/** The person as the provider vouches for them. */
export interface ProviderIdentity {
  email: string | undefined;
  /** False only when the provider says the address is not verified; many never say. */
  emailVerified: boolean | undefined;
}

export interface IdentityProvider {
  /** Where to send the browser, and the attempt it must bring back. */
  begin(next: string, now: Date): Promise<{ url: URL; attempt: SignInAttempt }>;
  /** Checks the provider's answer (the callback's query) against the attempt, and says who it vouches for. */
  complete(query: string, attempt: SignInAttempt): Promise<ProviderIdentity>;
}

const requestTimeoutSeconds = 10;

async function discover(cfg: OidcConfig): Promise<client.Configuration> {
  const execute = [
    // openid-client trusts an ID token from the token endpoint on the strength of TLS alone;
    // its signature is checked against the provider's keys as well, so a token that did not
    // come from the provider's own key is refused even where TLS is intercepted.
    client.enableNonRepudiationChecks,
    // Only a provider on this machine may be reached over http (config.ts refuses it elsewhere).
    ...(cfg.issuer.protocol === 'http:' ? [client.allowInsecureRequests] : []),
  ];
  const found = await client.discovery(cfg.issuer, cfg.clientId, undefined, client.None(), {
    execute,
    timeout: requestTimeoutSeconds,
  });
  const metadata = found.serverMetadata();
  const lacking = (['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const).filter(
    (k) => !metadata[k],
  );
  if (lacking.length)
    throw new ProviderFailure('unreachable', `the provider's metadata has no ${lacking.join(', ')}`);
  if (!cfg.clientSecret) return found;
  // HTTP Basic is OpenID Connect's default; a provider that lists only the form-post method gets that.
  const methods = metadata.token_endpoint_auth_methods_supported;
  const auth =
    methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')
      ? client.ClientSecretPost(cfg.clientSecret)
      : client.ClientSecretBasic(cfg.clientSecret);
  const configured = new client.Configuration(metadata, cfg.clientId, undefined, auth);
  configured.timeout = requestTimeoutSeconds;
  for (const extend of execute) extend(configured);
  return configured;
}

/**
 * The provider, discovered on first use rather than at start-up, so OpenSEND starts (and
 * passwords work) while the provider is down; a failed discovery is tried again next time.
 */
export function identityProvider(cfg: OidcConfig): IdentityProvider {
  let pending: Promise<client.Configuration> | undefined;
  const discovered = () => {
    pending ??= discover(cfg).catch((err: unknown) => {
      pending = undefined;
      const failure = asProviderFailure(err);
      throw new ProviderFailure('unreachable', `discovery failed: ${failure.why}`);
    });
    return pending;
  };

  return {
    async begin(next, now) {
      const configuration = await discovered();
      const attempt: SignInAttempt = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
        next,
        expiresAt: now.getTime() + attemptLifetimeMinutes * 60_000,
      };
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: cfg.redirectUri.href,
        scope: cfg.scopes,
        state: attempt.state,
        nonce: attempt.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, attempt };
    },

    async complete(query, attempt) {
      // The answer must belong to the attempt this browser started (a login forged from
      // elsewhere carries someone else's state); openid-client checks it again below.
      if (new URLSearchParams(query).get('state') !== attempt.state)
        throw new ProviderFailure('stale', 'the state does not match the attempt this browser started');
      const configuration = await discovered();
      // The callback as the provider addressed it, whatever proxy it came through.
      const callback = new URL(cfg.redirectUri);
      callback.search = query;
      try {
        const tokens = await client.authorizationCodeGrant(configuration, callback, {
          pkceCodeVerifier: attempt.codeVerifier,
          expectedState: attempt.state,
          expectedNonce: attempt.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims) throw new ProviderFailure('not-confirmed', 'the provider sent no ID token');
        const verified = claims.email_verified;
        return {
          email: typeof claims.email === 'string' ? claims.email : undefined,
          // Some providers send the flag as a string.
          emailVerified:
            verified === true || verified === 'true'
              ? true
              : verified === false || verified === 'false'
                ? false
                : undefined,
        };
      } catch (err) {
        throw asProviderFailure(err);
      }
    },
  };
}

interface RequestFacts {
  ip: string;
  requestId: string;
  now: Date;
}

const failureReasons: Record<ProviderFailureKind, string> = {
  stale: 'sign-in expired, already used or not started in this browser',
  cancelled: 'cancelled or refused at the provider',
  refused: 'the provider refused',
  unreachable: 'the provider could not be reached',
  'not-confirmed': 'the provider did not confirm who it was',
};

/** A sign-in through the provider that failed before anyone was known: audited in the provider's LA. */
export async function recordProviderFailure(
  database: Database,
  cfg: OidcConfig,
  failure: ProviderFailure,
  facts: RequestFacts,
): Promise<void> {
  await inTenant(database.db, { laCode: cfg.laCode, userId: null }, (tx) =>
    recordAuditEvent(tx, {
      laCode: cfg.laCode,
      userId: null,
      action: 'sign-in.failed',
      entityType: 'user',
      ip: facts.ip,
      requestId: facts.requestId,
      detail: {
        method: 'oidc',
        reason: failureReasons[failure.kind],
        ...(failure.providerError ? { providerError: failure.providerError } : {}),
      },
    }),
  );
}

export type ProviderSignInResult =
  | { ok: true; cookieValue: string; principal: Principal }
  | { ok: false; reason: 'no-verified-email' }
  | { ok: false; reason: 'not-set-up'; email: string };

/**
 * Signs in the person the provider vouches for, if the LA has set them up in OpenSEND and they
 * are active, opening their session exactly as a password sign-in does. Only the provider's own
 * LA's people sign in through it: an LA's provider speaks for its own staff, not another LA's.
 */
export async function signInThroughProvider(
  database: Database,
  cfg: { session: Config['session']; oidc: OidcConfig },
  identity: ProviderIdentity,
  facts: RequestFacts,
): Promise<ProviderSignInResult> {
  const laCode = cfg.oidc.laCode;
  const refuse = (detail: Record<string, unknown>, userId: string | null = null) =>
    inTenant(database.db, { laCode, userId }, (tx) =>
      recordAuditEvent(tx, {
        laCode,
        userId,
        action: 'sign-in.failed',
        entityType: 'user',
        entityId: userId,
        ip: facts.ip,
        requestId: facts.requestId,
        detail: { method: 'oidc', ...detail },
      }),
    );

  const parsed = emailSchema.safeParse(identity.email ?? '');
  if (!parsed.success || identity.emailVerified === false) {
    await refuse({
      reason: parsed.success
        ? 'email address not verified by the provider'
        : 'no email address from the provider',
    });
    return { ok: false, reason: 'no-verified-email' };
  }
  const email = parsed.data;
  const entry = await withoutTenant(database.db, (tx) => repo.findDirectoryEntry(tx, email));
  const user =
    entry?.laCode === laCode
      ? await inTenant(database.db, { laCode, userId: null }, (tx) => repo.findUserById(tx, entry.userId))
      : undefined;
  if (!user?.active) {
    await (user ? refuse({ reason: 'account disabled' }, user.id) : refuse({ reason: 'no account', email }));
    return { ok: false, reason: 'not-set-up', email };
  }
  const session = await openSession(database, cfg.session, user, facts, 'oidc');
  return { ok: true, ...session };
}
