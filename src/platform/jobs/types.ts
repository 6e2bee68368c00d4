import type { Database } from '../db/connect.ts';
import type { Job } from './repo.ts';

/** What a handler is given: the job, what was uploaded with it, and a way to report progress. */
export interface JobRun {
  job: Job;
  /** Work in the job's LA with inTenant(database.db, { laCode: job.laCode, userId: job.createdBy }, …). */
  database: Database;
  payload: Uint8Array | null;
  /** Records progress for pages to show; cheap to call often (writes are spaced out). */
  progress(done: number, total: number | null, message?: string): Promise<void>;
}

export interface JobOutcome {
  /** One line for people: what the job did. */
  message: string;
  /** What a page needs to show the outcome in full (a summary, a report); kept as JSON. */
  result?: unknown;
}

/** A job that ends in a way its owner can act on (a bad file, say), with a report in `result`. */
export class JobFailed extends Error {
  constructor(
    message: string,
    readonly result?: unknown,
  ) {
    super(message);
  }
}

/** How a module runs one kind of job. Kinds are namespaced by module: `providers.gias-import`. */
export interface JobHandler {
  kind: string;
  run(run: JobRun): Promise<JobOutcome>;
}
