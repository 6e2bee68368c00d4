import { z } from 'zod';
import type { Principal } from '../../auth/principal.ts';
import type { Database } from '../../db/connect.ts';
import { inTenant } from '../../db/tenancy.ts';
import { enqueueJob, type Job, type JobHandler, notifyJobQueued, recentJobs } from '../../jobs/index.ts';
import type { RecordedHead } from './check.ts';
import {
  type ChainReport,
  type ChainState,
  chainState,
  recordCheck,
  verdictLine,
  verifyChain,
} from './service.ts';

export const chainCheckKind = 'audit.verify';

const n = (x: number) => x.toLocaleString('en-GB');

/**
 * A chain head someone wrote down earlier: both parts or neither. The hash is taken as it was
 * copied, in either case and with any spaces, since people copy it by hand.
 */
export const recordedHeadSchema = z
  .object({
    headSeq: z
      .string()
      .trim()
      .transform((s) => s.replace(/,/g, ''))
      .pipe(
        z.union([
          z.literal(''),
          z.string().regex(/^[1-9]\d{0,14}$/, 'Seal number must be a whole number, like 1234'),
        ]),
      )
      .optional(),
    headHash: z
      .string()
      .transform((s) => s.replace(/\s+/g, '').toLowerCase())
      .pipe(
        z.union([
          z.literal(''),
          z
            .string()
            .regex(/^[0-9a-f]{64}$/, 'Hash must be the 64 letters and digits shown as the chain head'),
        ]),
      )
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.headSeq && !v.headHash)
      ctx.addIssue({
        code: 'custom',
        path: ['headHash'],
        message: `Enter the hash recorded with seal ${v.headSeq}`,
      });
    if (v.headHash && !v.headSeq)
      ctx.addIssue({
        code: 'custom',
        path: ['headSeq'],
        message: 'Enter the seal number recorded with the hash',
      });
  })
  .transform((v): RecordedHead | undefined =>
    v.headSeq && v.headHash ? { seq: Number(v.headSeq), hash: v.headHash } : undefined,
  );

/** The LA's chain head and lag now, and its newest check (queued, running or done). */
export async function chainOverview(
  database: Database,
  principal: Principal,
): Promise<{ state: ChainState; latest: Job | undefined }> {
  const state = await chainState(database, principal.laCode);
  const [latest] = await inTenant(database.db, { laCode: principal.laCode, userId: principal.userId }, (tx) =>
    recentJobs(tx, chainCheckKind, 1),
  );
  return { state, latest };
}

/**
 * Queues a check of the LA's chain, unless one is already waiting or running (then that one
 * stands: two at once would only read the same log twice).
 */
export async function queueChainCheck(
  database: Database,
  principal: Principal,
  recorded: RecordedHead | undefined,
): Promise<string> {
  const id = await inTenant(
    database.db,
    { laCode: principal.laCode, userId: principal.userId },
    async (tx) => {
      const [latest] = await recentJobs(tx, chainCheckKind, 1);
      if (latest && (latest.status === 'queued' || latest.status === 'running')) return latest.id;
      return enqueueJob(tx, {
        laCode: principal.laCode,
        kind: chainCheckKind,
        createdBy: principal.userId,
        params: recorded ? { recorded } : {},
        message: 'Waiting to start',
      });
    },
  );
  notifyJobQueued();
  return id;
}

/** Checks the chain in the background: a large log takes seconds, which a page should not wait for. */
export const chainCheckJob: JobHandler = {
  kind: chainCheckKind,
  async run({ job, database, progress }) {
    // Checked by recordedHeadSchema when the job was queued.
    const recorded = job.params.recorded as RecordedHead | undefined;
    const report = await verifyChain(database, job.laCode, {
      recorded,
      progress: (done, total) => progress(done, total, `Checked ${n(done)} of ${n(total)} seals`),
    });
    await recordCheck(database, report, { userId: job.createdBy, requestId: job.id });
    return { message: verdictLine(report), result: { report } satisfies { report: ChainReport } };
  },
};
