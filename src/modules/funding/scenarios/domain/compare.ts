/**
 * A scenario's allocations against last year's and against other scenarios: the change for each
 * school or cluster in pence and per cent, who gains and who loses most, and how many fall in each
 * band of change. Whole pence in, integer arithmetic throughout, so a school on a −2% floor is
 * counted in the band a person reading "falls by up to 2%" expects, never pushed out by a float.
 */

export interface Allocated {
  id: string;
  name: string;
  pence: number;
  /** Null when it had no allocation last year (a school new to the clusters). */
  lastYearPence: number | null;
}

export interface Change {
  /** This year less last year; null with no allocation last year. */
  changePence: number | null;
  /** The change in tenths of a per cent, rounded half up; null when last year was nothing. */
  percentTenths: number | null;
}

/** a · b / n rounded half towards +∞, exactly, for n > 0. */
function roundedQuotient(a: number, n: number): number {
  return Math.floor((2 * a + n) / (2 * n));
}

export function changeOf(pence: number, lastYearPence: number | null): Change {
  if (lastYearPence === null) return { changePence: null, percentTenths: null };
  const changePence = pence - lastYearPence;
  if (lastYearPence === 0) return { changePence, percentTenths: null };
  return { changePence, percentTenths: roundedQuotient(changePence * 1000, lastYearPence) };
}

/**
 * The bands of change, by how far an allocation moves either way. Each band holds its outer edge:
 * a fall of exactly 2% is "up to 2%", so a −2% floor's schools all show in one band.
 */
export const changeBands = [
  { key: 'fall-over-10', label: 'Falls by more than 10%' },
  { key: 'fall-5-10', label: 'Falls by more than 5%, up to 10%' },
  { key: 'fall-2-5', label: 'Falls by more than 2%, up to 5%' },
  { key: 'fall-0-2', label: 'Falls by up to 2%' },
  { key: 'same', label: 'No change' },
  { key: 'rise-0-2', label: 'Rises by up to 2%' },
  { key: 'rise-2-5', label: 'Rises by more than 2%, up to 5%' },
  { key: 'rise-5-10', label: 'Rises by more than 5%, up to 10%' },
  { key: 'rise-over-10', label: 'Rises by more than 10%' },
  { key: 'new', label: 'No allocation last year' },
] as const;
export type ChangeBand = (typeof changeBands)[number]['key'];

/** Which band an allocation's change from last year falls in, judged exactly in pence. */
export function bandOf(pence: number, lastYearPence: number | null): ChangeBand {
  if (lastYearPence === null) return 'new';
  const change = pence - lastYearPence;
  if (change === 0) return 'same';
  // change / last year against p%, as change · 100 against p · last year: no division, no rounding.
  const over = (percent: number) => Math.abs(change) * 100 > percent * lastYearPence;
  if (change > 0)
    return over(10) ? 'rise-over-10' : over(5) ? 'rise-5-10' : over(2) ? 'rise-2-5' : 'rise-0-2';
  return over(10) ? 'fall-over-10' : over(5) ? 'fall-5-10' : over(2) ? 'fall-2-5' : 'fall-0-2';
}

export interface BandCount {
  band: ChangeBand;
  label: string;
  count: number;
}

/** How many fall in each band, every band listed (an empty one as 0) in order from falls to rises. */
export function distribution(rows: readonly Allocated[]): BandCount[] {
  const counts = new Map<ChangeBand, number>();
  for (const r of rows) {
    const band = bandOf(r.pence, r.lastYearPence);
    counts.set(band, (counts.get(band) ?? 0) + 1);
  }
  return changeBands.map((b) => ({ band: b.key, label: b.label, count: counts.get(b.key) ?? 0 }));
}

export interface Moved extends Allocated, Change {}

export interface WinnersAndLosers {
  gain: number;
  lose: number;
  same: number;
  /** No allocation last year, so neither gaining nor losing. */
  new: number;
  /** The biggest gains in pounds, the biggest first. */
  gains: Moved[];
  /** The biggest losses in pounds, the biggest first. */
  losses: Moved[];
}

const byName = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

/** Who gains and who loses against last year, and the `top` biggest of each, ties in name order. */
export function winnersAndLosers(rows: readonly Allocated[], top: number): WinnersAndLosers {
  const moved: Moved[] = rows.map((r) => ({ ...r, ...changeOf(r.pence, r.lastYearPence) }));
  const gains = moved.filter((m) => (m.changePence ?? 0) > 0);
  const losses = moved.filter((m) => (m.changePence ?? 0) < 0);
  const ranked = (list: Moved[], sign: 1 | -1) =>
    list
      .sort(
        (a, b) =>
          sign * ((b.changePence ?? 0) - (a.changePence ?? 0)) ||
          byName.compare(a.name, b.name) ||
          (a.id < b.id ? -1 : 1),
      )
      .slice(0, top);
  return {
    gain: gains.length,
    lose: losses.length,
    same: moved.filter((m) => m.changePence === 0).length,
    new: moved.filter((m) => m.changePence === null).length,
    gains: ranked(gains, 1),
    losses: ranked(losses, -1),
  };
}

/** A change in tenths of a per cent as pages write it: "+2.5%", "−10.0%", "0.0%". */
export function percentChangeText(tenths: number | null): string {
  if (tenths === null) return 'Not applicable';
  const sign = tenths > 0 ? '+' : tenths < 0 ? '\u2212' : '';
  const abs = Math.abs(tenths);
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}%`;
}
