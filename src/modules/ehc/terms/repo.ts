import { iso } from '../../../platform/db/dates.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import type { EhcTables } from '../tables.ts';

/** SQL for the LA's school term dates. */

const db = (tx: Tx) => tx.withTables<EhcTables>();

export interface TermRow {
  id: string;
  name: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
}

export function termsOf(tx: Tx, laCode: string): Promise<TermRow[]> {
  return db(tx)
    .selectFrom('la_terms')
    .select(['id', 'name', iso('starts_on').as('startsOn'), iso('ends_on').as('endsOn')])
    .where('la_code', '=', laCode)
    .orderBy('starts_on')
    .execute();
}

export async function insertTerm(tx: Tx, laCode: string, term: Omit<TermRow, 'id'>): Promise<string> {
  const r = await db(tx)
    .insertInto('la_terms')
    .values({ la_code: laCode, name: term.name, starts_on: term.startsOn, ends_on: term.endsOn })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteTerm(tx: Tx, laCode: string, id: string): Promise<TermRow | undefined> {
  return db(tx)
    .deleteFrom('la_terms')
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .returning(['id', 'name', iso('starts_on').as('startsOn'), iso('ends_on').as('endsOn')])
    .executeTakeFirst();
}
