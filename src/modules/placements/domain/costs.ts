import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { addDays } from '../../../platform/kernel/days.ts';
import { fyEnd } from '../../../platform/kernel/financial-years.ts';
import { accrueByFy, mulDivHalfUp, splitByShares } from '../../../platform/kernel/money.ts';
import {
  type BudgetLineCode,
  budgetLineCodes,
  type CostKind,
  type CostLine,
  type CostShare,
  type Funder,
  type Payer,
  type PlacementFacts,
  type PlacementType,
  payers,
  type SettingGroup,
  type TopUpScheme,
} from './types.ts';

/**
 * What a placement costs, who pays, and against which budget line (DESIGN §3.2; sources in
 * reference/funding-and-data.md §1.2–1.3). Pure: facts and schemes in, pence out; no clock.
 */

export const later = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? b : a);
const earlier = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);

const settingGroupByType: Record<PlacementType, SettingGroup | null> = {
  mainstream: 'mainstream',
  mainstream_unit: 'unit',
  maintained_special: 'special',
  academy_special: 'special',
  non_maintained_special: 'special',
  fe_college: 'post_16',
  specialist_post_16: 'post_16',
  alternative_provision: 'alternative_provision',
  eotas: 'alternative_provision',
  hospital_education: 'alternative_provision',
  // An independent school's fee is agreed placement by placement; home education and placements
  // made by another LA are not on this LA's bands.
  independent_special: null,
  elective_home_education: null,
  out_of_county: null,
};

/** The setting group whose top-up bands a placement of this type is paid on; null when none are. */
export function settingGroupOf(type: PlacementType): SettingGroup | null {
  return settingGroupByType[type];
}

const budgetLineByType: Record<PlacementType, BudgetLineCode> = {
  mainstream: 'mainstream_top_ups',
  mainstream_unit: 'mainstream_top_ups',
  maintained_special: 'special_schools',
  academy_special: 'special_schools',
  non_maintained_special: 'independent',
  independent_special: 'independent',
  out_of_county: 'independent',
  fe_college: 'post_16',
  specialist_post_16: 'post_16',
  alternative_provision: 'alternative_provision',
  eotas: 'alternative_provision',
  hospital_education: 'alternative_provision',
  elective_home_education: 'alternative_provision',
};

/** The high needs budget line a cost counts against; transport is the council's, not the block's. */
export function budgetLineOf(type: PlacementType, kind: CostKind): BudgetLineCode | 'transport' {
  return kind === 'transport' ? 'transport' : budgetLineByType[type];
}

/**
 * Place funding per place per year (funding-and-data.md §1.2–1.3, from the DfE high needs
 * operational guides, Dorset's "Funding for SEND in schools" and the DSG 2023-24 deductions):
 * £10,000 a special school or AP place (Elements 1 and 2); £6,000 a unit or resourced-provision
 * place in a mainstream school (the pupil already has Element 1 through the schools formula) and
 * a post-16 place. Academies' and non-maintained special schools' places, and FE and specialist
 * post-16 places, are paid by the ESFA directly; maintained schools' and AP places by the LA.
 * Mainstream has none: its first £6,000 is the school's notional SEN budget, not high needs money.
 * Independent schools' fees cover the whole cost.
 */
const placeFundingByType: Record<PlacementType, { annualPence: number; funder: Funder } | null> = {
  maintained_special: { annualPence: 1_000_000, funder: 'la' },
  academy_special: { annualPence: 1_000_000, funder: 'esfa' },
  non_maintained_special: { annualPence: 1_000_000, funder: 'esfa' },
  mainstream_unit: { annualPence: 600_000, funder: 'la' },
  fe_college: { annualPence: 600_000, funder: 'esfa' },
  specialist_post_16: { annualPence: 600_000, funder: 'esfa' },
  alternative_provision: { annualPence: 1_000_000, funder: 'la' },
  mainstream: null,
  independent_special: null,
  eotas: null,
  hospital_education: null,
  elective_home_education: null,
  out_of_county: null,
};

/** The place funding line a new placement of this type starts with, or null when it has none. */
export function placeFundingRule(type: PlacementType): { annualPence: number; funder: Funder } | null {
  const rule = placeFundingByType[type];
  return rule === null ? null : { ...rule };
}

/** Three terms make a school year. */
const termsPerYear = 3;

/**
 * The annual pence an agreed amount comes to: a year's amount as it is, a term's three times, a
 * week's or day's times the weeks or days charged in a year (38.5 weeks is exact: the units have
 * at most two decimal places, so they are counted in hundredths), rounded half up to the penny. A
 * band top-up is worth its band's value in the scheme in force; null when no scheme has the band,
 * or when the amount cannot be worked out from what was recorded.
 */
export function annualAmount(line: CostLine, bandValue?: number | null): number | null {
  if (line.topUpBand !== null) return bandValue ?? null;
  const amount = line.amountPence;
  if (amount === null) return null;
  switch (line.per) {
    case 'year':
      return amount;
    case 'term':
      return amount * termsPerYear;
    case 'week':
    case 'day':
      return line.unitsPerYear === null
        ? null
        : mulDivHalfUp(amount, Math.round(line.unitsPerYear * 100), 100);
    default:
      return null;
  }
}

/** The adopted scheme in force on a date: the one with the latest effectiveFrom on or before it. */
export function schemeOn(schemes: readonly TopUpScheme[], date: IsoDate): TopUpScheme | null {
  let inForce: TopUpScheme | null = null;
  for (const scheme of schemes) {
    if (scheme.effectiveFrom <= date && (inForce === null || scheme.effectiveFrom > inForce.effectiveFrom)) {
      inForce = scheme;
    }
  }
  return inForce;
}

/** A band's annual value in a scheme; null when the scheme has no such band for the group. */
export function bandValueIn(scheme: TopUpScheme | null, group: SettingGroup, band: string): number | null {
  const found = scheme?.bands.find((b) => b.settingGroup === group && b.band === band);
  return found === undefined ? null : found.annualPence;
}

/** A band's value in the scheme in force on a date; null when no scheme is, or it has no such band. */
export function bandValueOn(
  schemes: readonly TopUpScheme[],
  group: SettingGroup,
  band: string,
  date: IsoDate,
): number | null {
  return bandValueIn(schemeOn(schemes, date), group, band);
}

/** The placement's last day: the day it ended, else the day it is expected to; null while open-ended. */
export function placementEnd(p: PlacementFacts): IsoDate | null {
  return p.endOn ?? p.expectedEndOn ?? null;
}

/** The days a line applies within the placement, or null when it applies on none. */
function linePeriod(
  line: CostLine,
  start: IsoDate,
  end: IsoDate | null,
): { from: IsoDate; to: IsoDate | null } | null {
  const from = later(line.effectiveFrom, start);
  const to =
    line.effectiveTo === null ? end : end === null ? line.effectiveTo : earlier(line.effectiveTo, end);
  return to !== null && to < from ? null : { from, to };
}

/** A stretch of days over which a line is worth one annual amount. */
interface Piece {
  from: IsoDate;
  to: IsoDate;
  annualPence: number;
}

/**
 * A line's days cut where its annual amount changes: a band top-up at each scheme change, each
 * stretch at the value of the scheme then in force. A stretch no scheme prices accrues nothing.
 */
function pieces(
  line: CostLine,
  group: SettingGroup | null,
  schemes: readonly TopUpScheme[],
  from: IsoDate,
  to: IsoDate,
): Piece[] {
  if (line.topUpBand === null) {
    const annualPence = annualAmount(line);
    return annualPence === null ? [] : [{ from, to, annualPence }];
  }
  if (group === null) return [];
  const band = line.topUpBand;
  const starts = [
    from,
    ...new Set(schemes.map((s) => s.effectiveFrom).filter((d) => d > from && d <= to)),
  ].sort();
  const result: Piece[] = [];
  starts.forEach((start, i) => {
    const next = starts[i + 1];
    const value = bandValueOn(schemes, group, band, start);
    if (value !== null)
      result.push({ from: start, to: next === undefined ? to : addDays(next, -1), annualPence: value });
  });
  return result;
}

const fullShareBp = 10_000;

function payerOfEducationPart(line: CostLine): Payer {
  if (line.kind === 'transport') return 'transport';
  if (line.kind === 'place_funding' && line.funder === 'esfa') return 'esfa_direct';
  return 'high_needs';
}

function sharesOf(line: CostLine): number[] {
  const { healthShareBp: health, socialCareShareBp: socialCare } = line;
  if (
    !Number.isInteger(health) ||
    !Number.isInteger(socialCare) ||
    health < 0 ||
    socialCare < 0 ||
    health + socialCare > fullShareBp
  ) {
    throw new RangeError(
      `health and social care shares must be whole basis points adding up to at most ${fullShareBp}`,
    );
  }
  return [fullShareBp - health - socialCare, health, socialCare];
}

const budgetLineOrder = [...budgetLineCodes, 'transport'];

/**
 * A placement's committed cost by financial year, budget line and payer, from its start to its
 * end (the day it ended, else the day it is expected to, else the end of `throughFy`), and nothing
 * after 31 March of `throughFy`. Each line runs from its own start, or the placement's if later,
 * to its own end, or the placement's if earlier. Each line's pence in a year are split between
 * education, health and social care by the line's shares; education's part falls to transport for transport,
 * to the ESFA for place funding it pays directly, and to the high needs block otherwise.
 */
export function placementCostShares(
  p: PlacementFacts,
  schemes: readonly TopUpScheme[],
  throughFy: number,
): CostShare[] {
  const lastDay = fyEnd(throughFy);
  const end = earlier(placementEnd(p) ?? lastDay, lastDay);
  const group = settingGroupOf(p.type);
  const totals = new Map<string, CostShare>();
  const add = (fy: number, budgetLine: CostShare['budgetLine'], payer: Payer, pence: number) => {
    const key = `${fy}|${budgetLine}|${payer}`;
    const row = totals.get(key);
    if (row) row.pence += pence;
    else totals.set(key, { fy, budgetLine, payer, pence });
  };

  for (const line of p.costLines) {
    const period = linePeriod(line, p.startOn, end);
    if (period === null || period.to === null) continue;
    const shares = sharesOf(line);
    const budgetLine = budgetLineOf(p.type, line.kind);
    const educationPayer = payerOfEducationPart(line);
    // A line's pieces are added up within each year before the shares are taken, so a scheme
    // change that keeps the band's value cannot move a penny between education, health and care.
    const byFy = new Map<number, number>();
    for (const piece of pieces(line, group, schemes, period.from, period.to)) {
      for (const { fy, pence } of accrueByFy(piece.annualPence, piece.from, piece.to)) {
        byFy.set(fy, (byFy.get(fy) ?? 0) + pence);
      }
    }
    for (const [fy, pence] of byFy) {
      const [education = 0, health = 0, socialCare = 0] = splitByShares(pence, shares);
      add(fy, budgetLine, educationPayer, education);
      add(fy, budgetLine, 'health', health);
      add(fy, budgetLine, 'social_care', socialCare);
    }
  }

  return [...totals.values()]
    .filter((row) => row.pence !== 0)
    .sort(
      (a, b) =>
        a.fy - b.fy ||
        budgetLineOrder.indexOf(a.budgetLine) - budgetLineOrder.indexOf(b.budgetLine) ||
        payers.indexOf(a.payer) - payers.indexOf(b.payer),
    );
}

/** What the placement's lines in force on a date add up to a year, every payer included (bands valued that day). */
export function annualCostOn(p: PlacementFacts, schemes: readonly TopUpScheme[], date: IsoDate): number {
  const end = placementEnd(p);
  const group = settingGroupOf(p.type);
  let total = 0;
  for (const line of p.costLines) {
    const period = linePeriod(line, p.startOn, end);
    if (period === null || date < period.from || (period.to !== null && date > period.to)) continue;
    const value =
      line.topUpBand === null
        ? annualAmount(line)
        : group === null
          ? null
          : annualAmount(line, bandValueOn(schemes, group, line.topUpBand, date));
    total += value ?? 0;
  }
  return total;
}

/**
 * The most the placement costs a year on any of its days, which is what approval of a costly
 * placement goes by. The annual cost only rises when a line starts or a scheme changes, so those
 * days are the only ones to look at.
 */
export function peakAnnualCost(p: PlacementFacts, schemes: readonly TopUpScheme[]): number {
  const end = placementEnd(p);
  const days = new Set<IsoDate>();
  for (const line of p.costLines) {
    const period = linePeriod(line, p.startOn, end);
    if (period !== null) days.add(period.from);
  }
  for (const scheme of schemes) {
    if (scheme.effectiveFrom >= p.startOn && (end === null || scheme.effectiveFrom <= end))
      days.add(scheme.effectiveFrom);
  }
  let peak = 0;
  for (const day of days) peak = Math.max(peak, annualCostOn(p, schemes, day));
  return peak;
}
