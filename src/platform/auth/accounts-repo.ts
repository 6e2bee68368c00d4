import { sql } from 'kysely';
import type { Tx } from '../db/tenancy.ts';

/** SQL for administering people: the list, one account, invitations, ending access. */

export interface AccountRow {
  id: string;
  email: string;
  name: string;
  roles: string[];
  active: boolean;
  hasPassword: boolean;
  version: number;
  createdAt: Date;
  invitedAt: Date | null;
  lastSignedInAt: Date | null;
  deactivatedAt: Date | null;
}

const accountColumns = [
  'id',
  'email',
  'name',
  'roles',
  'active',
  sql<boolean>`password_hash IS NOT NULL`.as('hasPassword'),
  'version',
  'created_at as createdAt',
  'invited_at as invitedAt',
  'last_signed_in_at as lastSignedInAt',
  'deactivated_at as deactivatedAt',
] as const;

export interface AccountQuery {
  q?: string | undefined;
  role?: string | undefined;
  status?: 'active' | 'invited' | 'deactivated' | undefined;
  limit: number;
  offset: number;
}

export async function listAccounts(
  tx: Tx,
  query: AccountQuery,
): Promise<{ rows: AccountRow[]; total: number }> {
  let q = tx.selectFrom('users');
  if (query.q) {
    const like = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb(sql`lower(name)`, 'like', like), eb('email', 'like', like)]));
  }
  if (query.role) q = q.where(sql<boolean>`${query.role} = ANY(roles)`);
  if (query.status === 'deactivated') q = q.where('active', '=', false);
  if (query.status === 'invited')
    q = q
      .where('active', '=', true)
      .where('password_hash', 'is', null)
      .where('last_signed_in_at', 'is', null);
  if (query.status === 'active')
    q = q
      .where('active', '=', true)
      .where((eb) => eb.or([eb('password_hash', 'is not', null), eb('last_signed_in_at', 'is not', null)]));
  const [rows, total] = await Promise.all([
    q.select(accountColumns).orderBy('name').orderBy('id').limit(query.limit).offset(query.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function findAccount(tx: Tx, id: string, forUpdate = false): Promise<AccountRow | undefined> {
  let q = tx.selectFrom('users').select(accountColumns).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertInvitedUser(
  tx: Tx,
  u: { laCode: string; email: string; name: string; roles: string[]; now: Date },
): Promise<string> {
  const r = await tx
    .insertInto('users')
    .values({
      la_code: u.laCode,
      email: u.email,
      name: u.name,
      roles: u.roles,
      password_hash: null,
      invited_at: u.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateAccount(
  tx: Tx,
  id: string,
  change: { roles?: string[]; active?: boolean; name?: string; deactivatedAt?: Date | null },
): Promise<void> {
  await tx
    .updateTable('users')
    .set({
      ...(change.roles ? { roles: change.roles } : {}),
      ...(change.name ? { name: change.name } : {}),
      ...(change.active === undefined ? {} : { active: change.active }),
      ...(change.deactivatedAt === undefined ? {} : { deactivated_at: change.deactivatedAt }),
      updated_at: sql`now()`,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .execute();
}

/** Active administrators of the transaction's LA other than `exceptId`. */
export async function otherActiveAdministrators(tx: Tx, exceptId: string): Promise<number> {
  const r = await tx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('active', '=', true)
    .where(sql<boolean>`'administrator' = ANY(roles)`)
    .where('id', '<>', exceptId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function deleteAllSessions(tx: Tx, userId: string): Promise<number> {
  const r = await tx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function activeTokenCount(tx: Tx, userId: string, now: Date): Promise<number> {
  const r = await tx
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// Invitations

export async function insertInvitation(
  tx: Tx,
  i: {
    laCode: string;
    userId: string;
    tokenHash: string;
    createdBy: string | null;
    now: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await tx
    .insertInto('user_invitations')
    .values({
      la_code: i.laCode,
      user_id: i.userId,
      token_hash: i.tokenHash,
      created_by: i.createdBy,
      created_at: i.now,
      expires_at: i.expiresAt,
    })
    .execute();
}

export async function revokeOpenInvitations(tx: Tx, userId: string, now: Date): Promise<number> {
  const r = await tx
    .updateTable('user_invitations')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function latestInvitation(tx: Tx, userId: string) {
  return tx
    .selectFrom('user_invitations')
    .select([
      'created_at as createdAt',
      'expires_at as expiresAt',
      'accepted_at as acceptedAt',
      'revoked_at as revokedAt',
    ])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function invitationLa(tx: Tx, tokenHash: string): Promise<string | undefined> {
  const r = await tx
    .selectFrom('invitation_directory')
    .select('la_code')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return r?.la_code;
}

export async function findInvitation(tx: Tx, tokenHash: string, forUpdate = false) {
  let q = tx
    .selectFrom('user_invitations')
    .innerJoin('users', 'users.id', 'user_invitations.user_id')
    .select([
      'user_invitations.id',
      'user_invitations.user_id as userId',
      'user_invitations.expires_at as expiresAt',
      'user_invitations.accepted_at as acceptedAt',
      'user_invitations.revoked_at as revokedAt',
      'users.email',
      'users.name',
      'users.active',
    ])
    .where('user_invitations.token_hash', '=', tokenHash);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function markInvitationAccepted(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.updateTable('user_invitations').set({ accepted_at: now }).where('id', '=', id).execute();
}
