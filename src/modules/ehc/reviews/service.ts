import { userNames } from '../../../platform/auth/directory.ts';
import { can } from '../../../platform/auth/roles.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import { forbidden, notFound } from '../../../platform/http/problem.ts';
import { englandAndWalesCalendar } from '../../../platform/kernel/bank-holidays.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { addDays } from '../../../platform/kernel/days.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { type ChildIdentity, childIdentities } from '../../children/index.ts';
import { audit, type EhcContext, requirePermission, transaction } from '../context.ts';
import { activePlanOf, openRequestFor } from '../requests/repo.ts';
import { type EarlyYearsRecommendation, earlyYearsRecommendation, type PhaseTo } from './domain/due-dates.ts';
import { type RecordReviewStepInput, reviewEventBody, type TransferOutInput } from './domain/inputs.ts';
import {
  applyReviewEvent,
  nextReviewStep,
  type Refusal,
  type ReviewDeadline,
  type ReviewEventBody,
  type ReviewFacts,
  type ReviewStage,
  reviewClosedOn,
  reviewDeadlines,
  reviewFacts,
  reviewRefusal,
  reviewStageOf,
} from './domain/process.ts';
import { refreshPlanDates } from './plan-dates.ts';
import * as repo from './repo.ts';

/**
 * The review cycle's use cases: begin a plan's review, record each step as it happens (the SENCo
 * records the setting's report), and what the steps change on the plan — its last review, an
 * amended version, its ceasing — and a plan transferring out with the child.
 */

export type ReviewOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 404 | 409 | 422; errors: Refusal[] };
type Refused = Extract<ReviewOutcome<never>, { ok: false }>;
const refused = (status: Refused['status'], field: string, message: string): Refused => ({
  ok: false,
  status,
  errors: [{ field, message }],
});

export interface ReviewView {
  id: string;
  version: number;
  kind: 'annual' | 'phase-transfer';
  child: ChildIdentity;
  plan: repo.ReviewPlanRow;
  coordinator: string | null;
  coordinatorId: string | null;
  facts: ReviewFacts;
  stage: ReviewStage;
  deadlines: ReviewDeadline[];
  next: ReviewDeadline | null;
  closedOn: IsoDate | null;
  events: { seq: number; body: ReviewEventBody; recordedAt: Date; recordedBy: string | null }[];
  recommendation: EarlyYearsRecommendation | null;
  /**
   * The reader may record every step (the LA), or only the setting's report (the school); the
   * family follows it in their portal.
   */
  access: 'la' | 'school' | 'family';
}

export const noSuchReview = () => notFound('There is no review with this ID.');
export const noSuchPlan = () => notFound('There is no EHC plan with this ID.');

/** Who may see the review: the LA's SEND team, or staff of the school whose SENCo reports on it. */
async function accessTo(tx: Tx, ctx: EhcContext, row: repo.ReviewRow): Promise<'la' | 'school'> {
  if (can(ctx.principal.roles, 'ehc:read')) return 'la';
  if (
    can(ctx.principal.roles, 'ehc:review-report') &&
    ctx.principal.userId &&
    row.establishmentId &&
    (await repo.isStaffOf(tx, ctx.principal.laCode, ctx.principal.userId, row.establishmentId))
  )
    return 'school';
  // A review at another school is not theirs to know of.
  throw noSuchReview();
}

function subjectOf(row: repo.ReviewRow) {
  return {
    kind: row.kind,
    planIssuedOn: '',
    dueOn: row.dueOn,
    startsOn: row.startsOn,
    phaseTransfer:
      row.phaseTransferTo && row.phaseTransferDeadline
        ? {
            to: row.phaseTransferTo as PhaseTo,
            deadline: row.phaseTransferDeadline,
            dueOn: phaseDueOn(row.phaseTransferDeadline),
          }
        : null,
  };
}

/** reg 18's "before" date: the last day on time is the day before. */
const phaseDueOn = (deadline: IsoDate): IsoDate => addDays(deadline, -1);

/** The review's facts: what was due when it began, and every step recorded since. */
export async function factsOf(tx: Tx, laCode: string, row: repo.ReviewRow, plan: repo.ReviewPlanRow) {
  const events = await repo.reviewEventsOf(tx, laCode, row.id);
  let facts = reviewFacts({ ...subjectOf(row), planIssuedOn: plan.issuedOn ?? row.startsOn });
  for (const e of events) facts = applyReviewEvent(facts, e.body);
  return { facts, events };
}

async function viewOfReview(
  tx: Tx,
  ctx: EhcContext,
  row: repo.ReviewRow,
  access: ReviewView['access'],
): Promise<ReviewView> {
  const { laCode } = ctx.principal;
  const plan = await repo.planForReview(tx, laCode, row.planId);
  if (!plan) throw noSuchReview();
  const [child] = await childIdentities(tx, laCode, [row.childId]);
  if (!child) throw noSuchReview();
  const { facts, events } = await factsOf(tx, laCode, row, plan);
  const list = reviewDeadlines(facts, ctx.today, englandAndWalesCalendar);
  const names = await userNames(tx, [row.coordinatorId, ...events.map((e) => e.recordedBy)]);
  const closedOn = reviewClosedOn(facts) ?? row.closedOn;
  return {
    id: row.id,
    version: row.version,
    kind: row.kind,
    child,
    plan,
    coordinator: row.coordinatorId ? (names.get(row.coordinatorId) ?? null) : null,
    coordinatorId: row.coordinatorId,
    facts,
    stage: reviewStageOf(facts),
    deadlines: list,
    next: closedOn ? null : (nextReviewStep(list) ?? null),
    closedOn,
    events: events.map((e) => ({
      seq: e.seq,
      body: e.body,
      recordedAt: e.recordedAt,
      recordedBy: e.recordedBy ? (names.get(e.recordedBy) ?? null) : null,
    })),
    recommendation: plan.issuedOn
      ? earlyYearsRecommendation(
          { issuedOn: plan.issuedOn, lastReviewedOn: plan.lastReviewedOn, transferredInOn: null },
          child.dateOfBirth,
        )
      : null,
    access,
  };
}

/** One review with its deadlines and history. The read is audited. */
export function reviewPage(ctx: EhcContext, reviewId: string): Promise<ReviewView> {
  if (!can(ctx.principal.roles, 'ehc:read') && !can(ctx.principal.roles, 'ehc:review-report'))
    throw forbidden();
  return transaction(ctx, async (tx) => {
    if (!isUuid(reviewId)) throw noSuchReview();
    const row = await repo.findReview(tx, ctx.principal.laCode, reviewId);
    if (!row) throw noSuchReview();
    const access = await accessTo(tx, ctx, row);
    await audit(tx, ctx, {
      action: 'ehc.review.read',
      entityType: 'ehc_review',
      entityId: row.id,
      childId: row.childId,
    });
    return viewOfReview(tx, ctx, row, access);
  });
}

/** A plan and its open review, if one is open: where a list's "start the review" leads. */
export function planReviewState(
  ctx: EhcContext,
  planId: string,
): Promise<{ plan: repo.ReviewPlanRow; child: ChildIdentity; openReviewId: string | null }> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, async (tx) => {
    if (!isUuid(planId)) throw noSuchPlan();
    const plan = await repo.planForReview(tx, ctx.principal.laCode, planId);
    if (!plan) throw noSuchPlan();
    const [child] = await childIdentities(tx, ctx.principal.laCode, [plan.childId]);
    if (!child) throw noSuchPlan();
    await audit(tx, ctx, {
      action: 'ehc.plan.read',
      entityType: 'ehc_plan',
      entityId: plan.id,
      childId: plan.childId,
    });
    return { plan, child, openReviewId: (await repo.openReviewOf(tx, ctx.principal.laCode, planId)) ?? null };
  });
}

/**
 * Begins the review of an active plan, with what is due: the plan's review date, and its phase
 * transfer's deadline if one is coming (worked out afresh, as the child's year may have moved on).
 */
export function startReview(
  ctx: EhcContext,
  planId: string,
  coordinatorId?: string | null,
): Promise<ReviewOutcome<ReviewView>> {
  requirePermission(ctx, 'ehc:write');
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    if (!isUuid(planId)) throw noSuchPlan();
    const plan = await repo.planForReview(tx, laCode, planId, { forUpdate: true });
    if (!plan) throw noSuchPlan();
    const refuse = async (r: Refused) => {
      await audit(tx, ctx, {
        action: 'ehc.review.refused',
        entityType: 'ehc_plan',
        entityId: planId,
        childId: plan.childId,
        detail: { status: r.status, fields: r.errors.map((e) => e.field) },
      });
      return r;
    };
    if (plan.status !== 'active' || !plan.issuedOn)
      return refuse(refused(422, 'planId', `Only a plan in force is reviewed: this plan is ${plan.status}`));
    const open = await repo.openReviewOf(tx, laCode, planId);
    if (open)
      return refuse(refused(409, 'planId', `This plan’s review is already under way: review ${open}`));
    await refreshPlanDates(tx, laCode, ctx.today, [planId]);
    const fresh = await repo.planForReview(tx, laCode, planId);
    if (!fresh?.nextReviewDue)
      throw new Error(`Plan ${planId} has no review due date after it was worked out`);
    const phase = fresh.phaseTransferTo && fresh.phaseTransferDeadline ? fresh : null;
    const startsOn =
      fresh.lastReviewedOn && fresh.lastReviewedOn > (fresh.issuedOn ?? '')
        ? fresh.lastReviewedOn
        : (fresh.issuedOn ?? ctx.today);
    const id = await repo.insertReview(tx, laCode, {
      planId,
      childId: plan.childId,
      kind: phase ? 'phase-transfer' : 'annual',
      startsOn,
      dueOn: fresh.nextReviewDue,
      phaseTransferTo: phase?.phaseTransferTo ?? null,
      phaseTransferDeadline: phase?.phaseTransferDeadline ?? null,
      establishmentId: await settingOf(tx, laCode, plan),
      coordinatorId: coordinatorId === undefined ? userId : coordinatorId,
    });
    const row = await repo.findReview(tx, laCode, id, { forUpdate: true });
    if (!row) throw new Error('Review missing after it was made');
    await restate(tx, ctx, row, fresh);
    await audit(tx, ctx, {
      action: 'ehc.review.started',
      entityType: 'ehc_review',
      entityId: id,
      childId: plan.childId,
      detail: { planId, kind: phase ? 'phase-transfer' : 'annual', dueOn: fresh.nextReviewDue },
    });
    const after = await repo.findReview(tx, laCode, id);
    if (!after) throw new Error('Review missing after it was made');
    return { ok: true, value: await viewOfReview(tx, ctx, after, 'la') };
  });
}

/** The setting the child attends: the plan's, else the child's school on their record. */
async function settingOf(tx: Tx, laCode: string, plan: repo.ReviewPlanRow): Promise<string | null> {
  if (plan.establishmentId) return plan.establishmentId;
  const [child] = await childIdentities(tx, laCode, [plan.childId]);
  return child?.establishmentId ?? null;
}

/** Works out the review's stage, next step and deadlines again from its events and stores them. */
async function restate(tx: Tx, ctx: EhcContext, row: repo.ReviewRow, plan: repo.ReviewPlanRow) {
  const { facts } = await factsOf(tx, ctx.principal.laCode, row, plan);
  const list = reviewDeadlines(facts, ctx.today, englandAndWalesCalendar);
  await repo.storeReviewSummary(
    tx,
    ctx.principal.laCode,
    row.id,
    {
      facts,
      stage: reviewStageOf(facts),
      closedOn: reviewClosedOn(facts),
      next: nextReviewStep(list),
      deadlines: list,
    },
    ctx.now,
  );
  return facts;
}

/**
 * Records a step of a review. The LA records every step; a school's SENCo or head teacher only
 * the setting's report, for a review at their school. What a step changes on the plan happens in
 * the same transaction: the decision is the plan's last review, an amended plan is its next
 * version, and a plan ceases only once its appeal period has passed or an appeal concluded.
 */
export function recordReviewStep(
  ctx: EhcContext,
  reviewId: string,
  input: RecordReviewStepInput,
): Promise<ReviewOutcome<ReviewView>> {
  if (!can(ctx.principal.roles, 'ehc:write') && !can(ctx.principal.roles, 'ehc:review-report'))
    throw forbidden();
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    if (!isUuid(reviewId)) throw noSuchReview();
    const row = await repo.findReview(tx, laCode, reviewId, { forUpdate: true });
    if (!row) throw noSuchReview();
    const access = can(ctx.principal.roles, 'ehc:write') ? 'la' : await accessTo(tx, ctx, row);
    const refuse = async (r: Refused) => {
      await audit(tx, ctx, {
        action: 'ehc.review.refused',
        entityType: 'ehc_review',
        entityId: reviewId,
        childId: row.childId,
        detail: { status: r.status, fields: r.errors.map((e) => e.field) },
      });
      return r;
    };
    const body = reviewEventBody(input.step);
    if (access === 'school' && body.type !== 'report-received')
      return refuse(
        refused(422, 'type', 'A school records the review report; the LA records the other steps'),
      );
    if (input.version !== undefined && input.version !== row.version)
      return refuse(
        refused(
          409,
          'version',
          `This review has changed since you opened it (it is now at version ${row.version}). Reload it and record the step again`,
        ),
      );
    return recordWithin(tx, ctx, row, body, access, refuse);
  });
}

/** A step checked against the review's facts and the plan, recorded with what it changes on the plan. */
async function recordWithin(
  tx: Tx,
  ctx: EhcContext,
  row: repo.ReviewRow,
  body: ReviewEventBody,
  access: ReviewView['access'],
  refuse: (r: Refused) => Promise<Refused>,
): Promise<ReviewOutcome<ReviewView>> {
  const { laCode, userId } = ctx.principal;
  const reviewId = row.id;
  const plan = await repo.planForReview(tx, laCode, row.planId, { forUpdate: true });
  if (!plan) throw noSuchReview();
  const { facts, events } = await factsOf(tx, laCode, row, plan);
  const refusal = reviewRefusal(facts, body, plan, ctx.today, englandAndWalesCalendar);
  if (refusal) return refuse({ ok: false, status: 422, errors: [refusal] });
  // A plan that has ended (ceased, or transferred out with the child) takes no more review steps.
  if (plan.status !== 'active')
    return refuse(
      refused(
        422,
        'type',
        `The plan has ${plan.status === 'ceased' ? 'ceased' : 'ended'}: its review takes no more steps`,
      ),
    );
  await repo.insertReviewEvent(tx, laCode, reviewId, events.length + 1, body, userId, ctx.now);
  const after = applyReviewEvent(facts, body);
  await applyToPlan(tx, ctx, row, plan, after, body);
  const freshPlan = await repo.planForReview(tx, laCode, row.planId);
  if (!freshPlan) throw noSuchReview();
  await restate(tx, ctx, row, freshPlan);
  await audit(tx, ctx, {
    action: 'ehc.review.step-recorded',
    entityType: 'ehc_review',
    entityId: reviewId,
    childId: row.childId,
    detail: { type: body.type, on: body.on },
  });
  const stored = await repo.findReview(tx, laCode, reviewId);
  if (!stored) throw noSuchReview();
  return { ok: true, value: await viewOfReview(tx, ctx, stored, access) };
}

/**
 * A review as the child's family follows it in their portal, read in the portal's transaction
 * once the portal has decided the reader is the child's family (or the LA). Undefined when there
 * is no such review of this LA. The read is audited.
 */
export async function familyReviewWithin(
  tx: Tx,
  ctx: EhcContext,
  reviewId: string,
): Promise<ReviewView | undefined> {
  if (!isUuid(reviewId)) return undefined;
  const row = await repo.findReview(tx, ctx.principal.laCode, reviewId);
  if (!row) return undefined;
  await audit(tx, ctx, {
    action: 'ehc.review.read',
    entityType: 'ehc_review',
    entityId: row.id,
    childId: row.childId,
    detail: { as: 'family' },
  });
  return viewOfReview(tx, ctx, row, 'family');
}

/** The child a review is of, for the portal to decide whether the reader is their family. */
export async function childOfReview(tx: Tx, laCode: string, reviewId: string): Promise<string | undefined> {
  if (!isUuid(reviewId)) return undefined;
  return (await repo.findReview(tx, laCode, reviewId))?.childId;
}

/**
 * The family's representations on the proposed amendments, sent through their portal (reg 22(2)):
 * recorded as the review's step on the day they arrive. The portal has decided who may send them
 * and that the 15 days are not over.
 */
export async function familyRepresentationsWithin(
  tx: Tx,
  ctx: EhcContext,
  reviewId: string,
  summary: string,
): Promise<ReviewOutcome<ReviewView>> {
  const row = isUuid(reviewId)
    ? await repo.findReview(tx, ctx.principal.laCode, reviewId, { forUpdate: true })
    : undefined;
  if (!row) throw noSuchReview();
  const refuse = async (r: Refused) => {
    await audit(tx, ctx, {
      action: 'ehc.review.refused',
      entityType: 'ehc_review',
      entityId: row.id,
      childId: row.childId,
      detail: { status: r.status, fields: r.errors.map((e) => e.field) },
    });
    return r;
  };
  return recordWithin(
    tx,
    ctx,
    row,
    { type: 'representations-received', on: ctx.today, summary },
    'family',
    refuse,
  );
}

async function applyToPlan(
  tx: Tx,
  ctx: EhcContext,
  row: repo.ReviewRow,
  plan: repo.ReviewPlanRow,
  f: ReviewFacts,
  body: ReviewEventBody,
) {
  const { laCode, userId } = ctx.principal;
  switch (body.type) {
    case 'decided':
      // SEN2 LastReview: the day the LA told the family its decision. The next 12 months run from it.
      await repo.setLastReviewed(tx, laCode, plan.id, body.on);
      await refreshPlanDates(tx, laCode, ctx.today, [plan.id]);
      return;
    case 'amended-plan-issued':
      await repo.issueAmendedPlan(tx, laCode, {
        planId: plan.id,
        reviewId: row.id,
        on: body.on,
        sections: f.proposed?.sections ?? {},
        placement: body.placement ? { ...body.placement, startOn: body.placement.startOn ?? null } : null,
        by: userId,
      });
      // The setting named may have changed, and with it the next phase transfer.
      await refreshPlanDates(tx, laCode, ctx.today, [plan.id]);
      return;
    case 'plan-ceased':
      await repo.ceasePlan(tx, laCode, plan.id, {
        on: body.on,
        reason: f.decision?.ceaseReason ?? '9',
        toLa: null,
      });
      return;
    default:
      return;
  }
}

/**
 * The child has moved to another LA in England: the plan transfers with them and ends here on the
 * day of the transfer (SEN2 CeaseReason 5, CeaseDate the transfer date); a review under way ends;
 * and an assessment not yet finished ends, reported to SEN2 as Exported to the new LA.
 */
export function transferOut(
  ctx: EhcContext,
  childId: string,
  input: TransferOutInput,
): Promise<ReviewOutcome<{ planId: string | null; exportedRequests: string[] }>> {
  requirePermission(ctx, 'ehc:write');
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    if (!isUuid(childId)) throw notFound('There is no child with this ID.');
    const [child] = await childIdentities(tx, laCode, [childId]);
    if (!child) throw notFound('There is no child with this ID.');
    const refuse = async (r: Refused) => {
      await audit(tx, ctx, {
        action: 'ehc.review.refused',
        entityType: 'child',
        entityId: childId,
        childId,
        detail: { status: r.status, fields: r.errors.map((e) => e.field) },
      });
      return r;
    };
    if (input.on > ctx.today)
      return refuse(refused(422, 'on', 'The date of the transfer cannot be in the future'));
    if (input.toLaCode === laCode)
      return refuse(refused(422, 'toLaCode', 'Choose the LA the child has moved to, not your own'));
    const active = await activePlanOf(tx, laCode, childId);
    const plan = active ? await repo.planForReview(tx, laCode, active.id, { forUpdate: true }) : undefined;
    if (plan?.issuedOn && input.on < plan.issuedOn)
      return refuse(refused(422, 'on', `The transfer cannot be before the plan was made (${plan.issuedOn})`));
    if (plan) {
      await repo.closeOpenReviews(tx, laCode, plan.id, input.on);
      await repo.ceasePlan(tx, laCode, plan.id, { on: input.on, reason: '5', toLa: input.toLaCode });
    }
    const exported = await repo.exportOpenRequest(tx, laCode, childId, input.toLaCode, input.on);
    if (!plan && !exported.length)
      return refuse(
        refused(422, 'childId', 'This child has no plan in force and no assessment under way to transfer'),
      );
    await audit(tx, ctx, {
      action: 'ehc.plan.transferred-out',
      entityType: 'child',
      entityId: childId,
      childId,
      detail: {
        planId: plan?.id ?? null,
        toLaCode: input.toLaCode,
        on: input.on,
        exportedRequests: exported,
      },
    });
    return { ok: true, value: { planId: plan?.id ?? null, exportedRequests: exported } };
  });
}

/** The plan's sections as they stand, for proposing amendments to them. The read is audited. */
export function planSections(
  ctx: EhcContext,
  reviewId: string,
): Promise<Map<string, { version: number; content: string }>> {
  requirePermission(ctx, 'ehc:write');
  return transaction(ctx, async (tx) => {
    if (!isUuid(reviewId)) throw noSuchReview();
    const row = await repo.findReview(tx, ctx.principal.laCode, reviewId);
    if (!row) throw noSuchReview();
    await audit(tx, ctx, {
      action: 'ehc.plan.read',
      entityType: 'ehc_plan',
      entityId: row.planId,
      childId: row.childId,
    });
    return repo.currentSectionVersions(tx, ctx.principal.laCode, row.planId);
  });
}

/** The child moving away, with the plan and the assessment a transfer out would end. The read is audited. */
export function childForTransfer(
  ctx: EhcContext,
  childId: string,
): Promise<{ child: ChildIdentity; planIssuedOn: IsoDate | null; openRequest: boolean }> {
  requirePermission(ctx, 'ehc:write');
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    if (!isUuid(childId)) throw notFound('There is no child with this ID.');
    const [child] = await childIdentities(tx, laCode, [childId]);
    if (!child) throw notFound('There is no child with this ID.');
    const plan = await activePlanOf(tx, laCode, childId);
    await audit(tx, ctx, { action: 'ehc.plan.read', entityType: 'child', entityId: childId, childId });
    return {
      child,
      planIssuedOn: plan?.issuedOn ?? null,
      openRequest: (await openRequestFor(tx, laCode, childId)) !== undefined,
    };
  });
}
