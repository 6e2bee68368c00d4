import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { SenType } from '../../../platform/kernel/sen2.ts';
import type { NewWait } from './schemas.ts';

/** SQL for the waiting list for specialist places. */

export interface WaitRow {
  id: string;
  childId: string;
  provision: 'special_school' | 'resourced_provision' | 'sen_unit' | 'any';
  senType: SenType;
  phase: 'early_years' | 'primary' | 'secondary' | 'post_16';
  waitingSince: string;
  neededFrom: string;
  status: 'waiting' | 'placed' | 'withdrawn';
  endedOn: string | null;
  note: string | null;
  version: number;
}

const columns = sql`id, child_id AS "childId", provision, sen_type AS "senType", phase,
  waiting_since::text AS "waitingSince", needed_from::text AS "neededFrom", status,
  ended_on::text AS "endedOn", note, version`;

export async function openWaits(tx: Tx, laCode: string): Promise<WaitRow[]> {
  const r = await sql<WaitRow>`SELECT ${columns} FROM place_waits
    WHERE la_code = ${laCode} AND status = 'waiting' ORDER BY waiting_since, id`.execute(tx);
  return r.rows;
}

export async function findWait(tx: Tx, laCode: string, id: string): Promise<WaitRow | undefined> {
  const r = await sql<WaitRow>`SELECT ${columns} FROM place_waits
    WHERE la_code = ${laCode} AND id = ${id}::uuid FOR UPDATE`.execute(tx);
  return r.rows[0];
}

export async function openWaitOf(tx: Tx, laCode: string, childId: string): Promise<WaitRow | undefined> {
  const r = await sql<WaitRow>`SELECT ${columns} FROM place_waits
    WHERE la_code = ${laCode} AND child_id = ${childId}::uuid AND status = 'waiting'`.execute(tx);
  return r.rows[0];
}

export async function insertWait(
  tx: Tx,
  laCode: string,
  childId: string,
  w: Omit<NewWait, 'upn'>,
  userId: string | null,
): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO place_waits
      (la_code, child_id, provision, sen_type, phase, waiting_since, needed_from, note, created_by)
    VALUES (${laCode}, ${childId}::uuid, ${w.provision}, ${w.senType}, ${w.phase}, ${w.waitingSince}::date,
      ${w.neededFrom}::date, ${w.note ?? null}, ${userId}::uuid)
    RETURNING id`.execute(tx);
  return r.rows[0]?.id ?? '';
}

export async function endWait(
  tx: Tx,
  laCode: string,
  id: string,
  version: number,
  outcome: 'placed' | 'withdrawn',
  endedOn: string,
): Promise<boolean> {
  const r =
    await sql`UPDATE place_waits SET status = ${outcome}, ended_on = ${endedOn}::date, version = version + 1
    WHERE la_code = ${laCode} AND id = ${id}::uuid AND version = ${version} AND status = 'waiting'`.execute(
      tx,
    );
  return Number(r.numAffectedRows ?? 0) === 1;
}
