import {
  type AppealConclusion,
  applyReviewEvent,
  type CeaseReason,
  nextReviewStep,
  type PhaseTo,
  type Placement,
  phaseTransferOf,
  type ReviewEventBody,
  type ReviewFacts,
  type ReviewKind,
  type ReviewOutcome,
  type ReviewSubject,
  reviewClosedOn,
  reviewDeadlines,
  reviewDue,
  reviewFacts,
  reviewRefusal,
  reviewStageOf,
  type SettingPhase,
} from '../modules/ehc/index.ts';
import { englandAndWalesCalendar } from '../platform/kernel/bank-holidays.ts';
import { academicYearStart, ageOn, type IsoDate } from '../platform/kernel/dates.ts';
import { addDays, dayNumber } from '../platform/kernel/days.ts';
import type { SenType } from '../platform/kernel/sen2.ts';
import { asFirstIssued, type GeneratedEhc, type PlanRow, provisionOf, settingKindOf } from './ehc.ts';
import type { ChildRow, EstablishmentRow } from './generate.ts';
import { type PlanSectionRow, planSectionsFor } from './plan-sections.ts';
import type { Prng } from './prng.ts';
import type { EhcStaff } from './staff.ts';

/**
 * Three years of annual and phase-transfer reviews of a generated LA's EHC plans, as its
 * coordinators would have recorded them: each review's steps as events, each checked by the
 * review rules against those before it, cut off at today, so some reviews are open at every
 * stage. Each plan's review due date, last review and coming phase transfer are what the review
 * rules make of its dates. The shares follow Norfolk's 2024 figures (DfE SEN2): 10,015 reviews
 * expected and 9,145 meetings; of the decisions 31.6% to amend, 67.4% to maintain and 1.0% to
 * cease; 52.8% of decisions within 4 weeks of the meeting.
 */

export interface ReviewOptions {
  laCode: string;
  today: IsoDate;
  staff: EhcStaff;
  /** Write the amended sections' text (the demo); the national set proposes changes in a line each. */
  planSections?: { needs: ReadonlyMap<string, readonly SenType[]> };
}

export interface ReviewRow {
  id: string;
  la_code: string;
  plan_id: string;
  child_id: string;
  kind: ReviewKind;
  starts_on: string;
  due_on: string;
  phase_transfer_to: PhaseTo | null;
  phase_transfer_deadline: string | null;
  establishment_id: string | null;
  coordinator_id: string | null;
  stage: string;
  meeting_on: string | null;
  held_on: string | null;
  report_on: string | null;
  decided_on: string | null;
  outcome: ReviewOutcome | null;
  amendments_proposed_on: string | null;
  amended_on: string | null;
  ceased_on: string | null;
  next_due_on: string | null;
  next_due_step: string | null;
  closed_on: string | null;
  is_demo: boolean;
  created_at: string;
  updated_at: string;
}

export interface ReviewEventRow {
  id: string;
  la_code: string;
  review_id: string;
  seq: number;
  type: string;
  body: string;
  recorded_at: string;
  recorded_by: string | null;
}

export interface ReviewDeadlineRow {
  la_code: string;
  review_id: string;
  step: string;
  owner: string;
  starts_on: string;
  due_on: string;
  deadline: string | null;
  done_on: string | null;
}

export interface PlanVersionRow {
  la_code: string;
  plan_id: string;
  number: number;
  issued_on: string;
  review_id: string;
  /** The version of each section the amended plan is made of, the first version being the plan as issued. */
  sections: string;
  setting_name: string | null;
  recorded_at: string;
  recorded_by: string | null;
}

export interface GeneratedReviews {
  reviews: ReviewRow[];
  events: ReviewEventRow[];
  deadlines: ReviewDeadlineRow[];
  versions: PlanVersionRow[];
  /** Children whose plan ceased for a reason that leaves them no special educational provision. */
  leftProvision: ReadonlySet<string>;
}

const calendar = englandAndWalesCalendar;

/** Calibrated on the demo LA so that the figures below come out near Norfolk's (see reviews.test.ts). */
const shares = {
  /** Of decisions, those within 4 weeks of the meeting: a little over Norfolk's 52.8%, as the slowest of the last months are still to come. */
  decisionWithin4Weeks: 0.515,
  /** An annual review that amends the plan; every phase transfer amends it too, bringing the whole to about 30%. */
  annualAmend: 0.235,
  /** Of decisions, to cease the plan. */
  cease: 0.012,
  /** Of decisions to cease, those the family appeals. */
  appealed: 0.15,
  /** Of amendments, those the family makes representations on. */
  representations: 0.3,
  /** Of amended plans, those issued within 8 weeks of the proposed amendments. */
  amendedInTime: 0.85,
};

/** The sections a review most often changes: the outcomes and provision, then the needs and views. */
const amendedSectionChances: [string, number][] = [
  ['A', 0.2],
  ['B', 0.35],
  ['C', 0.05],
  ['E', 0.85],
  ['F', 0.7],
  ['G', 0.05],
];
const phaseTransferSections = ['A', 'B', 'E', 'F'];

const sectionSummaries: Record<string, string> = {
  A: 'Views, interests and aspirations brought up to date at the review.',
  B: 'Needs as the review found them, with the advice received.',
  C: 'Health needs as the review found them.',
  E: 'New outcomes and the steps towards them for the coming year.',
  F: 'Provision changed to meet the new outcomes.',
  G: 'Health provision as the review agreed it.',
};

const reportViews = [
  'Enjoys school and feels the support helps; would like more time with friends at lunch.',
  'Finds mornings hard and likes the quiet room; wants it to stay.',
  'The family is pleased with progress in reading and worried about the next move.',
  'Says lessons are too noisy at times; the family asks for more speech and language therapy.',
  'Proud of what has been achieved this year; wants to try the after-school club.',
  'The family feels the plan is working and wants it kept as it is.',
];
const reportProgress = [
  'Two of the three outcomes are on track; reading age up by a year.',
  'Steady progress in communication; attendance 94%.',
  'Little progress towards the social outcomes; unstructured times are still hard.',
  'The outcomes for the year are met.',
  'Progress in independence: now travels to school with a buddy.',
  'Behaviour incidents down from weekly to monthly since the new timetable.',
];
const reportChanges: Record<ReviewOutcome, string[]> = {
  maintain: ['No changes: the provision is working.', 'Keep the plan as it is for another year.'],
  amend: [
    'Update the outcomes for the coming year.',
    'Add support from the specialist teacher for autism.',
    'Specify speech and language therapy in hours a term.',
    'Name the setting for next September and plan the move.',
  ],
  cease: ['The needs can be met without the plan.', 'The young person is leaving education.'],
};
const decisionReasons: Record<'maintain' | 'amend' | 'phase', string[]> = {
  maintain: [
    'The plan still describes the needs and the provision that meets them; the outcomes stand for another year.',
    'Good progress towards the outcomes; the provision continues as the plan sets it out.',
  ],
  amend: [
    'The outcomes in section E are met or out of date: new steps, and the provision to reach them, are needed.',
    'The needs have changed since the plan was written: the needs and the provision are to be brought up to date.',
    'The setting’s report recommends changes to the provision, and the LA agrees.',
  ],
  phase: [
    'The plan is amended to name the setting for after the transfer in September, with outcomes for the next phase.',
  ],
};
const ceaseNotices: Record<Exclude<CeaseReason, '5' | '8'>, string> = {
  '1': 'The young person reaches the end of the academic year in which they turn 25.',
  '2': 'The review found the needs can now be met from the resources of the setting at SEN Support.',
  '3': 'The young person has a place in higher education, where an EHC plan does not continue.',
  '4': 'The young person has taken paid employment and is no longer in education or training.',
  '6': 'The young person has told the LA they no longer wish to take part in education or training.',
  '7': 'The family has moved to live outside England.',
  '9': 'The plan is no longer needed, for the reasons the review set out.',
};
const representationSummaries = [
  'The parents ask for speech and language therapy to be specified in hours a term.',
  'The family asks for the outcomes to include independent travel.',
  'The parents ask for a different secondary school to be named.',
  'The young person asks for the college course to be named in section I.',
];
const professionals = [
  'Educational psychologist',
  'Speech and language therapist',
  'Social worker',
  'School nurse',
  'Occupational therapist',
  'Specialist teacher',
];

/** The dates and choices of one review, worked out before its events are written. */
interface Timeline {
  subject: ReviewSubject;
  begin: IsoDate;
  setting: EstablishmentRow | undefined;
  invitedOn: IsoDate;
  firstMeetingOn: IsoDate;
  moved: { on: IsoDate; meetingOn: IsoDate } | null;
  adviceOn: IsoDate;
  heldOn: IsoDate;
  reportOn: IsoDate;
  decidedOn: IsoDate;
  outcome: ReviewOutcome;
  ceaseReason: CeaseReason | null;
  amendment: {
    proposedOn: IsoDate;
    sections: string[];
    representationsOn: IsoDate | null;
    amendedOn: IsoDate;
    placement: Placement | null;
  } | null;
  appeal: { lodgedOn: IsoDate; concludedOn: IsoDate; outcome: AppealConclusion } | null;
  ceasedOn: IsoDate | null;
  /** The day its work ends: the decision, the amended plan, the plan ceasing or kept on appeal. */
  endsOn: IsoDate;
}

interface PlanFacts {
  plan: PlanRow;
  child: ChildRow;
  /** The setting the plan names, or without one the child's: the review rules' setting. */
  setting: EstablishmentRow | undefined;
  coordinator: string | null;
  /** The day a re-assessment's plan replaced this one: its reviews end before it. */
  replacedOn: IsoDate | null;
  /** For a plan that ceases: its first review decided on or after this day decides to cease. */
  ceaseFrom: IsoDate | null;
}

const later = (a: IsoDate, b: IsoDate) => (a >= b ? a : b);
const earlier = (a: IsoDate, b: IsoDate) => (a <= b ? a : b);

/** A setting as the review rules see it, from its register row, as the stored plan dates are worked out. */
const settingPhaseOf = (e: EstablishmentRow | undefined): SettingPhase | null =>
  e && (e.phase || e.setting_kind)
    ? {
        phase: e.phase,
        settingKind: e.setting_kind,
        statutoryLowAge: e.statutory_low_age,
        statutoryHighAge: e.statutory_high_age,
      }
    : null;

export function generateReviews(
  options: ReviewOptions,
  children: readonly ChildRow[],
  establishments: readonly EstablishmentRow[],
  ehc: GeneratedEhc,
  rng: Prng,
): { ehc: GeneratedEhc; reviews: GeneratedReviews } {
  const { laCode, today, staff } = options;
  const fromDay = addDays(today, -3 * 365);
  const thisYear = academicYearStart(today);
  const childById = new Map(children.map((c) => [c.id, c]));
  const estById = new Map(establishments.map((e) => [e.id, e]));
  const coordinatorOfRequest = new Map(ehc.requests.map((r) => [r.id, r.coordinator_id]));
  const sectionVersions = new Map<string, Map<string, number>>();
  for (const s of ehc.sections) {
    const held = sectionVersions.get(s.plan_id) ?? new Map<string, number>();
    held.set(s.section, Math.max(held.get(s.section) ?? 0, s.version));
    sectionVersions.set(s.plan_id, held);
  }
  const destinations = {
    primary: establishments.filter((e) => e.setting_kind === 'school' && e.phase === 'Primary'),
    secondary: establishments.filter((e) => e.setting_kind === 'school' && e.phase === 'Secondary'),
    special: establishments.filter((e) => e.is_special && e.statutory_high_age > 11),
    college: establishments.filter((e) => e.setting_kind === 'post_16'),
  };
  const out: GeneratedReviews & { leftProvision: Set<string> } = {
    reviews: [],
    events: [],
    deadlines: [],
    versions: [],
    leftProvision: new Set(),
  };
  const newSections: PlanSectionRow[] = [];
  let inTurn = 0;
  const nextCoordinator = () => staff.coordinators[inTurn++ % staff.coordinators.length] ?? null;
  // Decisions to cease that, by today, would have ended a plan still in force: plans of children
  // who no longer have one cease instead, so that the active plans stay the LA's number.
  let ceasingsElsewhere = 0;

  /** The setting a child attended in an academic year: today's, if the child was of its ages then. */
  const settingIn = (f: PlanFacts, year: number): EstablishmentRow | undefined => {
    if (year === thisYear || !f.setting) return f.setting;
    const age = ageOn(f.child.date_of_birth, `${year}-08-31`);
    return age >= f.setting.statutory_low_age && age < f.setting.statutory_high_age ? f.setting : undefined;
  };
  const transferIn = (f: PlanFacts, year: number) =>
    phaseTransferOf(f.child.date_of_birth, settingPhaseOf(settingIn(f, year)), `${year}-10-01`);

  /** Where the child goes after the transfer: the setting they attend today if they have moved, else one near home. */
  const destinationOf = (f: PlanFacts, to: PhaseTo, year: number): Placement => {
    const now = f.setting;
    const moved = now && year < thisYear && settingIn(f, year + 1) === now;
    let chosen = moved ? now : undefined;
    if (!chosen) {
      const list =
        to === 'post-16'
          ? destinations.college
          : to === 'school'
            ? destinations.primary
            : now?.is_special
              ? destinations.special
              : destinations.secondary;
      for (let i = 0; i < 6 && list.length; i++) {
        const s = rng.pick(list);
        const d = (s.latitude - f.child.home_latitude) ** 2 + (s.longitude - f.child.home_longitude) ** 2;
        const best = chosen
          ? (chosen.latitude - f.child.home_latitude) ** 2 + (chosen.longitude - f.child.home_longitude) ** 2
          : Number.POSITIVE_INFINITY;
        if (d < best) chosen = s;
      }
    }
    return {
      establishmentId: chosen?.id ?? null,
      settingName: chosen?.name ?? 'Education otherwise than in school',
      provision: provisionOf(chosen),
      startOn: `${year + 1}-09-01`,
    };
  };

  /** When a review begins: 6 to 10 weeks before it is due, mostly; late for some, very late for a few. */
  const beginFor = (due: IsoDate): IsoDate => {
    const r = rng.next();
    if (r < 0.8) return addDays(due, -rng.int(49, 70));
    if (r < 0.91) return addDays(due, -rng.int(8, 41));
    if (r < 0.985) return addDays(due, rng.int(0, 100));
    return addDays(due, rng.int(101, 480));
  };

  /** A phase transfer review begins early in the autumn term, to amend the plan by the deadline; some begin late. */
  const phaseBegin = (year: number, to: PhaseTo): IsoDate =>
    rng.chance(0.85)
      ? addDays(to === 'post-16' ? `${year}-09-15` : `${year}-09-03`, rng.int(0, 55))
      : addDays(`${year}-11-15`, rng.int(0, 90));

  const ceaseReasonFor = (child: ChildRow, on: IsoDate): Exclude<CeaseReason, '5' | '8'> => {
    const age = ageOn(child.date_of_birth, `${academicYearStart(on)}-08-31`);
    if (age >= 24) return '1';
    if (age >= 18) return rng.weighted({ '6': 40, '4': 15, '3': 12, '2': 18, '7': 5, '9': 5 });
    if (age >= 16) return rng.weighted({ '6': 35, '4': 8, '2': 40, '7': 8, '9': 9 });
    return rng.weighted({ '2': 85, '7': 8, '9': 7 });
  };

  /** The last day the family may appeal a decision to cease, as the review rules count it. */
  const appealEnds = (subject: ReviewSubject, heldOn: IsoDate, on: IsoDate, reason: CeaseReason) => {
    const f: ReviewFacts = {
      ...reviewFacts(subject),
      heldOn,
      decision: { on, outcome: 'cease', reasons: '', ceaseReason: reason },
    };
    const window = reviewDeadlines(f, on, calendar).find((d) => d.step === 'appeal-window');
    if (!window) throw new Error('a decision to cease has an appeal window');
    return window.dueOn;
  };

  /**
   * The next review of a plan, from the day the last one's work ended, or null if it has not
   * begun by today (or the plan was replaced first).
   */
  const nextReview = (
    f: PlanFacts,
    dates: { issuedOn: IsoDate; lastReviewedOn: IsoDate | null; transferredInOn: IsoDate | null },
    lastEnded: IsoDate,
    phaseDone: Set<number>,
  ): Timeline | null => {
    const due = reviewDue(dates).dueOn;
    const dayAfter = addDays(lastEnded, 1);
    let begin = later(beginFor(due), dayAfter);
    // A plan made or reviewed within two months of a transfer's deadline was written for the
    // next setting: it has no review for the transfer.
    const tooLate = (deadline: IsoDate) => dayAfter > addDays(deadline, -60);
    // The transfer between phases is reviewed in its own year, before the deadline, whenever the
    // plan's anniversary falls.
    for (let year = academicYearStart(dayAfter); year <= academicYearStart(begin); year++) {
      if (phaseDone.has(year)) continue;
      const coming = transferIn(f, year);
      if (!coming || tooLate(coming.deadline)) continue;
      begin = earlier(begin, later(phaseBegin(year, coming.to), dayAfter));
      break;
    }
    // A review that would fall after the transfer's review, or too late for it, in the same
    // academic year waits for the next one: it would be another review for the same transfer.
    let year = academicYearStart(begin);
    let transfer = transferIn(f, year);
    if (transfer && (phaseDone.has(year) || tooLate(transfer.deadline))) {
      begin = `${year + 1}-09-${String(rng.int(1, 20)).padStart(2, '0')}`;
      year += 1;
      transfer = transferIn(f, year);
    }
    if (begin > today || (f.replacedOn && begin >= f.replacedOn)) return null;
    const setting = settingIn(f, year);
    if (transfer) phaseDone.add(year);
    const kind: ReviewKind = transfer ? 'phase-transfer' : 'annual';
    const startsOn =
      dates.lastReviewedOn && dates.lastReviewedOn > dates.issuedOn ? dates.lastReviewedOn : dates.issuedOn;
    const subject: ReviewSubject = {
      kind,
      planIssuedOn: dates.issuedOn,
      dueOn: due,
      startsOn,
      phaseTransfer: transfer
        ? { to: transfer.to, deadline: transfer.deadline, dueOn: transfer.dueOn }
        : null,
    };

    const invitedOn = rng.chance(0.6) ? begin : addDays(begin, rng.int(1, 5));
    const firstMeetingOn = addDays(invitedOn, rng.chance(0.8) ? rng.int(14, 21) : rng.int(22, 42));
    let meetingOn = firstMeetingOn;
    let moved: Timeline['moved'] = null;
    if (rng.chance(0.05)) {
      const on = addDays(invitedOn, rng.int(0, 10));
      meetingOn = later(addDays(firstMeetingOn, rng.int(7, 28)), addDays(on, 14));
      moved = { on, meetingOn };
    }
    // Advice goes out at least 2 weeks before the meeting, though for some it is late.
    const adviceOn = later(
      addDays(meetingOn, rng.chance(0.85) ? -rng.int(14, 24) : -rng.int(2, 13)),
      moved?.on ?? invitedOn,
    );
    const heldOn = meetingOn;
    const decidedOn = addDays(
      heldOn,
      rng.chance(shares.decisionWithin4Weeks)
        ? rng.int(3, 28)
        : rng.chance(0.6)
          ? rng.int(29, 35)
          : rng.chance(0.75)
            ? rng.int(36, 70)
            : rng.int(71, 150),
    );
    // The setting's report comes within 2 weeks, or late, but before the LA decides on it.
    const reportOn = earlier(addDays(heldOn, rng.chance(0.8) ? rng.int(1, 14) : rng.int(15, 45)), decidedOn);

    const t: Timeline = {
      subject,
      begin,
      setting,
      invitedOn,
      firstMeetingOn,
      moved,
      adviceOn,
      heldOn,
      reportOn,
      decidedOn,
      outcome: 'maintain',
      ceaseReason: null,
      amendment: null,
      appeal: null,
      ceasedOn: null,
      endsOn: decidedOn,
    };

    const ceasing =
      kind === 'annual' &&
      begin >= fromDay &&
      (f.ceaseFrom ? decidedOn >= f.ceaseFrom : rng.chance(shares.cease));
    if (ceasing && ceaseInto(t, f)) return t;
    if (kind === 'phase-transfer' || rng.chance(shares.annualAmend)) {
      // The proposed amendments often go with the decision; for a phase transfer, mostly.
      const proposedOn = addDays(
        decidedOn,
        rng.chance(kind === 'phase-transfer' ? 0.7 : 0.45) ? 0 : rng.int(1, 21),
      );
      const representationsOn = rng.chance(shares.representations)
        ? addDays(proposedOn, rng.int(5, 14))
        : null;
      const amendedOn = addDays(
        proposedOn,
        rng.chance(shares.amendedInTime) ? rng.int(15, 56) : rng.int(57, 120),
      );
      const sections =
        kind === 'phase-transfer'
          ? phaseTransferSections
          : amendedSectionChances.filter(([, p]) => rng.chance(p)).map(([code]) => code);
      t.outcome = 'amend';
      t.amendment = {
        proposedOn,
        sections: sections.length ? sections : ['F'],
        representationsOn,
        amendedOn,
        placement: transfer ? destinationOf(f, transfer.to, year) : null,
      };
      t.endsOn = amendedOn;
    }
    return t;
  };

  /**
   * Makes the review decide to cease the plan, if that can be: a plan that ceases does so by
   * today; one still in force today is still in its appeal period, or is kept by the Tribunal.
   */
  const ceaseInto = (t: Timeline, f: PlanFacts): boolean => {
    const reason = ceaseReasonFor(f.child, t.decidedOn);
    const windowEnds = appealEnds(t.subject, t.heldOn, t.decidedOn, reason);
    let appeal: Timeline['appeal'] = null;
    if (rng.chance(shares.appealed)) {
      const lodgedOn = addDays(t.decidedOn, rng.int(20, 50));
      const concludedOn = addDays(lodgedOn, rng.int(60, 220));
      appeal = {
        lodgedOn,
        concludedOn,
        outcome: rng.weighted<AppealConclusion>({ 'cease-upheld': 45, withdrawn: 20, 'plan-maintained': 35 }),
      };
    }
    let ceasedOn: IsoDate | null = appeal
      ? appeal.outcome === 'plan-maintained'
        ? null
        : addDays(appeal.concludedOn, rng.int(1, 14))
      : addDays(windowEnds, rng.int(1, 21));
    if (f.ceaseFrom) {
      // The plan of a child who no longer has one: it ceased, by today.
      if (appeal && (appeal.outcome === 'plan-maintained' || appeal.concludedOn > today)) appeal = null;
      if (!appeal) ceasedOn = addDays(windowEnds, rng.int(1, 21));
      if (!ceasedOn || ceasedOn > today) return false;
    } else if (ceasedOn && ceasedOn <= today) {
      if (appeal && appeal.concludedOn <= today && rng.chance(0.3)) {
        appeal.outcome = 'plan-maintained';
        ceasedOn = null;
      } else {
        ceasingsElsewhere++;
        return false;
      }
    }
    t.outcome = 'cease';
    t.ceaseReason = reason;
    t.appeal = appeal;
    t.ceasedOn = ceasedOn;
    t.endsOn = ceasedOn ?? appeal?.concludedOn ?? windowEnds;
    return true;
  };

  /** A plan's reviews from its making (or its arrival) to today, those of the last three years written. */
  const reviewPlan = (f: PlanFacts): { plan: PlanRow; ceasedOn: IsoDate | null } | null => {
    const { plan } = f;
    const issuedOn = plan.issued_on as IsoDate;
    const dates = {
      issuedOn,
      lastReviewedOn: plan.last_reviewed_on,
      transferredInOn: plan.transferred_in_on,
    };
    const phaseDone = new Set<number>();
    let lastEnded = later(plan.transferred_in_on ?? issuedOn, plan.last_reviewed_on ?? issuedOn);
    let version = 1;
    let ceasedOn: IsoDate | null = null;
    let ceaseReason: CeaseReason | null = null;
    const written: Timeline[] = [];
    for (;;) {
      const t = nextReview(f, dates, lastEnded, phaseDone);
      if (!t) break;
      // A review still open when a re-assessment's plan replaced the plan ends with it, unwritten.
      if (f.replacedOn && t.endsOn >= f.replacedOn) break;
      if (t.begin >= fromDay) written.push(t);
      if (t.decidedOn > today) break;
      dates.lastReviewedOn = t.decidedOn;
      if (t.endsOn > today) break;
      if (t.ceasedOn) {
        ceasedOn = t.ceasedOn;
        ceaseReason = t.ceaseReason;
        break;
      }
      lastEnded = t.endsOn;
    }
    if (f.ceaseFrom && !ceasedOn) return null;
    for (const t of written) version = writeReview(f, t, version);
    // The dates stored as the review rules work them out: today for a plan in force, the day it
    // was last in force for one replaced or ceased.
    const endedOn = ceasedOn ?? f.replacedOn;
    const asOf = endedOn ? addDays(endedOn, -1) : today;
    const transfer = phaseTransferOf(f.child.date_of_birth, settingPhaseOf(f.setting), asOf);
    return {
      plan: {
        ...plan,
        status: ceasedOn ? 'ceased' : plan.status,
        ended_on: endedOn,
        last_reviewed_on: dates.lastReviewedOn,
        next_review_due: reviewDue(dates).dueOn,
        phase_year: academicYearStart(asOf),
        phase_transfer_to: transfer?.to ?? null,
        phase_transfer_deadline: transfer?.deadline ?? null,
        cease_reason: ceaseReason,
        plan_version: version,
      },
      ceasedOn,
    };
  };

  /** One review's row, events, deadlines and, for an amended plan, its new version. Returns the plan's version after it. */
  const writeReview = (f: PlanFacts, t: Timeline, version: number): number => {
    const reviewId = rng.uuid();
    const bodies = bodiesOf(f, t);
    let facts = reviewFacts(t.subject);
    for (const body of bodies) {
      const refusal = reviewRefusal(facts, body, { status: 'active' }, today, calendar);
      if (refusal)
        throw new Error(`generated review ${reviewId} ${body.type}: ${refusal.field}: ${refusal.message}`);
      facts = applyReviewEvent(facts, body);
    }
    const deadlines = reviewDeadlines(facts, today, calendar);
    const closedOn = reviewClosedOn(facts);
    const next = closedOn ? undefined : nextReviewStep(deadlines);
    const { managers } = staff;
    const manager = managers.length ? rng.pick(managers) : null;
    let lastDay = '';
    let lastMinute = 0;
    let recordedAt = `${t.begin}T09:00:00Z`;
    const recorded: { at: string; by: string | null }[] = [];
    for (const [i, body] of bodies.entries()) {
      let minute = rng.int(9 * 60, 17 * 60 - 1);
      if (body.on === lastDay && minute <= lastMinute) minute = Math.min(lastMinute + 7, 24 * 60 - 1);
      lastDay = body.on;
      lastMinute = minute;
      recordedAt = `${body.on}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`;
      const by = body.type === 'decided' && manager && rng.chance(0.6) ? manager : f.coordinator;
      recorded.push({ at: recordedAt, by });
      out.events.push({
        id: rng.uuid(),
        la_code: laCode,
        review_id: reviewId,
        seq: i + 1,
        type: body.type,
        body: JSON.stringify(body),
        recorded_at: recordedAt,
        recorded_by: by,
      });
    }
    out.reviews.push({
      id: reviewId,
      la_code: laCode,
      plan_id: f.plan.id,
      child_id: f.child.id,
      kind: t.subject.kind,
      starts_on: t.subject.startsOn,
      due_on: t.subject.dueOn,
      phase_transfer_to: t.subject.phaseTransfer?.to ?? null,
      phase_transfer_deadline: t.subject.phaseTransfer?.deadline ?? null,
      establishment_id: t.setting?.id ?? null,
      coordinator_id: f.coordinator,
      stage: reviewStageOf(facts),
      meeting_on: facts.meetingOn,
      held_on: facts.heldOn,
      report_on: facts.report?.on ?? null,
      decided_on: facts.decision?.on ?? null,
      outcome: facts.decision?.outcome ?? null,
      amendments_proposed_on: facts.proposed?.on ?? null,
      amended_on: facts.amended?.on ?? null,
      ceased_on: facts.ceasedOn,
      next_due_on: next?.dueOn ?? null,
      next_due_step: next?.step ?? null,
      closed_on: closedOn,
      is_demo: true,
      created_at: `${t.begin}T09:00:00Z`,
      updated_at: recordedAt,
    });
    for (const d of deadlines)
      out.deadlines.push({
        la_code: laCode,
        review_id: reviewId,
        step: d.step,
        owner: d.owner,
        starts_on: d.startsOn,
        due_on: d.dueOn,
        deadline: d.deadline,
        done_on: d.doneOn,
      });
    if (!facts.amended || !facts.proposed) return version;

    // The amended plan: a new version of each section changed, the rest as they were.
    const held = sectionVersions.get(f.plan.id) ?? new Map<string, number>();
    sectionVersions.set(f.plan.id, held);
    const issued = recorded[bodies.findIndex((b) => b.type === 'amended-plan-issued')];
    for (const [section, content] of Object.entries(facts.proposed.sections)) {
      const number = (held.get(section) ?? 1) + 1;
      held.set(section, number);
      if (options.planSections)
        newSections.push({
          la_code: laCode,
          plan_id: f.plan.id,
          section,
          version: number,
          content,
          written_at: issued?.at ?? `${facts.amended.on}T12:00:00Z`,
          written_by: issued?.by ?? f.coordinator,
        });
    }
    const sections: Record<string, number> = {};
    for (const code of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'J', 'K'])
      sections[code] = held.get(code) ?? 1;
    out.versions.push({
      la_code: laCode,
      plan_id: f.plan.id,
      number: version + 1,
      issued_on: facts.amended.on,
      review_id: reviewId,
      sections: JSON.stringify(sections),
      setting_name: facts.amended.placement?.settingName ?? f.plan.setting_name,
      recorded_at: issued?.at ?? `${facts.amended.on}T12:00:00Z`,
      recorded_by: issued?.by ?? f.coordinator,
    });
    return version + 1;
  };

  /** The review's events in the order they happened, up to today. */
  const bodiesOf = (f: PlanFacts, t: Timeline): ReviewEventBody[] => {
    const bodies: ReviewEventBody[] = [];
    const youngPerson = ageOn(f.child.date_of_birth, t.begin) >= 16;
    bodies.push({
      type: 'invited',
      on: t.invitedOn,
      meetingOn: t.firstMeetingOn,
      invitees: [
        youngPerson ? 'The young person and their parents' : 'Parents or carers',
        t.setting ? `SENCo, ${t.setting.name}` : 'Tutor',
        'EHC coordinator',
        ...professionals.filter(() => rng.chance(0.25)),
      ],
    });
    if (t.moved) bodies.push({ type: 'meeting-moved', on: t.moved.on, meetingOn: t.moved.meetingOn });
    bodies.push({ type: 'advice-circulated', on: t.adviceOn });
    bodies.push({ type: 'meeting-held', on: t.heldOn });
    const recommendation = rng.chance(0.85) ? t.outcome : t.outcome === 'amend' ? 'maintain' : 'amend';
    bodies.push({
      type: 'report-received',
      on: t.reportOn,
      // A child at no setting has the LA's report (reg 21).
      by: t.setting ? 'setting' : 'la',
      recommendation,
      views: rng.pick(reportViews),
      progress: rng.pick(reportProgress),
      changes: rng.pick(reportChanges[recommendation]),
    });
    bodies.push({
      type: 'decided',
      on: t.decidedOn,
      outcome: t.outcome,
      reasons:
        t.outcome === 'cease'
          ? ceaseNotices[t.ceaseReason as keyof typeof ceaseNotices]
          : rng.pick(decisionReasons[t.subject.kind === 'phase-transfer' ? 'phase' : t.outcome]),
      ceaseReason: t.ceaseReason,
    });
    const a = t.amendment;
    if (a) {
      bodies.push({
        type: 'amendments-proposed',
        on: a.proposedOn,
        sections: proposedSections(f, a.sections, a.proposedOn),
      });
      if (a.representationsOn)
        bodies.push({
          type: 'representations-received',
          on: a.representationsOn,
          summary: rng.pick(representationSummaries),
        });
      bodies.push({ type: 'amended-plan-issued', on: a.amendedOn, placement: a.placement });
    }
    if (t.appeal) {
      bodies.push({ type: 'appeal-lodged', on: t.appeal.lodgedOn });
      bodies.push({ type: 'appeal-concluded', on: t.appeal.concludedOn, outcome: t.appeal.outcome });
    }
    if (t.ceasedOn) bodies.push({ type: 'plan-ceased', on: t.ceasedOn });
    // Steps dated the same day stay in the order they were taken.
    return bodies
      .map((b, i) => ({ b, i }))
      .filter(({ b }) => b.on <= today)
      .sort((x, y) => (x.b.on < y.b.on ? -1 : x.b.on > y.b.on ? 1 : x.i - y.i))
      .map(({ b }) => b);
  };

  /** The text proposed for each section: the demo's written as a plan's are, the national set's in a line. */
  const proposedSections = (f: PlanFacts, codes: string[], on: IsoDate): Record<string, string> => {
    const sections: Record<string, string> = {};
    if (!options.planSections) {
      for (const code of codes) sections[code] = sectionSummaries[code] ?? 'Changed at the review.';
      return sections;
    }
    const written = planSectionsFor(
      {
        laCode,
        planId: f.plan.id,
        writtenOn: on,
        complete: true,
        writers: { coordinator: null, manager: null },
      },
      {
        forename: f.child.forename,
        sex: f.child.sex,
        dateOfBirth: f.child.date_of_birth,
        needs: options.planSections.needs.get(f.child.id) ?? [],
        setting: settingKindOf(f.setting),
      },
      rng,
    );
    // The last version written of each section is the whole of it.
    for (const row of written) if (codes.includes(row.section)) sections[row.section] = row.content;
    return sections;
  };

  const plans: PlanRow[] = [];
  for (const plan of ehc.plans) {
    const child = childById.get(plan.child_id);
    if (!child || !plan.issued_on || (plan.status !== 'active' && plan.status !== 'replaced')) {
      plans.push(plan);
      continue;
    }
    const setting = estById.get(plan.establishment_id ?? child.establishment_id ?? '');
    const reviewed = reviewPlan({
      plan,
      child,
      setting,
      coordinator:
        (plan.request_id ? coordinatorOfRequest.get(plan.request_id) : undefined) ?? nextCoordinator(),
      replacedOn: plan.status === 'replaced' ? plan.ended_on : null,
      ceaseFrom: null,
    });
    plans.push(reviewed?.plan ?? plan);
  }

  // Plans that ceased after a review in these three years, of children without a plan today
  // who made no request in them: as many as the decisions to cease above that left a plan in force.
  const used = new Set([...ehc.requests.map((r) => r.child_id), ...ehc.plans.map((p) => p.child_id)]);
  for (const child of children) {
    if (ceasingsElsewhere <= 0) break;
    if (used.has(child.id)) continue;
    const earliest = later(addDays(child.date_of_birth, 700), '2014-09-01');
    const latestFrom = addDays(today, -300);
    const firstFrom = later(addDays(fromDay, -200), addDays(earliest, 365));
    if (firstFrom > latestFrom) continue;
    const ceaseFrom = addDays(firstFrom, rng.int(0, Math.max(0, daysBetween(firstFrom, latestFrom))));
    const issuedOn = addDays(
      earliest,
      rng.int(0, Math.max(0, daysBetween(earliest, addDays(ceaseFrom, -300)))),
    );
    const setting = child.establishment_id ? estById.get(child.establishment_id) : undefined;
    const plan: PlanRow = {
      id: rng.uuid(),
      la_code: laCode,
      child_id: child.id,
      request_id: null,
      status: 'active',
      drafted_on: addDays(issuedOn, -rng.int(20, 40)),
      issued_on: issuedOn,
      last_reviewed_on: null,
      ended_on: null,
      establishment_id: setting?.id ?? null,
      setting_name: setting?.name ?? 'Education otherwise than in school',
      provision: provisionOf(setting),
      transferred_in_on: null,
      ...asFirstIssued,
    };
    const reviewed = reviewPlan({
      plan,
      child,
      setting,
      coordinator: nextCoordinator(),
      replacedOn: null,
      ceaseFrom,
    });
    if (!reviewed) continue;
    ceasingsElsewhere--;
    plans.push(reviewed.plan);
    if (reviewed.plan.cease_reason !== '2') out.leftProvision.add(child.id);
  }

  return { ehc: { ...ehc, plans, sections: [...ehc.sections, ...newSections] }, reviews: out };
}

const daysBetween = (from: IsoDate, to: IsoDate) => dayNumber(to) - dayNumber(from);
