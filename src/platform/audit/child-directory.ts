import type { Tx } from '../db/tenancy.ts';

export interface NamedChild {
  id: string;
  name: string;
}

/**
 * Children as the audit log needs them: names for the ids it holds, and the ids of a name a person
 * types. The platform knows no module, so it states what it needs here; the module that keeps
 * children answers it, and app.ts plugs the two together. Both run in the caller's transaction, in
 * its LA, for someone allowed to read the audit log.
 */
export interface ChildDirectory {
  /** Each child's name by id; ids it does not know are left out. */
  namesOf(tx: Tx, laCode: string, ids: readonly string[]): Promise<Map<string, string>>;
  /** Children whose name is like `typed` (slips and accents forgiven, as the children search does), closest first. */
  named(tx: Tx, laCode: string, typed: string, limit: number): Promise<NamedChild[]>;
}
