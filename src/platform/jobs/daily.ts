import type { Clock } from '../clock.ts';
import type { Database } from '../db/connect.ts';
import { inTenant } from '../db/tenancy.ts';
import { type IsoDate, isoDateInLondon, isRealIsoDate } from '../kernel/dates.ts';
import { listLaCodes } from '../las/index.ts';
import { insertDailyJobOnce } from './repo.ts';
import { JobFailed } from './types.ts';
import { notifyJobQueued } from './worker.ts';

/**
 * Jobs a module wants run once a day in every LA (reminders of what falls due). The schedule
 * queues each LA's run for the day in the jobs table and the ordinary worker claims it, so a
 * run that fails is seen on its job like any other, and any process may do the work.
 */

export interface DailyJob {
  /** The job's kind, handled by one of the module's job handlers. */
  kind: string;
  /** What the job is called on the pages that show its runs. */
  label: string;
  params?: Record<string, unknown>;
}

/**
 * What every daily run is given besides its own params: `day`, the London calendar day it is
 * for (the job works as of that day, even if it is claimed after midnight), and `publicUrl`, the
 * address links in the messages it queues start with, when the deployment sets one.
 */
export interface DailyJobParams {
  day: IsoDate;
  publicUrl?: string;
}

/** The day a daily run is for, as the schedule queued it (today, for a run queued by hand), and where links start. */
export function dailyParams(params: Record<string, unknown>): DailyJobParams {
  const { day, publicUrl } = params;
  if (day !== undefined && (typeof day !== 'string' || !isRealIsoDate(day)))
    throw new JobFailed(`The job was queued for "${String(day)}", which is not a date like 2026-12-29.`);
  return {
    day: day ?? isoDateInLondon(new Date()),
    ...(typeof publicUrl === 'string' && /^https?:\/\//.test(publicUrl) ? { publicUrl } : {}),
  };
}

/**
 * Queues the day's run of each daily job in each LA that has none for that day. Returns how many
 * runs it queued: none when every LA already has its runs, however often it is called.
 */
export async function queueDailyJobs(
  database: Database,
  jobs: readonly DailyJob[],
  day: IsoDate,
  options: { publicUrl?: string | undefined } = {},
): Promise<number> {
  if (!jobs.length) return 0;
  let queued = 0;
  for (const laCode of await listLaCodes(database)) {
    // One transaction an LA: one LA's refusal (it is being removed, say) leaves the others queued.
    queued += await inTenant(database.db, { laCode, userId: null }, async (tx) => {
      let n = 0;
      for (const job of jobs) {
        const made = await insertDailyJobOnce(
          tx,
          {
            laCode,
            kind: job.kind,
            createdBy: null,
            params: { ...job.params, ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}) },
            message: 'Waiting to start',
          },
          day,
        );
        if (made) n++;
      }
      return n;
    });
  }
  if (queued) notifyJobQueued();
  return queued;
}

export interface DailySchedule {
  start(): void;
  /** Stops checking and waits for a check in hand to finish. */
  stop(): Promise<void>;
}

export interface DailyScheduleOptions {
  jobs: readonly DailyJob[];
  clock: Clock;
  publicUrl?: string | undefined;
  /** How often to look whether the day has turned. */
  checkEveryMs?: number;
  log?: { error(obj: unknown, msg: string): void };
}

/**
 * Queues the day's runs when the process starts, then looks every 15 minutes whether the London
 * day has turned and queues the new day's. Each process runs its own schedule; the runs are
 * queued once whichever process looks first, and each job is safe to run twice besides.
 */
export function createDailySchedule(database: Database, options: DailyScheduleOptions): DailySchedule {
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<void> | undefined;
  let queuedFor: IsoDate | undefined;
  const check = () => {
    if (checking) return;
    const day = isoDateInLondon(options.clock());
    if (day === queuedFor) return;
    checking = queueDailyJobs(database, options.jobs, day, { publicUrl: options.publicUrl })
      .then(() => {
        queuedFor = day;
      })
      // Not marked as done: the next look tries the day again.
      .catch((err) => options.log?.error({ err }, 'could not queue the daily jobs'))
      .finally(() => {
        checking = undefined;
      });
  };
  return {
    start() {
      if (timer || !options.jobs.length) return;
      check();
      timer = setInterval(check, options.checkEveryMs ?? 15 * 60_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await checking;
    },
  };
}
