import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { fyLabel, fyOf, parseFyLabel } from '../../../platform/kernel/financial-years.ts';

/**
 * The financial year a page is asked for. A budget is set at most this many years ahead; further
 * is a slip of the keyboard, and working placements' costs out that far would be wasted.
 */
export const yearsAhead = 5;
const earliest = 2000;

export type YearChoice = { ok: true; fy: number } | { ok: false; message: string };

/** A year written like 2026-27 (or 2026/27), from 2000-01 to five years ahead; this year when none is given. */
export function readFy(value: unknown, today: IsoDate): YearChoice {
  const thisFy = fyOf(today);
  if (value === undefined || value === '') return { ok: true, fy: thisFy };
  const fy = typeof value === 'string' ? parseFyLabel(value) : null;
  if (fy === null) return { ok: false, message: 'Choose a financial year, written like 2026-27' };
  if (fy < earliest || fy > thisFy + yearsAhead)
    return {
      ok: false,
      message: `Choose a financial year from ${fyLabel(earliest)} to ${fyLabel(thisFy + yearsAhead)}`,
    };
  return { ok: true, fy };
}
