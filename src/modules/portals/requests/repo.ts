import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { Answers, MadeAs, RequestKind } from '../domain/journey.ts';
import type { Outcome } from '../domain/triage.ts';
import type { PortalTables, RequestStatus } from '../tables.ts';

const db = (tx: Tx) => tx.withTables<PortalTables>();

export interface RequestRow {
  id: string;
  reference: string;
  madeBy: string;
  madeByName: string;
  madeByEmail: string;
  madeAs: MadeAs;
  childId: string | null;
  establishmentId: string | null;
  kind: RequestKind | null;
  answers: Answers;
  status: RequestStatus;
  submittedAt: Date | null;
  receivedOn: string | null;
  ehcRequestId: string | null;
  outcome: Outcome | null;
  routedTo: string | null;
  outcomeReasons: string | null;
  decidedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

function rows(tx: Tx, laCode: string) {
  return db(tx)
    .selectFrom('portal_requests as r')
    .innerJoin('users as u', 'u.id', 'r.made_by')
    .select([
      'r.id',
      'r.reference',
      'r.made_by as madeBy',
      'u.name as madeByName',
      'u.email as madeByEmail',
      'r.made_as as madeAs',
      'r.child_id as childId',
      'r.establishment_id as establishmentId',
      'r.kind',
      'r.answers',
      'r.status',
      'r.submitted_at as submittedAt',
      sql<string | null>`to_char(r.received_on, 'YYYY-MM-DD')`.as('receivedOn'),
      'r.ehc_request_id as ehcRequestId',
      'r.outcome',
      'r.routed_to as routedTo',
      'r.outcome_reasons as outcomeReasons',
      'r.decided_at as decidedAt',
      'r.version',
      'r.created_at as createdAt',
      'r.updated_at as updatedAt',
    ])
    .where('r.la_code', '=', laCode);
}

export async function findRequest(
  tx: Tx,
  laCode: string,
  id: string,
  forUpdate = false,
): Promise<RequestRow | undefined> {
  const q = rows(tx, laCode).where('r.id', '=', id);
  return (await (forUpdate ? q.forUpdate('r') : q).executeTakeFirst()) as RequestRow | undefined;
}

export async function insertDraft(
  tx: Tx,
  laCode: string,
  d: { reference: string; madeBy: string; madeAs: MadeAs; childId: string; establishmentId: string | null },
): Promise<string> {
  const row = await db(tx)
    .insertInto('portal_requests')
    .values({
      la_code: laCode,
      reference: d.reference,
      made_by: d.madeBy,
      made_as: d.madeAs,
      child_id: d.childId,
      establishment_id: d.establishmentId,
      answers: JSON.stringify({}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function referenceTaken(tx: Tx, laCode: string, reference: string): Promise<boolean> {
  const row = await sql<{ taken: boolean }>`SELECT EXISTS (SELECT 1 FROM portal_requests
    WHERE la_code = ${laCode} AND reference = ${reference}) AS taken`.execute(tx);
  return Boolean(row.rows[0]?.taken);
}

export async function saveDraft(
  tx: Tx,
  laCode: string,
  id: string,
  change: { kind?: RequestKind; answers: Answers },
): Promise<void> {
  await db(tx)
    .updateTable('portal_requests')
    .set({
      ...(change.kind ? { kind: change.kind } : {}),
      answers: JSON.stringify(change.answers),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export async function deleteDraft(tx: Tx, laCode: string, id: string): Promise<void> {
  await db(tx)
    .deleteFrom('portal_requests')
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export async function markSubmitted(
  tx: Tx,
  laCode: string,
  id: string,
  s: { status: 'opened' | 'triage'; receivedOn: string; ehcRequestId: string | null; at: Date },
): Promise<void> {
  await db(tx)
    .updateTable('portal_requests')
    .set({
      status: s.status,
      received_on: s.receivedOn,
      submitted_at: s.at,
      ehc_request_id: s.ehcRequestId,
      version: sql`version + 1`,
      updated_at: s.at,
    })
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .execute();
}

export async function markDecided(
  tx: Tx,
  laCode: string,
  id: string,
  d: {
    outcome: Outcome;
    routedTo: string | null;
    reasons: string;
    by: string;
    at: Date;
    ehcRequestId: string | null;
  },
): Promise<void> {
  await db(tx)
    .updateTable('portal_requests')
    .set({
      status: d.ehcRequestId ? 'opened' : 'decided',
      outcome: d.outcome,
      ehc_request_id: d.ehcRequestId,
      routed_to: d.routedTo,
      outcome_reasons: d.reasons,
      decided_by: d.by,
      decided_at: d.at,
      version: sql`version + 1`,
      updated_at: d.at,
    })
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .execute();
}

/** A user's own requests, drafts first, newest first. */
export function requestsMadeBy(tx: Tx, laCode: string, userId: string): Promise<RequestRow[]> {
  return rows(tx, laCode)
    .where('r.made_by', '=', userId)
    .orderBy(sql`r.status = 'draft'`, 'desc')
    .orderBy('r.created_at', 'desc')
    .limit(100)
    .execute() as Promise<RequestRow[]>;
}

/** Requests sent about these children, by anyone, newest first. */
export function requestsAbout(tx: Tx, laCode: string, childIds: readonly string[]): Promise<RequestRow[]> {
  if (!childIds.length) return Promise.resolve([]);
  return rows(tx, laCode)
    .where('r.child_id', 'in', childIds)
    .where('r.status', '<>', 'draft')
    .orderBy('r.submitted_at', 'desc')
    .limit(200)
    .execute() as Promise<RequestRow[]>;
}

/** Requests for help waiting for the LA's triage, oldest first. */
export function triageQueue(tx: Tx, laCode: string): Promise<RequestRow[]> {
  return rows(tx, laCode)
    .where('r.status', '=', 'triage')
    .orderBy('r.submitted_at')
    .limit(500)
    .execute() as Promise<RequestRow[]>;
}

/** Requests the LA triaged recently, newest first. */
export function recentlyTriaged(tx: Tx, laCode: string, limit: number): Promise<RequestRow[]> {
  return rows(tx, laCode)
    .where('r.decided_at', 'is not', null)
    .orderBy('r.decided_at', 'desc')
    .limit(limit)
    .execute() as Promise<RequestRow[]>;
}

export interface RequestFileRow {
  fileId: string;
  description: string;
}

export function filesOf(tx: Tx, laCode: string, requestId: string): Promise<RequestFileRow[]> {
  return db(tx)
    .selectFrom('portal_request_files')
    .select(['file_id as fileId', 'description'])
    .where('la_code', '=', laCode)
    .where('request_id', '=', requestId)
    .execute();
}

export async function addFile(
  tx: Tx,
  laCode: string,
  requestId: string,
  fileId: string,
  description: string,
) {
  await db(tx)
    .insertInto('portal_request_files')
    .values({ la_code: laCode, request_id: requestId, file_id: fileId, description })
    .execute();
}

export async function removeFile(
  tx: Tx,
  laCode: string,
  requestId: string,
  fileId: string,
): Promise<boolean> {
  const r = await db(tx)
    .deleteFrom('portal_request_files')
    .where('la_code', '=', laCode)
    .where('request_id', '=', requestId)
    .where('file_id', '=', fileId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
