import { type ColumnType, type Generated, type Kysely, sql, type Transaction } from 'kysely';
import type { PlatformTables } from '../db/schema.ts';
import type { Tx } from '../db/tenancy.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

interface JobsTable {
  id: Generated<string>;
  la_code: string;
  kind: string;
  status: Generated<JobStatus>;
  progress_done: Generated<number>;
  progress_total: number | null;
  message: string | null;
  params: ColumnType<Record<string, unknown>, string | undefined, string>;
  payload: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  attempts: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  started_at: Date | null;
  heartbeat_at: Date | null;
  finished_at: Date | null;
}

const jobsOf = (tx: Tx) => tx.withTables<{ jobs: JobsTable }>();

/** A job as a page or the API shows it: everything but the payload. */
export interface Job {
  id: string;
  laCode: string;
  kind: string;
  status: JobStatus;
  progress: { done: number; total: number | null };
  message: string | null;
  params: Record<string, unknown>;
  result: unknown;
  attempts: number;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const jobColumns = [
  'id',
  'la_code',
  'kind',
  'status',
  'progress_done',
  'progress_total',
  'message',
  'params',
  'result',
  'attempts',
  'created_by',
  'created_at',
  'started_at',
  'finished_at',
] as const;

interface JobRow {
  id: string;
  la_code: string;
  kind: string;
  status: JobStatus;
  progress_done: number;
  progress_total: number | null;
  message: string | null;
  params: Record<string, unknown>;
  result: unknown;
  attempts: number;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

function toJob(r: JobRow): Job {
  return {
    id: r.id,
    laCode: r.la_code,
    kind: r.kind,
    status: r.status,
    progress: { done: r.progress_done, total: r.progress_total },
    message: r.message,
    params: r.params ?? {},
    result: r.result ?? null,
    attempts: r.attempts,
    createdBy: r.created_by,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export interface NewJob {
  laCode: string;
  kind: string;
  createdBy: string | null;
  params?: Record<string, unknown>;
  payload?: Uint8Array | null;
  message?: string;
}

export async function insertJob(tx: Tx, job: NewJob): Promise<string> {
  const r = await jobsOf(tx)
    .insertInto('jobs')
    .values({
      la_code: job.laCode,
      kind: job.kind,
      created_by: job.createdBy,
      params: JSON.stringify(job.params ?? {}),
      payload: job.payload ?? null,
      message: job.message ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Queues a daily job's run for the transaction's LA and day unless one was already queued for
 * them. Two processes checking at the same moment take turns on a lock held to the end of their
 * transactions, and the second, reading after the first has committed, finds its run.
 */
export async function insertDailyJobOnce(tx: Tx, job: NewJob, day: string): Promise<boolean> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`daily-job:${job.laCode}:${job.kind}`}))`.execute(tx);
  const queued = await jobsOf(tx)
    .selectFrom('jobs')
    .select('id')
    .where('la_code', '=', job.laCode)
    .where('kind', '=', job.kind)
    .where(sql<string>`params ->> 'day'`, '=', day)
    .executeTakeFirst();
  if (queued) return false;
  await insertJob(tx, { ...job, params: { ...job.params, day } });
  return true;
}

export async function findJob(tx: Tx, id: string): Promise<Job | undefined> {
  const r = await jobsOf(tx).selectFrom('jobs').select(jobColumns).where('id', '=', id).executeTakeFirst();
  return r ? toJob(r) : undefined;
}

export async function listJobs(tx: Tx, kind: string, limit: number): Promise<Job[]> {
  const rows = await jobsOf(tx)
    .selectFrom('jobs')
    .select(jobColumns)
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toJob);
}

export async function jobPayload(tx: Tx, id: string): Promise<Uint8Array | null> {
  const r = await jobsOf(tx).selectFrom('jobs').select('payload').where('id', '=', id).executeTakeFirst();
  return r?.payload ?? null;
}

export async function recordProgress(
  tx: Tx,
  id: string,
  done: number,
  total: number | null,
  message: string | null,
): Promise<void> {
  await jobsOf(tx)
    .updateTable('jobs')
    .set({
      progress_done: Math.max(0, Math.round(done)),
      progress_total: total === null ? null : Math.max(0, Math.round(total)),
      message: message?.slice(0, 500) ?? null,
      heartbeat_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function finishJob(
  tx: Tx,
  id: string,
  outcome: { status: 'succeeded' | 'failed'; message: string; result: unknown },
): Promise<void> {
  await jobsOf(tx)
    .updateTable('jobs')
    .set({
      status: outcome.status,
      message: outcome.message.slice(0, 500),
      result: outcome.result === undefined ? null : JSON.stringify(outcome.result),
      finished_at: sql<Date>`now()`,
      // What was uploaded is needed only to run the job; the result is what stays.
      payload: null,
    })
    .where('id', '=', id)
    .execute();
}

export interface ClaimedJob {
  id: string;
  laCode: string;
  kind: string;
  attempts: number;
  createdBy: string | null;
}

/**
 * Takes the oldest waiting job of the given kinds, or one whose worker has stopped beating.
 * SKIP LOCKED lets any number of workers claim at once without waiting on each other.
 * Runs as opensend_worker: the one role that sees every LA's jobs (and only jobs).
 */
export async function claimNextJob(
  tx: Transaction<PlatformTables>,
  kinds: string[],
  staleAfterSeconds: number,
): Promise<ClaimedJob | undefined> {
  await sql`SELECT set_config('role', 'opensend_worker', true)`.execute(tx);
  const r = await sql<{
    id: string;
    la_code: string;
    kind: string;
    attempts: number;
    created_by: string | null;
  }>`
    WITH next AS (
      SELECT id FROM jobs
      WHERE kind = ANY(${kinds}::text[])
        AND (status = 'queued'
          OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => ${staleAfterSeconds})))
      ORDER BY created_at
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    UPDATE jobs SET status = 'running', attempts = jobs.attempts + 1, started_at = now(), heartbeat_at = now()
    FROM next WHERE jobs.id = next.id
    RETURNING jobs.id, jobs.la_code, jobs.kind, jobs.attempts, jobs.created_by`.execute(tx);
  const row = r.rows[0];
  return row
    ? { id: row.id, laCode: row.la_code, kind: row.kind, attempts: row.attempts, createdBy: row.created_by }
    : undefined;
}

/**
 * Marks every running job as having lost its worker, so the next claim takes it up at once. Only
 * for a database no other process can be using (the embedded one, whose data directory this
 * process has locked): a job still "running" there was left by a process that has gone.
 */
export async function releaseOrphanedJobs(db: Kysely<PlatformTables>): Promise<number> {
  const r = await sql`UPDATE jobs SET heartbeat_at = '-infinity' WHERE status = 'running'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
