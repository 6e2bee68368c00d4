import { mulDivHalfUp } from '../../../../platform/kernel/money.ts';
import { wholeNumber } from '../../../../platform/kernel/numbers.ts';

/**
 * The traded services catalogue: what a unit of each service is, and its price a unit for an
 * academic year by the size of the school buying it.
 *
 * Prices are by pupils on roll, in bands from one number of pupils to another, both included. The
 * bands must cover every size from 0 upwards once and once only: the first starts at 0, each next
 * starts the pupil after the one before ends, and the last has no upper end. A school's price is
 * the band its number on roll falls in.
 *
 * A cluster buys at the service's cluster price for the year when it has one; otherwise by the band
 * its schools' rolls added together fall in, as though the cluster were one large school. So a
 * service priced for schools alone is priced for clusters too, and the LA can price a cluster's
 * shared order apart (a discount for buying together) without a second set of bands.
 */

export const unitKinds = ['day', 'half_day', 'hour', 'assessment', 'package'] as const;
export type UnitKind = (typeof unitKinds)[number];

export const unitNames: Record<UnitKind, { one: string; many: string }> = {
  day: { one: 'day', many: 'days' },
  half_day: { one: 'half day', many: 'half days' },
  hour: { one: 'hour', many: 'hours' },
  assessment: { one: 'assessment', many: 'assessments' },
  package: { one: 'package', many: 'packages' },
};

/**
 * The smallest part of a unit that can be ordered or delivered: hours in halves (a 90-minute
 * consultation), everything else whole — a half of a day is the half-day unit, a service of its own.
 */
export const unitStep: Record<UnitKind, 1 | 0.5> = {
  day: 1,
  half_day: 1,
  hour: 0.5,
  assessment: 1,
  package: 1,
};

/** The most units one order may be for: a year of days is about 190. */
export const maxUnits = 1000;

/** "1 day", "2.5 hours", "3 assessments". */
export function unitsText(unit: UnitKind, units: number): string {
  const n = Number.isInteger(units) ? wholeNumber(units) : String(units);
  return `${n} ${units === 1 ? unitNames[unit].one : unitNames[unit].many}`;
}

/** Units held as hundredths, so sums and comparisons of half hours are exact. */
export const hundredths = (units: number): number => Math.round(units * 100);
export const fromHundredths = (h: number): number => h / 100;

/** Why these units cannot be ordered or delivered of this unit, or null when they can. */
export function unitsProblem(unit: UnitKind, units: number): string | null {
  const names = unitNames[unit];
  if (!Number.isFinite(units) || units <= 0) return `Enter how many ${names.many}: a number more than 0`;
  if (units > maxUnits) return `Enter ${wholeNumber(maxUnits)} ${names.many} or fewer`;
  if (unitStep[unit] === 1 && !Number.isInteger(units))
    return `${capitalise(names.many)} are whole: enter a whole number of ${names.many}, like 3`;
  if (!Number.isInteger(units * 2))
    return `${capitalise(names.many)} go in halves: enter a whole or half number of ${names.many}, like 2.5`;
  return null;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Units at a price a unit, to the penny (half a penny up): 2.5 hours at £85.01 is £212.53. */
export function unitsCost(unitPence: number, units: number): number {
  return mulDivHalfUp(unitPence, hundredths(units), 100);
}

export interface PriceBand {
  fromPupils: number;
  /** Null for the last band, which has no upper end. */
  toPupils: number | null;
  unitPence: number;
}

export interface YearPrices {
  year: number;
  bands: PriceBand[];
  /** One price a unit for any cluster, or null to price clusters by their schools' total roll. */
  clusterUnitPence: number | null;
}

export interface BandProblem {
  /** The field as the API names it: bands.2.fromPupils. */
  field: string;
  message: string;
}

const pupils = (n: number) => `${wholeNumber(n)} ${n === 1 ? 'pupil' : 'pupils'}`;
const range = (from: number, to: number | null) =>
  to === null ? `${wholeNumber(from)} pupils or more` : `${wholeNumber(from)} to ${pupils(to)}`;

/** The most bands a year's prices may have. */
export const maxBands = 20;

/**
 * Whether the bands cover every number on roll from 0 upwards exactly once, and if not, each gap
 * and overlap named by the pupils it leaves out or counts twice, against the band that shows it
 * (in the order they were given, so the field names the row a person typed).
 */
export function bandProblems(bands: readonly PriceBand[]): BandProblem[] {
  if (!bands.length) return [{ field: 'bands', message: 'Give at least one band, starting at 0 pupils' }];
  if (bands.length > maxBands) return [{ field: 'bands', message: `Give ${maxBands} bands or fewer` }];
  const problems: BandProblem[] = [];
  const at = (i: number, key: keyof PriceBand) => `bands.${i}.${key}`;
  bands.forEach((b, i) => {
    if (b.toPupils !== null && b.toPupils < b.fromPupils)
      problems.push({
        field: at(i, 'toPupils'),
        message: `A band cannot end at ${pupils(b.toPupils)} before it starts at ${pupils(b.fromPupils)}`,
      });
  });
  if (problems.length) return problems;
  const order = bands.map((b, i) => ({ ...b, i })).sort((a, b) => a.fromPupils - b.fromPupils || a.i - b.i);
  const first = order[0] as (typeof order)[number];
  if (first.fromPupils > 0)
    problems.push({
      field: at(first.i, 'fromPupils'),
      message: `The bands leave a gap: none covers ${range(0, first.fromPupils - 1)}. Start the first band at 0`,
    });
  for (let k = 1; k < order.length; k++) {
    const before = order[k - 1] as (typeof order)[number];
    const band = order[k] as (typeof order)[number];
    if (before.toPupils === null) {
      problems.push({
        field: at(band.i, 'fromPupils'),
        message: `The bands overlap: ${range(band.fromPupils, band.toPupils)} are in the band from ${pupils(before.fromPupils)} with no upper end as well. Give that band an upper end`,
      });
      continue;
    }
    const next = before.toPupils + 1;
    if (band.fromPupils > next)
      problems.push({
        field: at(band.i, 'fromPupils'),
        message: `The bands leave a gap: none covers ${range(next, band.fromPupils - 1)}. Start this band at ${wholeNumber(next)}`,
      });
    else if (band.fromPupils < next) {
      const overlapTo = band.toPupils === null ? before.toPupils : Math.min(before.toPupils, band.toPupils);
      problems.push({
        field: at(band.i, 'fromPupils'),
        message: `The bands overlap: ${range(band.fromPupils, overlapTo)} are in two bands. Start this band at ${wholeNumber(next)}`,
      });
    }
  }
  const last = order.at(-1) as (typeof order)[number];
  if (last.toPupils !== null)
    problems.push({
      field: at(last.i, 'toPupils'),
      message: `The bands leave a gap: none covers ${range(last.toPupils + 1, null)}. Leave the last band’s upper end blank`,
    });
  return problems;
}

/** The band a number on roll falls in, of bands that pass bandProblems. */
export function bandFor(bands: readonly PriceBand[], roll: number): PriceBand | null {
  return bands.find((b) => b.fromPupils <= roll && (b.toPupils === null || roll <= b.toPupils)) ?? null;
}

export type Buyer = { kind: 'school'; pupils: number } | { kind: 'cluster'; schools: readonly number[] };

export interface Price {
  unitPence: number;
  basis: 'band' | 'cluster_price';
  /** The pupils on roll the price was chosen by: the school's, or the cluster's schools' together. */
  pupils: number;
  band: PriceBand | null;
}

/** What a unit costs this buyer in the year these prices are for. */
export function priceFor(prices: YearPrices, buyer: Buyer): Price | null {
  const roll = buyer.kind === 'school' ? buyer.pupils : buyer.schools.reduce((s, n) => s + n, 0);
  if (buyer.kind === 'cluster' && prices.clusterUnitPence !== null)
    return { unitPence: prices.clusterUnitPence, basis: 'cluster_price', pupils: roll, band: null };
  const band = bandFor(prices.bands, roll);
  return band ? { unitPence: band.unitPence, basis: 'band', pupils: roll, band } : null;
}

/** "0 to 99 pupils", "500 pupils or more". */
export const bandText = (b: Pick<PriceBand, 'fromPupils' | 'toPupils'>) => range(b.fromPupils, b.toPupils);
