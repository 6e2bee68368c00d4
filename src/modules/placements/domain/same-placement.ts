import { longDate } from '../../../platform/kernel/dates.ts';
import type { CostLine, IsoDate } from './types.ts';

/**
 * Whether a placement asked for again (an import run twice) is the one already held: the same
 * dates, attendance, residential weeks, basis and cost lines. Its child, setting, type and start
 * are what found it.
 */

export interface PlacementDetails {
  endOn: IsoDate | null;
  expectedEndOn: IsoDate | null;
  fte: number;
  residentialWeeks: number | null;
  basis: 'ehc_plan' | 'interim';
  costLines: readonly CostLine[];
}

/** What differs: the field it is in, and how the held placement and the one asked for each have it ("no end date"). */
export interface Difference {
  field: 'endOn' | 'expectedEndOn' | 'fte' | 'residentialWeeks' | 'basis' | 'costLines';
  held: string;
  asked: string;
}

const dated = (what: string, d: IsoDate | null) => (d === null ? `no ${what}` : `${what} ${longDate(d)}`);
const basisText = {
  ehc_plan: 'named in the EHC plan',
  interim: 'interim, not named in the EHC plan',
} as const;
const weeksText = (w: number | null) => (w === null ? 'no residential weeks' : `${w} residential weeks`);

/** A cost line as it is compared: every agreed term, nothing of when or by whom it was entered. */
const lineKey = (l: CostLine) =>
  [
    l.kind,
    l.amountPence,
    l.per,
    l.unitsPerYear,
    l.topUpBand,
    l.funder,
    l.effectiveFrom,
    l.effectiveTo,
    l.healthShareBp,
    l.socialCareShareBp,
  ].join('|');

const linesText = (n: number) => `${n} cost ${n === 1 ? 'line' : 'lines'}`;

/** The first way the held placement differs from the one asked for, or null when it is the same. */
export function differenceFrom(held: PlacementDetails, asked: PlacementDetails): Difference | null {
  if (held.endOn !== asked.endOn)
    return { field: 'endOn', held: dated('end date', held.endOn), asked: dated('end date', asked.endOn) };
  if (held.expectedEndOn !== asked.expectedEndOn)
    return {
      field: 'expectedEndOn',
      held: dated('expected end date', held.expectedEndOn),
      asked: dated('expected end date', asked.expectedEndOn),
    };
  if (held.fte !== asked.fte)
    return { field: 'fte', held: `${held.fte} of full time`, asked: `${asked.fte} of full time` };
  if (held.residentialWeeks !== asked.residentialWeeks)
    return {
      field: 'residentialWeeks',
      held: weeksText(held.residentialWeeks),
      asked: weeksText(asked.residentialWeeks),
    };
  if (held.basis !== asked.basis)
    return { field: 'basis', held: basisText[held.basis], asked: basisText[asked.basis] };
  const a = held.costLines.map(lineKey).sort();
  const b = asked.costLines.map(lineKey).sort();
  if (a.length !== b.length)
    return { field: 'costLines', held: linesText(a.length), asked: linesText(b.length) };
  if (a.some((k, i) => k !== b[i]))
    return { field: 'costLines', held: 'its cost lines', asked: 'different ones' };
  return null;
}
