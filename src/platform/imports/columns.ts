import { cellText } from './cells.ts';
import type { ColumnParser } from './parsers.ts';
import type { SheetRow } from './spreadsheet.ts';

/**
 * A column an import reads, as data: what it is called (and what else people call it), whether
 * the file must have it, and how its cells are read. Templates, header checks and row checks are
 * all made from the same declaration, so they cannot disagree.
 */
export interface ImportColumn<K extends string = string, T = unknown> extends ColumnParser<T> {
  key: K;
  header: string;
  aliases?: readonly string[];
  /** Whether the file must have the column; one it may leave out is read as blank. */
  required: boolean;
  /** What to put in it, for the upload page and the template's list of columns. */
  description?: string;
}

/** Declares a column, keeping its key and value types for the row it makes. */
export function column<K extends string, T>(c: ImportColumn<K, T>): ImportColumn<K, T> {
  return c;
}

/** The values a row's columns make, by key. */
export type ValuesOf<C extends readonly ImportColumn<string, unknown>[]> = {
  [Col in C[number] as Col['key']]: Col extends ImportColumn<string, infer T> ? T : never;
};

/** What to do with a column the import does not know: leave it, mention it, or refuse the file. */
export type UnknownColumns = 'ignore' | 'warn' | 'refuse';

/** How an import's messages name its columns and its file ("census column", "a school census file"). */
export interface ImportWording {
  column?: string;
  file?: string;
}

/** Header text as it is compared: case and spaces make no difference ("Start date" is "START  DATE"). */
export const headerKey = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .toLowerCase();

/** A column's letter as a spreadsheet shows it: 0 is A, 26 is AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export interface HeaderMatch {
  /** Where each column the file has is, by key. */
  positions: ReadonlyMap<string, number>;
  /** The header each column has in this file, by key (an alias, or the header's own spelling). */
  headers: ReadonlyMap<string, string>;
  /** Columns the file has that the import does not read. */
  unknown: string[];
  /** Why the header will do but is worth saying something about. */
  warnings: string[];
}

const listed = (names: readonly string[]) => names.join(', ');
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * Finds each declared column in a file's header row, or says what is wrong with the header: a
 * column missing, one there twice, or (when the import is strict) one it does not know.
 */
export function matchHeader(
  header: SheetRow,
  columns: readonly ImportColumn[],
  options: { unknownColumns: UnknownColumns; wording?: ImportWording | undefined },
): { ok: true; match: HeaderMatch } | { ok: false; problem: string } {
  const noun = options.wording?.column ?? 'column';
  const byName = new Map<string, ImportColumn>();
  for (const c of columns)
    for (const name of [c.header, ...(c.aliases ?? [])]) byName.set(headerKey(name), c);

  const found = new Map<string, { index: number; text: string }[]>();
  const unknown: string[] = [];
  for (let i = 0; i < header.width; i++) {
    const text = cellText(header.cell(i)).trim();
    if (!text) continue;
    const c = byName.get(headerKey(text));
    if (!c) {
      unknown.push(text);
      continue;
    }
    found.set(c.key, [...(found.get(c.key) ?? []), { index: i, text }]);
  }

  const twice = [...found.values()].find((at) => at.length > 1);
  if (twice) {
    const [a, b] = twice as [{ index: number; text: string }, { index: number; text: string }];
    return {
      ok: false,
      problem:
        headerKey(a.text) === headerKey(b.text)
          ? `The file has the column ${a.text} twice, in columns ${columnLetter(a.index)} and ${columnLetter(b.index)}; keep one of them`
          : `The file has ${a.text} (column ${columnLetter(a.index)}) and ${b.text} (column ${columnLetter(b.index)}), which are the same column; keep one of them`,
    };
  }

  const required = columns.filter((c) => c.required);
  const missing = required.filter((c) => !found.has(c.key)).map((c) => c.header);
  if (missing.length === required.length && required.length > 1)
    return {
      ok: false,
      problem: `The file's first line has none of the ${noun} names (such as ${listed(missing.slice(0, 3))}), so it is not ${options.wording?.file ?? 'a file this import takes: download the template to see the columns it needs'}`,
    };
  if (missing.length)
    return {
      ok: false,
      problem: `The file is missing ${plural(missing.length, `this ${noun}`, `these ${noun}s`)}: ${listed(missing)}. The ${noun}s it must have are ${listed(required.map((c) => c.header))}; the template has them all`,
    };

  const unknownText = `The file has ${plural(unknown.length, `a ${noun}`, `${noun}s`)} this import does not read: ${listed(unknown)}`;
  if (unknown.length && options.unknownColumns === 'refuse')
    return {
      ok: false,
      problem: `${unknownText}. Remove ${plural(unknown.length, 'it', 'them')}, or check ${plural(unknown.length, 'its', 'their')} spelling against the template`,
    };
  return {
    ok: true,
    match: {
      positions: new Map([...found].map(([key, [at]]) => [key, at?.index ?? -1])),
      headers: new Map([...found].map(([key, [at]]) => [key, at?.text ?? key])),
      unknown,
      warnings:
        unknown.length && options.unknownColumns === 'warn'
          ? [`${unknownText}; ${plural(unknown.length, 'it was', 'they were')} left out`]
          : [],
    },
  };
}
