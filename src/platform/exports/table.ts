import { isIsoDate } from '../kernel/dates.ts';

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/**
 * What a column holds, which decides how each format writes it. `percent` takes a number of per
 * cent (56.3), as pages show it; `date` an ISO date (2026-03-02); `dateTime` an instant (a Date
 * or an ISO timestamp), written as the time in the UK, since that is the time people worked to.
 */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'percent' | 'date' | 'dateTime';

export type CellValue = string | number | Date | null | undefined;

export interface ExportColumn<Row> {
  heading: string;
  kind: ColumnKind;
  value(row: Row): CellValue;
  /** Width in the spreadsheet, in characters, where the kind's usual width will not do. */
  width?: number;
}

/** A money column: pence read from the row, written as pounds so a spreadsheet sums it. */
export function poundsColumn<Row>(
  heading: string,
  pence: (row: Row) => number | null,
  width = 16,
): ExportColumn<Row> {
  return {
    heading: `${heading} (£)`,
    kind: 'decimal',
    width,
    value: (row) => {
      const p = pence(row);
      return p === null ? null : p / 100;
    },
  };
}

/** A table as it downloads: described once, written as CSV or XLSX alike. */
export interface ExportTable<Row> {
  /** The file's name before its date, in lower case and hyphens: `children` → children-2026-03-02.csv. */
  fileStem: string;
  /** The worksheet's name (Excel keeps 31 characters of it). */
  sheetTitle: string;
  columns: readonly ExportColumn<Row>[];
  /** The children a row shows, for the export's audit event; left out for tables about no child. */
  childIdsOf?(row: Row): readonly (string | null)[];
}

// Spreadsheet programs run a cell starting with one of these as a formula (OWASP "CSV injection").
const formulaStart = /^[=+\-@\t\r]/;

/** Text a spreadsheet will show as text: a leading apostrophe stops it being read as a formula. */
export function withoutFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

// Made once: building a formatter with a time zone costs far more than formatting with it.
const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function ukWallClock(value: Date | string): { date: string; time: string } | null {
  const instant = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(instant.getTime())) return null;
  const p = Object.fromEntries(londonParts.formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}` };
}

function isoDateOf(value: string | Date): string | null {
  if (value instanceof Date) return ukWallClock(value)?.date ?? null;
  const date = value.slice(0, 10);
  return isIsoDate(date) ? date : null;
}

const asNumber = (value: CellValue): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** One cell as CSV text: dates as YYYY-MM-DD, times as UK time, text kept from being a formula. */
export function csvCell(kind: ColumnKind, value: CellValue): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'integer':
    case 'decimal':
    case 'percent':
      return asNumber(value)?.toString() ?? withoutFormula(String(value));
    case 'date':
      return typeof value === 'number' ? String(value) : (isoDateOf(value) ?? withoutFormula(String(value)));
    case 'dateTime': {
      const at = typeof value === 'number' ? null : ukWallClock(value);
      return at ? `${at.date} ${at.time}` : withoutFormula(String(value));
    }
    default:
      return withoutFormula(value instanceof Date ? value.toISOString() : String(value));
  }
}

/**
 * One cell as XLSX holds it: numbers as numbers, a percent as a fraction shown with a % format,
 * dates and times as real date cells. Excel's dates have no time zone, so a time is stored as the
 * UK wall clock. Text is stored as text, which a spreadsheet never runs as a formula.
 */
export function xlsxCell(kind: ColumnKind, value: CellValue): string | number | Date | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'integer':
    case 'decimal':
      return asNumber(value) ?? String(value);
    case 'percent': {
      const n = asNumber(value);
      return n === null ? String(value) : n / 100;
    }
    case 'date': {
      const date = typeof value === 'number' ? null : isoDateOf(value);
      return date ? new Date(`${date}T00:00:00Z`) : String(value);
    }
    case 'dateTime': {
      const at = typeof value === 'number' ? null : ukWallClock(value);
      return at ? new Date(`${at.date}T${at.time}Z`) : String(value);
    }
    default:
      return value instanceof Date ? value.toISOString() : String(value);
  }
}

/** How Excel shows each kind; kinds without one show as Excel's General does. */
export const xlsxNumberFormats: Partial<Record<ColumnKind, string>> = {
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  dateTime: 'yyyy-mm-dd hh:mm',
};

const usualWidths: Record<ColumnKind, number> = {
  text: 24,
  integer: 10,
  decimal: 12,
  percent: 10,
  date: 12,
  dateTime: 18,
};

/** Wide enough for the heading and for what the kind usually holds, never wider than a screen's half. */
export function columnWidth(column: { heading: string; kind: ColumnKind; width?: number }): number {
  return column.width ?? Math.min(60, Math.max(usualWidths[column.kind], column.heading.length + 2));
}

/** A worksheet name Excel accepts: none of : \ / ? * [ ], at most 31 characters. */
export function sheetName(title: string): string {
  return (
    title
      .replace(/[:\\/?*[\]]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet1'
  );
}
