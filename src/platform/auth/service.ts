import { z } from 'zod';
import { recordAuditEvent } from '../audit/index.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/connect.ts';
import { inTenant, type Tx, withoutTenant } from '../db/tenancy.ts';
import { queueNotification } from '../notifications/index.ts';
import { AuthError } from './errors.ts';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import type { Principal } from './principal.ts';
import * as repo from './repo.ts';
import { isRole, roles } from './roles.ts';
import { randomToken, sha256 } from './secrets.ts';
import type { CredentialCaches } from './token-cache.ts';

type SessionConfig = Config['session'];
type SignInConfig = Config['signIn'];

export const emailSchema = z
  .string({ error: 'Enter an email address' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter an email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .email('Enter an email address in the correct format, like name@example.org');

export const newUserSchema = z
  .object({
    laCode: z.string().regex(/^[0-9]{3}$/, 'LA code must be 3 digits, like 926'),
    email: emailSchema,
    name: z.string().trim().min(1, 'Enter a name').max(200, 'Name must be 200 characters or fewer'),
    roles: z
      .array(z.string().refine(isRole, { message: `Role must be one of: ${roles.join(', ')}` }))
      .min(1, 'Give at least one role'),
    password: z.string(),
  })
  .superRefine((u, ctx) => {
    const problem = passwordProblem(u.password, u);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });
export type NewUser = z.input<typeof newUserSchema>;

export { AuthError };

/** Creates a user in their LA. Throws AuthError naming the field when the input cannot be used. */
export async function createUser(database: Database, input: NewUser): Promise<string> {
  const r = newUserSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new AuthError(String(i?.path[0] ?? 'input'), i?.message ?? 'Invalid input');
  }
  const u = r.data;
  const passwordHash = await hashPassword(u.password);
  return inTenant(database.db, { laCode: u.laCode, userId: null }, async (tx) => {
    if (!(await repo.laName(tx, u.laCode)))
      throw new AuthError('laCode', `There is no LA with code ${u.laCode}`);
    if (await repo.emailTaken(tx, u.email))
      throw new AuthError('email', `A user with email ${u.email} already exists`);
    const id = await repo.insertUser(tx, { ...u, roles: [...new Set(u.roles)], passwordHash });
    await recordAuditEvent(tx, {
      laCode: u.laCode,
      userId: null,
      action: 'user.created',
      entityType: 'user',
      entityId: id,
      detail: { email: u.email, roles: u.roles },
    });
    return id;
  });
}

export type SignInResult =
  | { ok: true; cookieValue: string; principal: Principal }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterMinutes: number };

interface RequestFacts {
  ip: string;
  requestId: string;
  now: Date;
}

/** Failures are counted per account by a hash of the email, so the table holds no address. */
function accountKey(email: string): string {
  return sha256(`account:${email.trim().toLowerCase()}`);
}

type Attempt = { ok: true } | { ok: false; retryAfterMinutes: number };

/**
 * Counts an attempt to prove a password, against the account and the address, before the
 * password is checked: as a failure, under a lock on both, so attempts made at once are counted
 * one after another and no more than the limit are ever checked. A right password takes the
 * count back (`passwordProved`); a wrong one leaves it standing. Sign-in and changing a password
 * share the count, so neither can be used to go on guessing once the other has locked.
 */
async function countAttempt(
  database: Database,
  cfg: SignInConfig,
  key: string,
  facts: RequestFacts,
): Promise<Attempt> {
  const windowMs = cfg.windowMinutes * 60_000;
  const now = facts.now.getTime();
  // Until the oldest failure in the window leaves it, in whole minutes.
  const wait = (oldest: Date | null) =>
    Math.max(1, Math.ceil(((oldest?.getTime() ?? now) + windowMs - now) / 60_000));
  return withoutTenant(database.db, async (tx) => {
    await repo.lockThrottle(tx, key, facts.ip);
    const failures = await repo.countFailures(tx, key, facts.ip, new Date(now - windowMs));
    if (failures.account >= cfg.maxFailures)
      return { ok: false, retryAfterMinutes: wait(failures.oldestAccount) } as const;
    if (failures.ip >= cfg.ipMaxFailures)
      return { ok: false, retryAfterMinutes: wait(failures.oldestIp) } as const;
    await repo.insertFailure(tx, key, facts.ip, facts.now);
    return { ok: true } as const;
  });
}

async function passwordProved(database: Database, cfg: SignInConfig, key: string, now: Date) {
  const windowStart = new Date(now.getTime() - cfg.windowMinutes * 60_000);
  await withoutTenant(database.db, (tx) => repo.clearFailures(tx, key, windowStart));
}

/**
 * Signs a person in and opens a new session (a new id every time, so a session id planted
 * before sign-in is worthless after it). Wrong email and wrong password get the same answer,
 * in about the same time; repeated failures lock the account and the address for a while.
 */
export async function signIn(
  database: Database,
  cfg: { session: SessionConfig; signIn: SignInConfig },
  emailInput: string,
  password: string,
  facts: RequestFacts,
): Promise<SignInResult> {
  const email = emailInput.trim().toLowerCase();
  const key = accountKey(email);
  const attempt = await countAttempt(database, cfg.signIn, key, facts);
  if (!attempt.ok) return { ok: false, reason: 'locked', retryAfterMinutes: attempt.retryAfterMinutes };

  const entry = await withoutTenant(database.db, (tx) => repo.findDirectoryEntry(tx, email));
  const user = entry
    ? await inTenant(database.db, { laCode: entry.laCode, userId: null }, (tx) =>
        repo.findUserById(tx, entry.userId),
      )
    : undefined;
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);

  if (!user || !passwordOk || !user.active) {
    if (user) {
      await inTenant(database.db, { laCode: user.laCode, userId: user.id }, (tx) =>
        recordAuditEvent(tx, {
          laCode: user.laCode,
          userId: user.id,
          action: 'sign-in.failed',
          entityType: 'user',
          entityId: user.id,
          ip: facts.ip,
          requestId: facts.requestId,
          detail: { reason: user.active ? 'wrong password' : 'account disabled' },
        }),
      );
    }
    return { ok: false, reason: 'invalid' };
  }

  await passwordProved(database, cfg.signIn, key, facts.now);
  return { ok: true, ...(await openSession(database, cfg.session, user, facts, 'password')) };
}

/**
 * Opens a session for a person who has proved who they are, by password or through the LA's
 * identity provider, and audits how. A new id every time, so a session id planted before
 * sign-in is worthless after it.
 */
export async function openSession(
  database: Database,
  cfg: SessionConfig,
  user: repo.UserRecord,
  facts: RequestFacts,
  method: 'password' | 'oidc',
): Promise<{ cookieValue: string; principal: Principal }> {
  const secret = randomToken();
  const cookieValue = `${user.laCode}.${secret}`;
  const idHash = sha256(secret);
  const expiresAt = new Date(facts.now.getTime() + cfg.absoluteHours * 3_600_000);
  await inTenant(database.db, { laCode: user.laCode, userId: user.id }, async (tx) => {
    await repo.deleteExpiredSessions(
      tx,
      user.id,
      new Date(facts.now.getTime() - cfg.idleMinutes * 60_000),
      facts.now,
    );
    await repo.insertSession(tx, {
      idHash,
      laCode: user.laCode,
      userId: user.id,
      now: facts.now,
      expiresAt,
      ip: facts.ip,
    });
    await recordAuditEvent(tx, {
      laCode: user.laCode,
      userId: user.id,
      action: 'sign-in.succeeded',
      entityType: 'user',
      entityId: user.id,
      ip: facts.ip,
      requestId: facts.requestId,
      detail: { method },
    });
  });
  return { cookieValue, principal: toPrincipal(user, 'session', idHash) };
}

function toPrincipal(user: repo.UserRecord, via: 'session' | 'token', sessionIdHash?: string): Principal {
  return {
    userId: user.id,
    laCode: user.laCode,
    laName: user.laName,
    email: user.email,
    name: user.name,
    roles: user.roles,
    via,
    ...(sessionIdHash ? { sessionIdHash } : {}),
  };
}

const laPrefix = /^([0-9]{3})\.([A-Za-z0-9_-]{43})$/;

export type SessionLookup =
  | { state: 'valid'; principal: Principal }
  | { state: 'expired' }
  | { state: 'none' };

/**
 * Finds the person behind a session cookie. The cookie names the LA so the lookup itself runs
 * inside that LA's row-level security; a forged LA simply finds nothing.
 */
export async function resolveSession(
  database: Database,
  caches: CredentialCaches,
  cfg: SessionConfig,
  cookieValue: string,
  now: Date,
): Promise<SessionLookup> {
  const m = laPrefix.exec(cookieValue);
  if (!m?.[1] || !m[2]) return { state: 'none' };
  const laCode = m[1];
  const idHash = sha256(m[2]);
  // Keyed by LA as well, so a cookie relabelled with another LA's code is looked up, and refused.
  const cacheKey = `${laCode}:${idHash}`;
  const cached = caches.sessions.get(cacheKey, now);
  if (cached) return { state: 'valid', principal: cached };
  return inTenant(database.db, { laCode, userId: null }, async (tx) => {
    const s = await repo.findSession(tx, idHash);
    if (!s) return { state: 'none' } as const;
    const idleDeadline = s.lastSeenAt.getTime() + cfg.idleMinutes * 60_000;
    if (now.getTime() >= s.expiresAt.getTime() || now.getTime() >= idleDeadline || !s.user.active) {
      await repo.deleteSession(tx, idHash);
      return { state: 'expired' } as const;
    }
    // Writing on every request would make reads expensive; a minute's grain is enough for a 30-minute timeout.
    if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await repo.touchSession(tx, idHash, now);
    const principal = toPrincipal(s.user, 'session', idHash);
    caches.sessions.set(cacheKey, principal, idHash, Math.min(s.expiresAt.getTime(), idleDeadline), now);
    return { state: 'valid', principal } as const;
  });
}

export async function signOut(
  database: Database,
  caches: CredentialCaches,
  principal: Principal,
  facts: RequestFacts,
): Promise<void> {
  await inTenant(database.db, { laCode: principal.laCode, userId: principal.userId }, async (tx) => {
    if (principal.sessionIdHash) await repo.deleteSession(tx, principal.sessionIdHash);
    await recordAuditEvent(tx, {
      laCode: principal.laCode,
      userId: principal.userId,
      action: 'sign-out',
      entityType: 'user',
      entityId: principal.userId,
      ip: facts.ip,
      requestId: facts.requestId,
    });
  });
  // Forgotten once the change is committed, so a request reading the old state cannot cache it again.
  if (principal.sessionIdHash) caches.sessions.forgetCredential(principal.sessionIdHash);
}

export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string()
      .min(1, 'Enter your current password')
      .max(256, 'Password must be 256 characters or fewer'),
    newPassword: z.string().max(256, 'Password must be 256 characters or fewer'),
    confirmPassword: z.string(),
  })
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.newPassword);
    if (problem) ctx.addIssue({ code: 'custom', path: ['newPassword'], message: problem });
    else if (v.newPassword === v.currentPassword)
      ctx.addIssue({
        code: 'custom',
        path: ['newPassword'],
        message: 'New password must be different from your current password',
      });
    if (v.confirmPassword !== v.newPassword)
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'Passwords do not match' });
  });

/**
 * Whoever learnt the old password could have made API tokens with it, and a token outlives the
 * sessions a new password ends, so a new password revokes every live token too, each audited
 * with the reason. Their owner is told on the account page (and by the CLI's answer).
 */
async function revokeTokensForNewPassword(
  tx: Tx,
  user: repo.UserRecord,
  reason: 'password changed' | 'password set by an operator',
  facts: Omit<RequestFacts, 'ip'> & { ip: string | null; byUserId: string | null },
): Promise<number> {
  const revoked = await repo.revokeAllTokens(tx, user.id, facts.now);
  for (const tokenId of revoked)
    await recordAuditEvent(tx, {
      laCode: user.laCode,
      userId: facts.byUserId,
      action: 'api-token.revoked',
      entityType: 'api-token',
      entityId: tokenId,
      ip: facts.ip,
      requestId: facts.requestId,
      detail: { reason, ownerId: user.id },
    });
  // Someone who did not change the password themselves learns at once that it was changed.
  if (revoked.length)
    await queueNotification(tx, {
      laCode: user.laCode,
      kind: 'users.api-tokens-revoked',
      toEmail: user.email,
      toName: user.name,
      toUserId: user.id,
      subject: 'Your OpenSEND API tokens have been revoked',
      body: [
        `Hello ${user.name},`,
        '',
        reason === 'password changed'
          ? 'Your OpenSEND password has just been changed.'
          : 'An administrator has just set a new OpenSEND password for you.',
        `So that whoever knew the old password cannot go on using OpenSEND, your ${revoked.length === 1 ? 'personal API token has' : `${revoked.length} personal API tokens have`} been revoked. Programs that used ${revoked.length === 1 ? 'it' : 'them'} will stop working until you make a new token under "API tokens".`,
        '',
        'If you did not expect this, tell your SEND service administrator straight away.',
      ].join('\n'),
      createdBy: facts.byUserId,
    });
  return revoked.length;
}

export type ChangePasswordResult =
  | { ok: true; apiTokensRevoked: number }
  | { ok: false; field: string; message: string; retryAfterMinutes?: number };

/**
 * Changes the signed-in person's password after checking the current one, and ends their
 * other sessions and API tokens: whoever knew the old password is shut out everywhere else.
 * The current password is a guess like any other at sign-in: counted, limited and audited.
 */
export async function changePassword(
  database: Database,
  caches: CredentialCaches,
  cfg: SignInConfig,
  principal: Principal,
  input: z.output<typeof changePasswordSchema>,
  facts: RequestFacts,
): Promise<ChangePasswordResult> {
  const tenant = { laCode: principal.laCode, userId: principal.userId };
  const user = await inTenant(database.db, tenant, (tx) => repo.findUserById(tx, principal.userId));
  if (!user) return { ok: false, field: 'currentPassword', message: 'Your current password is not correct' };
  const key = accountKey(user.email);
  const attempt = await countAttempt(database, cfg, key, facts);
  if (!attempt.ok) {
    const m = attempt.retryAfterMinutes;
    return {
      ok: false,
      field: 'currentPassword',
      message: `Too many failed attempts to sign in or change your password. Wait ${m} minute${m === 1 ? '' : 's'} and try again`,
      retryAfterMinutes: m,
    };
  }
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await inTenant(database.db, tenant, (tx) =>
      recordAuditEvent(tx, {
        laCode: user.laCode,
        userId: user.id,
        action: 'password.change-failed',
        entityType: 'user',
        entityId: user.id,
        ip: facts.ip,
        requestId: facts.requestId,
        detail: { reason: 'wrong current password' },
      }),
    );
    return { ok: false, field: 'currentPassword', message: 'Your current password is not correct' };
  }
  await passwordProved(database, cfg, key, facts.now);
  const problem = passwordProblem(input.newPassword, user);
  if (problem) return { ok: false, field: 'newPassword', message: problem };
  const newHash = await hashPassword(input.newPassword);
  const apiTokensRevoked = await inTenant(database.db, tenant, async (tx) => {
    await repo.updatePassword(tx, user.id, newHash);
    await repo.deleteOtherSessions(tx, user.id, principal.sessionIdHash ?? null);
    const revoked = await revokeTokensForNewPassword(tx, user, 'password changed', {
      ...facts,
      byUserId: user.id,
    });
    await recordAuditEvent(tx, {
      laCode: user.laCode,
      userId: user.id,
      action: 'password.changed',
      entityType: 'user',
      entityId: user.id,
      ip: facts.ip,
      requestId: facts.requestId,
      detail: { apiTokensRevoked: revoked },
    });
    return revoked;
  });
  caches.tokens.forgetUser(user.id);
  caches.sessions.forgetUser(user.id);
  return { ok: true, apiTokensRevoked };
}

// Personal API tokens: `osk_<LA>_<secret>`. The LA lets the lookup run under row-level security.

const tokenFormat = /^osk_([0-9]{3})_([A-Za-z0-9_-]{43})$/;

export const newTokenSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter a name for the token')
    .max(100, 'Name must be 100 characters or fewer'),
  days: z.coerce
    .number({ error: 'Enter the number of days the token lasts' })
    .int('Days must be a whole number')
    .min(1, 'A token must last at least 1 day')
    .max(365, 'A token can last at most 365 days'),
});

export async function createApiToken(
  database: Database,
  principal: Pick<Principal, 'userId' | 'laCode'>,
  input: z.output<typeof newTokenSchema>,
  facts: Omit<RequestFacts, 'ip'> & { ip: string | null },
) {
  const secret = randomToken();
  const token = `osk_${principal.laCode}_${secret}`;
  const expiresAt = new Date(facts.now.getTime() + input.days * 86_400_000);
  const row = await inTenant(
    database.db,
    { laCode: principal.laCode, userId: principal.userId },
    async (tx) => {
      const r = await repo.insertToken(tx, {
        laCode: principal.laCode,
        userId: principal.userId,
        name: input.name,
        tokenHash: sha256(secret),
        expiresAt,
      });
      await recordAuditEvent(tx, {
        laCode: principal.laCode,
        userId: principal.userId,
        action: 'api-token.created',
        entityType: 'api-token',
        entityId: r.id,
        ip: facts.ip,
        requestId: facts.requestId,
        detail: { name: input.name, expiresAt: expiresAt.toISOString() },
      });
      return r;
    },
  );
  return { id: row.id, token, expiresAt };
}

export type TokenLookup =
  | { state: 'valid'; principal: Principal }
  | { state: 'expired' }
  | { state: 'revoked' }
  | { state: 'none' };

/** Finds the person behind an API token; a script's one-off lookup passes no caches. */
export async function resolveApiToken(
  database: Database,
  bearer: string,
  now: Date,
  caches?: CredentialCaches,
): Promise<TokenLookup> {
  const m = tokenFormat.exec(bearer);
  if (!m?.[1] || !m[2]) return { state: 'none' };
  const laCode = m[1];
  const tokenHash = sha256(m[2]);
  const cacheKey = `${laCode}:${tokenHash}`;
  const cached = caches?.tokens.get(cacheKey, now);
  if (cached) return { state: 'valid', principal: cached };
  return inTenant(database.db, { laCode, userId: null }, async (tx) => {
    const t = await repo.findToken(tx, tokenHash);
    if (!t?.user.active) return { state: 'none' } as const;
    if (t.revokedAt) return { state: 'revoked' } as const;
    if (t.expiresAt.getTime() <= now.getTime()) return { state: 'expired' } as const;
    if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > 60_000)
      await repo.markTokenUsed(tx, t.tokenId, now);
    const principal = toPrincipal(t.user, 'token');
    caches?.tokens.set(cacheKey, principal, t.tokenId, t.expiresAt.getTime(), now);
    return { state: 'valid', principal } as const;
  });
}

export async function listApiTokens(database: Database, principal: Principal) {
  return inTenant(database.db, { laCode: principal.laCode, userId: principal.userId }, (tx) =>
    repo.listTokens(tx, principal.userId),
  );
}

export async function revokeApiToken(
  database: Database,
  caches: CredentialCaches,
  principal: Principal,
  tokenId: string,
  facts: RequestFacts,
): Promise<boolean> {
  const revoked = await inTenant(
    database.db,
    { laCode: principal.laCode, userId: principal.userId },
    async (tx) => {
      const done = await repo.revokeToken(tx, principal.userId, tokenId, facts.now);
      if (done)
        await recordAuditEvent(tx, {
          laCode: principal.laCode,
          userId: principal.userId,
          action: 'api-token.revoked',
          entityType: 'api-token',
          entityId: tokenId,
          ip: facts.ip,
          requestId: facts.requestId,
        });
      return done;
    },
  );
  caches.tokens.forgetCredential(tokenId);
  return revoked;
}

/**
 * For an operator (CLI): sets a user's password and ends all their sessions and API tokens.
 * An app process that checked one of them lately goes on taking it only until its credential
 * cache's 30 seconds are up, so the person is shut out everywhere within that.
 */
export async function setPassword(
  database: Database,
  emailInput: string,
  password: string,
  now: Date,
): Promise<{ apiTokensRevoked: number }> {
  const user = await findUserByEmail(database, emailInput);
  if (!user) throw new AuthError('email', `There is no user with email ${emailInput.trim().toLowerCase()}`);
  const problem = passwordProblem(password, user);
  if (problem) throw new AuthError('password-stdin', problem);
  const newHash = await hashPassword(password);
  const apiTokensRevoked = await inTenant(database.db, { laCode: user.laCode, userId: null }, async (tx) => {
    await repo.updatePassword(tx, user.id, newHash);
    await repo.deleteOtherSessions(tx, user.id, null);
    const revoked = await revokeTokensForNewPassword(tx, user, 'password set by an operator', {
      now,
      ip: null,
      requestId: 'cli',
      byUserId: null,
    });
    await recordAuditEvent(tx, {
      laCode: user.laCode,
      userId: null,
      action: 'password.set-by-operator',
      entityType: 'user',
      entityId: user.id,
      requestId: 'cli',
      detail: { apiTokensRevoked: revoked },
    });
    return revoked;
  });
  return { apiTokensRevoked };
}

/** For the CLI: finds a user's id and LA by email, across LAs. */
export async function findUserByEmail(database: Database, emailInput: string) {
  const email = emailInput.trim().toLowerCase();
  const entry = await withoutTenant(database.db, (tx) => repo.findDirectoryEntry(tx, email));
  if (!entry) return undefined;
  return inTenant(database.db, { laCode: entry.laCode, userId: null }, (tx) =>
    repo.findUserById(tx, entry.userId),
  );
}
