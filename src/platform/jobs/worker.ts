import { EventEmitter } from 'node:events';
import type { Database } from '../db/connect.ts';
import { inTenant } from '../db/tenancy.ts';
import { type ClaimedJob, claimNextJob, findJob, finishJob, jobPayload, recordProgress } from './repo.ts';
import { JobFailed, type JobHandler } from './types.ts';

/** Enqueuing in this process wakes its worker at once instead of at the next poll. */
const queued = new EventEmitter();
queued.setMaxListeners(0);

export function notifyJobQueued(): void {
  queued.emit('queued');
}

export interface JobWorkerOptions {
  handlers: JobHandler[];
  /** How often to look for work when nothing wakes the worker. */
  pollMs?: number;
  /** A running job whose progress has not moved for this long is taken to have lost its worker. */
  staleAfterSeconds?: number;
  /** A job taken up this many times without finishing is failed rather than run again. */
  maxAttempts?: number;
  log?: { error(obj: unknown, msg: string): void };
}

export interface JobWorker {
  start(): void;
  /** Stops looking for work and waits for the job in hand, if any, to finish. */
  stop(): Promise<void>;
  /** Resolves once no job is queued or running for this worker's kinds (for tests and the CLI). */
  drain(): Promise<void>;
}

const progressIntervalMs = 250;

export function createJobWorker(database: Database, options: JobWorkerOptions): JobWorker {
  const handlers = new Map(options.handlers.map((h) => [h.kind, h]));
  const kinds = [...handlers.keys()];
  const pollMs = options.pollMs ?? 1000;
  const staleAfterSeconds = options.staleAfterSeconds ?? 600;
  const maxAttempts = options.maxAttempts ?? 3;
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  // A wake that comes while the worker is busy must not be lost: it looks again before sleeping.
  let pendingWake = false;
  let claims = 0;
  let idleWaiters: { after: number; resolve: () => void }[] = [];
  const wake = () => {
    if (wakeUp) wakeUp();
    else pendingWake = true;
  };
  const settleWaiters = (upTo: number) => {
    const waiting = idleWaiters;
    idleWaiters = waiting.filter((w) => w.after >= upTo);
    for (const w of waiting) if (w.after < upTo) w.resolve();
  };

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (pendingWake) {
        pendingWake = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, pollMs);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  async function claim(): Promise<ClaimedJob | undefined> {
    return database.db.transaction().execute((tx) => claimNextJob(tx, kinds, staleAfterSeconds));
  }

  async function run(claimed: ClaimedJob): Promise<void> {
    const tenant = { laCode: claimed.laCode, userId: claimed.createdBy };
    const finish = (status: 'succeeded' | 'failed', message: string, result?: unknown) =>
      inTenant(database.db, tenant, (tx) => finishJob(tx, claimed.id, { status, message, result }));
    const handler = handlers.get(claimed.kind);
    if (!handler) return;
    if (claimed.attempts > maxAttempts) {
      await finish(
        'failed',
        `The job stopped before it finished ${maxAttempts} times, so it was not tried again.`,
      );
      return;
    }
    const { job, payload } = await inTenant(database.db, tenant, async (tx) => ({
      job: await findJob(tx, claimed.id),
      payload: await jobPayload(tx, claimed.id),
    }));
    if (!job) return;
    let lastWrite = 0;
    const progress = async (done: number, total: number | null, message?: string) => {
      const now = Date.now();
      if (now - lastWrite < progressIntervalMs && done !== total) return;
      lastWrite = now;
      await inTenant(database.db, tenant, (tx) => recordProgress(tx, job.id, done, total, message ?? null));
    };
    try {
      const outcome = await handler.run({ job, database, payload, progress });
      await finish('succeeded', outcome.message, outcome.result);
    } catch (err) {
      if (err instanceof JobFailed) {
        await finish('failed', err.message, err.result);
      } else {
        options.log?.error({ err, jobId: job.id, kind: job.kind }, 'job failed');
        await finish(
          'failed',
          'The job failed because of a problem on our side. It has been logged: try again later.',
        );
      }
    }
  }

  async function work(): Promise<void> {
    while (running) {
      let claimed: ClaimedJob | undefined;
      const claim_ = ++claims;
      try {
        claimed = await claim();
        if (claimed) await run(claimed);
      } catch (err) {
        options.log?.error({ err }, 'job worker could not claim or finish a job');
        claimed = undefined;
      }
      if (!claimed) {
        // Only a look that began after a drain() was asked for can say the queue is empty.
        settleWaiters(claim_);
        if (running) await sleep();
      }
    }
  }

  return {
    start() {
      if (running || !kinds.length) return;
      running = true;
      queued.on('queued', wake);
      loop = work();
    },
    async stop() {
      running = false;
      queued.off('queued', wake);
      wake();
      await loop;
      settleWaiters(Number.POSITIVE_INFINITY);
    },
    drain() {
      if (!running) return Promise.resolve();
      const idle = new Promise<void>((resolve) => idleWaiters.push({ after: claims, resolve }));
      wake();
      return idle;
    },
  };
}

/**
 * Two workers: one for the `background` kinds (the daily runs for every LA) and one for the rest,
 * the jobs people start, so an import someone is watching never waits behind a background run.
 */
export function createJobLanes(
  database: Database,
  options: JobWorkerOptions & { background: ReadonlySet<string> },
): JobWorker {
  const { background, handlers, ...rest } = options;
  const lanes = [
    createJobWorker(database, { ...rest, handlers: handlers.filter((h) => !background.has(h.kind)) }),
    createJobWorker(database, { ...rest, handlers: handlers.filter((h) => background.has(h.kind)) }),
  ];
  return {
    start: () => {
      for (const lane of lanes) lane.start();
    },
    stop: async () => {
      await Promise.all(lanes.map((lane) => lane.stop()));
    },
    drain: async () => {
      await Promise.all(lanes.map((lane) => lane.drain()));
    },
  };
}
