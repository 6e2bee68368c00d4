import { formValues } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import { firstPerField, parse } from '../../../../platform/http/validation.ts';
import { parsePounds, penceText } from '../../../../platform/kernel/money.ts';
import type { Service } from '../catalogue-service.ts';
import { maxBands } from '../domain/catalogue.ts';
import { yearLabel } from '../domain/years.ts';
import { type PricesInput, pricesSchema } from '../schemas.ts';

/**
 * The form for a service's prices for a year: a row a band (from how many pupils, to how many,
 * the price a unit) and the cluster price. Rows left blank are not bands; more blank rows come
 * from a button, with no script needed. Pupils and money are read as people type them; the rest
 * is judged by the API's schema, so a gap or overlap reads the same on the page and the API.
 */

export const blankRows = 2;

export interface BandValues {
  from: string;
  to: string;
  price: string;
}

export interface PricesFormValues {
  version: string;
  cluster: string;
  bands: BandValues[];
  /** The year the bands were filled in from, when the year had none of its own. */
  carriedFrom: string | null;
}

export const bandFields = ['from', 'to', 'price'] as const;
export const bandFieldId = (row: number, field: (typeof bandFields)[number]) => `band-${row}-${field}`;

const pounds = (pence: number) => penceText(pence).replace('£', '');
const blank = (): BandValues => ({ from: '', to: '', price: '' });
const blanks = (n: number) => Array.from({ length: Math.max(n, 0) }, blank);

/** The year's prices; or, for a year without, the latest earlier year's to change; or four blank bands from 0. */
export function pricesFormValues(s: Service, year: number): PricesFormValues {
  const own = s.prices.find((p) => p.year === year);
  const earlier = [...s.prices].filter((p) => p.year < year).sort((a, b) => b.year - a.year)[0];
  const source = own ?? earlier;
  if (!source)
    return {
      version: '0',
      cluster: '',
      bands: [{ ...blank(), from: '0' }, ...blanks(3)],
      carriedFrom: null,
    };
  const bands = source.bands.map((b) => ({
    from: String(b.fromPupils),
    to: b.toPupils === null ? '' : String(b.toPupils),
    price: pounds(b.unitPence),
  }));
  return {
    version: own ? String(own.version) : '0',
    cluster: source.clusterUnitPence === null ? '' : pounds(source.clusterUnitPence),
    bands: [...bands, ...blanks(Math.min(blankRows, maxBands - bands.length))],
    carriedFrom: own ? null : yearLabel(source.year),
  };
}

export function readPricesForm(body: unknown): PricesFormValues {
  const shown = Number(formValues(body, ['rows']).rows);
  const rows = Number.isInteger(shown) ? Math.min(Math.max(shown, 0), maxBands) : 0;
  const names = ['version', 'cluster'];
  for (let i = 0; i < rows; i++) for (const f of bandFields) names.push(bandFieldId(i, f));
  const v = formValues(body, names);
  return {
    version: v.version ?? '',
    cluster: v.cluster ?? '',
    carriedFrom: null,
    bands: Array.from({ length: rows }, (_, i) => ({
      from: v[bandFieldId(i, 'from')] ?? '',
      to: v[bandFieldId(i, 'to')] ?? '',
      price: v[bandFieldId(i, 'price')] ?? '',
    })),
  };
}

export const withMoreRows = (v: PricesFormValues): PricesFormValues => ({
  ...v,
  bands: [...v.bands, ...blanks(Math.min(blankRows, maxBands - v.bands.length))],
});

const isBlank = (b: BandValues) => bandFields.every((f) => b[f].trim() === '');
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export type PricesFromForm = { ok: true; input: PricesInput } | { ok: false; errors: FieldError[] };

/** A number of pupils as typed ("1,200"), or what is wrong with it. */
function readPupils(text: string): number | string {
  const t = text.trim().replaceAll(',', '');
  if (!/^\d{1,6}$/.test(t)) return 'enter the pupils as a whole number, like 250';
  return Number(t);
}

/** The API's body from the form, or every mistake in the order the form asks, each linked to its box. */
export function pricesFromForm(v: PricesFormValues): PricesFromForm {
  const typing: FieldError[] = [];
  const rows: number[] = [];
  const bands = v.bands.flatMap((b, i) => {
    if (isBlank(b)) return [];
    rows.push(i);
    // Named as the page names its rows, so the message points at the band a person sees.
    const what = `Band ${i + 1}`;
    const from = readPupils(b.from);
    if (typeof from === 'string') typing.push({ field: bandFieldId(i, 'from'), message: `${what}: ${from}` });
    let to: number | null = null;
    if (b.to.trim() !== '') {
      const read = readPupils(b.to);
      if (typeof read === 'string') typing.push({ field: bandFieldId(i, 'to'), message: `${what}: ${read}` });
      else to = read;
    }
    const price = parsePounds(b.price);
    if ('error' in price)
      typing.push({ field: bandFieldId(i, 'price'), message: `${what} price: ${lowerFirst(price.error)}` });
    return [
      {
        fromPupils: typeof from === 'number' ? from : 0,
        toPupils: to,
        unitPence: 'pence' in price ? price.pence : 0,
      },
    ];
  });
  let clusterUnitPence: number | null = null;
  if (v.cluster.trim() !== '') {
    const read = parsePounds(v.cluster);
    if ('pence' in read) clusterUnitPence = read.pence;
    else typing.push({ field: 'cluster', message: `The cluster price: ${lowerFirst(read.error)}` });
  }
  const body = {
    version: /^\d{1,9}$/.test(v.version) ? Number(v.version) : undefined,
    clusterUnitPence,
    bands,
  };
  // The bands' coverage means nothing while a box is mistyped: say what to retype first.
  if (typing.length) return { ok: false, errors: order(v, firstPerField(typing)) };
  const parsed = parse(pricesSchema, body);
  if (parsed.ok) return { ok: true, input: parsed.data };
  const errors = parsed.errors.map((e): FieldError => {
    const [top, index, field] = e.field.split('.');
    if (top === 'bands' && index !== undefined && field !== undefined) {
      const row = rows[Number(index)] ?? 0;
      const box = field === 'fromPupils' ? 'from' : field === 'toPupils' ? 'to' : 'price';
      return { field: bandFieldId(row, box), message: `Band ${row + 1}: ${lowerFirst(e.message)}` };
    }
    if (top === 'clusterUnitPence') return { field: 'cluster', message: e.message };
    return { field: bandFieldId(0, 'from'), message: e.message };
  });
  return { ok: false, errors: order(v, firstPerField(errors)) };
}

function order(v: PricesFormValues, errors: FieldError[]): FieldError[] {
  const ids = [...v.bands.flatMap((_, i) => bandFields.map((f) => bandFieldId(i, f))), 'cluster'];
  return errors.sort((a, b) => ids.indexOf(a.field) - ids.indexOf(b.field));
}
