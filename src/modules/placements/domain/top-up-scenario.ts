import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { clipToFy } from '../../../platform/kernel/financial-years.ts';
import { accrue } from '../../../platform/kernel/money.ts';
import { bandValueIn, later } from './costs.ts';
import type { SettingGroup, TopUpScheme } from './types.ts';

/**
 * A proposed top-up scheme costed against the one in force, before anyone adopts it (DESIGN §3.2:
 * "changing a scheme is a scenario with its cost shown before it is adopted").
 */

/** A band top-up line in force at some point in the year, its days already clipped to the placement. */
export interface ScenarioLine {
  placementId: string;
  childId: string;
  group: SettingGroup;
  band: string;
  from: IsoDate;
  /** The line's last day; null while it runs on. */
  to: IsoDate | null;
}

export interface TopUpScenarioInput {
  fy: number;
  /** The day the proposed scheme would take effect. */
  proposedFrom: IsoDate;
  current: TopUpScheme | null;
  proposed: TopUpScheme;
  lines: readonly ScenarioLine[];
}

/**
 * Full-year figures are the annual values: what a whole year costs under each scheme. In-year
 * figures are what accrues from the day the proposed scheme would take effect (or the line's
 * start, if later) to 31 March or the line's end: before that day the current scheme applies
 * either way, so only those days can differ. Differences are proposed − current.
 */
export interface ScenarioFigures {
  fullYearCurrent: number;
  fullYearProposed: number | null;
  fullYearDifference: number | null;
  inYearCurrent: number;
  inYearProposed: number | null;
  inYearDifference: number | null;
}

export interface ScenarioRow extends ScenarioFigures {
  placementId: string;
  childId: string;
  group: SettingGroup;
  band: string;
}

/**
 * A band the lines are on that a scheme does not have. Missing from the current scheme, the line
 * is paid nothing today, so it counts as 0 now; missing from the proposed one, what it would cost
 * is unknown, so its proposed figures are null and left out of the totals rather than taken as 0.
 */
export interface MissingBand {
  scheme: 'current' | 'proposed';
  settingGroup: SettingGroup;
  band: string;
  lines: number;
}

export interface TopUpScenario {
  fy: number;
  proposedFrom: IsoDate;
  rows: ScenarioRow[];
  /** The rows added up; a row with a null figure adds nothing to that figure's total. */
  totals: { [K in keyof ScenarioFigures]: number };
  missingBands: MissingBand[];
}

const minus = (a: number | null, b: number) => (a === null ? null : a - b);

export function topUpScenario(input: TopUpScenarioInput): TopUpScenario {
  const { fy, proposedFrom, current, proposed } = input;
  const missing = new Map<string, MissingBand>();
  const noteMissing = (scheme: MissingBand['scheme'], settingGroup: SettingGroup, band: string) => {
    const key = `${scheme}|${settingGroup}|${band}`;
    const entry = missing.get(key);
    if (entry) entry.lines += 1;
    else missing.set(key, { scheme, settingGroup, band, lines: 1 });
  };

  const rows = input.lines.map((line): ScenarioRow => {
    const currentValue = bandValueIn(current, line.group, line.band);
    const proposedValue = bandValueIn(proposed, line.group, line.band);
    if (currentValue === null) noteMissing('current', line.group, line.band);
    if (proposedValue === null) noteMissing('proposed', line.group, line.band);
    const fullYearCurrent = currentValue ?? 0;
    const days = clipToFy(fy, later(line.from, proposedFrom), line.to);
    const inYear = (annualPence: number) => (days === null ? 0 : accrue(annualPence, days.from, days.to));
    const inYearCurrent = inYear(fullYearCurrent);
    const inYearProposed = proposedValue === null ? null : inYear(proposedValue);
    return {
      placementId: line.placementId,
      childId: line.childId,
      group: line.group,
      band: line.band,
      fullYearCurrent,
      fullYearProposed: proposedValue,
      fullYearDifference: minus(proposedValue, fullYearCurrent),
      inYearCurrent,
      inYearProposed,
      inYearDifference: minus(inYearProposed, inYearCurrent),
    };
  });

  const totals = {
    fullYearCurrent: 0,
    fullYearProposed: 0,
    fullYearDifference: 0,
    inYearCurrent: 0,
    inYearProposed: 0,
    inYearDifference: 0,
  };
  for (const row of rows) {
    for (const key of Object.keys(totals) as (keyof ScenarioFigures)[]) totals[key] += row[key] ?? 0;
  }

  const missingBands = [...missing.values()].sort(
    (a, b) =>
      a.scheme.localeCompare(b.scheme) ||
      a.settingGroup.localeCompare(b.settingGroup) ||
      a.band.localeCompare(b.band, 'en', { numeric: true }),
  );
  return { fy, proposedFrom, rows, totals, missingBands };
}
