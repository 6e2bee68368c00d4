import {
  type BudgetLineInput,
  budgetPosition,
  type ExpectedStarter,
  type LineCost,
  standardBudgetLines,
} from '../modules/funding/index.ts';
import {
  annualAmount,
  type BeforePlan,
  budgetLineOf,
  type CostLine,
  type CostShare,
  horizonFy,
  type PlacementFacts,
  type PlacementType,
  peakAnnualCost,
  placeFundingRule,
  placementCostShares,
  type SettingGroup,
  specialistTypeOf,
  type TopUpScheme,
} from '../modules/placements/index.ts';
import type { IsoDate } from '../platform/kernel/dates.ts';
import { addDays, dayNumber } from '../platform/kernel/days.ts';
import { daysInFy, fyEnd, fyOf, fyStart } from '../platform/kernel/financial-years.ts';
import type { GeneratedEhc, PlanRow } from './ehc.ts';
import type { ChildRow, EstablishmentRow } from './generate.ts';
import type { Prng } from './prng.ts';
import type { FinanceStaff } from './staff.ts';

/**
 * Where each child with an EHC plan is educated and what it costs, for a generated LA: a placement
 * at the setting the plan names, from the plan (or the child's start in that phase) on, with the
 * one before it where it ended in the records kept; cost lines as a finance team enters them; and
 * the high needs block's budget, expected costs and monthly position around them. Pure: the LA's
 * rows in, rows out, nothing written. Every placement's stored costs and approval are worked out
 * by the placements domain, as the service would store them.
 *
 * The figures are set so that an LA of Norfolk's size spends about £135m a year through
 * placements (its high needs block was £134.9m in 2023-24), of which about £16.5m is the ESFA's
 * place funding paid to academies and colleges directly (the DfE's 2023-24 deduction for Norfolk,
 * £16,502,334), and overspends its budget by a few per cent, as LAs do; funding-and-data.md §1.
 */

/** Norfolk's plans in January 2025, the size the figures below are for; other LAs scale from it. */
export const norfolkPlans = 12_147;
/** The ESFA's place funding paid to academies and colleges in a year at Norfolk's size. */
export const norfolkEsfaDirectPence = 1_650_000_000;
/** The block's central services (sensory support, hospital education, the SEN support teams). */
const norfolkCentralServicesPence = 650_000_000;
/** Placements waiting for a finance approver at Norfolk's size. */
const norfolkAwaitingApproval = 6;

/** Norfolk's EHCP banding for mainstream top-ups from October 2018 (£1,350 / £2,240 / £4,044). */
export const topUpSchemeFrom = '2018-10-01';
export const demoTopUpBands: {
  settingGroup: SettingGroup;
  band: string;
  label: string;
  annualPence: number;
}[] = [
  { settingGroup: 'mainstream', band: 'B1', label: 'Band 1', annualPence: 135_000 },
  { settingGroup: 'mainstream', band: 'B2', label: 'Band 2', annualPence: 224_000 },
  { settingGroup: 'mainstream', band: 'B3', label: 'Band 3', annualPence: 404_400 },
  // A unit or SRB place (£6,000 of place funding) sits between mainstream's Band 3 and the
  // lowest special school top-up: £4,500 to £9,000 on top of the place.
  { settingGroup: 'unit', band: 'U1', label: 'Unit band 1', annualPence: 450_000 },
  { settingGroup: 'unit', band: 'U2', label: 'Unit band 2', annualPence: 675_000 },
  { settingGroup: 'unit', band: 'U3', label: 'Unit band 3', annualPence: 900_000 },
  // Devon's special school top-ups per place in 2023-24 run from £11,412 to £17,556 (Ellen
  // Tinkham £12,132, Barley Lane £17,556), the only published range: S1, S2 and S4 are those
  // figures, S3 between them.
  { settingGroup: 'special', band: 'S1', label: 'Special band 1', annualPence: 1_141_200 },
  { settingGroup: 'special', band: 'S2', label: 'Special band 2', annualPence: 1_213_200 },
  { settingGroup: 'special', band: 'S3', label: 'Special band 3', annualPence: 1_480_000 },
  { settingGroup: 'special', band: 'S4', label: 'Special band 4', annualPence: 1_755_600 },
  // A college's high needs students, on top of the £6,000 place: support costing more than the
  // first £6,000, from a few hours a week to one-to-one.
  { settingGroup: 'post_16', band: 'P1', label: 'Post-16 band 1', annualPence: 250_000 },
  { settingGroup: 'post_16', band: 'P2', label: 'Post-16 band 2', annualPence: 500_000 },
  { settingGroup: 'post_16', band: 'P3', label: 'Post-16 band 3', annualPence: 850_000 },
  // A pupil referral unit's place is £10,000; with these a place costs £16,000 to £19,000.
  { settingGroup: 'alternative_provision', band: 'A1', label: 'AP band 1', annualPence: 600_000 },
  { settingGroup: 'alternative_provision', band: 'A2', label: 'AP band 2', annualPence: 900_000 },
];

export interface TopUpSchemeRow {
  id: string;
  la_code: string;
  name: string;
  effective_from: IsoDate;
  status: 'adopted';
  created_by: string | null;
  adopted_by: string | null;
  adopted_at: string;
}
export interface TopUpBandRow {
  la_code: string;
  scheme_id: string;
  setting_group: SettingGroup;
  band: string;
  label: string;
  annual_pence: number;
}
export interface PlacementRow {
  id: string;
  la_code: string;
  child_id: string;
  establishment_id: string | null;
  provider_name: string | null;
  placement_type: PlacementType;
  start_on: IsoDate;
  end_on: IsoDate | null;
  expected_end_on: IsoDate | null;
  fte: number;
  residential_weeks: number | null;
  basis: 'ehc_plan';
  plan_id: string;
  approval: 'not_needed' | 'awaiting' | 'approved';
  approved_annual_pence: number | null;
  approval_decided_by: string | null;
  approval_decided_at: string | null;
  entered_by: string | null;
  costs_through_fy: number;
  plan_link: 'made' | 'named' | null;
  linked_plan_id: string | null;
  /** JSON. */
  before_plan: string | null;
  changed_since_plan: boolean;
  is_demo: true;
}
export interface CostLineRow {
  id: string;
  la_code: string;
  placement_id: string;
  kind: CostLine['kind'];
  amount_pence: number | null;
  per: CostLine['per'];
  units_per_year: number | null;
  top_up_band: string | null;
  funder: CostLine['funder'];
  effective_from: IsoDate;
  effective_to: IsoDate | null;
  health_share_bp: number;
  social_care_share_bp: number;
  note: string | null;
  from_plan: boolean;
  created_by: string | null;
}
export interface PlacementCostRow {
  la_code: string;
  placement_id: string;
  fy: number;
  budget_line: string;
  payer: string;
  committed_pence: number;
}
export interface BudgetRow {
  la_code: string;
  fy: number;
  allocation_pence: number;
  esfa_direct_pence: number;
  updated_by: string | null;
}
export interface BudgetLineRow {
  la_code: string;
  fy: number;
  code: string;
  name: string;
  budget_pence: number;
  other_committed_pence: number;
  sort: number;
}
export interface SnapshotRow {
  la_code: string;
  fy: number;
  taken_on: IsoDate;
  budget_line: string;
  budget_pence: number;
  committed_pence: number;
  forecast_pence: number;
}
export interface ExpectedCostRow {
  la_code: string;
  placement_type: PlacementType;
  annual_pence: number;
}

export interface GeneratedFinance {
  schemes: TopUpSchemeRow[];
  bands: TopUpBandRow[];
  placements: PlacementRow[];
  costLines: CostLineRow[];
  costs: PlacementCostRow[];
  budgets: BudgetRow[];
  budgetLines: BudgetLineRow[];
  snapshots: SnapshotRow[];
  expectedCosts: ExpectedCostRow[];
}

export interface FinanceOptions {
  laCode: string;
  today: IsoDate;
  /** The January whose census the children's ages and schools are from (generate.ts). */
  censusYear: number;
  /** The LA's children with plans over Norfolk's: the block, its parts and the approvals scale with it. */
  scale: number;
  staff: FinanceStaff;
}

// ---------------------------------------------------------------------------------------------
// Dates

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 1 September of the year a child born on `dob` is `age` on 31 August: the day they start that school year. */
export function septemberAtAge(dob: IsoDate, age: number): IsoDate {
  const born = Number(dob.slice(0, 4));
  const cohort = Number(dob.slice(5, 7)) >= 9 ? born : born - 1;
  return `${cohort + 1 + age}-09-01`;
}

/** A child's age on the 31 August before `day`, as schools count it. */
function schoolAge(dob: IsoDate, day: IsoDate): number {
  const year = Number(day.slice(5, 7)) >= 9 ? Number(day.slice(0, 4)) : Number(day.slice(0, 4)) - 1;
  const born = Number(dob.slice(0, 4));
  return year - born - (Number(dob.slice(5, 7)) >= 9 ? 1 : 0);
}

/** The first day of each school term from `from` to `to`, both included. */
function termStartsBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++)
    for (const day of [`${y}-01-06`, `${y}-04-13`, `${y}-09-01`]) if (day >= from && day <= to) out.push(day);
  return out;
}

const later = (a: IsoDate, b: IsoDate) => (a < b ? b : a);
const earlier = (a: IsoDate, b: IsoDate) => (a < b ? a : b);

/** The next 31 July on or after a day: when a college course ends. */
function nextJuly(day: IsoDate): IsoDate {
  const y = Number(day.slice(0, 4));
  return day <= `${y}-07-31` ? `${y}-07-31` : `${y + 1}-07-31`;
}

// ---------------------------------------------------------------------------------------------
// Where each child is placed

type Kind =
  | 'nursery'
  | 'primary'
  | 'secondary'
  | 'unit'
  | 'special'
  | 'independent'
  | 'college'
  | 'ap'
  | 'elsewhere';

interface Setting {
  kind: Kind;
  type: PlacementType;
  establishment: EstablishmentRow | null;
  providerName: string | null;
  /** An academy's places are paid for by the ESFA directly. */
  academy: boolean;
  /** The age (on 31 August) a child starts there at the earliest. */
  entryAge: number;
  /** Support the high needs block does not pay for (a supported internship). */
  unfunded: boolean;
}

const isAcademy = (e: EstablishmentRow) =>
  e.type_group === 'Academies' || /academy|free school/i.test(e.type_name);

function settingOf(e: EstablishmentRow): Setting {
  const academy = isAcademy(e);
  const [kind, type]: [Kind, PlacementType] =
    e.setting_kind === 'independent'
      ? ['independent', 'independent_special']
      : e.setting_kind === 'post_16'
        ? ['college', 'fe_college']
        : e.setting_kind === 'alternative_provision'
          ? ['ap', 'alternative_provision']
          : e.setting_kind === 'early_years'
            ? ['nursery', 'mainstream']
            : e.is_special
              ? ['special', academy ? 'academy_special' : 'maintained_special']
              : e.has_sen_unit || e.has_resourced_provision
                ? ['unit', 'mainstream_unit']
                : [e.phase === 'Primary' ? 'primary' : 'secondary', 'mainstream'];
  return {
    kind,
    type,
    establishment: e,
    providerName: null,
    academy,
    entryAge: entryAgeOf(kind, e),
    unfunded: false,
  };
}

const tuitionProviders = [
  'Wensum Tuition Services',
  'Broadland Outreach Learning',
  'Horizon Home Tuition',
  'Bridge Learning Hub',
  'Pathways Therapeutic Education',
];
const specialistColleges = [
  'Oak Tree Specialist College',
  'Meadowbank Specialist College',
  'Fenland Skills Specialist College',
  'Riverside Specialist Post-16 Provision',
];

/**
 * A plan that names no school ("education otherwise than in school"): a package of tuition and
 * therapies, home education the family chose, hospital education; and after 16 a specialist
 * college, a package, or support the block does not pay for (a supported internship).
 */
function elsewhere(age: number, rng: Prng): Setting {
  const base = {
    kind: 'elsewhere' as const,
    establishment: null,
    academy: false,
    entryAge: age >= 16 ? 16 : 2,
    unfunded: false,
  };
  if (age >= 16) {
    const choice = rng.weighted({ college: 15, package: 35, internship: 50 });
    if (choice === 'college')
      return { ...base, type: 'specialist_post_16', providerName: rng.pick(specialistColleges) };
    return choice === 'package'
      ? { ...base, type: 'eotas', providerName: rng.pick(tuitionProviders) }
      : {
          ...base,
          type: 'eotas',
          providerName: 'Supported internship with a local employer',
          unfunded: true,
        };
  }
  const choice = age < 5 ? 'package' : rng.weighted({ package: 80, home: 12, hospital: 8 });
  if (choice === 'home')
    return { ...base, type: 'elective_home_education', providerName: 'Home education by the family' };
  if (choice === 'hospital')
    return {
      ...base,
      type: 'hospital_education',
      providerName: 'Hospital and medical needs education service',
    };
  return { ...base, type: 'eotas', providerName: rng.pick(tuitionProviders) };
}

/** The age (on 31 August) a setting takes children in at: reception, year 7, college at 16. */
function entryAgeOf(kind: Kind, e: EstablishmentRow): number {
  switch (kind) {
    case 'nursery':
      return 2;
    case 'primary':
      return 4;
    case 'secondary':
      return 11;
    case 'college':
      return 16;
    case 'unit':
      return e.phase === 'Primary' ? 4 : 11;
    default:
      // Special and independent schools and PRUs take children of any school age.
      return 4;
  }
}

/**
 * How often a child in this kind of setting came to it part-way through their plan, from a
 * mainstream school that could no longer meet their needs, rather than at the start of a phase.
 */
const movedIn: Record<Kind, number> = {
  nursery: 0,
  primary: 0,
  secondary: 0,
  unit: 0.05,
  special: 0.15,
  independent: 0.3,
  college: 0,
  ap: 0.5,
  elsewhere: 0.3,
};

interface Schools {
  nurseries: EstablishmentRow[];
  primaries: EstablishmentRow[];
  secondaries: EstablishmentRow[];
  specials: EstablishmentRow[];
  independents: EstablishmentRow[];
}

/**
 * The setting a child was in before this one: mainstream before a move (or, before an
 * independent school, sometimes a special school that could not meet their needs); else the
 * phase before: a school before college, a primary before secondary, a nursery before school.
 */
function settingBefore(
  current: Setting,
  moved: boolean,
  ageBefore: number,
  schools: Schools,
  nearest: (list: EstablishmentRow[]) => EstablishmentRow | null,
  rng: Prng,
): Setting | null {
  const mainstream = ageBefore >= 11 ? schools.secondaries : schools.primaries;
  const list = moved
    ? current.kind === 'independent' && rng.chance(0.3)
      ? schools.specials
      : mainstream
    : current.entryAge >= 16
      ? schools[rng.weighted({ secondaries: 55, specials: 35, independents: 10 })]
      : current.entryAge >= 7
        ? schools.primaries
        : schools.nurseries;
  const e = nearest(list);
  return e ? settingOf(e) : null;
}

// ---------------------------------------------------------------------------------------------
// Cost lines

type LineDraft = Omit<CostLine, 'effectiveFrom' | 'effectiveTo'> & { note: string | null };

const pounds = (n: number) => n * 100;
/** A whole number of pounds from `min` to `max`, in steps of `step`. */
const amount = (rng: Prng, min: number, max: number, step = 10) =>
  pounds(min + step * rng.int(0, Math.floor((max - min) / step)));

const band = (topUpBand: string, healthShareBp = 0): LineDraft => ({
  kind: 'top_up',
  amountPence: null,
  per: null,
  unitsPerYear: null,
  topUpBand,
  funder: 'la',
  healthShareBp,
  socialCareShareBp: 0,
  note: null,
});
const yearly = (kind: CostLine['kind'], pence: number, extra: Partial<LineDraft> = {}): LineDraft => ({
  kind,
  amountPence: pence,
  per: 'year',
  unitsPerYear: null,
  topUpBand: null,
  funder: 'la',
  healthShareBp: 0,
  socialCareShareBp: 0,
  note: null,
  ...extra,
});
const weekly = (kind: CostLine['kind'], pence: number, weeks: number, extra: Partial<LineDraft> = {}) => ({
  ...yearly(kind, pence, extra),
  per: 'week' as const,
  unitsPerYear: weeks,
});
/** Place funding as the DfE sets it for the type; an academy's unit places are the ESFA's to pay too. */
const placeFunding = (type: PlacementType, academy: boolean): LineDraft[] => {
  const rule = placeFundingRule(type);
  return rule ? [yearly('place_funding', rule.annualPence, { funder: academy ? 'esfa' : rule.funder })] : [];
};
/** A share in steps of 5% (500 basis points), from `min` to `max` basis points. */
const shareBp = (rng: Prng, min: number, max: number) => rng.int(min / 500, max / 500) * 500;
const maybeTransport = (rng: Prng, chance: number, min: number, max: number): LineDraft[] =>
  rng.chance(chance) ? [yearly('transport', amount(rng, min, max, 50))] : [];

interface Lines {
  lines: LineDraft[];
  residentialWeeks: number | null;
}

/**
 * What a placement costs, line by line, as a finance team would enter it: place funding by the
 * DfE's rule, a band of the top-up scheme, an independent school's fee, a package's cost, and
 * transport. A college student whose support costs less than the college's first £6,000 has no
 * high needs lines at all; `highNeedsCollege` says whether this one's does.
 */
function linesFor(s: Setting, highNeedsCollege: boolean, rng: Prng): Lines {
  const none = { lines: [], residentialWeeks: null };
  switch (s.type) {
    case 'mainstream':
      return {
        lines: [
          band(
            s.kind === 'nursery'
              ? rng.weighted({ B1: 50, B2: 50 })
              : rng.weighted({ B1: 25, B2: 32, B3: 43 }),
          ),
          ...maybeTransport(rng, 0.06, 1_500, 5_000),
        ],
        residentialWeeks: null,
      };
    case 'mainstream_unit':
      return {
        lines: [
          ...placeFunding(s.type, s.academy),
          band(rng.weighted({ U1: 30, U2: 40, U3: 30 })),
          ...maybeTransport(rng, 0.45, 3_000, 9_000),
        ],
        residentialWeeks: null,
      };
    case 'maintained_special':
    case 'academy_special':
      return {
        lines: [
          ...placeFunding(s.type, s.academy),
          band(
            rng.weighted({ S1: 38, S2: 34, S3: 18, S4: 10 }),
            rng.chance(0.08) ? shareBp(rng, 1_000, 3_000) : 0,
          ),
          ...maybeTransport(rng, 0.65, 4_000, 14_000),
        ],
        residentialWeeks: null,
      };
    case 'alternative_provision':
      return {
        lines: [
          ...placeFunding(s.type, s.academy),
          band(rng.weighted({ A1: 55, A2: 45 })),
          ...maybeTransport(rng, 0.5, 3_000, 8_000),
        ],
        residentialWeeks: null,
      };
    case 'fe_college':
      if (!highNeedsCollege) return none;
      return {
        lines: [
          ...placeFunding(s.type, s.academy),
          band(rng.weighted({ P1: 35, P2: 40, P3: 25 })),
          ...maybeTransport(rng, 0.1, 2_000, 6_000),
        ],
        residentialWeeks: null,
      };
    case 'independent_special':
      return independentLines(rng);
    case 'specialist_post_16':
      return {
        lines: [
          ...placeFunding(s.type, s.academy),
          rng.chance(0.7)
            ? yearly('fee', amount(rng, 24_000, 42_000, 100), {
                healthShareBp: rng.chance(0.2) ? shareBp(rng, 1_000, 2_500) : 0,
              })
            : weekly('fee', amount(rng, 650, 1_150), 36, { note: 'Day placement, 36 weeks' }),
          ...maybeTransport(rng, 0.4, 4_000, 10_000),
        ],
        residentialWeeks: null,
      };
    case 'eotas': {
      if (s.unfunded) return none;
      const care = rng.chance(0.2) ? shareBp(rng, 2_000, 5_000) : 0;
      const health = rng.chance(0.1) ? shareBp(rng, 1_000, 3_000) : 0;
      return {
        lines: [
          rng.chance(0.5)
            ? weekly('fee', amount(rng, 200, 520), 38, {
                healthShareBp: health,
                socialCareShareBp: care,
                note: 'Tuition and therapies, 38 weeks',
              })
            : yearly('other', amount(rng, 5_000, 20_000, 100), {
                healthShareBp: health,
                socialCareShareBp: care,
                note: 'Package of tuition and therapies',
              }),
        ],
        residentialWeeks: null,
      };
    }
    case 'hospital_education':
      return { lines: [yearly('fee', amount(rng, 9_000, 16_000, 100))], residentialWeeks: null };
    default:
      return none;
  }
}

/**
 * An independent special school's fee, £50,000 to £120,000 a year: mostly day placements, at a
 * year's fee or a week's over 38 weeks, with transport; some residential over 38 weeks, and some
 * for all 52, which social care shares; health shares some for the therapies in them.
 */
function independentLines(rng: Prng): Lines {
  const kind = rng.weighted({ day: 82, residential38: 12, residential52: 6 });
  if (kind === 'day') {
    const health = rng.chance(0.15) ? shareBp(rng, 1_000, 2_500) : 0;
    const care = rng.chance(0.08) ? shareBp(rng, 1_000, 2_500) : 0;
    return {
      lines: [
        rng.chance(0.5)
          ? yearly('fee', amount(rng, 50_000, 60_000, 50), {
              healthShareBp: health,
              socialCareShareBp: care,
              note: 'Day placement',
            })
          : weekly('fee', amount(rng, 1_320, 1_580), 38, {
              healthShareBp: health,
              socialCareShareBp: care,
              note: 'Day placement, 38 weeks',
            }),
        ...maybeTransport(rng, 0.65, 8_000, 22_000),
      ],
      residentialWeeks: null,
    };
  }
  const weeks = kind === 'residential38' ? 38 : 52;
  return {
    lines: [
      weekly('fee', weeks === 38 ? amount(rng, 2_400, 3_150) : amount(rng, 1_750, 2_300), weeks, {
        healthShareBp: rng.chance(0.3) ? shareBp(rng, 1_000, 2_000) : 0,
        socialCareShareBp: weeks === 52 ? shareBp(rng, 4_000, 5_000) : shareBp(rng, 2_500, 4_000),
        note: `Residential, ${weeks} weeks`,
      }),
    ],
    residentialWeeks: weeks,
  };
}

// ---------------------------------------------------------------------------------------------
// Expected starters, as the funding service finds them from the EHC records

interface Finalising {
  receivedOn: IsoDate;
  /** The day the LA decided to issue a plan, from which the request is at the draft stage. */
  draftOn: IsoDate;
  finalOn: IsoDate | null;
  /** When the LA expects the final plan: the day it said, else 20 weeks from the request. */
  expectedFinalOn: IsoDate;
  /** The settings consulted on the draft, in order. */
  consulted: { on: IsoDate; settingName: string }[];
}

/**
 * Requests at the draft stage at some time since `from`, with the settings consulted on each:
 * what the position reads of the EHC records to expect starters.
 */
function plansToFinalise(ehc: GeneratedEhc, from: IsoDate): Finalising[] {
  const drafting = new Map<string, Finalising>();
  for (const r of ehc.requests) {
    if (r.kind === 'transfer-in' || r.issue_outcome !== 'issue' || !r.issue_decided_on) continue;
    if (r.final_issued_on !== null && r.final_issued_on < from) continue;
    drafting.set(r.id, {
      receivedOn: r.received_on,
      draftOn: r.issue_decided_on,
      finalOn: r.final_issued_on,
      expectedFinalOn: r.expected_final_on ?? addDays(r.received_on, 140),
      consulted: [],
    });
  }
  // Events are in each request's order.
  for (const e of ehc.events) {
    if (e.type !== 'setting-consulted') continue;
    const f = drafting.get(e.request_id);
    const body = f && (JSON.parse(e.body) as { on: IsoDate; settingName: string });
    if (f && body) f.consulted.push({ on: body.on, settingName: body.settingName });
  }
  return [...drafting.values()].filter((f) => f.consulted.length > 0);
}

/**
 * The placements the position expected to start, as it stood on a day: plans then at the draft
 * stage whose last setting consulted was a specialist one, due by the end of the year. The
 * funding service finds them the same way (ehcPlansBeingFinalised and specialistTypeOf).
 */
function startersOn(
  day: IsoDate,
  fy: number,
  finalising: readonly Finalising[],
  settingsByName: ReadonlyMap<string, EstablishmentRow>,
): ExpectedStarter[] {
  const out: ExpectedStarter[] = [];
  for (const f of finalising) {
    if (f.draftOn > day || (f.finalOn !== null && f.finalOn <= day)) continue;
    // The last setting consulted by then that is on the register.
    const setting = f.consulted
      .filter((c) => c.on <= day)
      .map((c) => settingsByName.get(c.settingName.toLowerCase()))
      .filter((e) => e !== undefined)
      .at(-1);
    if (!setting) continue;
    const type = specialistTypeOf({
      isSpecial: setting.is_special,
      settingKind: setting.setting_kind,
      typeGroup: setting.type_group,
      hasUnit: setting.has_sen_unit || setting.has_resourced_provision,
    });
    if (!type || f.expectedFinalOn > fyEnd(fy)) continue;
    out.push({
      placementType: type,
      budgetLine: budgetLineOf(type, 'top_up'),
      expectedStartOn: f.expectedFinalOn,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The generator

/**
 * What the plan did to a placement, as the service records it when a final plan is issued: a plan
 * made through a request here made the placement at the setting it names (and the finance officer
 * has entered its costs since); a re-assessment's plan named the placement the child already had.
 */
type Link = { kind: 'made' } | { kind: 'named'; before: BeforePlan };

interface Draft {
  /** The plan in force when the placement began, or that names it now. */
  planId: string;
  link: Link | null;
  childId: string;
  setting: Setting;
  startOn: IsoDate;
  endOn: IsoDate | null;
  /** The day the placement was entered, and the day its end was known (its successor's entry). */
  knownOn: IsoDate;
  endKnownOn: IsoDate | null;
  /** Orders college students at random, to choose the ones with high needs funding. */
  collegeKey: number;
}

/**
 * Every child with an active plan gets one placement running today, at the setting the plan
 * names, from the plan's issue (or the child's arrival in the LA, for a plan transferred in), or
 * from the day they started the phase or moved there if later. The placement before it is kept
 * where it ended on or after 1 April of last financial year, when the LA's placement records
 * begin: enough for last year's position and this year's.
 */
export function generatePlacements(
  options: FinanceOptions,
  children: readonly ChildRow[],
  establishments: readonly EstablishmentRow[],
  ehc: GeneratedEhc,
  rng: Prng,
): GeneratedFinance {
  const { laCode, today, staff } = options;
  const fy = fyOf(today);
  const throughFy = horizonFy(today);
  const recordsFrom = fyStart(fy - 1);
  const census = `${options.censusYear}-01-15`;
  const censusSeptember = `${options.censusYear - 1}-09-01`;
  const childById = new Map(children.map((c) => [c.id, c]));
  const estById = new Map(establishments.map((e) => [e.id, e]));
  const schools: Schools = {
    nurseries: establishments.filter((e) => e.setting_kind === 'early_years'),
    primaries: establishments.filter(
      (e) => e.setting_kind === 'school' && !e.is_special && e.phase === 'Primary',
    ),
    secondaries: establishments.filter(
      (e) => e.setting_kind === 'school' && !e.is_special && e.phase === 'Secondary',
    ),
    specials: establishments.filter((e) => e.setting_kind === 'school' && e.is_special),
    independents: establishments.filter((e) => e.setting_kind === 'independent'),
  };
  if (!schools.secondaries.length) schools.secondaries = schools.primaries;
  if (!schools.specials.length) schools.specials = schools.independents;
  if (!schools.nurseries.length) schools.nurseries = schools.primaries;

  // A plan transferred in from another LA is this LA's from the day it arrived.
  const transferredOn = new Map<string, IsoDate>();
  for (const e of ehc.events)
    if (e.type === 'plan-transferred')
      transferredOn.set(e.request_id, (JSON.parse(e.body) as { on: IsoDate }).on);
  const replacedByChild = new Map<string, PlanRow>();
  for (const p of ehc.plans) if (p.status === 'replaced') replacedByChild.set(p.child_id, p);

  const drafts: Draft[] = [];
  for (const plan of ehc.plans) {
    if (plan.status !== 'active' || !plan.issued_on) continue;
    const child = childById.get(plan.child_id);
    if (!child) continue;
    const replaced = replacedByChild.get(child.id);
    const planFrom =
      (plan.request_id && transferredOn.get(plan.request_id)) || replaced?.issued_on || plan.issued_on;
    const named = plan.establishment_id ? estById.get(plan.establishment_id) : undefined;
    const setting = named ? settingOf(named) : elsewhere(schoolAge(child.date_of_birth, census), rng);
    const nearest = (list: EstablishmentRow[]) => {
      let best: EstablishmentRow | null = null;
      let bestD = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 6 && list.length; i++) {
        const s = rng.pick(list);
        const d = (s.latitude - child.home_latitude) ** 2 + (s.longitude - child.home_longitude) ** 2;
        if (d < bestD) [best, bestD] = [s, d];
      }
      return best;
    };
    // The school year a child started a phase in; the census shows them in it already.
    const phaseStart = (age: number) => earlier(septemberAtAge(child.date_of_birth, age), censusSeptember);

    const entered = phaseStart(setting.entryAge);
    let startOn = later(planFrom, entered);
    // A move to the next phase is agreed by 15 February (31 March for post-16: reg 18), so the
    // placement is entered then; one that follows the plan is entered the day the plan is issued.
    let knownOn =
      startOn === planFrom
        ? planFrom
        : later(planFrom, `${startOn.slice(0, 4)}-${setting.entryAge >= 16 ? '03-31' : '02-15'}`);
    let moved = false;
    // A plan made through a request in these three years named the setting the child went to; an
    // older one may have been amended since to name where the child moved, entered a month before.
    if (plan.request_id === null && rng.chance(movedIn[setting.kind])) {
      const moves = termStartsBetween(addDays(startOn, 365), today);
      if (moves.length) {
        startOn = rng.pick(moves);
        knownOn = later(planFrom, addDays(startOn, -28));
        moved = true;
      }
    }
    if (startOn > today) startOn = today;
    if (knownOn > startOn) knownOn = startOn;

    // A plan re-made after a re-assessment names the school the child is at: the placement runs
    // on, named in the new plan, as the service names it when the plan is issued.
    const before = addDays(startOn, -1);
    let link: Link | null = plan.request_id ? { kind: 'made' } : null;
    if (replaced && startOn < plan.issued_on)
      link = {
        kind: 'named',
        before: {
          basis: 'ehc_plan',
          planId: replaced.id,
          endOn: null,
          planLink: null,
          linkedPlanId: null,
          changedSincePlan: false,
          beforePlan: null,
        },
      };
    else if (planFrom <= before && before >= recordsFrom) {
      // The placement before, if the child had one under the plan and it ended within the records.
      const previous = settingBefore(
        setting,
        moved,
        schoolAge(child.date_of_birth, before),
        schools,
        nearest,
        rng,
      );
      const from = previous && later(planFrom, phaseStart(previous.entryAge));
      if (previous && from && from <= before)
        drafts.push({
          planId: replaced && from < plan.issued_on ? replaced.id : plan.id,
          link: null,
          childId: child.id,
          setting: previous,
          startOn: from,
          endOn: before,
          knownOn: from,
          endKnownOn: knownOn,
          collegeKey: rng.next(),
        });
    }
    drafts.push({
      planId: plan.id,
      link,
      childId: child.id,
      setting,
      startOn,
      endOn: null,
      knownOn,
      endKnownOn: null,
      collegeKey: rng.next(),
    });
  }

  // The ESFA pays academies' places and colleges' places; colleges have as many high needs
  // students as the ESFA's part of the block leaves this year once the academies' places are paid.
  const inYear = (d: Draft) => {
    const from = later(d.startOn, fyStart(fy));
    const to = d.endOn === null ? fyEnd(fy) : earlier(d.endOn, fyEnd(fy));
    return to < from ? 0 : (dayNumber(to) - dayNumber(from) + 1) / daysInFy(fy);
  };
  let esfaLeft = norfolkEsfaDirectPence * options.scale;
  const college: Draft[] = [];
  for (const d of drafts) {
    const rule = placeFundingRule(d.setting.type);
    if (d.setting.type === 'fe_college') {
      if (d.endOn === null) college.push(d);
    } else if (rule && (d.setting.academy || rule.funder === 'esfa'))
      esfaLeft -= rule.annualPence * inYear(d);
  }
  const collegePlace = placeFundingRule('fe_college')?.annualPence ?? 0;
  const highNeeds = new Set<Draft>();
  for (const d of [...college].sort((a, b) => a.collegeKey - b.collegeKey)) {
    if (esfaLeft <= 0) break;
    highNeeds.add(d);
    esfaLeft -= collegePlace * inYear(d);
  }

  const schemeId = rng.uuid();
  const schemes: TopUpScheme[] = [
    {
      effectiveFrom: topUpSchemeFrom,
      bands: demoTopUpBands.map((b) => ({
        settingGroup: b.settingGroup,
        band: b.band,
        annualPence: b.annualPence,
      })),
    },
  ];

  const placements: PlacementRow[] = [];
  const costLines: CostLineRow[] = [];
  const facts: PlacementFacts[] = [];
  const known: Known[] = [];
  for (const d of drafts) {
    known.push({ knownOn: d.knownOn, endKnownOn: d.endKnownOn });
    const { lines, residentialWeeks } = linesFor(
      d.setting,
      d.setting.type !== 'fe_college' || highNeeds.has(d),
      rng,
    );
    const id = rng.uuid();
    const expectedEndOn =
      d.endOn === null && (d.setting.type === 'fe_college' || d.setting.type === 'specialist_post_16')
        ? nextJuly(later(today, addDays(d.startOn, rng.int(1, 2) * 365)))
        : null;
    const costLinesOf = lines.map(
      (l): CostLine => ({
        kind: l.kind,
        amountPence: l.amountPence,
        per: l.per,
        unitsPerYear: l.unitsPerYear,
        topUpBand: l.topUpBand,
        funder: l.funder,
        effectiveFrom: d.startOn,
        effectiveTo: null,
        healthShareBp: l.healthShareBp,
        socialCareShareBp: l.socialCareShareBp,
      }),
    );
    facts.push({
      type: d.setting.type,
      startOn: d.startOn,
      endOn: d.endOn,
      expectedEndOn,
      fte: 1,
      costLines: costLinesOf,
    });
    placements.push({
      id,
      la_code: laCode,
      child_id: d.childId,
      establishment_id: d.setting.establishment?.id ?? null,
      provider_name: d.setting.establishment ? null : d.setting.providerName,
      placement_type: d.setting.type,
      start_on: d.startOn,
      end_on: d.endOn,
      expected_end_on: expectedEndOn,
      fte: 1,
      residential_weeks: residentialWeeks,
      basis: 'ehc_plan',
      plan_id: d.planId,
      approval: 'not_needed',
      approved_annual_pence: null,
      approval_decided_by: null,
      approval_decided_at: null,
      entered_by: staff.officer,
      costs_through_fy: throughFy,
      plan_link: d.link?.kind ?? null,
      linked_plan_id: d.link ? d.planId : null,
      before_plan: d.link?.kind === 'named' ? JSON.stringify(d.link.before) : null,
      // The finance officer has entered the costs of a placement the plan made.
      changed_since_plan: d.link?.kind === 'made',
      is_demo: true,
    });
    lines.forEach((l, i) => {
      const line = costLinesOf[i] as CostLine;
      costLines.push({
        id: rng.uuid(),
        la_code: laCode,
        placement_id: id,
        kind: line.kind,
        amount_pence: line.amountPence,
        per: line.per,
        units_per_year: line.unitsPerYear,
        top_up_band: line.topUpBand,
        funder: line.funder,
        effective_from: line.effectiveFrom,
        effective_to: line.effectiveTo,
        health_share_bp: line.healthShareBp,
        social_care_share_bp: line.socialCareShareBp,
        note: l.note,
        // The place funding the service made with the placement, when the plan made it.
        from_plan: d.link?.kind === 'made' && line.kind === 'place_funding',
        created_by: staff.officer,
      });
    });
  }

  // Placements alike in every fact cost alike (many start on the same day on the same band), so
  // each different one is worked out once.
  const worked = new Map<string, { shares: CostShare[]; peak: number }>();
  const highestBand = Math.max(...demoTopUpBands.map((b) => b.annualPence));
  const threshold = 5_000_000;
  const costed = facts.map((f) => {
    const key = JSON.stringify(f);
    const known = worked.get(key);
    if (known) return known;
    // Its lines at their highest all year round bound what it costs a year on any day: below the
    // threshold, its peak is too, and is not needed.
    const bound = f.costLines.reduce((sum, l) => sum + (annualAmount(l, highestBand) ?? 0), 0);
    const result = {
      shares: placementCostShares(f, schemes, throughFy),
      peak: bound > threshold ? peakAnnualCost(f, schemes) : 0,
    };
    worked.set(key, result);
    return result;
  });
  const shares = costed.map((c) => c.shares);

  // Approval as the service decides it: over the LA's threshold (£50,000 a year until an approver
  // sets another), a placement waits for a finance approver. The most recent few still wait.
  const overThreshold = placements
    .map((p, i) => ({ p, peak: costed[i]?.peak ?? 0 }))
    .filter((x) => x.peak > threshold);
  const waiting = new Set(
    overThreshold
      .filter((x) => x.p.end_on === null)
      .sort((a, b) => (a.p.start_on < b.p.start_on ? 1 : a.p.start_on > b.p.start_on ? -1 : 0))
      .slice(0, Math.max(1, Math.round(norfolkAwaitingApproval * options.scale)))
      .map((x) => x.p),
  );
  for (const { p, peak } of overThreshold) {
    if (waiting.has(p)) {
      p.approval = 'awaiting';
      continue;
    }
    p.approval = 'approved';
    p.approved_annual_pence = peak;
    p.approval_decided_by = staff.approver;
    p.approval_decided_at = `${addDays(p.start_on, -rng.int(5, 30))}T10:30:00Z`;
  }

  const costs: PlacementCostRow[] = [];
  placements.forEach((p, i) => {
    for (const s of shares[i] ?? [])
      costs.push({
        la_code: laCode,
        placement_id: p.id,
        fy: s.fy,
        budget_line: s.budgetLine,
        payer: s.payer,
        committed_pence: s.pence,
      });
  });

  const finance = budgetsAndPosition({
    options,
    placements,
    known,
    facts,
    shares,
    schemes,
    finalising: plansToFinalise(ehc, fyStart(fy - 1)),
    settingsByName: settingsByLowerName(establishments),
  });

  return {
    schemes: [
      {
        id: schemeId,
        la_code: laCode,
        name: 'EHCP top-up bands 2018-19',
        effective_from: topUpSchemeFrom,
        status: 'adopted',
        created_by: staff.officer,
        adopted_by: staff.approver,
        adopted_at: '2018-09-20T14:00:00Z',
      },
    ],
    bands: demoTopUpBands.map((b) => ({
      la_code: laCode,
      scheme_id: schemeId,
      setting_group: b.settingGroup,
      band: b.band,
      label: b.label,
      annual_pence: b.annualPence,
    })),
    placements,
    costLines,
    costs,
    ...finance,
  };
}

function settingsByLowerName(establishments: readonly EstablishmentRow[]) {
  const byName = new Map<string, EstablishmentRow>();
  for (const e of establishments) {
    const key = e.name.toLowerCase();
    if (!byName.has(key)) byName.set(key, e);
  }
  return byName;
}

// ---------------------------------------------------------------------------------------------
// Budgets, expected costs and the monthly position

/**
 * How far each line's budget falls short of what was already committed on 1 April (a negative
 * figure leaves room to spare). This year's budget is set about at what was committed, so every
 * month's new placements push the forecast further over, as real LAs' monitoring shows; last
 * year's left some room for them, and still ended the year over. Independent placements run
 * furthest over, as they do in most LAs; post-16 has a little to spare.
 */
const shortAtStartOfYear: Record<'thisYear' | 'lastYear', Record<string, number>> = {
  thisYear: {
    mainstream_top_ups: 0,
    special_schools: 0,
    independent: 0.015,
    post_16: -0.04,
    alternative_provision: 0,
    central_services: 0,
  },
  lastYear: {
    mainstream_top_ups: -0.03,
    special_schools: -0.025,
    independent: -0.01,
    post_16: -0.06,
    alternative_provision: -0.03,
    central_services: 0,
  },
};

const toThousand = (pence: number) => Math.round(pence / 100_000) * 100_000;

/**
 * A year's placement costs to the block by budget line, committed and waiting for approval, as
 * the funding service reads them from placement_costs; and what the ESFA pays directly.
 */
function yearCosts(
  placements: readonly PlacementRow[],
  shares: readonly (readonly CostShare[])[],
  fy: number,
) {
  const committed = new Map<string, number>();
  const awaiting = new Map<string, number>();
  let esfa = 0;
  placements.forEach((p, i) => {
    for (const s of shares[i] ?? []) {
      if (s.fy !== fy) continue;
      if (s.payer === 'esfa_direct' && p.approval !== 'awaiting') esfa += s.pence;
      if (s.payer !== 'high_needs') continue;
      const into = p.approval === 'awaiting' ? awaiting : committed;
      into.set(s.budgetLine, (into.get(s.budgetLine) ?? 0) + s.pence);
    }
  });
  const list = (m: Map<string, number>): LineCost[] =>
    [...m].map(([budgetLine, pence]) => ({ budgetLine, pence }));
  return { committed: list(committed), awaiting: list(awaiting), esfa };
}

/**
 * A specialist placement of each kind the forecast may expect, as one with none running today
 * would be entered: its place funding, the middle band of its group or a typical fee. The
 * funding service prices every expected starter by type, so each needs a figure.
 */
const typicalSpecialist: [PlacementType, LineDraft[]][] = [
  ['maintained_special', [...placeFunding('maintained_special', false), band('S2')]],
  ['academy_special', [...placeFunding('academy_special', true), band('S2')]],
  ['mainstream_unit', [...placeFunding('mainstream_unit', false), band('U2')]],
  ['independent_special', [yearly('fee', pounds(55_000))]],
  ['specialist_post_16', [...placeFunding('specialist_post_16', false), yearly('fee', pounds(33_000))]],
];

/**
 * What a placement of each type costs the block for a whole year, on average over the placements
 * running today that run all next year (their lines all began by today, so next year's cost is a
 * whole year of them), or, for a specialist type none is, a typical one's: the high needs part.
 */
function averageCosts(
  placements: readonly PlacementRow[],
  shares: readonly (readonly CostShare[])[],
  schemes: readonly TopUpScheme[],
  fy: number,
  today: IsoDate,
): Map<PlacementType, number> {
  const next = fy + 1;
  const highNeeds = (list: readonly CostShare[]) =>
    list.reduce((sum, s) => (s.fy === next && s.payer === 'high_needs' ? sum + s.pence : sum), 0);
  const sums = new Map<PlacementType, { pence: number; n: number }>();
  placements.forEach((p, i) => {
    if (p.end_on !== null || p.start_on > today) return;
    if (p.expected_end_on !== null && p.expected_end_on < fyEnd(next)) return;
    const sum = sums.get(p.placement_type) ?? { pence: 0, n: 0 };
    sums.set(p.placement_type, { pence: sum.pence + highNeeds(shares[i] ?? []), n: sum.n + 1 });
  });
  for (const [type, lines] of typicalSpecialist)
    if (!sums.has(type)) {
      const aYear: PlacementFacts = {
        type,
        startOn: fyStart(next),
        endOn: fyEnd(next),
        expectedEndOn: null,
        fte: 1,
        costLines: lines.map((l) => ({ ...l, effectiveFrom: fyStart(next), effectiveTo: null })),
      };
      sums.set(type, { pence: highNeeds(placementCostShares(aYear, schemes, next)), n: 1 });
    }
  return new Map([...sums].map(([type, s]) => [type, Math.round(s.pence / s.n / 10_000) * 10_000]));
}

/** When a placement was entered, and when its end was known. */
interface Known {
  knownOn: IsoDate;
  endKnownOn: IsoDate | null;
}

function budgetsAndPosition(input: {
  options: FinanceOptions;
  placements: readonly PlacementRow[];
  known: readonly Known[];
  facts: readonly PlacementFacts[];
  shares: readonly (readonly CostShare[])[];
  schemes: readonly TopUpScheme[];
  finalising: readonly Finalising[];
  settingsByName: ReadonlyMap<string, EstablishmentRow>;
}): Pick<GeneratedFinance, 'budgets' | 'budgetLines' | 'snapshots' | 'expectedCosts'> {
  const { options, placements, known, facts, shares, schemes, finalising, settingsByName } = input;
  const { laCode, today, staff } = options;
  const fy = fyOf(today);
  const averages = averageCosts(placements, shares, schemes, fy, today);
  const averageAnnualCost = Object.fromEntries(averages);
  const central = toThousand(norfolkCentralServicesPence * options.scale);

  /**
   * A year's position as it stood on a day: the placements entered by then, each running on to
   * the year's end unless its end was known by then, and the starters expected then. On today
   * it is the position the funding service shows.
   */
  const ofYear = new Map(
    [fy - 1, fy].map((year) => [year, shares.map((list) => list.filter((s) => s.fy === year))]),
  );
  const positionAsAt = (year: number, day: IsoDate, lines: readonly BudgetLineInput[]) => {
    const inYear = ofYear.get(year) ?? [];
    const knownShares = placements.map((p, i) => {
      const f = facts[i];
      const k = known[i];
      if (!f || !k || k.knownOn > day) return [];
      if (p.end_on !== null && (k.endKnownOn === null || k.endKnownOn > day))
        return placementCostShares({ ...f, endOn: null }, schemes, year);
      return inYear[i] ?? [];
    });
    const costs = yearCosts(placements, knownShares, year);
    return budgetPosition({
      fy: year,
      budgetLines: lines,
      committed: costs.committed,
      awaitingApproval: costs.awaiting,
      expectedStarters: startersOn(day, year, finalising, settingsByName),
      averageAnnualCost,
    });
  };

  // Each year's budget is set against what was committed on its 1 April, a little short of it.
  const budgets: BudgetRow[] = [];
  const budgetLines: BudgetLineRow[] = [];
  let thisYear: BudgetLineInput[] = [];
  for (const [year, centralCommitted, short] of [
    [fy - 1, toThousand(central * 0.94), shortAtStartOfYear.lastYear],
    [fy, central, shortAtStartOfYear.thisYear],
  ] as const) {
    const unset = Object.entries(standardBudgetLines).map(([code, name]) => ({
      code,
      name,
      budgetPence: 0,
      otherCommittedPence: code === 'central_services' ? centralCommitted : 0,
    }));
    const atStart = positionAsAt(year, fyStart(year), unset);
    const lines = unset.map((l) => {
      const forecast = atStart.lines.find((x) => x.code === l.code)?.forecast ?? 0;
      return { ...l, budgetPence: toThousand(forecast / (1 + (short[l.code] ?? 0))) };
    });
    if (year === fy) thisYear = lines;
    const esfa = toThousand(yearCosts(placements, ofYear.get(year) ?? [], year).esfa);
    budgets.push({
      la_code: laCode,
      fy: year,
      allocation_pence: lines.reduce((s, l) => s + l.budgetPence, 0) + esfa,
      esfa_direct_pence: esfa,
      updated_by: staff.officer,
    });
    budgetLines.push(
      ...lines.map((l, sort) => ({
        la_code: laCode,
        fy: year,
        code: l.code,
        name: l.name,
        budget_pence: l.budgetPence,
        other_committed_pence: l.otherCommittedPence,
        sort,
      })),
    );
  }

  // The position at the start of each month of this year before this one. Looking at the
  // position this month records this month's, as the funding service does every month.
  const snapshots: SnapshotRow[] = [];
  for (let month = 0; month < 12; month++) {
    const day = addMonths(fyStart(fy), month);
    if (day.slice(0, 7) >= today.slice(0, 7)) break;
    for (const l of positionAsAt(fy, day, thisYear).lines)
      snapshots.push({
        la_code: laCode,
        fy,
        taken_on: day,
        budget_line: l.code,
        budget_pence: l.budget,
        committed_pence: l.committed,
        forecast_pence: l.forecast,
      });
  }

  return {
    budgets,
    budgetLines,
    snapshots,
    expectedCosts: [...averages].map(([type, pence]) => ({
      la_code: laCode,
      placement_type: type,
      annual_pence: pence,
    })),
  };
}

function addMonths(first: IsoDate, months: number): IsoDate {
  const m = Number(first.slice(5, 7)) - 1 + months;
  return `${Number(first.slice(0, 4)) + Math.floor(m / 12)}-${pad2((m % 12) + 1)}-01`;
}
