/**
 * Designated places: how many children of a type of need, a phase and an age range a special
 * school, SEN unit or resourced provision (SRB) is commissioned for, from a date and perhaps to
 * one. The places on a day are the lines in force that day, so a school opening next September
 * counts from then and a change of designation is a new line with the old one ended.
 */

import { type IsoDate, isIsoDate } from '../../../../platform/kernel/dates.ts';
import { type SenType, senTypes } from '../../../../platform/kernel/sen2.ts';
import { type Provision, provisionLabels, provisions } from '../../domain/establishment.ts';

export const placePhases = ['early_years', 'primary', 'secondary', 'post_16', 'all_through'] as const;
export type PlacePhase = (typeof placePhases)[number];

export const placePhaseLabels: Record<PlacePhase, string> = {
  early_years: 'Early years',
  primary: 'Primary',
  secondary: 'Secondary',
  post_16: 'Post-16',
  all_through: 'All-through',
};

/**
 * The ages each phase covers, as settings state their age range (GIAS's statutory ages): a primary
 * is "4 to 11", its oldest pupils turning 11 in Year 6. A line's range must lie within its phase's.
 * Early years runs to 5, the reception year; post-16 to 25, the last age an EHC plan can run to.
 */
export const phaseAges: Record<PlacePhase, { low: number; high: number }> = {
  early_years: { low: 0, high: 5 },
  primary: { low: 2, high: 11 },
  secondary: { low: 11, high: 19 },
  post_16: { low: 16, high: 25 },
  all_through: { low: 0, high: 25 },
};

export interface PlaceLine {
  provision: Provision;
  senType: SenType;
  phase: PlacePhase;
  lowAge: number;
  highAge: number;
  places: number;
  startsOn: IsoDate;
  /** The last day in force; none while it runs on. */
  endsOn: IsoDate | null;
}

export interface PlaceProblem {
  field: keyof PlaceLine | 'line';
  message: string;
}

const whole = (v: number, low: number, high: number) => Number.isInteger(v) && v >= low && v <= high;

/** Everything wrong with a line on its own, each naming its field and what to do. */
export function placeLineProblems(line: PlaceLine): PlaceProblem[] {
  const out: PlaceProblem[] = [];
  if (!provisions.includes(line.provision))
    out.push({ field: 'provision', message: 'Choose a special school, SEN unit or resourced provision' });
  if (!senTypes.includes(line.senType))
    out.push({
      field: 'senType',
      message: 'Give the type of need as its SEN2 code, such as ASD or SEMH',
    });
  if (!placePhases.includes(line.phase))
    out.push({
      field: 'phase',
      message: 'Choose early years, primary, secondary, post-16 or all-through',
    });
  if (!whole(line.places, 0, 10_000))
    out.push({
      field: 'places',
      message:
        line.places < 0
          ? 'Places cannot be below 0: end the line to take its places away'
          : 'Places must be a whole number from 0 to 10,000',
    });
  const agesValid = whole(line.lowAge, 0, 25) && whole(line.highAge, 0, 25);
  if (!whole(line.lowAge, 0, 25))
    out.push({ field: 'lowAge', message: 'The youngest age must be a whole number from 0 to 25' });
  if (!whole(line.highAge, 0, 25))
    out.push({ field: 'highAge', message: 'The oldest age must be a whole number from 0 to 25' });
  if (agesValid && line.lowAge >= line.highAge)
    out.push({
      field: 'highAge',
      message: 'The oldest age must be above the youngest, as a primary for 4 to 11 year olds gives 4 and 11',
    });
  const range = phaseAges[line.phase];
  if (
    agesValid &&
    range &&
    line.lowAge <= line.highAge &&
    (line.lowAge < range.low || line.highAge > range.high)
  )
    out.push({
      field: 'lowAge',
      message: `${placePhaseLabels[line.phase]} places are for ages ${range.low} to ${range.high}: change the ages or the phase`,
    });
  if (!isIsoDate(line.startsOn))
    out.push({ field: 'startsOn', message: 'Enter the date the places start, like 1 9 2027' });
  if (line.endsOn !== null && !isIsoDate(line.endsOn))
    out.push({ field: 'endsOn', message: 'Enter the last day the places are in force, like 31 8 2028' });
  if (
    line.endsOn !== null &&
    isIsoDate(line.startsOn) &&
    isIsoDate(line.endsOn) &&
    line.endsOn < line.startsOn
  )
    out.push({ field: 'endsOn', message: 'The last day must be the same as or after the start date' });
  return out;
}

/** Whether two lines would both be in force on some day for the same need and phase. */
export function overlaps(a: PlaceLine, b: PlaceLine): boolean {
  if (a.provision !== b.provision || a.senType !== b.senType || a.phase !== b.phase) return false;
  const aEnd = a.endsOn ?? '9999-12-31';
  const bEnd = b.endsOn ?? '9999-12-31';
  return a.startsOn <= bEnd && b.startsOn <= aEnd;
}

/** The message for a line that clashes with one already kept. */
export function overlapMessage(existing: PlaceLine): string {
  return `${provisionLabels[existing.provision]} places for ${existing.senType}, ${placePhaseLabels[existing.phase].toLowerCase()}, are already set from ${existing.startsOn}${existing.endsOn ? ` to ${existing.endsOn}` : ''}: end that line the day before, or change it`;
}

export function inForce(line: Pick<PlaceLine, 'startsOn' | 'endsOn'>, day: IsoDate): boolean {
  return line.startsOn <= day && (line.endsOn === null || line.endsOn >= day);
}

/** The places in force on a day, summed. */
export function placesOn(lines: readonly PlaceLine[], day: IsoDate): number {
  return lines.reduce((sum, l) => sum + (inForce(l, day) ? l.places : 0), 0);
}

/**
 * A child fits a line when the line is for their need and their age on 31 August before the school
 * year is within its range: from the youngest age up to, not including, the oldest, as a "4 to 11"
 * primary takes children aged 4 (reception) to 10 (Year 6) on that day.
 */
export function fitsLine(
  line: Pick<PlaceLine, 'senType' | 'lowAge' | 'highAge'>,
  child: { senType: SenType; ageOn31August: number },
): boolean {
  return (
    line.senType === child.senType && child.ageOn31August >= line.lowAge && child.ageOn31August < line.highAge
  );
}
