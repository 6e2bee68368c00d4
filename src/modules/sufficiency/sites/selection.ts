import { recordAuditEvent } from '../../../platform/audit/index.ts';
import { userNames } from '../../../platform/auth/directory.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { inTenant, type Tx } from '../../../platform/db/tenancy.ts';
import { type FieldError, notFound, unprocessable } from '../../../platform/http/problem.ts';
import { parseOrThrow } from '../../../platform/http/validation.ts';
import {
  enqueueJob,
  getJob,
  type Job,
  JobFailed,
  type JobHandler,
  notifyJobQueued,
  recentJobs,
} from '../../../platform/jobs/index.ts';
import { ageOn, type IsoDate, isoDateInLondon } from '../../../platform/kernel/dates.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { senTypes } from '../../../platform/kernel/sen2.ts';
import { audit, authorise, type SufficiencyContext, transaction } from '../context.ts';
import {
  type LineRoom,
  lineRooms,
  optimisationInputs,
  type WaitingChild,
} from '../optimise/domain/inputs.ts';
import {
  buildSiteModel,
  pickByRanking,
  type SiteOutcome,
  unmetPenaltyFor,
} from '../optimise/domain/site-selection.ts';
import { evaluateSites, rankSites, solveSiteSelection } from '../optimise/solver.ts';
import { occupancy } from '../places/domain/occupancy.ts';
import { countingDay, type PlacesInputs, readPlacesInputs } from '../places/service.ts';
import { readSettings } from '../settings/service.ts';
import { type LatLon, straightLineEstimator } from '../travel/domain/journey.ts';
import { homeOf as locate, readCentroids } from '../travel/homes.ts';
import * as waits from '../waiting/repo.ts';
import {
  candidateSite,
  type OptionSummary,
  optionSummary,
  type RankedCandidate,
  rankedCandidates,
  type SiteKind,
} from './domain/candidates.ts';
import * as repo from './repo.ts';
import { type SelectBody, selectBodySchema } from './schemas.ts';

/**
 * Which candidate sites to open, K of them or within a budget, so that the children in need travel
 * least and the fewest are left without a place in county: the facility-location MIP solved on
 * HiGHS in a background job, beside the plain pick down the ranking of each site alone and beside
 * opening none. Counts only, no child named, so it is for those who plan places.
 */

export const selectKind = 'sufficiency.sites-select';

const timeLimitSeconds = 60;
const relativeGap = 0.01;

export interface CandidateOut {
  id: string;
  name: string;
  kind: SiteKind;
  urn: number | null;
  easting: number;
  northing: number;
  places: number;
  costPence: number | null;
}

export interface SelectionSummary {
  day: IsoDate;
  choice: { count: number } | { budgetPence: number };
  unmetPenaltyMinutes: number;
  children: {
    waiting: number;
    outOfCounty: number;
    /** In need but without a home location: left out of the model. */
    unlocated: number;
    /** Placed outside with no primary need recorded, so no place can be said to fit: left out. */
    withoutNeed: number;
  };
  candidates: CandidateOut[];
  chosen: OptionSummary & {
    status: string;
    provenOptimal: boolean;
    provenGap: number | null;
    seconds: number;
  };
  baseline: OptionSummary;
  none: OptionSummary;
  ranking: RankedCandidate[];
}

export interface SelectionResult extends SelectionSummary {
  savedAs: { id: string; name: string } | null;
  /** Why the scenario asked for was not saved. */
  notSaved: string | null;
}

const n = (x: number) => x.toLocaleString('en-GB');
const plural = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;

/** Names asked for by runs not yet finished, so two runs cannot both be told a name is free. */
async function namesInQueue(tx: Tx): Promise<Set<string>> {
  const jobs = await recentJobs(tx, selectKind, 50);
  return new Set(
    jobs
      .filter((j) => j.status === 'queued' || j.status === 'running')
      .map((j) => (j.params.body as SelectBody | undefined)?.save?.name)
      .filter((x): x is string => typeof x === 'string'),
  );
}

export async function startSelection(ctx: SufficiencyContext, body: unknown): Promise<{ id: string }> {
  const data = parseOrThrow(selectBodySchema, body ?? {});
  authorise(ctx, 'sufficiency:plan');
  const laCode = ctx.principal.laCode;
  const id = await transaction(ctx, async (tx) => {
    const sites = await repo.listSites(tx, laCode);
    const known = new Set(sites.map((s) => s.id));
    const problems: FieldError[] = (data.candidateIds ?? []).flatMap((cid, i) =>
      known.has(cid)
        ? []
        : [{ field: `candidateIds.${i}`, message: 'There is no candidate site with this id in your LA' }],
    );
    const asked = data.candidateIds ? new Set(data.candidateIds) : known;
    const among = sites.filter((s) => asked.has(s.id));
    if (!sites.length)
      problems.push({
        field: 'candidateIds',
        message: 'There are no candidate sites to choose from: add one first',
      });
    else if (!problems.length) {
      if (data.count !== undefined && data.count > among.length)
        problems.push({
          field: 'count',
          message: `Choose at most ${n(among.length)}: there ${among.length === 1 ? 'is' : 'are'} only ${plural(among.length, 'candidate site', 'candidate sites')} to choose from`,
        });
      const noCost = among.filter((s) => s.capitalCostPence === null);
      if (data.budgetPounds !== undefined && noCost.length)
        problems.push({
          field: 'candidateIds',
          message: `To choose within a budget each site needs a capital cost, and ${noCost.map((s) => s.name).join(', ')} ${noCost.length === 1 ? 'has' : 'have'} none: add ${noCost.length === 1 ? 'its cost' : 'their costs'}, or leave ${noCost.length === 1 ? 'it' : 'them'} out`,
        });
    }
    const name = data.save?.name;
    if (name && ((await repo.scenarioNamed(tx, laCode, name)) || (await namesInQueue(tx)).has(name)))
      problems.push({
        field: 'save.name',
        message: `There is already a scenario called ${name}: choose another name`,
      });
    if (problems.length) throw unprocessable(problems);
    const jobId = await enqueueJob(tx, {
      laCode,
      kind: selectKind,
      createdBy: ctx.principal.userId,
      params: { body: data, day: ctx.today },
      message: 'Waiting to start',
    });
    await audit(tx, ctx, {
      action: 'sufficiency.sites.select.started',
      entityType: 'site_selection',
      entityId: jobId,
      childId: null,
      detail: { body: data },
    });
    return jobId;
  });
  notifyJobQueued();
  return { id };
}

/** Each local line's room today, as the proposal of places for the waiting list counts it. */
function freePlaces(i: PlacesInputs): LineRoom[] {
  const local = new Set(i.settingIns.filter((s) => s.local && !s.independent).map((s) => s.id));
  return lineRooms(
    i.lines.filter((l) => local.has(l.settingId)),
    i.children,
  );
}

/**
 * The children in need and the places they could take. The children are those waiting for a
 * specialist place, and those placed out of county or in an independent setting today: each of
 * those counts as a child who would take a local place of their primary need and age in any
 * specialist provision, and left without one stays outside, so counts as unmet like a child left
 * waiting. A child both waiting and placed outside counts once, as waiting.
 */
async function modelInputs(
  database: Database,
  job: Job,
  day: IsoDate,
  candidateIds: readonly string[] | undefined,
) {
  const tenant = { laCode: job.laCode, userId: job.createdBy };
  const inputs = await readPlacesInputs(database, tenant, day);
  const { open, centroids, sites } = await inTenant(database.db, tenant, async (tx) => ({
    open: await waits.openWaits(tx, job.laCode),
    centroids: await readCentroids(tx, job.laCode),
    sites: await repo.listSites(tx, job.laCode),
  }));
  const factsOf = new Map(inputs.facts.map((f) => [f.id, f]));
  const homeOf = (childId: string): LatLon | null => {
    const f = factsOf.get(childId);
    return f ? (locate(f, centroids)?.home ?? null) : null;
  };
  const on31August = countingDay(day);
  const waiting: WaitingChild[] = open.map((w) => {
    const f = factsOf.get(w.childId);
    return {
      childId: w.childId,
      provision: w.provision,
      senType: w.senType,
      ageOn31August: f ? ageOn(f.dateOfBirth, on31August) : 0,
      waitingSince: w.waitingSince,
      home: homeOf(w.childId),
    };
  });
  const waitingIds = new Set(open.map((w) => w.childId));
  const ageOf = new Map(inputs.children.map((c) => [c.id, c.ageOn31August]));
  const outOfArea = occupancy(inputs.settingIns, inputs.lines, inputs.children, senTypes).outOfArea.filter(
    (r) => !waitingIds.has(r.childId),
  );
  const outside: WaitingChild[] = outOfArea.flatMap((r) =>
    r.need === null
      ? []
      : [
          {
            childId: r.childId,
            provision: 'any' as const,
            senType: r.need,
            ageOn31August: ageOf.get(r.childId) ?? 0,
            // Behind every child on the waiting list, who asked for a place first.
            waitingSince: day,
            home: homeOf(r.childId),
          },
        ],
  );
  const locations = new Map<string, LatLon>();
  for (const s of inputs.settings)
    if (s.latitude !== null && s.longitude !== null)
      locations.set(s.id, { latitude: s.latitude, longitude: s.longitude });
  const asked = candidateIds ? new Set(candidateIds) : null;
  return {
    ...optimisationInputs([...waiting, ...outside], freePlaces(inputs), locations),
    waiting: waiting.length,
    outsideIds: new Set(outside.map((c) => c.childId)),
    withoutNeed: outOfArea.length - outside.length,
    candidates: sites.filter((s) => !asked || asked.has(s.id)),
  };
}

async function runSelection(
  database: Database,
  job: Job,
  progress: (done: number, message: string) => Promise<void>,
): Promise<SelectionSummary> {
  const day = typeof job.params.day === 'string' ? job.params.day : isoDateInLondon(new Date());
  const parsed = selectBodySchema.safeParse(job.params.body);
  if (!parsed.success) throw new JobFailed('The run was asked for in a way that can no longer be read');
  const body = parsed.data;
  await progress(0, 'Reading the children in need, the free places and the candidate sites');
  const i = await modelInputs(database, job, day, body.candidateIds);
  const budgetPounds = body.budgetPounds ?? 0;
  const choice = body.count !== undefined ? { count: body.count } : { budget: budgetPounds };
  // The LA's own journey rule, time limits and reach, as its proposals of places use them.
  const rule = await readSettings(database, { laCode: job.laCode, userId: job.createdBy });
  const unmetPenaltyMinutes = unmetPenaltyFor(rule.maxFitKm, rule.config);
  const built = buildSiteModel(i.children, i.settings, i.candidates.map(candidateSite), choice, {
    fit: { maxStraightKm: rule.maxFitKm, maxMinutes: null },
    estimator: straightLineEstimator(rule.config),
    limits: rule.limits,
    unmetPenaltyMinutes,
  });
  if (!built.ok)
    throw new JobFailed(`The sites could not be chosen: ${built.problems.map((p) => p.message).join('; ')}`, {
      problems: built.problems,
    });
  const site = built.model;
  await progress(
    1,
    `Ranking ${plural(i.candidates.length, 'candidate site', 'candidate sites')} for ${plural(i.children.length, 'child', 'children')}`,
  );
  const ranked = await rankSites(site, { timeLimitSeconds });
  const baseline = await evaluateSites(site, pickByRanking(site, ranked.ranking), { timeLimitSeconds });
  await progress(2, 'Choosing the best set of sites');
  const mip = await solveSiteSelection(site, { timeLimitSeconds, relativeGap });
  if (!mip.outcome) throw new JobFailed(`HiGHS found no choice of sites in the time allowed (${mip.status})`);
  const summary = (o: SiteOutcome) => optionSummary(o, i.candidates, i.outsideIds);
  return {
    day,
    choice:
      body.count !== undefined ? { count: body.count } : { budgetPence: Math.round(budgetPounds * 100) },
    unmetPenaltyMinutes,
    children: {
      waiting: i.waiting,
      outOfCounty: i.outsideIds.size,
      unlocated: i.unlocated.length,
      withoutNeed: i.withoutNeed,
    },
    candidates: i.candidates.map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      urn: c.urn,
      easting: c.easting,
      northing: c.northing,
      places: c.places.reduce((s, p) => s + p.places, 0),
      costPence: c.capitalCostPence,
    })),
    chosen: {
      ...summary(mip.outcome),
      status: mip.status,
      provenOptimal: mip.provenOptimal,
      provenGap: mip.provenGap,
      seconds: Math.round(mip.seconds * 100) / 100,
    },
    baseline: summary(baseline),
    none: summary(ranked.none),
    ranking: rankedCandidates(
      ranked.ranking,
      ranked.none,
      new Map(i.candidates.map((c, k) => [c.id, ranked.alone[k] as SiteOutcome])),
      i.outsideIds,
    ),
  };
}

/** Saved in the job's LA as the person who started the run; a name taken meanwhile is said, not overwritten. */
async function saveScenario(
  database: Database,
  job: Job,
  summary: SelectionSummary,
): Promise<SelectionResult> {
  const body = job.params.body as SelectBody;
  const name = body.save?.name;
  if (!name) return { ...summary, savedAs: null, notSaved: null };
  return inTenant(database.db, { laCode: job.laCode, userId: job.createdBy }, async (tx) => {
    const id = await repo.insertScenario(
      tx,
      job.laCode,
      { name, inputs: body, result: summary },
      job.createdBy,
    );
    if (!id)
      return {
        ...summary,
        savedAs: null,
        notSaved: `A scenario called ${name} was saved while this one ran, so this one was not saved`,
      };
    await recordAuditEvent(tx, {
      laCode: job.laCode,
      userId: job.createdBy,
      action: 'sufficiency.sites.scenario.saved',
      entityType: 'sufficiency_scenario',
      entityId: id,
      detail: { name, job: job.id },
    });
    return { ...summary, savedAs: { id, name }, notSaved: null };
  });
}

export const selectSitesJob: JobHandler = {
  kind: selectKind,
  async run({ job, database, progress }) {
    const summary = await runSelection(database, job, (done, message) => progress(done, 3, message));
    const result = await saveScenario(database, job, summary);
    await progress(3, 3, 'Done');
    const names = new Map(result.candidates.map((c) => [c.id, c.name]));
    return {
      message: `Chose ${result.chosen.chosen.map((id) => names.get(id) ?? id).join(', ') || 'no site'}: ${plural(result.chosen.unmet, 'child', 'children')} left without a place in county, against ${n(result.none.unmet)} with no new site`,
      result,
    };
  },
};

export async function getSelection(
  ctx: SufficiencyContext,
  id: string,
): Promise<{ job: Job; result: SelectionResult | null }> {
  authorise(ctx, 'sufficiency:plan');
  return transaction(ctx, async (tx) => {
    const job = isUuid(id) ? await getJob(tx, id) : undefined;
    if (!job || job.kind !== selectKind) throw notFound('There is no such choice of sites in your LA.');
    return { job, result: job.status === 'succeeded' ? (job.result as SelectionResult) : null };
  });
}

export async function recentSelections(ctx: SufficiencyContext): Promise<Job[]> {
  authorise(ctx, 'sufficiency:plan');
  return transaction(ctx, (tx) => recentJobs(tx, selectKind, 5));
}

export interface Scenario {
  id: string;
  name: string;
  inputs: SelectBody;
  result: SelectionSummary;
  createdAt: Date;
  createdBy: string;
}

export async function listSiteScenarios(ctx: SufficiencyContext): Promise<Scenario[]> {
  authorise(ctx, 'sufficiency:plan');
  return transaction(ctx, async (tx) => {
    const rows = await repo.listScenarios(tx, ctx.principal.laCode);
    const who = await userNames(
      tx,
      rows.map((r) => r.createdBy),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      inputs: r.inputs as SelectBody,
      result: r.result as SelectionSummary,
      createdAt: r.createdAt,
      createdBy: (r.createdBy && who.get(r.createdBy)) || 'Not known',
    }));
  });
}
