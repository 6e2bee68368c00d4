import { z } from 'zod';
import { recordAuditEvent } from '../audit/index.ts';
import type { Database } from '../db/connect.ts';
import { inTenant, type Tx, withoutTenant } from '../db/tenancy.ts';
import { conflict, HttpProblem, notFound, unprocessable } from '../http/problem.ts';
import { queueNotification } from '../notifications/index.ts';
import * as accounts from './accounts-repo.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import type { Principal } from './principal.ts';
import * as repo from './repo.ts';
import { isRole, type Role, roleLabels, roles } from './roles.ts';
import { randomToken, sha256 } from './secrets.ts';
import type { CredentialCaches } from './token-cache.ts';

/**
 * People administration: an LA's administrator invites people, gives and takes away roles, and
 * deactivates and reactivates accounts. Every change is audited with what it was before and after.
 */

export type AccountStatus = 'active' | 'invited' | 'deactivated';

export const accountStatusLabels: Record<AccountStatus, string> = {
  active: 'Active',
  invited: 'Invited',
  deactivated: 'Deactivated',
};

/** Invited until they first choose a password or sign in through the LA's provider. */
export function accountStatus(a: {
  active: boolean;
  hasPassword: boolean;
  lastSignedInAt: Date | null;
}): AccountStatus {
  if (!a.active) return 'deactivated';
  return a.hasPassword || a.lastSignedInAt ? 'active' : 'invited';
}

export const invitationHours = 72;

export interface AdminActor {
  principal: Principal;
  ip: string | null;
  requestId: string | null;
  now: Date;
  /** This process's remembered credentials, forgotten at once when access changes. */
  caches: CredentialCaches;
}

const tenantOf = (a: AdminActor) => ({ laCode: a.principal.laCode, userId: a.principal.userId });

const rolesField = z
  .array(z.string(), { error: 'Choose at least one role' })
  .min(1, 'Choose at least one role')
  .max(roles.length, 'Choose each role once')
  .refine((rs) => rs.every(isRole), { message: `Each role must be one of: ${roles.join(', ')}` })
  .transform(
    (rs) => [...new Set(rs)].sort((a, b) => roles.indexOf(a as Role) - roles.indexOf(b as Role)) as Role[],
  );

export const inviteSchema = z.object({
  name: z
    .string({ error: 'Enter their full name' })
    .trim()
    .min(1, 'Enter their full name')
    .max(200, 'Name must be 200 characters or fewer'),
  email: z
    .string({ error: 'Enter their email address' })
    .trim()
    .toLowerCase()
    .min(1, 'Enter their email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .pipe(z.email('Enter an email address in the correct format, like name@example.org')),
  roles: rolesField,
});

export const rolesChangeSchema = z.object({
  roles: rolesField,
  version: z.coerce.number({ error: 'version must be the account version you read' }).int().min(1),
});

async function audit(
  tx: Tx,
  actor: AdminActor,
  action: string,
  userId: string,
  detail: Record<string, unknown>,
) {
  await recordAuditEvent(tx, {
    laCode: actor.principal.laCode,
    userId: actor.principal.userId,
    action,
    entityType: 'user',
    entityId: userId,
    ip: actor.ip,
    requestId: actor.requestId,
    detail,
  });
}

const describe = (a: accounts.AccountRow) => ({
  name: a.name,
  email: a.email,
  roles: a.roles,
  status: accountStatus(a),
});

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const longDateTime = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  })
    .format(d)
    .replace(' am', 'am')
    .replace(' pm', 'pm');

/** Makes a one-time link and puts the message carrying it in the outbox, in the caller's transaction. */
async function sendInvitation(
  tx: Tx,
  actor: AdminActor,
  user: { id: string; name: string; email: string; roles: readonly string[] },
  baseUrl: string,
) {
  const secret = randomToken();
  const expiresAt = new Date(actor.now.getTime() + invitationHours * 3_600_000);
  await accounts.insertInvitation(tx, {
    laCode: actor.principal.laCode,
    userId: user.id,
    tokenHash: sha256(secret),
    createdBy: actor.principal.userId,
    now: actor.now,
    expiresAt,
  });
  const link = `${baseUrl}/invitation/${secret}`;
  const roleNames = listOf(user.roles.map((r) => (isRole(r) ? roleLabels[r] : r)));
  await queueNotification(tx, {
    laCode: actor.principal.laCode,
    kind: 'users.invitation',
    toEmail: user.email,
    toName: user.name,
    toUserId: user.id,
    subject: `Your OpenSEND account at ${actor.principal.laName}`,
    body: [
      `Hello ${user.name},`,
      '',
      `${actor.principal.name} has set up an OpenSEND account for you at ${actor.principal.laName} (${roleNames}).`,
      '',
      `To choose your password and sign in, open this link by ${longDateTime(expiresAt)}:`,
      link,
      '',
      `The link works once. If it has run out, ask ${actor.principal.name} to send you a new one.`,
      '',
      'If you were not expecting this email, you can ignore it: nothing happens unless the link is opened.',
    ].join('\n'),
    sensitive: true,
    createdBy: actor.principal.userId,
  });
  return { link, expiresAt };
}

/** Creates the account and sends a one-time link (72 hours) through the outbox. */
export async function inviteUser(
  database: Database,
  actor: AdminActor,
  input: z.output<typeof inviteSchema>,
  baseUrl: string,
): Promise<{ id: string; link: string; expiresAt: Date }> {
  const taken = await withoutTenant(database.db, (tx) => repo.findDirectoryEntry(tx, input.email));
  if (taken)
    throw unprocessable([
      {
        field: 'email',
        message:
          taken.laCode === actor.principal.laCode
            ? `${input.email} already has an account: find them in the list of users`
            : `${input.email} already has an OpenSEND account in another LA; use a different email address`,
      },
    ]);
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const id = await accounts.insertInvitedUser(tx, {
      laCode: actor.principal.laCode,
      ...input,
      now: actor.now,
    });
    const sent = await sendInvitation(tx, actor, { id, ...input }, baseUrl);
    await audit(tx, actor, 'user.invited', id, {
      before: null,
      after: { name: input.name, email: input.email, roles: input.roles, status: 'invited' },
      invitationExpiresAt: sent.expiresAt.toISOString(),
    });
    return { id, ...sent };
  });
}

/** A new link for someone who has not yet accepted; the old link stops working. */
export async function resendInvitation(
  database: Database,
  actor: AdminActor,
  userId: string,
  baseUrl: string,
) {
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const a = await accounts.findAccount(tx, userId, true);
    if (!a) throw notFound('There is no such user in your LA.');
    if (accountStatus(a) !== 'invited')
      throw conflict(`${a.name} has already accepted their invitation, or their account is deactivated.`);
    const revoked = await accounts.revokeOpenInvitations(tx, userId, actor.now);
    const sent = await sendInvitation(tx, actor, a, baseUrl);
    await audit(tx, actor, 'user.invitation.resent', userId, {
      previousLinksRevoked: revoked,
      invitationExpiresAt: sent.expiresAt.toISOString(),
    });
    return sent;
  });
}

export type InvitationLookup =
  | { state: 'valid'; laCode: string; name: string; email: string; expiresAt: Date }
  | { state: 'expired' | 'used' | 'unknown' };

/** Runs `work` inside the LA the link belongs to; `unknown` when the link is no link of ours. */
async function openInvitation<T>(
  database: Database,
  secret: string,
  unknown: T,
  work: (tx: Tx, laCode: string, tokenHash: string) => Promise<T>,
): Promise<T> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return unknown;
  const tokenHash = sha256(secret);
  const laCode = await withoutTenant(database.db, (tx) => accounts.invitationLa(tx, tokenHash));
  if (!laCode) return unknown;
  return inTenant(database.db, { laCode, userId: null }, (tx) => work(tx, laCode, tokenHash));
}

function stateOf(
  inv: { expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null; active: boolean },
  now: Date,
) {
  if (inv.acceptedAt) return 'used' as const;
  if (inv.revokedAt || !inv.active || inv.expiresAt.getTime() <= now.getTime()) return 'expired' as const;
  return 'valid' as const;
}

export function findInvitation(database: Database, secret: string, now: Date): Promise<InvitationLookup> {
  return openInvitation<InvitationLookup>(
    database,
    secret,
    { state: 'unknown' },
    async (tx, laCode, tokenHash) => {
      const inv = await accounts.findInvitation(tx, tokenHash);
      if (!inv) return { state: 'unknown' };
      const state = stateOf(inv, now);
      return state === 'valid'
        ? { state, laCode, name: inv.name, email: inv.email, expiresAt: inv.expiresAt }
        : { state };
    },
  );
}

export const acceptSchema = z
  .object({
    password: z.string({ error: 'Enter a password' }).max(256, 'Password must be 256 characters or fewer'),
    confirmPassword: z.string({ error: 'Enter the password again' }),
  })
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.password);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
    else if (v.confirmPassword !== v.password)
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'Passwords do not match' });
  });

export type AcceptOutcome =
  | { ok: true; email: string }
  | { ok: false; state: 'expired' | 'used' | 'unknown' }
  | { ok: false; field: string; message: string };

/**
 * Sets the invited person's password and uses up the link. The caller then signs them in with
 * it, through the same checks as any sign-in.
 */
export async function acceptInvitation(
  database: Database,
  secret: string,
  password: string,
  facts: { ip: string | null; requestId: string | null; now: Date },
): Promise<AcceptOutcome> {
  const hash = await hashPassword(password);
  return openInvitation<AcceptOutcome>(
    database,
    secret,
    { ok: false, state: 'unknown' },
    async (tx, laCode, tokenHash) => {
      const inv = await accounts.findInvitation(tx, tokenHash, true);
      if (!inv) return { ok: false, state: 'unknown' };
      const state = stateOf(inv, facts.now);
      if (state !== 'valid') return { ok: false, state };
      const problem = passwordProblem(password, { email: inv.email, name: inv.name });
      if (problem) return { ok: false, field: 'password', message: problem };
      await repo.updatePassword(tx, inv.userId, hash);
      await accounts.markInvitationAccepted(tx, inv.id, facts.now);
      await recordAuditEvent(tx, {
        laCode,
        userId: inv.userId,
        action: 'user.invitation.accepted',
        entityType: 'user',
        entityId: inv.userId,
        ip: facts.ip,
        requestId: facts.requestId,
      });
      return { ok: true, email: inv.email };
    },
  );
}

export interface AccountView extends accounts.AccountRow {
  status: AccountStatus;
  activeTokens: number;
  invitation: Awaited<ReturnType<typeof accounts.latestInvitation>>;
}

export async function getAccount(tx: Tx, userId: string, now: Date): Promise<AccountView | undefined> {
  const a = await accounts.findAccount(tx, userId);
  if (!a) return undefined;
  return {
    ...a,
    status: accountStatus(a),
    activeTokens: await accounts.activeTokenCount(tx, userId, now),
    invitation: await accounts.latestInvitation(tx, userId),
  };
}

export async function listAccounts(tx: Tx, query: accounts.AccountQuery) {
  const r = await accounts.listAccounts(tx, query);
  return { total: r.total, rows: r.rows.map((a) => ({ ...a, status: accountStatus(a) })) };
}
export type { AccountQuery, AccountRow } from './accounts-repo.ts';

function requireVersion(a: accounts.AccountRow, version: number | undefined) {
  if (version !== undefined && version !== a.version)
    throw new HttpProblem(
      409,
      'Changed since you read it',
      `${a.name}'s account was changed by someone else (it is now version ${a.version}, you read version ${version}). Look at it again and make your change once more.`,
      [{ field: 'version', message: `The account is now version ${a.version}` }],
    );
}

/** Who may not lose administration: the person doing it, and the LA's last active administrator. */
async function keepAnAdministrator(
  tx: Tx,
  actor: AdminActor,
  a: accounts.AccountRow,
  field: string,
  what: string,
) {
  if (a.id === actor.principal.userId)
    throw unprocessable([{ field, message: `You cannot ${what} yourself: ask another administrator` }]);
  if (a.roles.includes('administrator') && (await accounts.otherActiveAdministrators(tx, a.id)) === 0)
    throw unprocessable([
      {
        field,
        message: `${a.name} is your LA's only active administrator: make someone else an administrator first`,
      },
    ]);
}

export async function changeRoles(
  database: Database,
  actor: AdminActor,
  userId: string,
  input: z.output<typeof rolesChangeSchema>,
) {
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const a = await accounts.findAccount(tx, userId, true);
    if (!a) throw notFound('There is no such user in your LA.');
    requireVersion(a, input.version);
    const same =
      a.roles.length === input.roles.length && a.roles.every((r) => input.roles.includes(r as Role));
    if (same) return { changed: false };
    if (a.roles.includes('administrator') && !input.roles.includes('administrator'))
      await keepAnAdministrator(tx, actor, a, 'roles', 'take the administrator role from');
    await accounts.updateAccount(tx, userId, { roles: input.roles });
    // The person's next request reads their new roles, in this process at once and in others within the cache's life.
    actor.caches.sessions.forgetUser(userId);
    actor.caches.tokens.forgetUser(userId);
    await audit(tx, actor, 'user.roles.changed', userId, {
      before: { roles: a.roles },
      after: { roles: input.roles },
    });
    return { changed: true };
  });
}

/** Ends the person's access at once (sessions, tokens, open invitations) and keeps their account and history. */
export async function deactivateUser(
  database: Database,
  actor: AdminActor,
  userId: string,
  version?: number,
) {
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const a = await accounts.findAccount(tx, userId, true);
    if (!a) throw notFound('There is no such user in your LA.');
    requireVersion(a, version);
    if (!a.active) return { changed: false };
    await keepAnAdministrator(tx, actor, a, 'user', 'deactivate');
    await accounts.updateAccount(tx, userId, { active: false, deactivatedAt: actor.now });
    const sessionsEnded = await accounts.deleteAllSessions(tx, userId);
    const tokensRevoked = await repo.revokeAllTokens(tx, userId, actor.now);
    const invitationsRevoked = await accounts.revokeOpenInvitations(tx, userId, actor.now);
    actor.caches.sessions.forgetUser(userId);
    actor.caches.tokens.forgetUser(userId);
    await audit(tx, actor, 'user.deactivated', userId, {
      before: describe(a),
      after: { ...describe(a), status: 'deactivated' },
      sessionsEnded,
      tokensRevoked: tokensRevoked.length,
      invitationsRevoked,
    });
    return { changed: true };
  });
}

/** Lets the person sign in again with what they had; revoked tokens stay revoked. */
export async function reactivateUser(
  database: Database,
  actor: AdminActor,
  userId: string,
  version?: number,
) {
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const a = await accounts.findAccount(tx, userId, true);
    if (!a) throw notFound('There is no such user in your LA.');
    requireVersion(a, version);
    if (a.active) return { changed: false };
    await accounts.updateAccount(tx, userId, { active: true, deactivatedAt: null });
    const after = accountStatus({ ...a, active: true });
    await audit(tx, actor, 'user.reactivated', userId, {
      before: describe(a),
      after: { ...describe(a), status: after },
    });
    return { changed: true };
  });
}
