/**
 * The DfE's timeliness measure (SEN2; "timeliness_20_week", 2025 data guidance): new EHC plans
 * issued in a calendar year, by how long after the request they were issued — within 20 weeks,
 * over 20 and up to 52 weeks, over 52 weeks — counted with every plan, and again leaving out
 * every plan a reg 10(4) exception applies to (Week20 = 1), on time or not. Weeks run from the day
 * the request was received, so within 20 weeks means issued no more than 140 days after it. The
 * counting is one SQL query (caseload/repo.ts); these are its shapes.
 */

export interface Bands {
  issued: number;
  within20Weeks: number;
  over20To52Weeks: number;
  over52Weeks: number;
  /** Percentage within 20 weeks to one decimal place, as the DfE publishes it; null with no plans. */
  percentWithin20Weeks: number | null;
}

export interface Timeliness {
  year: number;
  includingExceptions: Bands;
  excludingExceptions: Bands;
}

export const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((1000 * part) / whole) / 10;

export function bands(counts: Omit<Bands, 'percentWithin20Weeks'>): Bands {
  return { ...counts, percentWithin20Weeks: percent(counts.within20Weeks, counts.issued) };
}
