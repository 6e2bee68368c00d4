import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { PortalTables } from '../tables.ts';

const db = (tx: Tx) => tx.withTables<PortalTables>();

export interface AdviceRow {
  id: string;
  ehcRequestId: string;
  adviceId: string;
  childId: string;
  adviserId: string;
  adviserName: string;
  kind: string;
  askedOn: string;
  dueOn: string;
  answers: Record<string, string> | null;
  fileId: string | null;
  submittedAt: Date | null;
  version: number;
}

function rows(tx: Tx, laCode: string) {
  return db(tx)
    .selectFrom('portal_advice as a')
    .innerJoin('users as u', 'u.id', 'a.adviser_id')
    .select([
      'a.id',
      'a.ehc_request_id as ehcRequestId',
      'a.advice_id as adviceId',
      'a.child_id as childId',
      'a.adviser_id as adviserId',
      'u.name as adviserName',
      'a.kind',
      sql<string>`to_char(a.asked_on, 'YYYY-MM-DD')`.as('askedOn'),
      sql<string>`to_char(a.due_on, 'YYYY-MM-DD')`.as('dueOn'),
      'a.answers',
      'a.file_id as fileId',
      'a.submitted_at as submittedAt',
      'a.version',
    ])
    .where('a.la_code', '=', laCode);
}

export function adviceOfAdviser(tx: Tx, laCode: string, adviserId: string): Promise<AdviceRow[]> {
  return rows(tx, laCode)
    .where('a.adviser_id', '=', adviserId)
    .orderBy(sql`a.submitted_at IS NOT NULL`)
    .orderBy('a.due_on')
    .limit(500)
    .execute() as Promise<AdviceRow[]>;
}

export function adviceOnRequest(tx: Tx, laCode: string, ehcRequestId: string): Promise<AdviceRow[]> {
  return rows(tx, laCode)
    .where('a.ehc_request_id', '=', ehcRequestId)
    .orderBy('a.asked_on')
    .execute() as Promise<AdviceRow[]>;
}

export async function findAdvice(
  tx: Tx,
  laCode: string,
  id: string,
  forUpdate = false,
): Promise<AdviceRow | undefined> {
  const q = rows(tx, laCode).where('a.id', '=', id);
  return (await (forUpdate ? q.forUpdate('a') : q).executeTakeFirst()) as AdviceRow | undefined;
}

export async function insertAdvice(
  tx: Tx,
  laCode: string,
  a: {
    ehcRequestId: string;
    adviceId: string;
    childId: string;
    adviserId: string;
    kind: string;
    askedBy: string;
    askedOn: string;
    dueOn: string;
  },
): Promise<string> {
  const row = await db(tx)
    .insertInto('portal_advice')
    .values({
      la_code: laCode,
      ehc_request_id: a.ehcRequestId,
      advice_id: a.adviceId,
      child_id: a.childId,
      adviser_id: a.adviserId,
      kind: a.kind,
      asked_by: a.askedBy,
      asked_on: a.askedOn,
      due_on: a.dueOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function submitAdvice(
  tx: Tx,
  laCode: string,
  id: string,
  s: { answers: Record<string, string>; fileId: string | null; at: Date },
): Promise<void> {
  await db(tx)
    .updateTable('portal_advice')
    .set({
      answers: JSON.stringify(s.answers),
      file_id: s.fileId,
      submitted_at: s.at,
      version: sql`version + 1`,
    })
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .execute();
}

/** These users' names, where their accounts are active: a school's staff the LA may ask for advice. */
export async function activeUsers(
  tx: Tx,
  laCode: string,
  ids: readonly string[],
): Promise<{ id: string; name: string }[]> {
  if (!ids.length) return [];
  return tx
    .selectFrom('users')
    .select(['id', 'name'])
    .where('la_code', '=', laCode)
    .where('active', '=', true)
    .where('id', 'in', ids)
    .orderBy('name')
    .execute();
}

/** The LA's advisers with an account, to ask advice of. */
export async function advisers(tx: Tx, laCode: string): Promise<{ id: string; name: string }[]> {
  return tx
    .selectFrom('users')
    .select(['id', 'name'])
    .where('la_code', '=', laCode)
    .where('active', '=', true)
    .where(sql<boolean>`'adviser' = ANY(roles)`)
    .orderBy('name')
    .execute();
}
