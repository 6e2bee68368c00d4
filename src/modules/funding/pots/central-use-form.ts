import { formValues } from '../../../platform/http/forms.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { firstPerField, parse } from '../../../platform/http/validation.ts';
import { parsePounds, penceText } from '../../../platform/kernel/money.ts';
import type { CentralUse } from './domain/central-uses.ts';
import { centralUseSchema } from './schemas.ts';

/** The central use form: what it is, its name, its FTE for a post, and its cost in pounds; checked by the API's schema. */

export const useFields = ['kind', 'name', 'fte', 'cost'] as const;
export type UseFormValues = Record<(typeof useFields)[number], string>;

export const useFormValues = (use?: CentralUse): UseFormValues =>
  use
    ? {
        kind: use.kind,
        name: use.name,
        fte: use.fte === null ? '' : String(use.fte),
        cost: penceText(use.costPence).replace('£', ''),
      }
    : { kind: '', name: '', fte: '', cost: '' };

export const readUseForm = (body: unknown) => formValues(body, useFields) as UseFormValues;

/** The form's box an API field's message belongs by. */
export const useFieldOf = (apiField: string) => (apiField === 'costPence' ? 'cost' : apiField);

export function useFromForm(
  v: UseFormValues,
): { ok: true; body: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const typing: FieldError[] = [];
  const cost = parsePounds(v.cost);
  if ('error' in cost) typing.push({ field: 'cost', message: cost.error.replace('an amount', 'the cost') });
  const fteText = v.fte.trim();
  const fte = fteText === '' ? null : /^\d+(\.\d+)?$/.test(fteText) ? Number(fteText) : Number.NaN;
  if (Number.isNaN(fte))
    typing.push({ field: 'fte', message: 'Enter the full-time equivalent as a number, like 1 or 0.5' });
  const body = {
    kind: v.kind || undefined,
    name: v.name,
    fte: Number.isNaN(fte) ? null : fte,
    costPence: 'pence' in cost ? cost.pence : 0,
  };
  const parsed = parse(centralUseSchema, body);
  if (parsed.ok && !typing.length) return { ok: true, body };
  const typed = new Set(typing.map((e) => e.field));
  const checked = (parsed.ok ? [] : parsed.errors)
    .map((e) => ({ field: useFieldOf(e.field), message: e.message }))
    .filter((e) => !typed.has(e.field));
  const order: string[] = [...useFields];
  return {
    ok: false,
    errors: firstPerField([...typing, ...checked]).sort(
      (a, b) => order.indexOf(a.field) - order.indexOf(b.field),
    ),
  };
}
