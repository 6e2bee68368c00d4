import type { IsoDate } from './dates.ts';
import { dayOfFy, daysInFy, fyOf } from './financial-years.ts';

/**
 * Money as the service keeps it: whole pence in a safe integer, computed with integer arithmetic
 * only, so that a figure on a page, in an export and in a budget total is the same to the penny
 * however it was added up (DESIGN §3.2).
 */

function assertPence(value: number, what: string): void {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${what} must be a whole number of pence, not ${value}`);
}

/** a · b / n rounded half up (towards +∞ on a half), exactly; falls back to bigint when a · b could pass 2^53. */
export function mulDivHalfUp(a: number, b: number, n: number): number {
  if (n <= 0) throw new RangeError(`cannot divide by ${n}`);
  if (Math.abs(a) * Math.abs(b) * 2 + n <= Number.MAX_SAFE_INTEGER) {
    // Integer numerator and denominator under 2^53 divide to a double that floors correctly.
    return Math.floor((2 * a * b + n) / (2 * n));
  }
  const result = floorDiv(2n * BigInt(a) * BigInt(b) + BigInt(n), 2n * BigInt(n));
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('amount too large to hold in pence');
  }
  return Number(result);
}

function floorDiv(x: bigint, y: bigint): bigint {
  const q = x / y;
  return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
}

/**
 * The pence an annual amount comes to in each financial year from `from` to `to`, both days
 * included; none when `to` is before `from`. Each day is worth annual / days in its financial year
 * (365 or 366), rounded cumulatively within the year: days c1..c2 of a year of N days come to
 * round(A·c2/N) − round(A·(c1−1)/N). So a whole year is exactly A, and cutting a period anywhere
 * (at a scheme change, a new cost line, a year end) never gains or loses a penny.
 */
export function accrueByFy(annualPence: number, from: IsoDate, to: IsoDate): { fy: number; pence: number }[] {
  assertPence(annualPence, 'annualPence');
  if (to < from) return [];
  const first = fyOf(from);
  const last = fyOf(to);
  const years: { fy: number; pence: number }[] = [];
  for (let fy = first; fy <= last; fy++) {
    const n = daysInFy(fy);
    const c1 = fy === first ? dayOfFy(from) : 1;
    const c2 = fy === last ? dayOfFy(to) : n;
    years.push({ fy, pence: mulDivHalfUp(annualPence, c2, n) - mulDivHalfUp(annualPence, c1 - 1, n) });
  }
  return years;
}

/** The pence an annual amount comes to from `from` to `to`, both included, over any number of years. */
export function accrue(annualPence: number, from: IsoDate, to: IsoDate): number {
  let pence = 0;
  for (const year of accrueByFy(annualPence, from, to)) pence += year.pence;
  return pence;
}

/**
 * Shares `pence` out in proportion to `weights` (whole numbers: basis points, pupil counts, pence)
 * by largest remainders: every part is its exact share rounded down, and the pence left over go
 * one each to the parts with the largest remainders, the earlier part first on a tie. The parts
 * always add up to `pence`, and each is within a penny of its exact share.
 */
export function splitByShares(pence: number, weights: readonly number[]): number[] {
  assertPence(pence, 'pence');
  let total = 0;
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0)
      throw new RangeError(`a weight must be a whole number 0 or more, not ${w}`);
    total += w;
  }
  if (!Number.isSafeInteger(total))
    throw new RangeError('the weights add up to more than can be held exactly');
  if (total === 0) {
    if (pence === 0) return weights.map(() => 0);
    throw new RangeError('cannot share an amount when every weight is 0');
  }

  const parts: number[] = [];
  const remainders: number[] = [];
  if (Math.abs(pence) * total <= Number.MAX_SAFE_INTEGER) {
    for (const w of weights) {
      const part = Math.floor((pence * w) / total);
      parts.push(part);
      remainders.push(pence * w - part * total);
    }
  } else {
    const p = BigInt(pence);
    const t = BigInt(total);
    for (const w of weights) {
      const product = p * BigInt(w);
      const part = floorDiv(product, t);
      parts.push(Number(part));
      remainders.push(Number(product - part * t));
    }
  }

  let leftover = pence;
  for (const part of parts) leftover -= part;
  const order = parts.map((_, i) => i).sort((a, b) => (remainders[b] ?? 0) - (remainders[a] ?? 0) || a - b);
  for (let k = 0; k < leftover; k++) {
    const i = order[k] as number;
    parts[i] = (parts[i] as number) + 1;
  }
  return parts;
}

const minus = '\u2212';
const withCommas = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Money as GOV.UK writes it: "£1,350", "£933.33" (pence only when not whole pounds), "−£2,400". */
export function penceText(pence: number): string {
  assertPence(pence, 'pence');
  const abs = Math.abs(pence);
  const pounds = withCommas(String(Math.floor(abs / 100)));
  const rest = abs % 100;
  const text = rest === 0 ? `£${pounds}` : `£${pounds}.${String(rest).padStart(2, '0')}`;
  return pence < 0 ? `${minus}${text}` : text;
}

/** The most a single amount typed into a form may be: £1,000,000,000. */
export const maxFormPence = 100_000_000_000;

export const poundsMessages = {
  empty: 'Enter an amount in pounds, like 1,350 or 1,350.50',
  notANumber: 'Enter an amount in pounds using numbers only, like 1,350 or 1,350.50',
  tooManyDecimals: 'Enter an amount with no more than 2 decimal places, like 1,350.50',
  negative: 'Enter an amount of £0 or more',
  tooLarge: 'Enter an amount of £1,000,000,000 or less',
} as const;

const amountPattern = /^£?\s*(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$/;
const negativePattern = /^(?:[-\u2212\u2013]\s*£?|£\s*[-\u2212\u2013])\s*(?=[\d.])/;

/**
 * An amount of money typed into a form, as people write it: "1350", "1,350", "£1,350.5",
 * "£1,350.50", with spaces around. Anything else gets a message saying how to write it.
 */
export function parsePounds(text: string): { pence: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: poundsMessages.empty };
  if (negativePattern.test(trimmed) && amountPattern.test(trimmed.replace(negativePattern, ''))) {
    return { error: poundsMessages.negative };
  }
  const m = amountPattern.exec(trimmed);
  const whole = m?.[1];
  const fraction = m?.[2];
  if (!m || (whole === undefined && fraction === undefined)) return { error: poundsMessages.notANumber };
  if (fraction !== undefined && fraction.length > 2) return { error: poundsMessages.tooManyDecimals };
  // BigInt, so that a long string of digits is judged too large rather than rounded.
  const pence = BigInt((whole ?? '0').replaceAll(',', '')) * 100n + BigInt((fraction ?? '').padEnd(2, '0'));
  if (pence > BigInt(maxFormPence)) return { error: poundsMessages.tooLarge };
  return { pence: Number(pence) };
}
