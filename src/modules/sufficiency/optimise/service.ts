import { z } from 'zod';
import { auditListing } from '../../../platform/audit/index.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { inTenant } from '../../../platform/db/tenancy.ts';
import { notFound, unprocessable } from '../../../platform/http/problem.ts';
import { parseOrThrow } from '../../../platform/http/validation.ts';
import {
  enqueueJob,
  getJob,
  type Job,
  JobFailed,
  type JobHandler,
  recentJobs,
} from '../../../platform/jobs/index.ts';
import { ageOn, type IsoDate, isoDateInLondon } from '../../../platform/kernel/dates.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { audit, authorise, type SufficiencyContext, transaction } from '../context.ts';
import { countingDay, readPlacesInputs } from '../places/service.ts';
import { readSettings } from '../settings/service.ts';
import type { LatLon } from '../travel/domain/journey.ts';
import { straightLineEstimator } from '../travel/domain/journey.ts';
import { homeOf, readCentroids } from '../travel/homes.ts';
import * as waits from '../waiting/repo.ts';
import { type LineRoom, lineRooms, optimisationInputs, type WaitingChild } from './domain/inputs.ts';
import {
  baselinePlacement,
  buildPlacementModel,
  type PlacementResult,
  proposalRows,
  travelOfBothPlaced,
} from './domain/placement.ts';
import { solvePlacement } from './solver.ts';

/**
 * Advice for the panel: the children waiting for a specialist place assigned to free places of a
 * fitting line so that the total journey is least, solved exactly in a background job, beside the
 * plain first-come-first-served nearest free place. The decision stays with the panel.
 */

export const optimiseKind = 'sufficiency.optimise';

export const optimiseBodySchema = z
  .object({
    fixed: z
      .array(
        z.object({
          childId: z.uuid('childId must be a waiting child’s id (a UUID)'),
          establishmentId: z.uuid('establishmentId must be a setting’s id (a UUID)'),
        }),
        { error: 'fixed must be a list of { childId, establishmentId }' },
      )
      .max(10_000, 'fixed can hold at most 10,000 placements')
      .optional()
      .describe('Placements the panel has already decided: kept as they are'),
  })
  .strict();

export interface Outcome {
  totalTravelMinutes: number;
  placed: number;
  unplaced: number;
  overLimit: number;
  meanMinutes: number | null;
}

export interface ProposalRowOut {
  childId: string;
  senType: string;
  phase: string;
  waitingSince: string;
  fixed: boolean;
  proposedSettingId: string | null;
  proposedMinutes: number | null;
  baselineSettingId: string | null;
  baselineMinutes: number | null;
}

export interface OptimiseResult {
  day: IsoDate;
  provenOptimal: boolean;
  waiting: number;
  unlocated: string[];
  optimal: Outcome;
  baseline: Outcome;
  rows: ProposalRowOut[];
  settingNames: Record<string, string>;
  seconds: number;
}

const outcomeOf = (r: PlacementResult): Outcome => ({
  totalTravelMinutes: Math.round(r.totalMinutes * 10) / 10,
  placed: r.placed,
  unplaced: r.unplaced.length,
  overLimit: r.overLimit,
  meanMinutes: r.meanMinutes === null ? null : Math.round(r.meanMinutes * 10) / 10,
});

/** Minutes to one decimal place, as the totals are given. */
export function bothPlacedOf(result: OptimiseResult) {
  const b = travelOfBothPlaced(result.rows);
  return {
    ...b,
    proposedMinutes: Math.round(b.proposedMinutes * 10) / 10,
    baselineMinutes: Math.round(b.baselineMinutes * 10) / 10,
  };
}

export async function startOptimisation(ctx: SufficiencyContext, body: unknown): Promise<{ id: string }> {
  const data = parseOrThrow(optimiseBodySchema, body ?? {});
  authorise(ctx, 'sufficiency:children');
  return transaction(ctx, async (tx) => {
    const open = new Set((await waits.openWaits(tx, ctx.principal.laCode)).map((w) => w.childId));
    const problems = (data.fixed ?? []).flatMap((f, i) =>
      open.has(f.childId)
        ? []
        : [
            {
              field: `fixed.${i}.childId`,
              message: 'This child is not on the waiting list: only waiting children are placed',
            },
          ],
    );
    if (problems.length) throw unprocessable(problems);
    const id = await enqueueJob(tx, {
      laCode: ctx.principal.laCode,
      kind: optimiseKind,
      createdBy: ctx.principal.userId,
      params: { fixed: data.fixed ?? [], day: ctx.today },
      message: 'Waiting to start',
    });
    await audit(tx, ctx, {
      action: 'sufficiency.optimise.started',
      entityType: 'job',
      entityId: id,
      childId: null,
      detail: { fixed: (data.fixed ?? []).length },
    });
    return { id };
  });
}

/** Each local line's room today (see lineRooms). */
function roomsOf(i: Awaited<ReturnType<typeof readPlacesInputs>>): LineRoom[] {
  const local = new Set(i.settingIns.filter((s) => s.local && !s.independent).map((s) => s.id));
  return lineRooms(
    i.lines.filter((l) => local.has(l.settingId)),
    i.children,
  );
}

async function runOptimisation(
  database: Database,
  job: Job,
  progress: (done: number, message: string) => Promise<void>,
) {
  const tenant = { laCode: job.laCode, userId: job.createdBy };
  const day = typeof job.params.day === 'string' ? job.params.day : isoDateInLondon(new Date());
  const fixed = new Map(
    ((job.params.fixed ?? []) as { childId: string; establishmentId: string }[]).map((f) => [
      f.childId,
      f.establishmentId,
    ]),
  );
  await progress(0, 'Reading the waiting list and free places');
  const inputs = await readPlacesInputs(database, tenant, day);
  const { open, centroids } = await inTenant(database.db, tenant, async (tx) => ({
    open: await waits.openWaits(tx, job.laCode),
    centroids: await readCentroids(tx, job.laCode),
  }));
  const factsOf = new Map(inputs.facts.map((f) => [f.id, f]));
  const on31August = countingDay(day);
  const waiting: WaitingChild[] = open.map((w) => {
    const f = factsOf.get(w.childId);
    const home = f ? (homeOf(f, centroids)?.home ?? null) : null;
    const setting = fixed.get(w.childId);
    return {
      childId: w.childId,
      provision: w.provision,
      senType: w.senType,
      ageOn31August: f ? ageOn(f.dateOfBirth, on31August) : 0,
      waitingSince: w.waitingSince,
      home,
      ...(setting ? { fixedSettingId: setting } : {}),
    };
  });
  const locations = new Map<string, LatLon>();
  for (const s of inputs.settings)
    if (s.latitude !== null && s.longitude !== null)
      locations.set(s.id, { latitude: s.latitude, longitude: s.longitude });
  const { children, settings, unlocated } = optimisationInputs(waiting, roomsOf(inputs), locations);
  const rule = await readSettings(database, tenant);
  const built = buildPlacementModel(children, settings, {
    fit: { maxStraightKm: rule.maxFitKm, maxMinutes: null },
    estimator: straightLineEstimator(rule.config),
    limits: rule.limits,
  });
  if (!built.ok)
    throw new JobFailed(
      `The placements could not be worked out: ${built.problems.map((p) => p.message).join('; ')}`,
      { problems: built.problems },
    );
  await progress(
    1,
    `Solving for ${children.length.toLocaleString('en-GB')} children and ${settings.length.toLocaleString('en-GB')} settings`,
  );
  const baseline = baselinePlacement(built.model);
  const solved = await solvePlacement(built.model);
  if (!solved.result) throw new JobFailed(`HiGHS stopped without an answer (${solved.status})`);
  const names = new Map(inputs.settings.map((s) => [s.id, s.name]));
  const rows = proposalRows(built.model, solved.result, baseline).map((r) => ({
    childId: r.childId,
    senType: r.need.split(':')[1] ?? r.need,
    phase: r.phase,
    waitingSince: r.waitingSince,
    fixed: r.fixed,
    proposedSettingId: r.proposedSettingId,
    proposedMinutes: r.proposedMinutes === null ? null : Math.round(r.proposedMinutes * 10) / 10,
    baselineSettingId: r.baselineSettingId,
    baselineMinutes: r.baselineMinutes === null ? null : Math.round(r.baselineMinutes * 10) / 10,
  }));
  const used = new Set(
    rows.flatMap((r) => [r.proposedSettingId, r.baselineSettingId]).filter((x): x is string => !!x),
  );
  const result: OptimiseResult = {
    day,
    provenOptimal: solved.provenOptimal,
    waiting: open.length,
    unlocated,
    optimal: outcomeOf(solved.result),
    baseline: outcomeOf(baseline),
    rows,
    settingNames: Object.fromEntries([...used].map((id) => [id, names.get(id) ?? id])),
    seconds: Math.round(solved.seconds * 100) / 100,
  };
  return result;
}

export const optimiseJob: JobHandler = {
  kind: optimiseKind,
  async run({ job, database, progress }) {
    const result = await runOptimisation(database, job, (done, message) => progress(done, 2, message));
    await progress(2, 2, 'Done');
    const saved = result.baseline.totalTravelMinutes - result.optimal.totalTravelMinutes;
    return {
      message: `Proposed places for ${result.optimal.placed.toLocaleString('en-GB')} of ${result.waiting.toLocaleString('en-GB')} waiting children, ${Math.round(saved).toLocaleString('en-GB')} minutes less travel than the nearest free place`,
      result,
    };
  },
};

/** A run and, once done, what it proposes; reading it names the children it places, so it is recorded. */
export async function getOptimisation(
  ctx: SufficiencyContext,
  id: string,
): Promise<{ job: Job; result: OptimiseResult | null }> {
  authorise(ctx, 'sufficiency:children');
  return transaction(ctx, async (tx) => {
    const job = isUuid(id) ? await getJob(tx, id) : undefined;
    if (!job || job.kind !== optimiseKind) throw notFound('There is no such optimisation run in your LA.');
    const result = job.status === 'succeeded' ? (job.result as OptimiseResult) : null;
    if (result)
      await auditListing(tx, ctx, {
        action: 'sufficiency.optimise.read',
        entityType: 'job',
        childIds: result.rows.map((r) => r.childId),
        detail: { job: id },
      });
    return { job, result };
  });
}

export async function recentOptimisations(ctx: SufficiencyContext): Promise<Job[]> {
  authorise(ctx, 'sufficiency:children');
  return transaction(ctx, (tx) => recentJobs(tx, optimiseKind, 5));
}
