import { formValues } from '../../../platform/http/forms.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { firstPerField, parse } from '../../../platform/http/validation.ts';
import { parsePounds, penceText } from '../../../platform/kernel/money.ts';
import type { PotRow } from './repo.ts';
import { potChangeSchema, potSchema } from './schemas.ts';

/**
 * The pot form: its name, kind of year and year, the total in pounds and the two shares in per
 * cent, and the same pot a year earlier. Amounts are read as people type them; the rest is checked
 * by the API's own schema, so the page and the API refuse the same things in the same words.
 */

export const potFields = [
  'version',
  'name',
  'yearKind',
  'year',
  'total',
  'delegatedPercent',
  'centralPercent',
  'previousPotId',
] as const;
export type PotFormValues = Record<(typeof potFields)[number], string>;

/** Pence as the money box shows them: "1,500,000", "1,350.50". */
const poundsValue = (pence: number) => penceText(pence).replace('£', '');
const percentValue = (p: number) => String(p);

export function potFormValues(pot?: PotRow): PotFormValues {
  if (!pot)
    return {
      version: '',
      name: '',
      yearKind: '',
      year: '',
      total: '',
      delegatedPercent: '',
      centralPercent: '',
      previousPotId: '',
    };
  return {
    version: String(pot.version),
    name: pot.name,
    yearKind: pot.yearKind,
    year: String(pot.year),
    total: poundsValue(pot.totalPence),
    delegatedPercent: percentValue(pot.delegatedPercent),
    centralPercent: percentValue(pot.centralPercent),
    previousPotId: pot.previousPotId ?? '',
  };
}

export const readPotForm = (body: unknown) => formValues(body, potFields) as PotFormValues;

/** The form's box an API field's message belongs by. */
export const formFieldOf = (apiField: string) => (apiField === 'totalPence' ? 'total' : apiField);

const percentText = /^\s*(\d{1,3}(\.\d+)?)\s*%?\s*$/;

/** The API's body from the form, or every mistake in the order the form asks, each linked to its box. */
export function potFromForm(
  v: PotFormValues,
): { ok: true; body: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const typing: FieldError[] = [];
  const total = parsePounds(v.total);
  if ('error' in total)
    typing.push({ field: 'total', message: total.error.replace('an amount', 'the total') });
  const percent = (field: 'delegatedPercent' | 'centralPercent', what: string) => {
    const m = percentText.exec(v[field]);
    if (m) return Number(m[1]);
    typing.push({
      field,
      message: v[field].trim()
        ? `Enter ${what} as a number, like 75`
        : `Enter ${what} as a percentage, like 75`,
    });
    return 0;
  };
  const body = {
    ...(v.version ? { version: /^\d{1,9}$/.test(v.version) ? Number(v.version) : 0 } : {}),
    name: v.name,
    yearKind: v.yearKind || undefined,
    year: /^\s*\d{4}\s*$/.test(v.year) ? Number(v.year) : v.year.trim() ? -1 : undefined,
    totalPence: 'pence' in total ? total.pence : 0,
    delegatedPercent: percent('delegatedPercent', 'the delegated share'),
    centralPercent: percent('centralPercent', 'the central share'),
    previousPotId: v.previousPotId || null,
  };
  const parsed = parse(v.version ? potChangeSchema : potSchema, body);
  if (parsed.ok && !typing.length) return { ok: true, body };
  const typed = new Set(typing.map((e) => e.field));
  const checked = (parsed.ok ? [] : parsed.errors)
    .map((e) => ({ field: formFieldOf(e.field), message: e.message }))
    // A box mistyped was sent as 0: only its own message, and no sum across it, is said.
    .filter((e) => !typed.has(e.field) && !(typing.length && /add up to 100%/.test(e.message)));
  const order: string[] = [...potFields];
  const errors = firstPerField([...typing, ...checked].map(withFormWords)).sort(
    (a, b) => order.indexOf(a.field) - order.indexOf(b.field),
  );
  return { ok: false, errors };
}

/** The API's messages that name its own fields, in the form's words. */
function withFormWords(e: FieldError): FieldError {
  if (e.field === 'yearKind')
    return { ...e, message: 'Choose whether the pot is for a financial or an academic year' };
  if (e.field === 'year' && /^year must/.test(e.message))
    return { ...e, message: 'Enter the year the pot starts in, like 2026 for 2026-27' };
  return e;
}
