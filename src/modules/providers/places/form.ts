import type { FieldError } from '../../../platform/http/problem.ts';
import { firstPerField, parse } from '../../../platform/http/validation.ts';
import { dateField, dateParts, type FormBody, num, postedDateParts, str, text } from '../routes/forms.ts';
import type { StoredPlaceLine } from './repo.ts';
import { placeLineSchema } from './schemas.ts';

/** The form for a line of places: checked by the API's schema, so both say the same. */

export const placeFields = [
  'provision',
  'senType',
  'phase',
  'lowAge',
  'highAge',
  'places',
  'startsOn',
  'endsOn',
  'note',
] as const;

type DateParts = { day: string; month: string; year: string };

export interface PlaceFormValues {
  provision: string;
  senType: string;
  phase: string;
  lowAge: string;
  highAge: string;
  places: string;
  startsOn: DateParts;
  endsOn: DateParts;
  note: string;
  version: string;
}

export function placeFormValues(
  line?: StoredPlaceLine,
  defaults?: { lowAge: number | null; highAge: number | null },
): PlaceFormValues {
  return {
    provision: line?.provision ?? '',
    senType: line?.senType ?? '',
    phase: line?.phase ?? '',
    lowAge: String(line?.lowAge ?? defaults?.lowAge ?? ''),
    highAge: String(line?.highAge ?? defaults?.highAge ?? ''),
    places: line ? String(line.places) : '',
    startsOn: dateParts(line?.startsOn),
    endsOn: dateParts(line?.endsOn),
    note: line?.note ?? '',
    version: line ? String(line.version) : '',
  };
}

export function readPlaceForm(body: FormBody): PlaceFormValues {
  return {
    provision: str(body, 'provision'),
    senType: str(body, 'senType'),
    phase: str(body, 'phase'),
    lowAge: str(body, 'lowAge'),
    highAge: str(body, 'highAge'),
    places: str(body, 'places'),
    startsOn: postedDateParts(body, 'startsOn'),
    endsOn: postedDateParts(body, 'endsOn'),
    note: str(body, 'note'),
    version: str(body, 'version'),
  };
}

/** The API body a posted form makes, or the form's errors in the order of its fields. */
export function placeLineFromForm(
  body: FormBody,
): { ok: true; body: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const line = {
    provision: str(body, 'provision') || undefined,
    senType: str(body, 'senType') || undefined,
    phase: str(body, 'phase') || undefined,
    lowAge: num(body, 'lowAge', undefined),
    highAge: num(body, 'highAge', undefined),
    places: num(body, 'places', undefined),
    startsOn: dateField(body, 'startsOn', undefined),
    endsOn: dateField(body, 'endsOn', null),
    note: text(body, 'note', null),
  };
  const parsed = parse(placeLineSchema, line);
  if (parsed.ok) return { ok: true, body: line };
  return { ok: false, errors: ordered(parsed.errors) };
}

export function ordered(errors: FieldError[]): FieldError[] {
  const order: string[] = [...placeFields];
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  return firstPerField(errors).sort((a, b) => rank(a.field) - rank(b.field));
}
