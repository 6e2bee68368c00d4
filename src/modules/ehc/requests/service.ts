import { randomUUID } from 'node:crypto';
import { activeUsersWithRole, userNames } from '../../../platform/auth/directory.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import { englandAndWalesCalendar } from '../../../platform/kernel/bank-holidays.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { englishLas } from '../../../platform/kernel/english-las.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { type ChildIdentity, childIdentities } from '../../children/index.ts';
import { establishmentSummaries } from '../../providers/index.ts';
import {
  audit,
  auditedRefusal,
  type EhcContext,
  noSuchRequest,
  requirePermission,
  transaction,
} from '../context.ts';
import type { Deadline, EngineContext } from '../domain/deadlines.ts';
import { eventBody, type NewRequestInput, type RecordEventInput } from '../domain/inputs.ts';
import { type NextStep, nextStep } from '../domain/next-step.ts';
import {
  check,
  type EventBody,
  type Placement,
  type ProcessState,
  type RecordedEvent,
  type Refusal,
  replay,
} from '../domain/process.ts';
import { type Stage, summarise } from '../domain/summary.ts';
import { closuresBetween } from '../domain/term-dates.ts';
import { refreshPlanDates } from '../reviews/plan-dates.ts';
import { termsOf } from '../terms/repo.ts';
import { namedPlacement, sameNamed } from './plan-placement.ts';
import * as repo from './repo.ts';

export interface EventView {
  id: string;
  seq: number;
  corrects: string | null;
  correctedBy: string | null;
  body: EventBody;
  recordedAt: Date;
  recordedBy: string | null;
}

export interface PlanView {
  id: string;
  status: string;
  draftedOn: IsoDate | null;
  issuedOn: IsoDate | null;
  /** A transferred plan's last review by the old LA. */
  lastReviewedOn: IsoDate | null;
  placement: (Placement & { startOn: IsoDate | null }) | null;
}

export interface RequestView {
  id: string;
  version: number;
  child: ChildIdentity;
  kind: string;
  source: string;
  requestedBy: string;
  consent: boolean;
  receivedOn: IsoDate;
  transfer: {
    previousLa: { code: string; name: string };
    oldLaAwareOn: IsoDate;
    movedOn: IsoDate;
  } | null;
  /** When the LA now expects to issue the final plan, if it said so once the statutory date was lost. */
  expectedFinalOn: IsoDate | null;
  coordinator: { id: string; name: string } | null;
  stage: Stage;
  /** The LA the child moved to before the assessment finished, if they did (SEN2 Exported). */
  exportedToLa: { code: string; name: string } | null;
  closedOn: IsoDate | null;
  nextDue: Deadline | null;
  /** The one thing to do next, and the statutory date it works towards. */
  next: NextStep | null;
  week20Exception: boolean;
  deadlines: Deadline[];
  events: EventView[];
  advice: { id: string; kind: string; adviser: string; sentOn: IsoDate; receivedOn: IsoDate | null }[];
  consultations: {
    id: string;
    settingName: string;
    sentOn: IsoDate;
    respondedOn: IsoDate | null;
    outcome: string | null;
  }[];
  state: ProcessState;
  plan: PlanView | null;
}

export type EhcChange =
  | { ok: true; request: RequestView }
  | { ok: false; status: 400 | 409 | 422; errors: Refusal[] };

type EhcRefusal = Extract<EhcChange, { ok: false }>;

const refused = (status: 400 | 409 | 422, field: string, message: string): EhcRefusal => ({
  ok: false,
  status,
  errors: [{ field, message }],
});

async function engineContext(tx: Tx, ctx: EhcContext): Promise<EngineContext> {
  const terms = await termsOf(tx, ctx.principal.laCode);
  return { today: ctx.today, calendar: englandAndWalesCalendar, closures: closuresBetween(terms) };
}

/** Opens a request for a child: a new assessment, a re-assessment of their plan, or a plan transferring in. */
export function openRequest(ctx: EhcContext, input: NewRequestInput): Promise<EhcChange> {
  requirePermission(ctx, 'ehc:write');
  return transaction(ctx, (tx) => openRequestWithin(tx, ctx, input));
}

/**
 * Opens a request within the caller's transaction, for a use case that has already decided the
 * person may make it: a family or school asking online, whose request is statutory from the day it
 * arrives and must open with what they sent or not at all.
 */
export async function openRequestWithin(tx: Tx, ctx: EhcContext, input: NewRequestInput): Promise<EhcChange> {
  const { laCode, userId, roles } = ctx.principal;
  {
    const [child] = await childIdentities(tx, laCode, [input.childId]);
    if (!child) return refused(400, 'childId', 'There is no child with this ID in your LA');
    const refuse = (status: 400 | 409 | 422, field: string, message: string) =>
      auditedRefusal(tx, ctx, { requestId: null, childId: child.id }, refused(status, field, message));
    const plan = await repo.activePlanOf(tx, laCode, child.id);
    if (input.kind === 'new' && plan)
      return refuse(
        422,
        'kind',
        `This child already has an EHC plan (issued ${plan.issuedOn}): a child has one plan at a time, so ask for a re-assessment of it instead`,
      );
    if (input.kind === 'reassessment' && !plan)
      return refuse(422, 'kind', 'A re-assessment is of an existing plan, and this child has none');
    if (input.kind === 'transfer-in' && plan)
      return refuse(
        422,
        'kind',
        `This child already has an EHC plan with us (issued ${plan.issuedOn}): a plan transfers in only to an LA that does not maintain one`,
      );
    if (input.transfer?.previousLaCode === laCode)
      return refuse(
        422,
        'transfer.previousLaCode',
        'Choose the LA the plan is transferring from: it cannot be your own LA',
      );
    const open = await repo.openRequestFor(tx, laCode, child.id);
    if (open)
      return refuse(
        409,
        'childId',
        `This child already has a request in progress (${open}): record its steps there`,
      );

    let coordinatorId = input.coordinatorId ?? (roles.includes('ehc_coordinator') ? userId : null);
    if (coordinatorId && coordinatorId !== userId) {
      requirePermission(ctx, 'ehc:allocate');
      if (!(await isCaseworker(tx, coordinatorId)))
        return refuse(
          400,
          'coordinatorId',
          'The coordinator must be an active EHC coordinator or SEND team manager in your LA',
        );
    }
    coordinatorId ??= null;

    const event: RecordedEvent = {
      id: randomUUID(),
      corrects: null,
      body: {
        type: 'request-received',
        on: input.receivedOn,
        kind: input.kind,
        source: input.source,
        requestedBy: input.requestedBy,
        consent: input.consent,
        transfer: input.transfer,
      },
    };
    const refusal = check([], event, ctx.today);
    if (refusal) return refuse(422, refusal.field === 'on' ? 'receivedOn' : refusal.field, refusal.message);
    const { facts, subjects } = replay([event]);
    if (!facts) throw new Error('a received request always has facts');
    const summary = summarise(facts, await engineContext(tx, ctx));
    const id = await repo.insertRequest(
      tx,
      laCode,
      { childId: child.id, source: input.source, coordinatorId, allocatedAt: ctx.now },
      summary,
    );
    await repo.insertEvent(tx, laCode, id, { ...event, seq: 1, recordedBy: userId });
    await repo.replaceDeadlines(tx, laCode, id, summary.stored, subjects);
    await audit(tx, ctx, {
      action: 'ehc.request.opened',
      entityType: 'ehc_request',
      entityId: id,
      childId: child.id,
      detail: { kind: input.kind, receivedOn: input.receivedOn },
    });
    return { ok: true, request: await viewOf(tx, ctx, id, child) };
  }
}

/** Active EHC coordinators and SEND team managers: the people work may be allocated to. */
export async function caseworkersOf(tx: Tx): Promise<{ id: string; name: string }[]> {
  const byId = new Map(
    [
      ...(await activeUsersWithRole(tx, 'ehc_coordinator')),
      ...(await activeUsersWithRole(tx, 'send_team_manager')),
    ].map((u) => [u.id, u]),
  );
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const isCaseworker = async (tx: Tx, userId: string) => (await caseworkersOf(tx)).some((u) => u.id === userId);

/** The people work may be allocated to. */
export function caseworkers(ctx: EhcContext): Promise<{ id: string; name: string }[]> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, caseworkersOf);
}

/** A request with every due date and its status today, its history and its plan. The read is audited. */
export function getRequest(ctx: EhcContext, id: string): Promise<RequestView> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, async (tx) => {
    if (!isUuid(id)) throw noSuchRequest();
    const view = await viewOf(tx, ctx, id);
    await audit(tx, ctx, {
      action: 'ehc.request.read',
      entityType: 'ehc_request',
      entityId: id,
      childId: view.child.id,
    });
    return view;
  });
}

/** The request as its page and API show it, read within the caller's transaction; the caller audits. */
export async function viewOf(
  tx: Tx,
  ctx: EhcContext,
  id: string,
  knownChild?: ChildIdentity,
): Promise<RequestView> {
  const { laCode } = ctx.principal;
  const row = await repo.findRequest(tx, laCode, id);
  if (!row) throw noSuchRequest();
  const [events, engine, planRow] = [
    await repo.eventsOf(tx, laCode, id),
    await engineContext(tx, ctx),
    await repo.planOfRequest(tx, laCode, id),
  ];
  const child = knownChild ?? (await childIdentities(tx, laCode, [row.childId]))[0];
  if (!child) throw noSuchRequest();
  const state = replay(events);
  if (!state.facts) throw new Error(`EHC request ${id} has no request-received event`);
  const summary = summarise(state.facts, engine);
  const names = await userNames(tx, [row.coordinatorId, ...events.map((e) => e.recordedBy)]);
  const correctedBy = new Map(events.filter((e) => e.corrects).map((e) => [e.corrects as string, e.id]));
  const effective = events.filter((e) => !correctedBy.has(e.id)).map((e) => e.body);
  const received = effective.find((b) => b.type === 'request-received');
  const transfer = state.facts.transfer;
  const answers = new Map(
    effective.flatMap((b) =>
      b.type === 'consultation-answered' ? [[b.consultationId, b.outcome] as const] : [],
    ),
  );
  const next = summary.nextDue
    ? (summary.deadlines.find((d) => d.step === summary.nextDue?.step && d.dueOn === summary.nextDue.on) ??
      null)
    : null;
  return {
    id: row.id,
    version: row.version,
    child,
    kind: row.kind,
    source: row.source,
    requestedBy: received?.type === 'request-received' ? received.requestedBy : '',
    consent: received?.type === 'request-received' ? received.consent : false,
    receivedOn: state.facts.receivedOn,
    transfer: transfer
      ? {
          previousLa: {
            code: transfer.previousLaCode,
            name: englishLas.get(transfer.previousLaCode) ?? transfer.previousLaCode,
          },
          oldLaAwareOn: transfer.oldLaAwareOn,
          movedOn: transfer.movedOn,
        }
      : null,
    expectedFinalOn: state.facts.expectedFinalOn,
    coordinator: row.coordinatorId
      ? { id: row.coordinatorId, name: names.get(row.coordinatorId) ?? 'Unknown' }
      : null,
    // A child who moved away ended the request, whatever its steps would say.
    stage: row.exportedToLa ? 'exported' : summary.stage,
    closedOn: row.exportedToLa ? row.closedOn : summary.closedOn,
    exportedToLa: row.exportedToLa
      ? { code: row.exportedToLa, name: englishLas.get(row.exportedToLa) ?? row.exportedToLa }
      : null,
    nextDue: row.exportedToLa ? null : next,
    next: row.exportedToLa ? null : nextStep(state.facts, summary.deadlines, ctx.today),
    week20Exception: summary.week20Exception,
    deadlines: summary.deadlines,
    events: events.map((e) => ({
      id: e.id,
      seq: e.seq,
      corrects: e.corrects,
      correctedBy: correctedBy.get(e.id) ?? null,
      body: e.body,
      recordedAt: e.recordedAt,
      recordedBy: e.recordedBy ? (names.get(e.recordedBy) ?? null) : null,
    })),
    advice: effective.flatMap((b) =>
      b.type === 'advice-requested'
        ? [
            {
              id: b.adviceId,
              kind: b.kind,
              adviser: b.adviser,
              sentOn: b.on,
              receivedOn: state.facts?.advice.find((a) => a.id === b.adviceId)?.receivedOn ?? null,
            },
          ]
        : [],
    ),
    consultations: effective.flatMap((b) =>
      b.type === 'setting-consulted'
        ? [
            {
              id: b.consultationId,
              settingName: b.settingName,
              sentOn: b.on,
              respondedOn:
                state.facts?.consultations.find((c) => c.id === b.consultationId)?.respondedOn ?? null,
              outcome: answers.get(b.consultationId) ?? null,
            },
          ]
        : [],
    ),
    state,
    // A withdrawn draft is history, not the request's plan.
    plan:
      planRow && planRow.status !== 'withdrawn'
        ? {
            id: planRow.id,
            status: planRow.status,
            draftedOn: planRow.draftedOn,
            issuedOn: planRow.issuedOn,
            lastReviewedOn: planRow.lastReviewedOn,
            placement: planRow.settingName
              ? {
                  establishmentId: planRow.establishmentId,
                  settingName: planRow.settingName,
                  provision: planRow.provision as Placement['provision'],
                  startOn: planRow.placementStartOn,
                }
              : null,
          }
        : null,
  };
}

const eventField = (field: string) => (field === 'corrects' ? 'corrects' : `event.${field}`);

/**
 * Records a step of the process, or a correction of one, after checking it follows the steps
 * before it. The request's deadlines, stage and plan are brought up to date in the same transaction.
 */
export function recordEvent(ctx: EhcContext, id: string, input: RecordEventInput): Promise<EhcChange> {
  requirePermission(ctx, 'ehc:write');
  return transaction(ctx, (tx) => recordEventWithin(tx, ctx, id, input));
}

/**
 * Records a step within the caller's transaction, for a use case that has already decided the
 * person may: a family's comments on the draft, a school's answer to a consultation, an adviser's
 * advice, each kept by the portal with what was said.
 */
export async function recordEventWithin(
  tx: Tx,
  ctx: EhcContext,
  id: string,
  input: RecordEventInput,
): Promise<EhcChange> {
  const { laCode, userId } = ctx.principal;
  {
    if (!isUuid(id)) throw noSuchRequest();
    const row = await repo.findRequest(tx, laCode, id, { forUpdate: true });
    if (!row) throw noSuchRequest();
    const refuse = (refusal: EhcRefusal) =>
      auditedRefusal(tx, ctx, { requestId: id, childId: row.childId }, refusal);
    if (row.exportedToLa)
      return refuse(
        refused(
          422,
          'event.type',
          `The child moved to another LA (${row.exportedToLa}) before the assessment finished: the request has ended`,
        ),
      );
    if (input.version !== undefined && input.version !== row.version)
      return refuse(
        refused(
          409,
          'version',
          `The request has changed since you read it (it is now at version ${row.version}): read it again and check before recording`,
        ),
      );
    const history = await repo.eventsOf(tx, laCode, id);
    const corrected = input.corrects ? history.find((e) => e.id === input.corrects) : undefined;
    const next: RecordedEvent = {
      id: randomUUID(),
      corrects: input.corrects,
      body: eventBody(input.event, randomUUID, corrected?.body),
    };
    const refusal = check(history, next, ctx.today);
    if (refusal) return refuse(refused(422, eventField(refusal.field), refusal.message));
    if (!(await placementSettingExists(tx, next.body)))
      return refuse(
        refused(
          422,
          'event.placement.establishmentId',
          'There is no school or setting with this ID in your LA: choose one of your LA’s settings, or leave establishmentId out and name the setting',
        ),
      );

    const state = replay([...history, next]);
    if (!state.facts) throw new Error(`EHC request ${id} has no request-received event`);
    const planBefore = await repo.planOfRequest(tx, laCode, id);
    const conflict = await syncPlan(tx, ctx, row, state);
    if (conflict) return refuse(conflict);
    await tellOfPlacement(tx, ctx, row, next.id, { plan: planBefore, state: replay(history) }, state);

    const summary = summarise(state.facts, await engineContext(tx, ctx));
    await repo.insertEvent(tx, laCode, id, {
      ...next,
      seq: (history.at(-1)?.seq ?? 0) + 1,
      recordedBy: userId,
    });
    const received = replayedSource([...history, next]);
    await repo.updateRequestSummary(tx, laCode, id, summary, received ?? row.source);
    await repo.replaceDeadlines(tx, laCode, id, summary.stored, state.subjects);
    await audit(tx, ctx, {
      action: next.corrects ? 'ehc.event.corrected' : 'ehc.event.recorded',
      entityType: 'ehc_request',
      entityId: id,
      childId: row.childId,
      detail: { type: next.body.type, event: next.id, corrects: next.corrects },
    });
    return { ok: true, request: await viewOf(tx, ctx, id) };
  }
}

/**
 * Tells the modules that follow plans (placements) when the placement the request's plan names in
 * force changed with this step: issued or transferred naming one, moved, or taken back.
 */
async function tellOfPlacement(
  tx: Tx,
  ctx: EhcContext,
  row: repo.RequestRow,
  eventId: string,
  before: { plan: repo.PlanRow | undefined; state: ProcessState },
  state: ProcessState,
): Promise<void> {
  const plan = await repo.planOfRequest(tx, ctx.principal.laCode, row.id);
  const planId = plan?.id ?? before.plan?.id;
  const was = namedPlacement(before.plan, before.state);
  const named = namedPlacement(plan, state);
  if (!planId || sameNamed(was, named)) return;
  await ctx.hooks.run(
    tx,
    'ehc.plan-placement',
    { childId: row.childId, planId, requestId: row.id, eventId, named },
    ctx,
  );
}

/** A placement may name a setting by its ID only if it is one of the LA's; the name alone is always allowed. */
async function placementSettingExists(tx: Tx, body: EventBody): Promise<boolean> {
  const id = 'placement' in body ? body.placement?.establishmentId : null;
  return !id || (await establishmentSummaries(tx, [id])).length === 1;
}

/**
 * The plan follows the events: written from the decision to issue, drafted when the draft is
 * served, active once the final plan is issued, and withdrawn if the decision to issue is
 * corrected away.
 */
async function syncPlan(
  tx: Tx,
  ctx: EhcContext,
  row: repo.RequestRow,
  state: ProcessState,
): Promise<EhcRefusal | undefined> {
  const { laCode } = ctx.principal;
  const f = state.facts;
  const existing = await repo.planOfRequest(tx, laCode, row.id);
  if (
    existing &&
    existing.status !== 'draft' &&
    existing.status !== 'withdrawn' &&
    existing.status !== 'active'
  )
    return undefined;
  // A re-assessment's plan replaced the child's plan when issued: if a correction takes the issue
  // back, or moves its date, the plan it replaced follows.
  // Run last: the child's one active plan is checked as each row changes.
  const replacedOn = f?.kind === 'reassessment' && existing?.status === 'active' ? existing.issuedOn : null;
  const followReplaced = async () => {
    if (replacedOn && f?.finalIssuedOn !== replacedOn)
      await repo.reinstateReplaced(tx, laCode, row.childId, replacedOn, f?.finalIssuedOn ?? null);
  };
  // Once a review has amended the plan, what it names is the amendment's: the request's later
  // steps (an appeal against the plan as first issued) no longer change it.
  if (existing?.status === 'active' && existing.planVersion > 1) return undefined;
  if (f?.kind === 'transfer-in') return syncTransferredPlan(tx, ctx, row, state, existing);
  const issuing = f?.issueDecision?.outcome === 'issue';
  if (!f || !issuing) {
    await withdrawPlan(tx, laCode, existing);
    await followReplaced();
    return undefined;
  }
  const planId =
    existing?.id ?? (await repo.insertDraftPlan(tx, laCode, { childId: row.childId, requestId: row.id }));
  if (f.finalIssuedOn && existing?.status !== 'active') {
    const active = await repo.activePlanOf(tx, laCode, row.childId);
    if (active && active.id !== planId) {
      if (f.kind !== 'reassessment')
        return refused(
          409,
          'event.type',
          `This child already has an active EHC plan (issued ${active.issuedOn}): a child has one plan at a time`,
        );
      await repo.endPlan(tx, laCode, active.id, 'replaced', f.finalIssuedOn);
    }
  }
  await repo.updatePlan(tx, laCode, planId, {
    status: f.finalIssuedOn ? 'active' : 'draft',
    draftedOn: f.draftServedOn,
    issuedOn: f.finalIssuedOn,
    placement: f.finalIssuedOn ? state.placement : null,
  });
  await followReplaced();
  if (f.finalIssuedOn) await refreshPlanDates(tx, laCode, ctx.today, [planId]);
  return undefined;
}

/** A plan whose decision or transfer was corrected away is withdrawn, not deleted, so its history stays. */
async function withdrawPlan(tx: Tx, laCode: string, existing: repo.PlanRow | undefined) {
  if (existing && existing.status !== 'withdrawn')
    await repo.updatePlan(tx, laCode, existing.id, {
      status: 'withdrawn',
      draftedOn: null,
      issuedOn: null,
      placement: null,
    });
}

/**
 * A transferred plan is this LA's from the day it transfers, treated as made on its original date
 * (reg 15(3)); if the transfer is corrected away, the plan is withdrawn.
 */
async function syncTransferredPlan(
  tx: Tx,
  ctx: EhcContext,
  row: repo.RequestRow,
  state: ProcessState,
  existing: repo.PlanRow | undefined,
): Promise<EhcRefusal | undefined> {
  const { laCode } = ctx.principal;
  const plan = state.transferredPlan;
  if (!state.facts?.transferredOn || !plan || !state.placement) {
    await withdrawPlan(tx, laCode, existing);
    return undefined;
  }
  const active = await repo.activePlanOf(tx, laCode, row.childId);
  if (active && active.id !== existing?.id)
    return refused(
      409,
      'event.type',
      `This child already has an active EHC plan (issued ${active.issuedOn}): a child has one plan at a time`,
    );
  const planId =
    existing?.id ?? (await repo.insertDraftPlan(tx, laCode, { childId: row.childId, requestId: row.id }));
  await repo.updatePlan(tx, laCode, planId, {
    status: 'active',
    draftedOn: null,
    issuedOn: plan.issuedOn,
    placement: state.placement,
    transferred: { lastReviewedOn: plan.lastReviewedOn, transferredInOn: state.facts.transferredOn },
  });
  await refreshPlanDates(tx, laCode, ctx.today, [planId]);
  return undefined;
}

/** Who made the request, as the events now say (a correction of the first event can change it). */
function replayedSource(history: readonly RecordedEvent[]): string | undefined {
  const corrected = new Set(history.flatMap((e) => (e.corrects ? [e.corrects] : [])));
  const received = history
    .filter((e) => !corrected.has(e.id))
    .find((e) => e.body.type === 'request-received');
  return received?.body.type === 'request-received' ? received.body.source : undefined;
}

/**
 * Brings a request's plan in line with its events, for a request recorded before the plan was
 * kept from the decision to issue.
 */
export async function syncPlanOf(tx: Tx, ctx: EhcContext, row: repo.RequestRow): Promise<void> {
  const state = replay(await repo.eventsOf(tx, ctx.principal.laCode, row.id));
  await syncPlan(tx, ctx, row, state);
}

/** Gives a request to a caseworker, or takes it back to be allocated. */
export function allocate(ctx: EhcContext, id: string, coordinatorId: string | null): Promise<EhcChange> {
  requirePermission(ctx, 'ehc:allocate');
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    if (!isUuid(id)) throw noSuchRequest();
    const row = await repo.findRequest(tx, laCode, id, { forUpdate: true });
    if (!row) throw noSuchRequest();
    if (coordinatorId && !(await isCaseworker(tx, coordinatorId)))
      return auditedRefusal(
        tx,
        ctx,
        { requestId: id, childId: row.childId },
        refused(
          400,
          'coordinatorId',
          'The coordinator must be an active EHC coordinator or SEND team manager in your LA',
        ),
      );
    await repo.setCoordinator(tx, laCode, id, coordinatorId, ctx.now);
    await audit(tx, ctx, {
      action: 'ehc.request.allocated',
      entityType: 'ehc_request',
      entityId: id,
      childId: row.childId,
      detail: { from: row.coordinatorId, to: coordinatorId },
    });
    return { ok: true, request: await viewOf(tx, ctx, id) };
  });
}

/** The child a request is being opened for, if the person may open one: for the form's heading. */
export function childForNewRequest(ctx: EhcContext, childId: string): Promise<ChildIdentity | undefined> {
  requirePermission(ctx, 'ehc:write');
  return transaction(ctx, async (tx) => {
    if (!isUuid(childId)) return undefined;
    const [child] = await childIdentities(tx, ctx.principal.laCode, [childId]);
    if (child)
      await audit(tx, ctx, {
        action: 'ehc.request.form-opened',
        entityType: 'child',
        entityId: child.id,
        childId: child.id,
      });
    return child;
  });
}
