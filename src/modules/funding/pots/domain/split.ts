import { maxFormPence, mulDivHalfUp, penceText } from '../../../../platform/kernel/money.ts';
import { type YearKind, yearKinds, yearProblem } from './years.ts';

/**
 * A pot split between a delegated share (to clusters, by formula) and a central share (kept for
 * countywide services): the delegated share is the total × its percent rounded half up to the
 * penny, and the central share is what is left, so the two always add up to the total.
 */

/** The most a pot may hold: £1,000,000,000, the most any amount typed into a form may be. */
export const maxPotPence = maxFormPence;

export interface PotFigures {
  yearKind: YearKind;
  year: number;
  totalPence: number;
  delegatedPercent: number;
  centralPercent: number;
}

/** A problem with a field, named as the API names it. */
export interface PotProblem {
  field: 'yearKind' | 'year' | 'totalPence' | 'delegatedPercent' | 'centralPercent';
  message: string;
}

export type SplitOutcome =
  | { ok: true; delegatedPence: number; centralPence: number }
  | { ok: false; problems: PotProblem[] };

/** A percent in hundredths (75.5 → 7550), or null when it has more than 2 decimal places. */
function hundredths(percent: number): number | null {
  const scaled = Math.round(percent * 100);
  return Math.abs(percent * 100 - scaled) > 1e-6 ? null : scaled;
}

const shareNames = { delegatedPercent: 'The delegated share', centralPercent: 'The central share' };

function percentProblem(field: 'delegatedPercent' | 'centralPercent', percent: number): string | null {
  const what = shareNames[field];
  if (!Number.isFinite(percent)) return `${what} must be a percentage, like 75`;
  if (percent < 0) return `${what} must be 0% or more`;
  if (percent > 100) return `${what} must be 100% or less`;
  if (hundredths(percent) === null) return `${what} must have no more than 2 decimal places, like 12.25`;
  return null;
}

/** Every rule a pot's year and figures break, each naming its field; none when the pot can be split. */
export function potProblems(p: PotFigures): PotProblem[] {
  const problems: PotProblem[] = [];
  if (!(yearKinds as readonly string[]).includes(p.yearKind))
    problems.push({
      field: 'yearKind',
      message: 'Choose whether the pot is for a financial or an academic year',
    });
  const year = yearProblem(p.year);
  if (year) problems.push({ field: 'year', message: year });
  if (!Number.isSafeInteger(p.totalPence))
    problems.push({ field: 'totalPence', message: 'The total must be a whole number of pence' });
  else if (p.totalPence < 0) problems.push({ field: 'totalPence', message: 'The total must be £0 or more' });
  else if (p.totalPence > maxPotPence)
    problems.push({ field: 'totalPence', message: `The total must be ${penceText(maxPotPence)} or less` });
  const delegated = percentProblem('delegatedPercent', p.delegatedPercent);
  const central = percentProblem('centralPercent', p.centralPercent);
  if (delegated) problems.push({ field: 'delegatedPercent', message: delegated });
  if (central) problems.push({ field: 'centralPercent', message: central });
  if (!delegated && !central) {
    const sum = (hundredths(p.delegatedPercent) ?? 0) + (hundredths(p.centralPercent) ?? 0);
    if (sum !== 10_000) {
      const total = `${(sum / 100).toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;
      problems.push(
        {
          field: 'delegatedPercent',
          message: `The delegated and central shares must add up to 100%, not ${total}`,
        },
        {
          field: 'centralPercent',
          message: `The central and delegated shares must add up to 100%, not ${total}`,
        },
      );
    }
  }
  return problems;
}

/** The pot's two shares to the penny, or every rule its figures break. */
export function splitPot(p: PotFigures): SplitOutcome {
  const problems = potProblems(p);
  if (problems.length) return { ok: false, problems };
  const delegatedPence = mulDivHalfUp(p.totalPence, hundredths(p.delegatedPercent) ?? 0, 10_000);
  return { ok: true, delegatedPence, centralPence: p.totalPence - delegatedPence };
}
