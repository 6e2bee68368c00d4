import {
  closuresBetween,
  deadlineRows,
  type EventBody,
  type Placement,
  type RecordedEvent,
  type RequestSummary,
  replay,
  requestSummaryColumns,
  summarise,
  type Term,
} from '../modules/ehc/index.ts';
import { englandAndWalesCalendar } from '../platform/kernel/bank-holidays.ts';
import type { IsoDate } from '../platform/kernel/dates.ts';
import { addDays } from '../platform/kernel/days.ts';
import { englishLas } from '../platform/kernel/english-las.ts';
import type { SenType } from '../platform/kernel/sen2.ts';
import type { ChildRow, EstablishmentRow } from './generate.ts';
import { type PlanSectionRow, planSectionsFor, type SettingKind } from './plan-sections.ts';
import type { Prng } from './prng.ts';
import type { EhcStaff } from './staff.ts';

/**
 * Three years of EHC needs assessments for a generated LA, as its caseworkers would have
 * recorded them: every request's steps as events, cut off at today, so some are open at each
 * stage. The proportions follow Norfolk's and the national figures: about a fifth of requests
 * refused, a few assessments ending without a plan, 56.3% of new plans issued within 20 weeks
 * excluding exceptions (Norfolk 2024), a few exceptions, mediation and appeals. Every request's
 * stored summary and deadlines come from the same engine the service uses.
 */

export interface EhcPlanOptions {
  laCode: string;
  laName: string;
  requestsPerYear: number;
  today: IsoDate;
  /** Who records the LA's EHC work: each request has a coordinator; managers record some decisions. */
  staff: EhcStaff;
  /** Write the sections of plans made through a request (the demo; the national set leaves them out). */
  planSections?: { needs: ReadonlyMap<string, readonly SenType[]> };
}

export type RequestRow = {
  id: string;
  la_code: string;
  child_id: string;
  source: string;
  coordinator_id: string | null;
  allocated_at: string | null;
  is_demo: boolean;
} & ReturnType<typeof requestSummaryColumns>;
export interface EventRow {
  id: string;
  la_code: string;
  request_id: string;
  seq: number;
  type: string;
  body: string;
  recorded_at: string;
  recorded_by: string | null;
}
export type DeadlineRow = ReturnType<typeof deadlineRows>[number];
export interface PlanRow {
  id: string;
  la_code: string;
  child_id: string;
  request_id: string | null;
  status: string;
  drafted_on: string | null;
  issued_on: string | null;
  last_reviewed_on: string | null;
  ended_on: string | null;
  establishment_id: string | null;
  setting_name: string | null;
  provision: string | null;
  /** The day a plan from another LA became this LA's. */
  transferred_in_on: string | null;
  /** What the review rules make of the plan's dates, as the service stores them: see reviews.ts. */
  next_review_due: string | null;
  phase_year: number | null;
  phase_transfer_to: string | null;
  phase_transfer_deadline: string | null;
  cease_reason: string | null;
  plan_version: number;
}

/** A plan's columns that only its reviews change: as a plan stands when first issued. */
export const asFirstIssued = {
  next_review_due: null,
  phase_year: null,
  phase_transfer_to: null,
  phase_transfer_deadline: null,
  cease_reason: null,
  plan_version: 1,
} as const;
export interface TermRow {
  la_code: string;
  name: string;
  starts_on: string;
  ends_on: string;
}

export interface LetterSettingsRow {
  la_code: string;
  service_name: string;
  address: string;
  phone: string;
  email: string;
  website: string;
  ias_name: string;
  ias_phone: string;
  ias_website: string;
  mediation_name: string;
  mediation_phone: string;
  mediation_email: string;
  disagreement_name: string;
  disagreement_phone: string;
}

export interface GeneratedEhc {
  terms: TermRow[];
  requests: RequestRow[];
  events: EventRow[];
  deadlines: DeadlineRow[];
  plans: PlanRow[];
  sections: PlanSectionRow[];
  letterSettings: LetterSettingsRow;
}

/**
 * An LA's letter details. Phone numbers are from Ofcom's range kept for drama (01632 960xxx) and
 * addresses use example domains, so no demo letter points at a real service.
 */
export function demoLetterSettings(laCode: string, laName: string): LetterSettingsRow {
  const place = laName.replace(/\s*\(demo\)$/, '');
  const slug = place
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    la_code: laCode,
    service_name: 'Special Educational Needs and Disabilities (SEND) Service',
    address: `County Hall\n${place}`,
    phone: '01632 960100',
    email: `send@${slug}.example.org`,
    website: `https://localoffer.${slug}.example.org`,
    ias_name: `${place} SEND Information, Advice and Support Service`,
    ias_phone: '01632 960200',
    ias_website: `https://sendiass.${slug}.example.org`,
    mediation_name: 'Independent SEND Mediation (demo)',
    mediation_phone: '01632 960300',
    mediation_email: 'mediation@example.org',
    disagreement_name: 'Independent SEND Disagreement Resolution (demo)',
    disagreement_phone: '01632 960400',
  };
}

/** Terms much as English LAs set them: autumn, spring and summer, with Easter moving spring's end. */
export function termsAround(laCode: string, fromYear: number, toYear: number): TermRow[] {
  const out: TermRow[] = [];
  for (let y = fromYear; y <= toYear; y++) {
    out.push({ la_code: laCode, name: `Spring ${y}`, starts_on: `${y}-01-06`, ends_on: `${y}-03-27` });
    out.push({ la_code: laCode, name: `Summer ${y}`, starts_on: `${y}-04-13`, ends_on: `${y}-07-21` });
    out.push({ la_code: laCode, name: `Autumn ${y}`, starts_on: `${y}-09-03`, ends_on: `${y}-12-18` });
  }
  return out;
}

const sources = { parent: 48, school: 38, health: 5, 'social-care': 4, 'young-person': 2, other: 3 } as const;
const adviceKinds = ['educational', 'psychological', 'health', 'social-care'] as const;
const refusalReasons = [
  'The evidence shows the school can meet the needs from its own resources at SEN Support, with the graduated approach reviewed termly.',
  'There is not yet evidence of a plan, do, review cycle over time; the LA recommends a further cycle with the advice of the specialist teacher.',
  'The child is making expected progress with the support in place; the LA will reconsider with new evidence.',
];
const exceptionEvidence = {
  c: 'Bereavement in the family; the parent asked for a pause, confirmed by email.',
  d: 'Family abroad for a period of more than 4 weeks; dates confirmed by the parent in writing.',
};

/** What kind of setting a plan's provision is written for. */
export function settingKindOf(e: EstablishmentRow | undefined): SettingKind {
  if (!e) return 'none';
  if (e.setting_kind === 'post_16') return 'college';
  if (e.setting_kind === 'early_years') return 'earlyYears';
  if (e.is_special || e.setting_kind === 'alternative_provision') return 'special';
  return e.has_sen_unit || e.has_resourced_provision ? 'unit' : 'mainstream';
}

export function provisionOf(e: EstablishmentRow | undefined): Placement['provision'] {
  if (!e) return 'other';
  if (e.is_special) return e.setting_kind === 'independent' ? 'independent' : 'special';
  if (e.has_sen_unit) return 'sen-unit';
  if (e.has_resourced_provision) return 'resourced-provision';
  return e.setting_kind === 'school' ? 'mainstream' : 'other';
}

interface Story {
  kind: 'new' | 'reassessment' | 'transfer-in';
  received: IsoDate;
  events: EventBody[];
  /** When the plan this request leads to is issued (or transferred), if it is by today. */
  planFrom: IsoDate | null;
}

function newRequestStory(rng: Prng, received: IsoDate, placement: Placement): Story {
  const at = (d: number) => addDays(received, d);
  const events: EventBody[] = [
    {
      type: 'request-received',
      on: received,
      kind: 'new',
      source: rng.weighted(sources),
      requestedBy: rng.pick(['Parent', 'Head of SEN', 'SENCo', 'Community paediatrician', 'Social worker']),
      consent: true,
    },
  ];
  const assessDay = rng.chance(0.87) ? rng.int(24, 42) : rng.int(43, 75);
  if (rng.chance(0.22)) {
    events.push({
      type: 'assessment-decided',
      on: at(assessDay),
      outcome: 'refuse',
      reasons: rng.pick(refusalReasons),
    });
    if (rng.chance(0.25)) {
      const cert = assessDay + rng.int(25, 50);
      events.push({ type: 'mediation-certificate', on: at(cert), decision: 'refuse-to-assess' });
      if (rng.chance(0.5))
        events.push({ type: 'appeal-lodged', on: at(cert + rng.int(10, 28)), decision: 'refuse-to-assess' });
    } else if (rng.chance(0.08))
      events.push({
        type: 'appeal-lodged',
        on: at(assessDay + rng.int(20, 55)),
        decision: 'refuse-to-assess',
      });
    return { kind: 'new', received, events, planFrom: null };
  }
  events.push({ type: 'assessment-decided', on: at(assessDay), outcome: 'assess', reasons: '' });

  // The day the final plan is issued: within 20 weeks for 57% of those without an exception, which
  // comes out near Norfolk's 56.3% once late decisions to assess push a few past 20 weeks.
  const excepted = rng.chance(0.045);
  const onTime = !excepted && rng.chance(0.57);
  let finalDay = onTime
    ? rng.int(Math.min(120, assessDay + 60), 140)
    : rng.chance(0.8)
      ? rng.int(141, 300)
      : rng.chance(0.7)
        ? rng.int(301, 364)
        : rng.int(365, 480);
  // The decision to issue leaves time for the draft and its 15 days of comment before the final plan.
  const issueDay = Math.max(assessDay + 30, Math.min(Math.round(finalDay * 0.72), finalDay - 25));
  const kinds = rng.chance(0.6) ? adviceKinds : adviceKinds.slice(0, 3);
  for (const [i, kind] of kinds.entries()) {
    const sent = assessDay + rng.int(1, 5);
    const late = onTime ? rng.chance(0.12) : rng.chance(0.55);
    const received_ = Math.min(issueDay - 1, sent + (late ? rng.int(43, 100) : rng.int(20, 42)));
    const adviceId = `advice-${i + 1}`;
    events.push({
      type: 'advice-requested',
      on: at(sent),
      adviceId,
      kind,
      adviser: {
        educational: 'School',
        psychological: 'Educational psychology service',
        health: 'Community paediatrics',
        'social-care': "Children's services",
      }[kind],
      fromSchool: kind === 'educational',
      fromEarlyYears: false,
    });
    events.push({ type: 'advice-received', on: at(Math.max(sent, received_)), adviceId });
  }
  if (excepted) {
    const reason = rng.chance(0.7) ? 'c' : 'd';
    const from = assessDay + rng.int(10, 40);
    events.push({
      type: 'exception-recorded',
      exception: {
        reason,
        from: at(from),
        to: at(from + rng.int(29, 60)),
        evidence: exceptionEvidence[reason],
      },
    });
    finalDay = Math.max(finalDay, rng.int(150, 230));
  }
  if (rng.chance(0.06)) {
    events.push({
      type: 'issue-decided',
      on: at(rng.chance(0.8) ? rng.int(85, 112) : rng.int(113, 150)),
      outcome: 'not-issue',
      reasons:
        'The assessment shows the needs can be met from the resources available to mainstream schools, with the advice received.',
    });
    return { kind: 'new', received, events, planFrom: null };
  }
  events.push({ type: 'issue-decided', on: at(issueDay), outcome: 'issue', reasons: '' });
  const draftDay = issueDay + rng.int(2, 8);
  events.push({ type: 'draft-served', on: at(draftDay) });
  const consulted = rng.chance(0.7) ? 1 : 2;
  for (let i = 0; i < consulted; i++) {
    const sent = draftDay + rng.int(1, 3);
    const id = `consultation-${i + 1}`;
    events.push({
      type: 'setting-consulted',
      on: at(sent),
      consultationId: id,
      settingName: i === 0 ? placement.settingName : 'Another school',
    });
    events.push({
      type: 'consultation-answered',
      on: at(sent + (rng.chance(0.7) ? rng.int(5, 15) : rng.int(16, 40))),
      consultationId: id,
      outcome: i === 0 ? 'can-meet-needs' : 'cannot-meet-needs',
    });
  }
  const commented = rng.chance(0.85);
  if (commented)
    events.push({
      type: 'comments-received',
      on: at(draftDay + rng.int(5, 14)),
      preferredSetting: placement.settingName,
    });
  finalDay = Math.max(finalDay, draftDay + 15);
  events.push({ type: 'final-issued', on: at(finalDay), placement });
  if (rng.chance(0.05)) {
    const cert = finalDay + rng.int(20, 45);
    events.push({ type: 'mediation-certificate', on: at(cert), decision: 'final-plan' });
    if (rng.chance(0.4))
      events.push({ type: 'appeal-lodged', on: at(cert + rng.int(5, 25)), decision: 'final-plan' });
  } else if (rng.chance(0.04))
    events.push({ type: 'appeal-lodged', on: at(finalDay + rng.int(20, 55)), decision: 'final-plan' });
  return { kind: 'new', received, events, planFrom: at(finalDay) };
}

function reassessmentStory(rng: Prng, received: IsoDate, placement: Placement): Story {
  const at = (d: number) => addDays(received, d);
  const finalDay = rng.chance(0.6) ? rng.int(70, 98) : rng.int(99, 200);
  const draftDay = finalDay - rng.int(16, 30);
  const events: EventBody[] = [
    {
      type: 'request-received',
      on: received,
      kind: 'reassessment',
      source: rng.chance(0.5) ? 'school' : 'parent',
      requestedBy: 'SENCo',
      consent: true,
    },
    {
      type: 'advice-requested',
      on: at(3),
      adviceId: 'advice-1',
      kind: 'psychological',
      adviser: 'Educational psychology service',
      fromSchool: false,
      fromEarlyYears: false,
    },
    { type: 'advice-received', on: at(Math.min(draftDay - 8, rng.int(30, 60))), adviceId: 'advice-1' },
    { type: 'issue-decided', on: at(draftDay - 5), outcome: 'issue', reasons: '' },
    { type: 'draft-served', on: at(draftDay) },
    { type: 'final-issued', on: at(finalDay), placement },
  ];
  return { kind: 'reassessment', received, events, planFrom: at(finalDay) };
}

/**
 * A plan moving in from another LA (reg 15): the old LA learns of the move, sometimes in good time
 * (the plan then transfers on the day of the move), and tells this LA; the plan it made years ago,
 * perhaps reviewed since, transfers, mostly in time, and the family is told.
 */
function transferStory(rng: Prng, received: IsoDate, laCode: string, placement: Placement): Story {
  const aware = addDays(received, -rng.int(0, 8));
  const inGoodTime = rng.chance(0.35);
  const moved = addDays(aware, inGoodTime ? rng.int(25, 45) : rng.int(0, 14));
  const onTime = rng.chance(0.7);
  const transferredBy = inGoodTime ? moved : addDays(aware, 18);
  const transferred = [
    received,
    onTime ? addDays(transferredBy, -rng.int(0, 3)) : addDays(transferredBy, rng.int(1, 25)),
  ].sort()[1] as IsoDate;
  const planIssuedOn = addDays(transferred, -rng.int(200, 1500));
  const reviewed = addDays(planIssuedOn, rng.int(330, 370));
  const previousLaCode = rng.pick([...englishLas.keys()].filter((code) => code !== laCode));
  return {
    kind: 'transfer-in',
    received,
    events: [
      {
        type: 'request-received',
        on: received,
        kind: 'transfer-in',
        source: 'other',
        requestedBy: englishLas.get(previousLaCode) ?? 'Previous LA',
        consent: true,
        transfer: { previousLaCode, oldLaAwareOn: aware, movedOn: moved },
      },
      {
        type: 'plan-transferred',
        on: transferred,
        planIssuedOn,
        lastReviewedOn: reviewed < transferred ? reviewed : null,
        placement,
      },
      { type: 'family-told-of-transfer', on: addDays(transferred, rng.int(3, 40)) },
    ],
    planFrom: transferred,
  };
}

const dateOf = (b: EventBody) => (b.type === 'exception-recorded' ? b.exception.from : b.on);

/** Cuts a story at today: what has happened by now is recorded; the rest has not happened yet. */
/**
 * A decision or draft recorded when a final plan could no longer follow by the statutory date
 * says when the LA now expects to issue it, as the service asks: here, the day it was in fact
 * issued, or 15 days on if later.
 */
function expecting(story: Story): Story {
  const due = addDays(story.received, story.kind === 'reassessment' ? 98 : 140);
  const final = story.events.find((e) => e.type === 'final-issued')?.on;
  for (const e of story.events) {
    const promises =
      (e.type === 'assessment-decided' && e.outcome === 'assess') ||
      (e.type === 'issue-decided' && e.outcome === 'issue') ||
      e.type === 'draft-served';
    if (!promises) continue;
    const earliest = addDays(e.on, 15);
    if (earliest > due) e.expectedFinalOn = final && final > earliest ? final : earliest;
  }
  return story;
}

function cut(story: Story, today: IsoDate): Story {
  const events = story.events
    .filter((b) => dateOf(b) <= today)
    .sort((a, b) => (dateOf(a) < dateOf(b) ? -1 : dateOf(a) > dateOf(b) ? 1 : 0));
  return { ...story, events, planFrom: story.planFrom && story.planFrom <= today ? story.planFrom : null };
}

export function generateEhc(
  options: EhcPlanOptions,
  children: readonly ChildRow[],
  planChildren: number,
  establishments: readonly EstablishmentRow[],
  rng: Prng,
): GeneratedEhc {
  const { laCode, today } = options;
  const fromDay = addDays(today, -3 * 365);
  const terms = termsAround(laCode, Number(fromDay.slice(0, 4)), Number(today.slice(0, 4)) + 1);
  const engine = {
    today,
    calendar: englandAndWalesCalendar,
    closures: closuresBetween(terms.map((t): Term => ({ startsOn: t.starts_on, endsOn: t.ends_on }))),
  };
  const byId = new Map(establishments.map((e) => [e.id, e]));
  // The first planChildren children have plans today; the rest are on SEN Support.
  const withPlan = children.slice(0, planChildren);
  const without = children.slice(planChildren);
  let nextWithPlan = 0;
  let nextWithout = 0;
  const out: GeneratedEhc = {
    terms,
    requests: [],
    events: [],
    deadlines: [],
    plans: [],
    sections: [],
    letterSettings: demoLetterSettings(laCode, options.laName),
  };
  const writeSections = (
    planId: string,
    planChild: ChildRow,
    writtenOn: IsoDate,
    complete: boolean,
    writers: { coordinator: string | null; manager: string | null },
  ) => {
    if (!options.planSections) return;
    out.sections.push(
      ...planSectionsFor(
        { laCode, planId, writtenOn, complete, writers },
        {
          forename: planChild.forename,
          sex: planChild.sex,
          dateOfBirth: planChild.date_of_birth,
          needs: options.planSections.needs.get(planChild.id) ?? [],
          setting: settingKindOf(
            planChild.establishment_id ? byId.get(planChild.establishment_id) : undefined,
          ),
        },
        rng,
      ),
    );
  };
  const withRequestPlan = new Set<string>();
  // A plan still arriving from another LA, or being re-assessed, shapes what came before.
  const transferring = new Set<string>();
  const reassessed = new Map<string, IsoDate>();

  const total = options.requestsPerYear * 3;
  for (let i = 0; i < total; i++) {
    const received = addDays(fromDay, Math.floor((i * 3 * 365) / total) + rng.int(0, 2));
    if (received > today) continue;
    const roll = rng.next();
    const kind = roll < 0.03 ? 'reassessment' : roll < 0.06 ? 'transfer-in' : 'new';
    const placementFor = (child: ChildRow | undefined): Placement => {
      const e = child?.establishment_id ? byId.get(child.establishment_id) : undefined;
      return {
        establishmentId: e?.id ?? null,
        settingName: e?.name ?? 'Education otherwise than in school',
        provision: provisionOf(e),
      };
    };
    let story: Story;
    let child: ChildRow | undefined;
    if (kind === 'new') {
      // Whether the child has a plan today decides which children it can be.
      const candidate = withPlan[nextWithPlan] ?? without[nextWithout];
      story = cut(expecting(newRequestStory(rng, received, placementFor(candidate))), today);
      child = story.planFrom ? withPlan[nextWithPlan++] : without[nextWithout++];
      if (child && story.planFrom) {
        const finalIssued = story.events.find((e) => e.type === 'final-issued');
        if (finalIssued?.type === 'final-issued') finalIssued.placement = placementFor(child);
      }
    } else {
      child = withPlan[nextWithPlan++];
      story = cut(
        kind === 'reassessment'
          ? expecting(reassessmentStory(rng, received, placementFor(child)))
          : transferStory(rng, received, laCode, placementFor(child)),
        today,
      );
    }
    if (!child) break;
    if (kind === 'transfer-in' && !story.planFrom) transferring.add(child.id);
    if (kind === 'reassessment' && story.planFrom) reassessed.set(child.id, story.planFrom);

    const requestId = rng.uuid();
    const recorded: RecordedEvent[] = story.events.map((body) => ({ id: rng.uuid(), corrects: null, body }));
    const state = replay(recorded);
    const facts = state.facts;
    if (!facts) continue;
    const summary: RequestSummary = summarise(facts, engine);
    // Requests are shared among the coordinators in turn as they arrive.
    const { coordinators, managers } = options.staff;
    const coordinator = coordinators[out.requests.length % coordinators.length] ?? null;
    const manager = managers.length ? rng.pick(managers) : null;
    out.requests.push({
      id: requestId,
      la_code: laCode,
      child_id: child.id,
      source: story.events[0]?.type === 'request-received' ? story.events[0].source : 'other',
      coordinator_id: coordinator,
      // Given to its coordinator the working morning after it arrived.
      allocated_at: coordinator ? `${addDays(received, 1)}T09:30:00Z` : null,
      ...requestSummaryColumns(summary),
      is_demo: true,
    });
    // Each step is recorded on the day it happened, in working hours, one after another; the
    // coordinator records most, and the manager many of the decisions, taken at panel. Times
    // are built as text, not through Date, which costs seconds over the national set's millions.
    let lastDay = '';
    let lastMinute = 0;
    for (const [seq, e] of recorded.entries()) {
      const day = dateOf(e.body);
      let minute = rng.int(9 * 60, 17 * 60 - 1);
      if (day === lastDay && minute <= lastMinute) minute = Math.min(lastMinute + 7, 24 * 60 - 1);
      lastDay = day;
      lastMinute = minute;
      const decision = e.body.type === 'assessment-decided' || e.body.type === 'issue-decided';
      out.events.push({
        id: e.id,
        la_code: laCode,
        request_id: requestId,
        seq: seq + 1,
        type: e.body.type,
        body: JSON.stringify(e.body),
        recorded_at: `${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`,
        recorded_by: decision && manager && rng.chance(0.6) ? manager : coordinator,
      });
    }
    out.deadlines.push(...deadlineRows(laCode, requestId, summary.stored, state.subjects));
    const issueDecided = story.events.find((e) => e.type === 'issue-decided');
    const drafted = story.events.find((e) => e.type === 'draft-served');
    const draftedOn = drafted?.type === 'draft-served' ? drafted.on : null;
    const decidedToIssue = issueDecided?.type === 'issue-decided' && issueDecided.outcome === 'issue';
    // A plan follows a request that issued one, or one decided to issue whose draft is still being
    // written or is with the family.
    if (story.planFrom || decidedToIssue) {
      const placement = story.planFrom ? placementFor(child) : null;
      const planId = rng.uuid();
      // A transferred plan is this LA's from the transfer, treated as made on its original date.
      const transferredPlan = state.transferredPlan;
      out.plans.push({
        id: planId,
        la_code: laCode,
        child_id: child.id,
        request_id: requestId,
        status: story.planFrom ? 'active' : 'draft',
        drafted_on: transferredPlan ? null : story.planFrom ? (draftedOn ?? story.planFrom) : draftedOn,
        issued_on: transferredPlan?.issuedOn ?? story.planFrom,
        last_reviewed_on: transferredPlan?.lastReviewedOn ?? null,
        ended_on: null,
        establishment_id: placement?.establishmentId ?? null,
        setting_name: placement?.settingName ?? null,
        provision: placement?.provision ?? null,
        transferred_in_on: transferredPlan ? story.planFrom : null,
        ...asFirstIssued,
      });
      if (story.planFrom) withRequestPlan.add(child.id);
      // Writing starts a few days after the decision, but not after today.
      const started = [addDays(issueDecided?.on ?? received, 3), today].sort()[0] ?? today;
      const writtenOn = draftedOn ?? story.planFrom ?? started;
      if (kind !== 'transfer-in')
        writeSections(planId, child, writtenOn, story.planFrom !== null || draftedOn !== null, {
          coordinator,
          manager,
        });
    }
  }

  // Plans made before these three years, for every other child with a plan.
  for (const child of withPlan) {
    const replacedOn = reassessed.get(child.id);
    if ((withRequestPlan.has(child.id) && !replacedOn) || transferring.has(child.id)) continue;
    const e = child.establishment_id ? byId.get(child.establishment_id) : undefined;
    const earliest = child.date_of_birth > '2014-09-01' ? addDays(child.date_of_birth, 700) : '2014-09-01';
    const span = Math.max(1, Math.round((Date.parse(fromDay) - Date.parse(earliest)) / 86_400_000));
    const issued = addDays(earliest, rng.int(0, span));
    out.plans.push({
      id: rng.uuid(),
      la_code: laCode,
      child_id: child.id,
      request_id: null,
      last_reviewed_on: null,
      status: replacedOn ? 'replaced' : 'active',
      drafted_on: addDays(issued, -rng.int(20, 40)),
      issued_on: issued,
      ended_on: replacedOn ?? null,
      establishment_id: e?.id ?? null,
      setting_name: e?.name ?? 'Education otherwise than in school',
      provision: provisionOf(e),
      transferred_in_on: null,
      ...asFirstIssued,
    });
  }
  return out;
}
