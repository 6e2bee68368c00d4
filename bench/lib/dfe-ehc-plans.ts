import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** The project's copy of the DfE's public LA tables (see bench/public-data/dfe-ehc-plans/README.md). */
export const dfeEhcPlansDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../public-data/dfe-ehc-plans',
);

/** The DfE's age bands in the order of the files' `characteristic_age`. */
export const dfeAgeBands = [
  'Under 5',
  'Age 5 to 10',
  'Age 11 to 15',
  'Age 16 to 19',
  'Age 20 to 25',
] as const;

/** One LA's figures by age band: counts in dfeAgeBands' order, null where the DfE withheld a value. */
export interface LaBandFigures {
  /** The DfE's three-digit LA code, which survives the ONS code changes of 2013 and 2020. */
  code: string;
  /** Every ONS code and name the LA appears under, in the order first met. */
  onsCodes: string[];
  names: string[];
  /** Plans (statements and EHC plans, `Total_all`) in force each January. */
  caseload: Map<number, (number | null)[]>;
  /** New plans made in each calendar year (`Total_new_all`). */
  newPlans: Map<number, (number | null)[]>;
  /** The file's own total each January, to check the bands against. */
  caseloadTotal: Map<number, number | null>;
  /** Initial requests for an EHC needs assessment made in each calendar year (`inreq_ehc`, from 2016). */
  requests: Map<number, number | null>;
}

interface Row {
  time_period: string;
  old_la_code: string;
  new_la_code: string;
  la_name: string;
  characteristic_age: string;
  [column: string]: string;
}

/** `z`, `x` and `c` (not applicable, not available, suppressed) are missing values, as is a blank. */
function figure(cell: string | undefined): number | null {
  if (cell === undefined || !/^\d+$/.test(cell.trim())) return null;
  return Number(cell);
}

function readRows(file: string): Row[] {
  return parse(fs.readFileSync(path.join(dfeEhcPlansDir, file), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Row[];
}

/**
 * Every LA in sen2_age_caseload.csv and sen2_age_new_plans.csv, keyed by the DfE's LA code. A band
 * with no row in a year counts 0 when the year has other bands: the files leave out "Age 20 to 25"
 * before plans could run past 19, and it had no plans then.
 */
export function readLaBandFigures(): Map<string, LaBandFigures> {
  const las = new Map<string, LaBandFigures>();
  const laOf = (row: Row) => {
    let la = las.get(row.old_la_code);
    if (!la) {
      la = {
        code: row.old_la_code,
        onsCodes: [],
        names: [],
        caseload: new Map(),
        newPlans: new Map(),
        caseloadTotal: new Map(),
        requests: new Map(),
      };
      las.set(row.old_la_code, la);
    }
    if (!la.onsCodes.includes(row.new_la_code)) la.onsCodes.push(row.new_la_code);
    if (!la.names.includes(row.la_name)) la.names.push(row.la_name);
    return la;
  };
  const fill = (
    file: string,
    column: string,
    pick: (la: LaBandFigures) => Map<number, (number | null)[]>,
  ) => {
    for (const row of readRows(file)) {
      const la = laOf(row);
      const year = Number(row.time_period);
      const value = figure(row[column]);
      if (row.characteristic_age === 'Total') {
        if (column === 'Total_all') la.caseloadTotal.set(year, value);
        continue;
      }
      const band = dfeAgeBands.indexOf(row.characteristic_age as (typeof dfeAgeBands)[number]);
      if (band < 0) throw new Error(`${file}: unknown age band "${row.characteristic_age}"`);
      const series = pick(la);
      const counts = series.get(year) ?? dfeAgeBands.map(() => 0);
      counts[band] = value;
      series.set(year, counts);
    }
  };
  fill('sen2_age_caseload.csv', 'Total_all', (la) => la.caseload);
  fill('sen2_age_new_plans.csv', 'Total_new_all', (la) => la.newPlans);
  // Only the LAs the plan tables hold: a request count alone forecasts nothing.
  for (const row of readRows('sen2_mi_requests.csv'))
    las.get(row.old_la_code)?.requests.set(Number(row.time_period), figure(row.inreq_ehc));
  return las;
}
