import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Tx } from './tenancy.ts';

/**
 * Many rows into one table, fast: one array per column through unnest(), a few thousand rows at
 * a time. As fast as COPY, and (unlike COPY FROM, which PostgreSQL refuses on tables with
 * row-level security for roles subject to it) it runs as the application role inside the LA's
 * own transaction, so bulk loads obey the same tenancy rules as everything else. A statement
 * carries one parameter per column however many rows, where a multi-row VALUES carries one per
 * cell, which the server must parse and bind one by one.
 */

/** Each column's PostgreSQL type, for the array its values are sent as ("uuid", "int8", "date"). */
export type ColumnTypes<R> = { [K in keyof R]: string };

const batchSize = 5000;

export async function bulkInsert<R extends object>(
  tx: Tx,
  table: string,
  types: ColumnTypes<R>,
  rows: readonly R[],
): Promise<void> {
  const columns = Object.keys(types) as (keyof R & string)[];
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const arrays = columns.map((c) => sql`${batch.map((r) => r[c] ?? null)}::${sql.raw(`${types[c]}[]`)}`);
    await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
      SELECT * FROM unnest(${sql.join(arrays)})`.execute(tx);
    // A turn of the event loop between batches: PGlite answers without one, and a Ctrl+C or a stop
    // from a service manager is acted on only when the loop turns, so it would wait for the commit.
    await nextTurn();
  }
}
