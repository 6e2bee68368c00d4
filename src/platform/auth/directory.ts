import type { Tx } from '../db/tenancy.ts';
import * as repo from './repo.ts';
import type { Role } from './roles.ts';

/** The LA's staff as other parts of the service need them: who holds a role, for allocating work. */
export function activeUsersWithRole(tx: Tx, role: Role): Promise<{ id: string; name: string }[]> {
  return repo.activeUsersWithRole(tx, role);
}

/** Names of these people, for showing who did or owns something. */
export async function userNames(tx: Tx, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const rows = await repo.userNames(
    tx,
    ids.filter((id): id is string => id !== null),
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Who in the LA has this email address (stored in lower case, as people sign in with it). */
export function userWithEmail(tx: Tx, email: string): Promise<string | undefined> {
  return repo.userIdByEmail(tx, email.trim().toLowerCase());
}

/** Where to write to these people: the active ones among them, with their names and email addresses. */
export function activeContacts(
  tx: Tx,
  ids: readonly string[],
): Promise<{ id: string; name: string; email: string }[]> {
  return repo.activeContacts(tx, ids);
}
