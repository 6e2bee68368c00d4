import type { Tx } from '../../../platform/db/tenancy.ts';
import {
  conflict,
  type FieldError,
  forbidden,
  HttpProblem,
  unprocessable,
} from '../../../platform/http/problem.ts';
import { parse } from '../../../platform/http/validation.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { childIdentities } from '../../children/index.ts';
import { audit, authorise, type FundingContext, transaction } from '../context.ts';
import {
  agreedAmount,
  decisionSchema,
  type PlanLineInput,
  planLineSchema,
  spendSchema,
} from './domain/inputs.ts';
import { quorum } from './domain/toolkit.ts';
import * as repo from './repo.ts';
import { frozenProblem, notAdoptedProblem, notTheirs, openToolkit, type PotSummary } from './service.ts';

/**
 * The host's changes to a cluster's toolkit: lines of the spending plan, the panel's decisions and
 * the spend. Each is checked against the cluster (its schools, pupils, heads and lines), refused
 * once the return is submitted, made in one transaction and audited.
 */

interface Open {
  laCode: string;
  pot: PotSummary;
  schools: repo.AllocatedSchool[];
  pupilSchools: ReadonlySet<string>;
}

/** The toolkit as the host may change it: theirs, adopted, and not frozen by a submitted return. */
async function openForChange(tx: Tx, ctx: FundingContext, clusterId: string, potId: string): Promise<Open> {
  const laCode = ctx.principal.laCode;
  const { pot, standing } = await openToolkit(tx, ctx, clusterId, potId);
  if (!standing.canChange) throw forbidden('Only the cluster’s host changes its toolkit.');
  if (!pot.adoptedScenarioId) throw notAdoptedProblem(pot);
  const returned = await repo.findReturn(tx, laCode, clusterId, potId);
  if (returned && returned.status !== 'returned') throw frozenProblem(pot, returned);
  const schools = await repo.allocatedSchools(tx, laCode, pot.adoptedScenarioId, clusterId);
  return { laCode, pot, schools, pupilSchools: standing.pupilSchools };
}

const parseOr422 = <T>(r: { ok: true; data: T } | { ok: false; errors: FieldError[] }): T => {
  if (!r.ok) throw unprocessable(r.errors);
  return r.data;
};

/** Whether a pupil is at the school, one the host may see: the same refusal whichever is not so. */
async function checkPupil(
  tx: Tx,
  o: Open,
  childId: string,
  schoolId: string,
  field: string,
): Promise<FieldError | null> {
  const school = o.schools.find((s) => s.establishmentId === schoolId);
  const [child] = await childIdentities(tx, o.laCode, [childId]);
  if (!child || child.establishmentId !== schoolId || !o.pupilSchools.has(schoolId))
    return { field, message: `Select a pupil at ${school?.name ?? 'the school'} from the list` };
  return null;
}

async function checkLine(tx: Tx, o: Open, input: PlanLineInput): Promise<void> {
  const problems: FieldError[] = [];
  const known = new Set(o.schools.map((s) => s.establishmentId));
  if (input.schoolIds.some((id) => !known.has(id)))
    problems.push({ field: 'schoolIds', message: 'Select the schools from the cluster’s list' });
  else if (input.childId) {
    const p = await checkPupil(tx, o, input.childId, input.schoolIds[0] ?? '', 'childId');
    if (p) problems.push(p);
  }
  if (problems.length) throw unprocessable(problems);
}

export function addPlanLine(
  ctx: FundingContext,
  clusterId: string,
  potId: string,
  body: unknown,
): Promise<string> {
  authorise(ctx, 'clusters:host');
  return transaction(ctx, async (tx) => {
    const o = await openForChange(tx, ctx, clusterId, potId);
    const input = parseOr422(parse(planLineSchema(o.pot.year), body));
    await checkLine(tx, o, input);
    const id = await repo.insertPlanLine(tx, {
      laCode: o.laCode,
      clusterId,
      potId,
      ...input,
      schoolIds: [...new Set(input.schoolIds)],
      by: ctx.principal.userId,
    });
    await audit(tx, ctx, {
      action: 'funding.toolkit.plan-line.added',
      entityType: 'cluster-plan-line',
      entityId: id,
      childId: input.childId,
      detail: { clusterId, potId, after: lineDetail(input) },
    });
    return id;
  });
}

const lineDetail = (l: Omit<PlanLineInput, 'version'>) => ({
  kind: l.kind,
  schoolIds: l.schoolIds,
  childId: l.childId,
  description: l.description,
  plannedPence: l.plannedPence,
  startsOn: l.startsOn,
  endsOn: l.endsOn,
});

async function lineOf(tx: Tx, o: Open, clusterId: string, potId: string, lineId: string) {
  const line = isUuid(lineId)
    ? (await repo.planLines(tx, o.laCode, clusterId, potId)).find((l) => l.id === lineId)
    : undefined;
  if (!line) throw notTheirs();
  return line;
}

const staleLine = (now: number) =>
  new HttpProblem(
    409,
    'Conflict',
    'Someone changed this line since you read it. Your changes have not been saved: the form now shows the line as it is.',
    [{ field: 'version', message: `The line is now at version ${now}` }],
  );

export function changePlanLine(
  ctx: FundingContext,
  clusterId: string,
  potId: string,
  lineId: string,
  body: unknown,
): Promise<void> {
  authorise(ctx, 'clusters:host');
  return transaction(ctx, async (tx) => {
    const o = await openForChange(tx, ctx, clusterId, potId);
    const before = await lineOf(tx, o, clusterId, potId, lineId);
    const input = parseOr422(parse(planLineSchema(o.pot.year), body));
    if (input.version !== undefined && input.version !== before.version) throw staleLine(before.version);
    await checkLine(tx, o, input);
    const saved = await repo.updatePlanLine(tx, lineId, before.version, {
      laCode: o.laCode,
      ...input,
      schoolIds: [...new Set(input.schoolIds)],
      by: ctx.principal.userId,
    });
    if (!saved) throw staleLine(before.version + 1);
    await audit(tx, ctx, {
      action: 'funding.toolkit.plan-line.changed',
      entityType: 'cluster-plan-line',
      entityId: lineId,
      childId: input.childId ?? before.childId,
      detail: { clusterId, potId, before: lineDetail(before), after: lineDetail(input) },
    });
  });
}

/** A line with no spend and no panel decision behind it may go; otherwise it is part of the record. */
export function removePlanLine(
  ctx: FundingContext,
  clusterId: string,
  potId: string,
  lineId: string,
  version: number,
): Promise<void> {
  authorise(ctx, 'clusters:host');
  return transaction(ctx, async (tx) => {
    const o = await openForChange(tx, ctx, clusterId, potId);
    const line = await lineOf(tx, o, clusterId, potId, lineId);
    const [spent, decided] = await Promise.all([
      repo.spend(tx, o.laCode, clusterId, potId),
      repo.decisions(tx, o.laCode, clusterId, potId),
    ]);
    if (spent.some((s) => s.planLineId === lineId))
      throw conflict(
        'Money has been spent on this line, so it stays in the plan. Remove its spend first, or set what it plans.',
      );
    if (decided.some((d) => d.planLineId === lineId))
      throw conflict(
        'A panel decision made or changed this line, so it stays in the plan. Change what it plans instead.',
      );
    if (!(await repo.deletePlanLine(tx, o.laCode, lineId, version))) throw staleLine(line.version);
    await audit(tx, ctx, {
      action: 'funding.toolkit.plan-line.removed',
      entityType: 'cluster-plan-line',
      entityId: lineId,
      childId: line.childId,
      detail: { clusterId, potId, before: lineDetail(line) },
    });
  });
}

export function recordDecision(
  ctx: FundingContext,
  clusterId: string,
  potId: string,
  body: unknown,
): Promise<string> {
  authorise(ctx, 'clusters:host');
  return transaction(ctx, async (tx) => {
    const o = await openForChange(tx, ctx, clusterId, potId);
    const input = parseOr422(parse(decisionSchema(ctx.today), body));
    const problems: FieldError[] = [];
    const school = o.schools.find((s) => s.establishmentId === input.schoolId);
    if (!school) problems.push({ field: 'schoolId', message: 'Select the school from the cluster’s list' });
    const heads = await repo.headTeachersOf(
      tx,
      o.laCode,
      o.schools.map((s) => s.establishmentId),
    );
    const headIds = new Set(heads.map((h) => h.userId));
    const present = [...new Set(input.headIds)];
    if (present.some((id) => !headIds.has(id)))
      problems.push({ field: 'headIds', message: 'Select the heads present from the cluster’s list' });
    else {
      const q = quorum(headIds.size, present.length);
      if (q.refusal) problems.push({ field: 'headIds', message: q.refusal });
    }
    if (school && input.childId) {
      const p = await checkPupil(tx, o, input.childId, input.schoolId, 'childId');
      if (p) problems.push(p);
    }
    const [lines, earlier] = await Promise.all([
      repo.planLines(tx, o.laCode, clusterId, potId),
      repo.decisions(tx, o.laCode, clusterId, potId),
    ]);
    const agreed = agreedAmount(input);
    const effect = agreed === null ? 'none' : input.planEffect;
    if (effect === 'add_to_line' && !lines.some((l) => l.id === input.planLineId))
      problems.push({ field: 'planLineId', message: 'Select the line from the plan' });
    if (effect === 'new_line' && input.heldOn > o.pot.year.endsOn)
      problems.push({
        field: 'planEffect',
        message: `The ${o.pot.year.label} year has ended, so no new line can start: add the amount to a line instead`,
      });
    if (input.followsDecisionId) {
      const deferred = earlier.find((d) => d.id === input.followsDecisionId);
      if (deferred?.outcome !== 'deferred' || deferred.establishmentId !== input.schoolId)
        problems.push({
          field: 'followsDecisionId',
          message: `Select a request from ${school?.name ?? 'the school'} that a panel deferred`,
        });
      else if (earlier.some((d) => d.followsDecisionId === deferred.id))
        problems.push({
          field: 'followsDecisionId',
          message: 'A later panel has already decided that deferred request',
        });
      else if (input.heldOn < deferred.heldOn)
        problems.push({
          field: 'heldOn',
          message: 'The panel must meet on or after the panel that deferred the request',
        });
    }
    if (problems.length) throw unprocessable(problems);

    let planLineId: string | null = null;
    if (agreed !== null && effect === 'new_line') {
      const y = o.pot.year;
      planLineId = await repo.insertPlanLine(tx, {
        laCode: o.laCode,
        clusterId,
        potId,
        kind: input.childId ? 'named_pupil' : (input.lineKind ?? 'other'),
        childId: input.childId,
        description: input.purpose.slice(0, 500),
        plannedPence: agreed,
        startsOn: [input.heldOn, y.startsOn].sort()[1] ?? y.startsOn,
        endsOn: y.endsOn,
        schoolIds: [input.schoolId],
        by: ctx.principal.userId,
      });
    } else if (agreed !== null && effect === 'add_to_line' && input.planLineId) {
      planLineId = input.planLineId;
      await repo.addToPlanned(tx, o.laCode, planLineId, agreed, ctx.principal.userId);
    }
    const id = await repo.insertDecision(tx, {
      laCode: o.laCode,
      clusterId,
      potId,
      heldOn: input.heldOn,
      establishmentId: input.schoolId,
      childId: input.childId,
      purpose: input.purpose,
      askedPence: input.askedPence,
      outcome: input.outcome,
      agreedPence: agreed,
      reasons: input.reasons,
      headsInCluster: headIds.size,
      planLineId,
      followsDecisionId: input.followsDecisionId,
      headIds: present,
      by: ctx.principal.userId,
    });
    await audit(tx, ctx, {
      action: 'funding.toolkit.decision.recorded',
      entityType: 'cluster-panel-decision',
      entityId: id,
      childId: input.childId,
      detail: {
        clusterId,
        potId,
        heldOn: input.heldOn,
        schoolId: input.schoolId,
        askedPence: input.askedPence,
        outcome: input.outcome,
        agreedPence: agreed,
        headsPresent: present.length,
        headsInCluster: headIds.size,
        planEffect: effect,
        planLineId,
      },
    });
    return id;
  });
}

export function recordSpend(
  ctx: FundingContext,
  clusterId: string,
  potId: string,
  body: unknown,
): Promise<string> {
  authorise(ctx, 'clusters:host');
  return transaction(ctx, async (tx) => {
    const o = await openForChange(tx, ctx, clusterId, potId);
    const input = parseOr422(parse(spendSchema(o.pot.year, ctx.today), body));
    const line = (await repo.planLines(tx, o.laCode, clusterId, potId)).find(
      (l) => l.id === input.planLineId,
    );
    if (!line) throw unprocessable([{ field: 'planLineId', message: 'Select the line from the plan' }]);
    if (!line.schoolIds.includes(input.schoolId))
      throw unprocessable([{ field: 'schoolId', message: 'Select one of the line’s schools' }]);
    const id = await repo.insertSpend(tx, {
      laCode: o.laCode,
      clusterId,
      potId,
      planLineId: input.planLineId,
      establishmentId: input.schoolId,
      spentOn: input.spentOn,
      amountPence: input.amountPence,
      description: input.description,
      by: ctx.principal.userId,
    });
    await audit(tx, ctx, {
      action: 'funding.toolkit.spend.recorded',
      entityType: 'cluster-spend',
      entityId: id,
      childId: line.childId,
      detail: { clusterId, potId, ...input },
    });
    return id;
  });
}

export function removeSpend(
  ctx: FundingContext,
  clusterId: string,
  potId: string,
  spendId: string,
): Promise<void> {
  authorise(ctx, 'clusters:host');
  return transaction(ctx, async (tx) => {
    const o = await openForChange(tx, ctx, clusterId, potId);
    if (!isUuid(spendId)) throw notTheirs();
    const removed = await repo.deleteSpend(tx, o.laCode, clusterId, potId, spendId);
    if (!removed) throw notTheirs();
    await audit(tx, ctx, {
      action: 'funding.toolkit.spend.removed',
      entityType: 'cluster-spend',
      entityId: spendId,
      childId: null,
      detail: { clusterId, potId, planLineId: removed.planLineId, amountPence: removed.amountPence },
    });
  });
}
