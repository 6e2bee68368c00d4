import { sql } from 'kysely';
import type { Tx } from '../db/tenancy.ts';

/** SQL for people, sessions, API tokens and sign-in throttling. */

export interface UserRecord {
  id: string;
  laCode: string;
  laName: string;
  email: string;
  name: string;
  roles: string[];
  active: boolean;
  passwordHash: string | null;
}

const userColumns = [
  'users.id',
  'users.la_code',
  'las.name as la_name',
  'users.email',
  'users.name',
  'users.roles',
  'users.active',
  'users.password_hash',
] as const;

type UserJoinRow = {
  id: string;
  la_code: string;
  la_name: string;
  email: string;
  name: string;
  roles: string[];
  active: boolean;
  password_hash: string | null;
};

function toUser(r: UserJoinRow): UserRecord {
  return {
    id: r.id,
    laCode: r.la_code,
    laName: r.la_name,
    email: r.email,
    name: r.name,
    roles: r.roles,
    active: r.active,
    passwordHash: r.password_hash,
  };
}

export async function findDirectoryEntry(tx: Tx, email: string) {
  return tx
    .selectFrom('user_directory')
    .select(['la_code as laCode', 'user_id as userId'])
    .where('email', '=', email)
    .executeTakeFirst();
}

export async function findUserById(tx: Tx, id: string): Promise<UserRecord | undefined> {
  const r = await tx
    .selectFrom('users')
    .innerJoin('las', 'las.code', 'users.la_code')
    .select(userColumns)
    .where('users.id', '=', id)
    .executeTakeFirst();
  return r ? toUser(r) : undefined;
}

export async function insertUser(
  tx: Tx,
  u: { laCode: string; email: string; name: string; roles: string[]; passwordHash: string },
): Promise<string> {
  const r = await tx
    .insertInto('users')
    .values({
      la_code: u.laCode,
      email: u.email,
      name: u.name,
      roles: u.roles,
      password_hash: u.passwordHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function emailTaken(tx: Tx, email: string): Promise<boolean> {
  return !!(await findDirectoryEntry(tx, email));
}

export async function updatePassword(tx: Tx, userId: string, passwordHash: string): Promise<void> {
  await tx
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      password_changed_at: sql`now()`,
      updated_at: sql`now()`,
      version: sql`version + 1`,
    })
    .where('id', '=', userId)
    .execute();
}

export async function listUsers(tx: Tx) {
  return tx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'roles', 'active', 'created_at as createdAt'])
    .orderBy('name')
    .execute();
}

export async function laName(tx: Tx, code: string): Promise<string | undefined> {
  const r = await tx.selectFrom('las').select('name').where('code', '=', code).executeTakeFirst();
  return r?.name;
}

// Sessions

export async function insertSession(
  tx: Tx,
  s: { idHash: string; laCode: string; userId: string; now: Date; expiresAt: Date; ip: string | null },
): Promise<void> {
  await tx
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      la_code: s.laCode,
      user_id: s.userId,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      ip: s.ip,
    })
    .execute();
}

export async function findSession(tx: Tx, idHash: string) {
  const r = await tx
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('las', 'las.code', 'users.la_code')
    .select([...userColumns, 'sessions.last_seen_at', 'sessions.expires_at'])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  return r ? { user: toUser(r), lastSeenAt: r.last_seen_at, expiresAt: r.expires_at } : undefined;
}

export async function touchSession(tx: Tx, idHash: string, now: Date): Promise<void> {
  await tx.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(tx: Tx, idHash: string): Promise<void> {
  await tx.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteOtherSessions(tx: Tx, userId: string, keepIdHash: string | null): Promise<void> {
  let q = tx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash) q = q.where('id_hash', '<>', keepIdHash);
  await q.execute();
}

export async function deleteExpiredSessions(
  tx: Tx,
  userId: string,
  idleBefore: Date,
  now: Date,
): Promise<void> {
  await tx
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .execute();
}

// API tokens

export async function insertToken(
  tx: Tx,
  t: { laCode: string; userId: string; name: string; tokenHash: string; expiresAt: Date },
) {
  return tx
    .insertInto('api_tokens')
    .values({
      la_code: t.laCode,
      user_id: t.userId,
      name: t.name,
      token_hash: t.tokenHash,
      expires_at: t.expiresAt,
    })
    .returning(['id', 'created_at as createdAt', 'expires_at as expiresAt'])
    .executeTakeFirstOrThrow();
}

export async function findToken(tx: Tx, tokenHash: string) {
  const r = await tx
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .innerJoin('las', 'las.code', 'users.la_code')
    .select([
      ...userColumns,
      'api_tokens.id as token_id',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
      'api_tokens.last_used_at',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return r
    ? {
        user: toUser(r),
        tokenId: r.token_id,
        expiresAt: r.expires_at,
        revokedAt: r.revoked_at,
        lastUsedAt: r.last_used_at,
      }
    : undefined;
}

export async function markTokenUsed(tx: Tx, tokenId: string, now: Date): Promise<void> {
  await tx.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

export async function listTokens(tx: Tx, userId: string) {
  return tx
    .selectFrom('api_tokens')
    .select([
      'id',
      'name',
      'created_at as createdAt',
      'expires_at as expiresAt',
      'revoked_at as revokedAt',
      'last_used_at as lastUsedAt',
    ])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeToken(tx: Tx, userId: string, tokenId: string, now: Date): Promise<boolean> {
  const r = await tx
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Revokes every live token the person holds, returning their ids. */
export async function revokeAllTokens(tx: Tx, userId: string, now: Date): Promise<string[]> {
  const rows = await tx
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

// Sign-in throttling

/**
 * Makes every other throttling decision for this account, and for this address, wait until this
 * transaction ends, so attempts running at once are counted one after another. The account is
 * always taken first, so two attempts can never each hold what the other waits for.
 */
export async function lockThrottle(tx: Tx, accountKey: string, ip: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('sign-in.account'), hashtext(${accountKey}))`.execute(tx);
  await sql`SELECT pg_advisory_xact_lock(hashtext('sign-in.ip'), hashtext(${ip}))`.execute(tx);
}

export async function countFailures(tx: Tx, accountKey: string, ip: string, since: Date) {
  const r = await tx
    .selectFrom('sign_in_failures')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('account_key', '=', accountKey).as('account'),
      eb.fn.countAll<number>().filterWhere('ip', '=', ip).as('ip'),
      eb.fn.min('at').filterWhere('account_key', '=', accountKey).as('oldestAccount'),
      eb.fn.min('at').filterWhere('ip', '=', ip).as('oldestIp'),
    ])
    .where('at', '>', since)
    .where((eb) => eb.or([eb('account_key', '=', accountKey), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow();
  return {
    account: Number(r.account),
    ip: Number(r.ip),
    oldestAccount: r.oldestAccount as Date | null,
    oldestIp: r.oldestIp as Date | null,
  };
}

export async function insertFailure(tx: Tx, accountKey: string, ip: string, now: Date): Promise<void> {
  await tx.insertInto('sign_in_failures').values({ account_key: accountKey, ip, at: now }).execute();
}

export async function clearFailures(tx: Tx, accountKey: string, before: Date): Promise<void> {
  await tx
    .deleteFrom('sign_in_failures')
    .where((eb) => eb.or([eb('account_key', '=', accountKey), eb('at', '<', before)]))
    .execute();
}

export async function activeUsersWithRole(tx: Tx, role: string): Promise<{ id: string; name: string }[]> {
  return tx
    .selectFrom('users')
    .select(['id', 'name'])
    .where('active', '=', true)
    .where(sql<boolean>`${role} = ANY(roles)`)
    .orderBy('name')
    .execute();
}

/** The person with this email address, in the transaction's LA (row-level security keeps it there). */
export async function userIdByEmail(tx: Tx, email: string): Promise<string | undefined> {
  const r = await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return r?.id;
}

export async function activeContacts(
  tx: Tx,
  ids: readonly string[],
): Promise<{ id: string; name: string; email: string }[]> {
  if (!ids.length) return [];
  return tx
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('id', 'in', [...new Set(ids)])
    .where('active', '=', true)
    .execute();
}

export async function userNames(tx: Tx, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (!ids.length) return [];
  return tx
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
}
