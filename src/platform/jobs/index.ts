import type { Tx } from '../db/tenancy.ts';
import { findJob, insertJob, type Job, listJobs, type NewJob } from './repo.ts';

export {
  createDailySchedule,
  type DailyJob,
  type DailyJobParams,
  type DailySchedule,
  dailyParams,
  queueDailyJobs,
} from './daily.ts';
export type { Job, JobStatus, NewJob } from './repo.ts';
export { releaseOrphanedJobs } from './repo.ts';
export { JobFailed, type JobHandler, type JobOutcome, type JobRun } from './types.ts';
export {
  createJobLanes,
  createJobWorker,
  type JobWorker,
  type JobWorkerOptions,
  notifyJobQueued,
} from './worker.ts';

/**
 * Queues a job in the caller's transaction, so it is queued only if the rest of the use case
 * commits. Call notifyJobQueued() after the commit to start it at once.
 */
export function enqueueJob(tx: Tx, job: NewJob): Promise<string> {
  return insertJob(tx, job);
}

/** A job of the transaction's LA (row-level security hides every other LA's). */
export function getJob(tx: Tx, id: string): Promise<Job | undefined> {
  return findJob(tx, id);
}

export function recentJobs(tx: Tx, kind: string, limit = 10): Promise<Job[]> {
  return listJobs(tx, kind, limit);
}
