import { inTenant, type Tx } from '../../../platform/db/tenancy.ts';
import { enqueueJob, type JobHandler, notifyJobQueued, recentJobs } from '../../../platform/jobs/index.ts';
import { englandAndWalesCalendar } from '../../../platform/kernel/bank-holidays.ts';
import { isoDateInLondon } from '../../../platform/kernel/dates.ts';
import { engineVersion } from '../domain/deadlines.ts';
import { replay } from '../domain/process.ts';
import { summarise } from '../domain/summary.ts';
import { closuresBetween } from '../domain/term-dates.ts';
import { termsOf } from '../terms/repo.ts';
import * as repo from './repo.ts';

/**
 * When the deadline engine's rules are corrected, what is stored about each request (stage,
 * next due date, deadlines, the Week20 flag) is worked out again from its events, in the
 * background and a batch at a time, so lists and figures agree with the request pages (which
 * always work the deadlines out afresh).
 */

export const recomputeKind = 'ehc.recompute';
const batch = 200;

/**
 * Queues the work for the LA if any of its requests were worked out by an older engine and it is
 * not already under way. Returns whether the LA's stored figures are being brought up to date.
 */
export async function recomputeIfStale(tx: Tx, laCode: string): Promise<boolean> {
  if (!(await repo.hasRequestsBeforeEngine(tx, laCode, engineVersion))) return false;
  const [latest] = await recentJobs(tx, recomputeKind, 1);
  if (latest && (latest.status === 'queued' || latest.status === 'running')) return true;
  await enqueueJob(tx, {
    laCode,
    kind: recomputeKind,
    createdBy: null,
    params: { engineVersion },
    message: 'Waiting to start',
  });
  // Started once the caller's transaction has committed and the worker looks again.
  setImmediate(notifyJobQueued);
  return true;
}

export const recomputeJob: JobHandler = {
  kind: recomputeKind,
  async run({ job, database, progress }) {
    const tenant = { laCode: job.laCode, userId: null };
    let done = 0;
    for (;;) {
      const today = isoDateInLondon(new Date());
      const n = await inTenant(database.db, tenant, async (tx) => {
        const ids = await repo.requestsBeforeEngine(tx, job.laCode, engineVersion, batch);
        const engine = {
          today,
          calendar: englandAndWalesCalendar,
          closures: closuresBetween(await termsOf(tx, job.laCode)),
        };
        for (const id of ids) {
          const state = replay(await repo.eventsOf(tx, job.laCode, id));
          if (!state.facts) continue;
          const summary = summarise(state.facts, engine);
          await repo.restoreSummary(tx, job.laCode, id, summary);
          await repo.replaceDeadlines(tx, job.laCode, id, summary.stored, state.subjects);
        }
        return ids.length;
      });
      done += n;
      await progress(done, null, `Worked out ${done} requests again`);
      if (n < batch) break;
      // Between batches other work on the embedded database's one connection gets its turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { message: `Worked out the deadlines of ${done} requests again with the current rules` };
  },
};
