import { dateFromParts, formValues } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import { firstPerField } from '../../../../platform/http/validation.ts';
import { type UnitKind, unitNames } from '../domain/catalogue.ts';

/**
 * The order and delivery forms as sent, turned into the API's bodies. What only a form can get
 * wrong (no choice made, a number mistyped) is said here; the rest is the service's to judge, and
 * its field names are mapped back to the boxes they are about.
 */

export interface OrderFormValues {
  service: string;
  for: string;
  year: string;
  units: string;
  paidFrom: string;
}

export const readOrderForm = (body: unknown): OrderFormValues =>
  formValues(body, ['service', 'for', 'year', 'units', 'paidFrom']);

/** "2.5", "3", " 4 ": a number of units as typed; null for anything else. */
export function readUnits(text: string): number | null {
  const t = text.trim();
  return /^\d{1,4}(\.\d{1,2})?$/.test(t) ? Number(t) : null;
}

const orderFieldOrder = ['for', 'year', 'units', 'paidFrom'];

/** The API's body from the order form, or what the form itself got wrong. */
export function orderBody(
  v: OrderFormValues,
  unit: UnitKind,
): { ok: true; body: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const [kind, id] = v.for.split(':');
  if ((kind !== 'school' && kind !== 'cluster') || !id)
    errors.push({ field: 'for', message: 'Choose who the order is for' });
  if (!v.year) errors.push({ field: 'year', message: 'Choose the year the order is for' });
  const units = readUnits(v.units);
  if (units === null)
    errors.push({
      field: 'units',
      message: `Enter how many ${unitNames[unit].many} as a number, like ${unit === 'hour' ? '2.5' : '3'}`,
    });
  if (kind === 'school' && !v.paidFrom)
    errors.push({ field: 'paidFrom', message: 'Choose how the school pays' });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    body: {
      serviceId: v.service,
      year: v.year,
      ...(kind === 'school'
        ? { establishmentId: id, paidFrom: v.paidFrom }
        : { clusterId: id, paidFrom: 'delegated_send' }),
      units,
    },
  };
}

/** The service's field names as the form's boxes. */
export function orderFormErrors(errors: readonly FieldError[]): FieldError[] {
  const box: Record<string, string> = {
    establishmentId: 'for',
    clusterId: 'for',
    serviceId: 'for',
    year: 'year',
    units: 'units',
    paidFrom: 'paidFrom',
  };
  return firstPerField(errors.map((e) => ({ field: box[e.field] ?? 'for', message: e.message }))).sort(
    (a, b) => orderFieldOrder.indexOf(a.field) - orderFieldOrder.indexOf(b.field),
  );
}

export interface DeliveryFormValues {
  day: string;
  month: string;
  year: string;
  units: string;
  deliveredBy: string;
  notes: string;
}

export const readDeliveryForm = (body: unknown): DeliveryFormValues => {
  const v = formValues(body, [
    'deliveredOn-day',
    'deliveredOn-month',
    'deliveredOn-year',
    'units',
    'deliveredBy',
    'notes',
  ]);
  return {
    day: v['deliveredOn-day'] ?? '',
    month: v['deliveredOn-month'] ?? '',
    year: v['deliveredOn-year'] ?? '',
    units: v.units ?? '',
    deliveredBy: v.deliveredBy ?? '',
    notes: v.notes ?? '',
  };
};

const deliveryFieldOrder = ['deliveredOn', 'units', 'deliveredBy', 'notes'];

/** The API's body from the delivery form, or what the form itself got wrong. */
export function deliveryBody(
  v: DeliveryFormValues,
  unit: UnitKind,
): { ok: true; body: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const date = dateFromParts('The date it was delivered', v.day, v.month, v.year);
  if (!date.ok) errors.push({ field: 'deliveredOn', message: date.message });
  else if (date.value === undefined)
    errors.push({ field: 'deliveredOn', message: 'Enter the date it was delivered' });
  const units = readUnits(v.units);
  if (units === null)
    errors.push({
      field: 'units',
      message: `Enter how many ${unitNames[unit].many} were delivered as a number, like ${unit === 'hour' ? '1.5' : '1'}`,
    });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    body: {
      deliveredOn: date.ok ? date.value : '',
      units,
      deliveredBy: v.deliveredBy,
      ...(v.notes.trim() ? { notes: v.notes } : {}),
    },
  };
}

export const deliveryFormErrors = (errors: readonly FieldError[]): FieldError[] =>
  firstPerField(
    errors.map((e) => (deliveryFieldOrder.includes(e.field) ? e : { ...e, field: 'units' })),
  ).sort((a, b) => deliveryFieldOrder.indexOf(a.field) - deliveryFieldOrder.indexOf(b.field));
