import { dateFromParts } from '../../../platform/http/forms.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { parsePounds, penceText } from '../../../platform/kernel/money.ts';
import type { SiteRow } from './repo.ts';

/**
 * The candidate site form as the API's body: the places as lines of need, phase and number, the
 * capital cost in pounds, the dates in three boxes each; and each of the body's fields back to
 * the box on the form it came from.
 */

/** The lines of places the form offers: more than any expression of interest has needed. */
const placeRows = 6;

export type Body = Record<string, unknown>;
export const str = (b: Body, k: string) =>
  typeof b[k] === 'string' ? (b[k] as string).trim().slice(0, 1000) : '';
type Parts = { day: string; month: string; year: string };
const partsOf = (b: Body, k: string): Parts => ({
  day: str(b, `${k}-day`),
  month: str(b, `${k}-month`),
  year: str(b, `${k}-year`),
});
const partsFrom = (iso: string | null): Parts =>
  iso
    ? { day: String(Number(iso.slice(8))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) }
    : { day: '', month: '', year: '' };

/** A number typed into a box: digits become a number; anything else stays text, for the schema to name. */
const numberIn = (v: string) => {
  const t = v.replace(/,/g, '');
  return t === '' ? undefined : /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
};

export interface SiteForm {
  kind: string;
  urn: string;
  name: string;
  easting: string;
  northing: string;
  rows: { senType: string; phase: string; places: string }[];
  capitalCost: string;
  opensOn: Parts;
  receivedOn: Parts;
  note: string;
  version: string;
}

const blankRows = (from: SiteForm['rows']) =>
  Array.from({ length: placeRows }, (_, i) => from[i] ?? { senType: '', phase: '', places: '' });

export function formOfSite(s: SiteRow | null): SiteForm {
  return {
    kind: s?.kind ?? '',
    urn: s?.urn ? String(s.urn) : '',
    name: s?.kind === 'new_special' ? s.name : '',
    easting: s?.kind === 'new_special' ? String(s.easting) : '',
    northing: s?.kind === 'new_special' ? String(s.northing) : '',
    rows: blankRows((s?.places ?? []).map((p) => ({ ...p, places: String(p.places) }))),
    capitalCost: s?.capitalCostPence == null ? '' : penceText(s.capitalCostPence).replace('£', ''),
    opensOn: partsFrom(s?.opensOn ?? null),
    receivedOn: partsFrom(s?.receivedOn ?? null),
    note: s?.note ?? '',
    version: s ? String(s.version) : '',
  };
}

export function formOfBody(b: Body): SiteForm {
  return {
    kind: str(b, 'kind'),
    urn: str(b, 'urn'),
    name: str(b, 'name'),
    easting: str(b, 'easting'),
    northing: str(b, 'northing'),
    rows: blankRows(
      Array.from({ length: placeRows }, (_, i) => ({
        senType: str(b, `places-${i}-senType`),
        phase: str(b, `places-${i}-phase`),
        places: str(b, `places-${i}-places`),
      })),
    ),
    capitalCost: str(b, 'capitalCost'),
    opensOn: partsOf(b, 'opensOn'),
    receivedOn: partsOf(b, 'receivedOn'),
    note: str(b, 'note'),
    version: str(b, 'version'),
  };
}

/**
 * The API's body from the form, with the form's own problems (money, dates) and the line of the
 * form each of the body's places came from, since empty lines are left out.
 */
export function siteBodyOf(f: SiteForm): {
  body: Record<string, unknown>;
  problems: FieldError[];
  rowOf: number[];
} {
  const problems: FieldError[] = [];
  const rowOf: number[] = [];
  const places = f.rows.flatMap((r, i) => {
    if (!r.senType && !r.phase && !r.places) return [];
    rowOf.push(i);
    return [{ senType: r.senType || undefined, phase: r.phase || undefined, places: numberIn(r.places) }];
  });
  const body: Record<string, unknown> = { kind: f.kind || undefined, places };
  if (f.kind === 'srb_interest') body.urn = numberIn(f.urn);
  if (f.kind === 'new_special') {
    body.name = f.name || undefined;
    body.easting = numberIn(f.easting);
    body.northing = numberIn(f.northing);
  }
  if (f.capitalCost) {
    const money = parsePounds(f.capitalCost);
    if ('error' in money) problems.push({ field: 'capitalCostPence', message: money.error });
    else body.capitalCostPence = money.pence;
  } else body.capitalCostPence = null;
  for (const [key, label] of [
    ['opensOn', 'Opens on'],
    ['receivedOn', 'Received on'],
  ] as const) {
    const p = f[key];
    const read = dateFromParts(label, p.day, p.month, p.year);
    if (read.ok) body[key] = read.value ?? null;
    else problems.push({ field: key, message: read.message });
  }
  body.note = f.note || null;
  return { body, problems, rowOf };
}

/** Where on the form each of the body's fields is, for the error summary's links. */
export function formIdOf(field: string, rowOf: readonly number[]): string {
  if (field === 'places') return 'places-0-senType';
  const line = /^places\.(\d+)(?:\.(senType|phase|places))?$/.exec(field);
  if (line) return `places-${rowOf[Number(line[1])] ?? 0}-${line[2] ?? 'senType'}`;
  if (field === 'capitalCostPence') return 'capitalCost';
  if (field === 'opensOn' || field === 'receivedOn') return `${field}-day`;
  return field;
}
