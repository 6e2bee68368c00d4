import type { ChildDirectory } from '../../platform/audit/index.ts';
import type { Database } from '../../platform/db/connect.ts';
import { foldName } from './domain/names.ts';
import * as repo from './repo.ts';

const fullName = (c: { forename: string; surname: string }) => `${c.forename} ${c.surname}`;

/**
 * The children of the LA as the audit log asks for them. Every child of the LA, whoever asks:
 * the audit log's readers may see whose records were touched, though they may not open them.
 */
export function childDirectory(database: Database): ChildDirectory {
  const options = { trigramOperators: database.kind === 'postgresql' };
  return {
    async namesOf(tx, laCode, ids) {
      const rows = await repo.childNames(tx, laCode, ids);
      return new Map(rows.map((c) => [c.id, fullName(c)]));
    },
    async named(tx, laCode, typed, limit) {
      const name = foldName(typed);
      if (!name) return [];
      const rows = await repo.searchChildren(
        tx,
        laCode,
        { kind: 'la' },
        { name },
        { limit, offset: 0 },
        options,
      );
      return rows.map((c) => ({ id: c.id, name: fullName(c) }));
    },
  };
}
