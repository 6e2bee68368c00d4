import { forbidden, HttpProblem, unprocessable } from '../../../platform/http/problem.ts';
import { parse } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { audit, authorise, type FundingContext, transaction } from '../context.ts';
import { returnDecisionSchema, returnSchema } from './domain/inputs.ts';
import { returnOpen, toolkitFigures } from './domain/toolkit.ts';
import * as repo from './repo.ts';
import { frozenProblem, notAdoptedProblem, openToolkit } from './service.ts';

/**
 * The end-of-year return: the host sends the toolkit's figures as they stand once the year has
 * ended, with their commentary and the impact; the LA accepts it or sends it back with a reason;
 * a return sent back can be corrected and sent again. A submitted return freezes the toolkit.
 */

const stale = (version: number) =>
  new HttpProblem(
    409,
    'Conflict',
    'Someone changed the return since you read it. Nothing has been saved: read it again.',
    [{ field: 'version', message: `The return is now at version ${version}` }],
  );

export function submitReturn(
  ctx: FundingContext,
  clusterId: string,
  potId: string,
  body: unknown,
): Promise<void> {
  authorise(ctx, 'clusters:host');
  return transaction(ctx, async (tx) => {
    const laCode = ctx.principal.laCode;
    const { pot, standing } = await openToolkit(tx, ctx, clusterId, potId);
    if (!standing.canChange) throw forbidden('Only the cluster’s host sends its end-of-year return.');
    if (!pot.adoptedScenarioId) throw notAdoptedProblem(pot);
    const existing = await repo.findReturn(tx, laCode, clusterId, potId, { forUpdate: true });
    if (existing && existing.status !== 'returned') throw frozenProblem(pot, existing);
    if (!returnOpen(pot.year, ctx.today))
      throw new HttpProblem(
        409,
        'The year has not ended',
        `The end-of-year return covers the whole of ${pot.year.label}: send it once the year ends on ${longDate(pot.year.endsOn)}.`,
      );
    const parsed = parse(returnSchema, body);
    if (!parsed.ok) throw unprocessable(parsed.errors);
    const input = parsed.data;
    if (existing && input.version !== existing.version) throw stale(existing.version);

    const [schools, lines, decisions, spend] = await Promise.all([
      repo.allocatedSchools(tx, laCode, pot.adoptedScenarioId, clusterId),
      repo.planLines(tx, laCode, clusterId, potId),
      repo.decisions(tx, laCode, clusterId, potId),
      repo.spend(tx, laCode, clusterId, potId),
    ]);
    const f = toolkitFigures(
      schools.reduce((sum, s) => sum + s.pence, 0),
      lines,
      decisions,
      spend,
    );
    const figures = {
      allocationPence: f.allocationPence ?? 0,
      plannedPence: f.plannedPence,
      agreedPence: f.agreedPence,
      spentPence: f.spentPence,
      carryForwardPence: f.balancePence ?? 0,
      commentary: input.commentary,
      impact: input.impact,
      submittedOn: ctx.today,
      by: ctx.principal.userId,
    };
    let returnId: string;
    if (existing) {
      if (!(await repo.resubmitReturn(tx, laCode, existing.id, existing.version, figures)))
        throw stale(existing.version + 1);
      returnId = existing.id;
    } else returnId = await repo.insertReturn(tx, { ...figures, laCode, clusterId, potId });
    await repo.insertReturnEvent(tx, {
      laCode,
      returnId,
      kind: 'submitted',
      happenedOn: ctx.today,
      byUser: ctx.principal.userId,
      reason: null,
    });
    await audit(tx, ctx, {
      action: 'funding.toolkit.return.submitted',
      entityType: 'cluster-return',
      entityId: returnId,
      childId: null,
      detail: {
        clusterId,
        potId,
        year: pot.year.label,
        again: existing !== undefined,
        allocationPence: figures.allocationPence,
        plannedPence: figures.plannedPence,
        agreedPence: figures.agreedPence,
        spentPence: figures.spentPence,
        carryForwardPence: figures.carryForwardPence,
      },
    });
  });
}

export function decideReturn(
  ctx: FundingContext,
  clusterId: string,
  potId: string,
  body: unknown,
): Promise<void> {
  authorise(ctx, 'finance:manage');
  return transaction(ctx, async (tx) => {
    const laCode = ctx.principal.laCode;
    const { pot } = await openToolkit(tx, ctx, clusterId, potId);
    const parsed = parse(returnDecisionSchema, body);
    if (!parsed.ok) throw unprocessable(parsed.errors);
    const input = parsed.data;
    const existing = await repo.findReturn(tx, laCode, clusterId, potId, { forUpdate: true });
    if (existing?.status !== 'submitted')
      throw new HttpProblem(
        409,
        'No return to answer',
        existing
          ? `The ${pot.year.label} return is already ${existing.status}: there is nothing to answer until the host sends it again.`
          : `The cluster has not sent its ${pot.year.label} return yet.`,
      );
    if (input.version !== existing.version) throw stale(existing.version);
    const status = input.decision === 'accept' ? 'accepted' : 'returned';
    const reason = status === 'returned' ? input.reason : null;
    const done = await repo.decideReturn(tx, laCode, existing.id, existing.version, {
      status,
      reason,
      on: ctx.today,
      by: ctx.principal.userId,
    });
    if (!done) throw stale(existing.version + 1);
    await repo.insertReturnEvent(tx, {
      laCode,
      returnId: existing.id,
      kind: status,
      happenedOn: ctx.today,
      byUser: ctx.principal.userId,
      reason,
    });
    await audit(tx, ctx, {
      action: status === 'accepted' ? 'funding.toolkit.return.accepted' : 'funding.toolkit.return.returned',
      entityType: 'cluster-return',
      entityId: existing.id,
      childId: null,
      detail: { clusterId, potId, year: pot.year.label, reason },
    });
  });
}
