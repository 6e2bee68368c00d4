import { type ExportTable, poundsColumn } from '../../../platform/exports/index.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import type { ScenarioValues } from './scenario-form.ts';
import { type CostedScenario, type SettingGroup, settingGroupLabels } from './service.ts';

/**
 * The scenario's difference as the page shows it and as it downloads: for the two groups the
 * change moves joiners between and for every setting, each January's median difference with the
 * forecast and the scenario; and, when costed, each year's cost with the difference's interval.
 */

const n = (x: number) => Math.round(x).toLocaleString('en-GB');
const signed = (x: number) => (Math.round(x) > 0 ? `+${n(x)}` : n(x));

export interface ScenarioYearRow {
  year: number;
  cells: { label: string; base: number; scenario: number; difference: number }[];
}

export function scenarioYears(c: CostedScenario, values: ScenarioValues): ScenarioYearRow[] {
  const shown = [values.from, values.to, null] as const;
  const years = [...new Set(c.places.map((p) => p.year))];
  return years.map((year) => ({
    year,
    cells: shown.map((g) => {
      const r = c.places.find((p) => p.year === year && p.group === g);
      return {
        label: g === null ? 'Every setting' : settingGroupLabels[g as SettingGroup],
        base: r?.base.median ?? 0,
        scenario: r?.scenario.median ?? 0,
        difference: r?.difference.median ?? 0,
      };
    }),
  }));
}

export function scenarioTables(c: CostedScenario, values: ScenarioValues) {
  const years = scenarioYears(c, values);
  return {
    head: [
      { text: 'January' },
      ...(years[0]?.cells ?? []).map((cell) => ({ text: cell.label, format: 'numeric' })),
    ],
    rows: years.map((y) => [
      { text: String(y.year) },
      ...y.cells.map((cell) => ({
        text: `${signed(cell.difference)} (${n(cell.base)} → ${n(cell.scenario)})`,
        format: 'numeric',
      })),
    ]),
    costRows: c.cost?.map((x) => [
      { text: String(x.year) },
      { text: penceText(Math.round(x.basePence.median)), format: 'numeric' },
      { text: penceText(Math.round(x.scenarioPence.median)), format: 'numeric' },
      {
        text: `${penceText(Math.round(x.differencePence.median))} (${penceText(Math.round(x.differencePence.p10))} to ${penceText(Math.round(x.differencePence.p90))})`,
        format: 'numeric',
      },
    ]),
  };
}

export const scenarioExports = ['places', 'cost'] as const;
export type ScenarioExport = (typeof scenarioExports)[number];

type PlacesRow = { year: number; label: string; base: number; scenario: number; difference: number };
type CostRow = NonNullable<CostedScenario['cost']>[number];

export function placesExport(c: CostedScenario, values: ScenarioValues) {
  const rows: PlacesRow[] = scenarioYears(c, values).flatMap((y) =>
    y.cells.map((cell) => ({ year: y.year, ...cell })),
  );
  const table: ExportTable<PlacesRow> = {
    fileStem: 'forecast-scenario-places',
    sheetTitle: 'Scenario places',
    columns: [
      { heading: 'January', kind: 'integer', value: (r) => r.year },
      { heading: 'Group of setting', kind: 'text', width: 40, value: (r) => r.label },
      { heading: 'Forecast (median)', kind: 'decimal', value: (r) => r.base },
      { heading: 'Scenario (median)', kind: 'decimal', value: (r) => r.scenario },
      { heading: 'Difference (median)', kind: 'decimal', value: (r) => r.difference },
    ],
  };
  return { table, rows };
}

export function costExport(c: CostedScenario) {
  const pence = (pick: (r: CostRow) => number) => (r: CostRow) => Math.round(pick(r));
  const table: ExportTable<CostRow> = {
    fileStem: 'forecast-scenario-cost',
    sheetTitle: 'Scenario cost',
    columns: [
      { heading: 'January', kind: 'integer', value: (r) => r.year },
      poundsColumn(
        'Forecast cost, median',
        pence((r) => r.basePence.median),
        20,
      ),
      poundsColumn(
        'Scenario cost, median',
        pence((r) => r.scenarioPence.median),
        20,
      ),
      poundsColumn(
        'Difference, median',
        pence((r) => r.differencePence.median),
        20,
      ),
      poundsColumn(
        'Difference, 10th percentile',
        pence((r) => r.differencePence.p10),
        20,
      ),
      poundsColumn(
        'Difference, 90th percentile',
        pence((r) => r.differencePence.p90),
        20,
      ),
    ],
  };
  return { table, rows: c.cost ?? [] };
}
