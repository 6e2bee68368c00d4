import { type IsoDate, isIsoDate, longDate, monthNames } from '../kernel/dates.ts';
import { type Cell, cellText, isBlank, isDateCell, ukDate } from './cells.ts';

/**
 * What a parser made of a cell: its value, or what is wrong with it, in words that follow
 * "row 14, Start date:" and say how to put it right. `form` says how the cell was written
 * (a date day first, say), so a column written in more than one way can be noticed.
 */
export type Parsed<T> = { value: T; form?: string } | { problem: string; form?: string };

/** The first row of a column on which its values were written in a given way. */
export interface SeenForm {
  form: string;
  row: number;
  text: string;
}

/** The example a template shows for a column: as CSV text, and as a workbook cell with its format. */
export interface Example {
  csv: string;
  xlsx: Cell;
  numFmt?: string;
}

/** How a kind of column reads its cells. */
export interface ColumnParser<T> {
  parse(cell: Cell): Parsed<T>;
  example: Example;
  /**
   * Why a column whose cells were written in these different ways is a problem, on the row it
   * names last, or null if it is not.
   */
  mixedForms?(seen: readonly SeenForm[]): { row: number; problem: string } | null;
}

const blankProblem = 'is blank; every row needs a value here';
/** A cell's value quoted in a message, cut short so a huge cell cannot swamp a report. */
export function quoted(text: string): string {
  const t = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return `“${t}”`;
}
const whatItIs = (cell: Cell) =>
  typeof cell === 'boolean' ? 'TRUE or FALSE' : isDateCell(cell) ? 'a date' : quoted(cellText(cell));

type Optional = { optional: true };

/** Text, trimmed, at most `max` characters. */
export function text(options?: { max?: number; example?: string }): ColumnParser<string>;
export function text(options: { max?: number; example?: string } & Optional): ColumnParser<string | null>;
export function text(
  options: { max?: number; example?: string; optional?: boolean } = {},
): ColumnParser<string | null> {
  const max = options.max ?? 200;
  const example = options.example ?? 'Some text';
  return {
    example: { csv: example, xlsx: example },
    parse(cell) {
      if (isBlank(cell)) return options.optional ? { value: null } : { problem: blankProblem };
      const value = cellText(cell).trim();
      if (value.length > max)
        return {
          problem: `is ${value.length.toLocaleString('en-GB')} characters long; it can be at most ${max}`,
        };
      return { value };
    },
  };
}

const wholeNumberText = /^-?(\d+|\d{1,3}(,\d{3})+)$/;

/** A whole number from `min` to `max`; figures with or without thousands commas (1,350). */
export function integer(options: { min: number; max: number; example?: number }): ColumnParser<number>;
export function integer(
  options: { min: number; max: number; example?: number } & Optional,
): ColumnParser<number | null>;
export function integer(options: {
  min: number;
  max: number;
  example?: number;
  optional?: boolean;
}): ColumnParser<number | null> {
  const example = options.example ?? Math.max(options.min, Math.min(options.max, 12));
  const range = `it must be from ${options.min.toLocaleString('en-GB')} to ${options.max.toLocaleString('en-GB')}`;
  return {
    example: { csv: String(example), xlsx: example },
    parse(cell) {
      if (isBlank(cell)) return options.optional ? { value: null } : { problem: blankProblem };
      let n: number;
      if (typeof cell === 'number') n = cell;
      else if (typeof cell === 'string' && wholeNumberText.test(cell.trim()))
        n = Number(cell.trim().replaceAll(',', ''));
      else
        return { problem: `${whatItIs(cell)} is not a whole number; write it in figures, like ${example}` };
      if (!Number.isInteger(n)) return { problem: `${n} is not a whole number; ${range}` };
      if (n < options.min || n > options.max) return { problem: `${n} is out of range; ${range}` };
      return { value: n };
    },
  };
}

const decimalText = /^-?(\d+|\d{1,3}(,\d{3})+)?(\.\d+)?$/;

export interface DecimalOptions {
  min: number;
  max: number;
  /** Whether the value must be more than `min` rather than at least it (a share of full time above 0). */
  aboveMin?: boolean;
  /** The most decimal places a value may have; more is refused rather than rounded. */
  places: number;
  /** Whether it is a percentage, which may be written with its % sign (25%, or a cell shown as one). */
  percent?: boolean;
  example?: number;
}

/**
 * A number with up to `places` decimal places, from `min` (or above it) to `max`: 2.5, "0.4" and
 * number cells alike. A number cell holds a binary fraction (0.45 is 0.4499…), allowed for.
 */
export function decimal(options: DecimalOptions): ColumnParser<number>;
export function decimal(options: DecimalOptions & Optional): ColumnParser<number | null>;
export function decimal(options: DecimalOptions & { optional?: boolean }): ColumnParser<number | null> {
  const example = options.example ?? options.max;
  const n = (x: number) => x.toLocaleString('en-GB', { maximumFractionDigits: options.places });
  const range = options.aboveMin
    ? `it must be more than ${n(options.min)} and at most ${n(options.max)}`
    : `it must be from ${n(options.min)} to ${n(options.max)}`;
  const scale = 10 ** options.places;
  return {
    example: { csv: String(example), xlsx: example },
    parse(cell) {
      if (isBlank(cell)) return options.optional ? { value: null } : { problem: blankProblem };
      let value: number;
      const t = typeof cell === 'string' ? cell.trim() : '';
      const written = options.percent ? t.replace(/\s*%$/, '') : t;
      if (typeof cell === 'number') value = cell;
      else if (typeof cell === 'string' && decimalText.test(written) && /\d/.test(written))
        value = Number(written.replaceAll(',', ''));
      else return { problem: `${whatItIs(cell)} is not a number; write it in figures, like ${example}` };
      const scaled = Math.round(value * scale);
      if (!Number.isFinite(value) || Math.abs(value * scale - scaled) > 1e-6)
        return {
          problem: `${value} has more than ${options.places} decimal ${options.places === 1 ? 'place' : 'places'}; ${range}`,
        };
      value = scaled / scale;
      if (value > options.max || value < options.min || (options.aboveMin && value === options.min))
        return { problem: `${n(value)} is out of range; ${range}` };
      return { value: value === 0 ? 0 : value };
    },
  };
}

const poundsText = /^(-)?\s*£?\s*(-)?\s*(\d+|\d{1,3}(?:,\d{3})+)?(?:\.(\d*))?$/;
const pence = (n: number) =>
  `${n < 0 ? '-' : ''}£${(Math.abs(n) / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;

/**
 * An amount in pounds, as pence: "£1,350.50", "1350.5" and number cells alike. More than two
 * decimal places is refused rather than rounded, since it means the figure is not what was meant
 * (a division left unrounded, or pence typed as pounds). Negative amounts only where allowed.
 */
export function money(options?: { allowNegative?: boolean; maxPence?: number }): ColumnParser<number>;
export function money(
  options: { allowNegative?: boolean; maxPence?: number } & Optional,
): ColumnParser<number | null>;
export function money(
  options: { allowNegative?: boolean; maxPence?: number; optional?: boolean } = {},
): ColumnParser<number | null> {
  const maxPence = options.maxPence ?? 100_000_000_00;
  const fix = 'write pounds and pence, like 1350.50 or £1,350.50';
  return {
    example: { csv: '1350.50', xlsx: 1350.5, numFmt: '"£"#,##0.00' },
    parse(cell) {
      if (isBlank(cell)) return options.optional ? { value: null } : { problem: blankProblem };
      let value: number;
      if (typeof cell === 'number') {
        value = Math.round(cell * 100);
        // A number cell holds a binary fraction: 1350.51 is 1350.5099999…, so allow for that.
        if (!Number.isFinite(cell) || Math.abs(cell * 100 - value) > 1e-6)
          return { problem: `${cell} has more than 2 decimal places; ${fix}` };
      } else if (typeof cell === 'string') {
        const t = cell.trim();
        const m = poundsText.exec(t);
        const [, minus, minusAfter, pounds, fraction] = m ?? [];
        if (!m || (minus && minusAfter) || (pounds === undefined && !fraction))
          return { problem: `${quoted(t)} is not an amount of money; ${fix}` };
        if ((fraction ?? '').length > 2)
          return { problem: `${quoted(t)} has more than 2 decimal places; ${fix}` };
        const whole = Number((pounds ?? '0').replaceAll(',', ''));
        value = whole * 100 + Number((fraction ?? '').padEnd(2, '0'));
        if (minus || minusAfter) value = -value;
      } else {
        return { problem: `${whatItIs(cell)} is not an amount of money; ${fix}` };
      }
      if (value < 0 && !options.allowNegative)
        return { problem: `${pence(value)} is less than £0; amounts here cannot be negative` };
      if (Math.abs(value) > maxPence)
        return { problem: `${pence(value)} is more than ${pence(maxPence)}, the most this column takes` };
      return { value: value === 0 ? 0 : value };
    },
  };
}

const dateExample = '01/09/2026';
const dateFix = `use a date like ${dateExample}`;
const monthNumbers = new Map<string, number>(
  monthNames.flatMap((name, i) => [
    [name.toLowerCase(), i + 1],
    [name.slice(0, 3).toLowerCase(), i + 1],
  ]),
);
monthNumbers.set('sept', 9);

const isoPattern = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const numericPattern = /^(\d{1,2})([/.-])(\d{1,2})\2(\d+)$/;
const longPattern = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d+)$/i;

const isoOf = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** How a date was written, for telling when a column mixes ways. */
const dateForms = {
  iso: 'written year first',
  dayFirst: 'written day first',
  ambiguous: 'written day first',
  monthFirst: 'written month first',
  long: 'written in words',
  cell: 'a date cell',
} as const;
type DateForm = keyof typeof dateForms;

function readDateText(t: string): { iso: string; form: DateForm } | { problem: string; form?: DateForm } {
  const twoDigitYear = `${t} has a two-digit year; write the year in full, like ${dateExample}`;
  const iso = isoPattern.exec(t);
  if (iso) {
    const value = isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return isIsoDate(value)
      ? { iso: value, form: 'iso' }
      : { problem: `${t} is not a real date; ${dateFix}`, form: 'iso' };
  }
  const numeric = numericPattern.exec(t);
  if (numeric) {
    const [a, b, year] = [Number(numeric[1]), Number(numeric[3]), numeric[4] ?? ''];
    if (year.length !== 4) return { problem: twoDigitYear };
    if (b > 12 && a >= 1 && a <= 12)
      return {
        problem: `${t} is not a real date: dates are read day first, and there is no month ${b}. If this file's dates are month first, as in the US, write them all day first, like ${dateExample}`,
        form: 'monthFirst',
      };
    const form: DateForm = a > 12 ? 'dayFirst' : 'ambiguous';
    const value = isoOf(Number(year), b, a);
    return isIsoDate(value) ? { iso: value, form } : { problem: `${t} is not a real date; ${dateFix}`, form };
  }
  const long = longPattern.exec(t);
  const month = long ? monthNumbers.get((long[2] ?? '').toLowerCase()) : undefined;
  if (long && month) {
    const year = long[3] ?? '';
    if (year.length !== 4) return { problem: twoDigitYear };
    const value = isoOf(Number(year), month, Number(long[1]));
    return isIsoDate(value)
      ? { iso: value, form: 'long' }
      : { problem: `${t} is not a real date; ${dateFix}`, form: 'long' };
  }
  return { problem: `${quoted(t)} is not a date; ${dateFix}` };
}

/**
 * A calendar date: 01/09/2026 (day first, as in the UK, with / - or .), 2026-09-01, 1 September
 * 2026 (or 1 Sep 2026), or a workbook's date cell. Two-digit years are refused, since 01/09/26
 * could be 1926 or 2026, and so is a date that only makes sense month first (09/31/2026).
 */
export function date(options?: { min?: IsoDate; max?: IsoDate }): ColumnParser<IsoDate>;
export function date(options: { min?: IsoDate; max?: IsoDate } & Optional): ColumnParser<IsoDate | null>;
export function date(
  options: { min?: IsoDate; max?: IsoDate; optional?: boolean } = {},
): ColumnParser<IsoDate | null> {
  const min = options.min ?? '1900-01-01';
  const max = options.max ?? '2199-12-31';
  return {
    example: { csv: dateExample, xlsx: { date: '2026-09-01' }, numFmt: 'dd/mm/yyyy' },
    parse(cell) {
      if (isBlank(cell)) return options.optional ? { value: null } : { problem: blankProblem };
      let read: ReturnType<typeof readDateText>;
      if (isDateCell(cell)) read = { iso: cell.date, form: 'cell' };
      else if (typeof cell === 'string') read = readDateText(cell.trim());
      else if (typeof cell === 'number')
        return {
          problem: `${cell} is a number, not a date; format the cell as a date, or write it like ${dateExample}`,
        };
      else return { problem: `TRUE or FALSE is not a date; ${dateFix}` };
      if ('problem' in read) return read;
      const shown = isDateCell(cell) ? ukDate(read.iso) : String(cell).trim();
      if (read.iso < min)
        return { problem: `${shown} is before ${longDate(min)}; check the year`, form: read.form };
      if (read.iso > max)
        return { problem: `${shown} is after ${longDate(max)}; check the year`, form: read.form };
      return { value: read.iso, form: read.form };
    },
    mixedForms(seen) {
      const of = (form: DateForm) => seen.find((s) => s.form === form);
      const example = (s: SeenForm) =>
        s.form === 'cell' ? `${s.text} as a date cell on row ${s.row}` : `${s.text} on row ${s.row}`;
      const dayFirst = of('dayFirst');
      const monthFirst = of('monthFirst');
      if (dayFirst && monthFirst)
        return {
          row: Math.max(dayFirst.row, monthFirst.row),
          problem: `some dates are day first (${example(dayFirst)}) and some month first, as in the US (${example(monthFirst)}); write every date day first, like ${dateExample}`,
        };
      const ways = new Map<string, SeenForm>();
      for (const s of seen) {
        const way = dateForms[s.form as DateForm];
        if (way && s.form !== 'monthFirst' && !ways.has(way)) ways.set(way, s);
      }
      if (ways.size < 2) return null;
      const [a, b] = [...ways.values()].sort((x, y) => x.row - y.row) as [SeenForm, SeenForm];
      return {
        row: b.row,
        problem: `dates are written in more than one way (${example(a)}, ${example(b)}); write every date the same way, like ${dateExample}`,
      };
    },
  };
}

export interface Choice<T> {
  value: T;
  label: string;
  /** Other words or codes that mean the same (a DfE code, an abbreviation). */
  codes?: readonly string[];
}

/** A word as choices compare it: case, spacing, hyphens and underscores make no difference ("post-16", "Post 16"). */
const normalised = (s: string) =>
  s
    .trim()
    .replace(/[\s_-]+/g, ' ')
    .toLowerCase();

/** One of a fixed list, by its label or one of its codes, in any case and however it is hyphenated. */
export function choice<T>(choices: readonly Choice<T>[]): ColumnParser<T>;
export function choice<T>(choices: readonly Choice<T>[], options: Optional): ColumnParser<T | null>;
export function choice<T>(
  choices: readonly Choice<T>[],
  options: { optional?: boolean } = {},
): ColumnParser<T | null> {
  const byWord = new Map<string, T>();
  for (const c of choices)
    for (const word of [c.label, ...(c.codes ?? [])]) byWord.set(normalised(word), c.value);
  const labels = choices.map((c) => c.label);
  const listed =
    labels.length > 12
      ? `${labels.slice(0, 12).join(', ')} and ${labels.length - 12} more`
      : labels.join(', ');
  const example = labels[0] ?? '';
  return {
    example: { csv: example, xlsx: example },
    parse(cell) {
      if (isBlank(cell)) return options.optional ? { value: null } : { problem: blankProblem };
      const word = cellText(cell);
      const value = byWord.get(normalised(word));
      return value === undefined ? { problem: `${quoted(word.trim())} is not one of: ${listed}` } : { value };
    },
  };
}

const yes = new Set(['yes', 'y', 'true', '1']);
const no = new Set(['no', 'n', 'false', '0']);

/** Yes or no: also Y/N, TRUE/FALSE, 1/0 and a workbook's TRUE/FALSE cells. */
export function yesNo(): ColumnParser<boolean>;
export function yesNo(options: Optional): ColumnParser<boolean | null>;
export function yesNo(options: { optional?: boolean } = {}): ColumnParser<boolean | null> {
  return {
    example: { csv: 'Yes', xlsx: 'Yes' },
    parse(cell) {
      if (isBlank(cell)) return options.optional ? { value: null } : { problem: blankProblem };
      if (typeof cell === 'boolean') return { value: cell };
      const word = normalised(cellText(cell));
      if (yes.has(word)) return { value: true };
      if (no.has(word)) return { value: false };
      return { problem: `${whatItIs(cell)} is not yes or no; write Yes or No` };
    },
  };
}
