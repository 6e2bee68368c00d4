import type { FieldError } from '../../../platform/http/problem.ts';
import {
  type Designation,
  establishmentStatuses,
  fieldLabels,
  ofstedRatingLabels,
  ofstedRatings,
  phases,
  provisionLabels,
  provisions,
  senTypeLabels,
  senTypes,
  settingKindLabels,
  settingKinds,
  statusLabels,
} from '../domain/establishment.ts';
import type { SchoolDetail } from '../service.ts';
import {
  dateField,
  dateItems,
  dateParts,
  errorView,
  type FormBody,
  num,
  postedDateParts,
  str,
  text,
  values,
} from './forms.ts';

/** The school form: what it posts, how that becomes the service's input, and what it shows again. */

const textFields = [
  'name',
  'urn',
  'ukprn',
  'typeName',
  'street',
  'locality',
  'town',
  'postcode',
  'easting',
  'northing',
  'statutoryLowAge',
  'statutoryHighAge',
  'capacity',
  'senUnitCapacity',
  'resourcedProvisionCapacity',
] as const;
const choiceFields = ['settingKind', 'phase', 'status', 'ofstedRating'] as const;
export const schoolDateFields = ['closedOn', 'ofstedDate'] as const;
const numberFields = new Set([
  'urn',
  'ukprn',
  'easting',
  'northing',
  'statutoryLowAge',
  'statutoryHighAge',
  'capacity',
  'senUnitCapacity',
  'resourcedProvisionCapacity',
]);
const flags = ['isSpecial', 'hasSenUnit', 'hasResourcedProvision'] as const;
/** Fields an LA keeps on a school whose other details come from GIAS. */
const laFields = ['ofstedRating', 'ofstedDate'] as const;

const placesId = (provision: string, senType: string) => `places-${provision}-${senType}`;

export interface SchoolFormValues {
  fields: Record<string, string>;
  dates: Record<string, { day: string; month: string; year: string }>;
  flags: string[];
  places: Record<string, string>;
  /** Types of need already designated (by GIAS or the LA): kept, with places unknown, when left blank. */
  designated: string[];
}

export function formValuesOf(d: SchoolDetail | undefined): SchoolFormValues {
  const fields: Record<string, string> = {};
  for (const f of [...textFields, ...choiceFields]) {
    const v = d?.[f];
    fields[f] = v === null || v === undefined ? '' : String(v);
  }
  if (!d) fields.status = 'open';
  const places: Record<string, string> = {};
  for (const x of d?.designations ?? [])
    places[placesId(x.provision, x.senType)] = x.places === null ? '' : String(x.places);
  return {
    fields,
    dates: Object.fromEntries(schoolDateFields.map((f) => [f, dateParts(d?.[f])])),
    flags: flags.filter((f) => d?.[f]),
    places,
    designated: (d?.designations ?? []).map((x) => placesId(x.provision, x.senType)),
  };
}

export function formValuesFromBody(body: FormBody): SchoolFormValues {
  const fields: Record<string, string> = {};
  for (const f of [...textFields, ...choiceFields]) fields[f] = str(body, f);
  const places: Record<string, string> = {};
  for (const p of provisions) for (const t of senTypes) places[placesId(p, t)] = str(body, placesId(p, t));
  return {
    fields,
    dates: Object.fromEntries(schoolDateFields.map((f) => [f, postedDateParts(body, f)])),
    flags: values(body, 'provision').filter((f) => (flags as readonly string[]).includes(f)),
    places,
    designated: values(body, 'designated').filter((v) => /^places-[a-z_]+-[A-Z]+$/.test(v)),
  };
}

/** The values a person started from, flattened for comparing with the saved record. */
export function comparable(v: SchoolFormValues, giasManaged: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const keep = (k: string) => !giasManaged || (laFields as readonly string[]).includes(k);
  for (const [k, x] of Object.entries(v.fields)) if (keep(k)) out[k] = x;
  for (const [k, p] of Object.entries(v.dates))
    if (keep(k)) out[k] = p.day ? `${p.day}/${p.month}/${p.year}` : '';
  if (!giasManaged) out.provision = v.flags.join(', ');
  for (const p of provisions) for (const t of senTypes) out[placesId(p, t)] = v.places[placesId(p, t)] ?? '';
  return out;
}

export const comparableLabels: Record<string, string> = {
  ...Object.fromEntries(
    [...textFields, ...choiceFields, ...schoolDateFields].map((f) => [f, fieldLabels[f]]),
  ),
  provision: 'Special school, SEN unit or resourced provision',
  ...Object.fromEntries(
    provisions.flatMap((p) => senTypes.map((t) => [placesId(p, t), `${provisionLabels[p]} places for ${t}`])),
  ),
};

export function parseBase(body: FormBody): Record<string, string> {
  try {
    const raw = typeof body.base === 'string' ? body.base.slice(0, 20_000) : '{}';
    const parsed: unknown = JSON.parse(raw || '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >;
  } catch {
    return {};
  }
}

/**
 * The service's input from the form, and the id of the input behind each designation so an
 * error about one can link to it. Creating leaves blanks out; editing clears them.
 */
export function schoolInputFromForm(body: FormBody, mode: 'create' | 'edit' | 'edit-gias') {
  const blank = mode === 'create' ? undefined : null;
  const input: Record<string, unknown> = {};
  const fieldsHere = mode === 'edit-gias' ? laFields : [...textFields, ...choiceFields, ...schoolDateFields];
  for (const f of fieldsHere) {
    if ((schoolDateFields as readonly string[]).includes(f)) input[f] = dateField(body, f, blank);
    else if (numberFields.has(f)) input[f] = num(body, f, blank);
    else input[f] = text(body, f, blank);
  }
  if (mode !== 'edit-gias') {
    const ticked = values(body, 'provision');
    for (const f of flags) input[f] = ticked.includes(f);
    if (mode === 'create' && input.status === undefined) input.status = 'open';
  }
  const designated = new Set(values(body, 'designated'));
  const designations: Designation[] = [];
  const ids: string[] = [];
  for (const p of provisions)
    for (const t of senTypes) {
      const id = placesId(p, t);
      const places = num(body, id, null);
      if (places === null && !designated.has(id)) continue;
      designations.push({ provision: p, senType: t, places: places as number | null });
      ids.push(id);
    }
  input.designations = designations;
  if (mode !== 'create') input.version = num(body, 'version', undefined);
  return { input, designationIds: ids };
}

/** Error messages placed on the form: designation errors on their places input, dates on their day. */
export function schoolErrorView(errors: FieldError[], designationIds: string[]) {
  const ids: Record<string, string> = {};
  for (const e of errors) {
    const m = /^designations\.(\d+)/.exec(e.field);
    if (m) ids[e.field] = designationIds[Number(m[1])] ?? 'designations';
  }
  const view = errorView(errors, schoolDateFields, ids);
  return { ...view, fieldError: (field: string) => view.fieldError(field) };
}

/** Options for the form's choices, the chosen one selected. */
export function schoolFormOptions(v: SchoolFormValues, errorFor: (f: string) => unknown) {
  const option = (value: string, label: string, chosen: string) => ({
    value,
    text: label,
    selected: value === chosen,
  });
  return {
    settingKinds: [
      { value: '', text: 'Choose a kind of setting' },
      ...settingKinds.map((k) => option(k, settingKindLabels[k], v.fields.settingKind ?? '')),
    ],
    phases: [{ value: '', text: 'Not recorded' }, ...phases.map((p) => option(p, p, v.fields.phase ?? ''))],
    statuses: establishmentStatuses.map((s) => ({
      value: s,
      text: statusLabels[s],
      checked: v.fields.status === s,
    })),
    ofstedRatings: [
      { value: '', text: 'Not recorded' },
      ...ofstedRatings.map((r) => option(r, ofstedRatingLabels[r], v.fields.ofstedRating ?? '')),
    ],
    flags: [
      { value: 'isSpecial', text: 'It is a special school', checked: v.flags.includes('isSpecial') },
      { value: 'hasSenUnit', text: 'It has a SEN unit', checked: v.flags.includes('hasSenUnit') },
      {
        value: 'hasResourcedProvision',
        text: 'It has resourced provision',
        checked: v.flags.includes('hasResourcedProvision'),
      },
    ],
    dates: Object.fromEntries(
      schoolDateFields.map((f) => [f, dateItems(f, v.dates[f] ?? dateParts(null), Boolean(errorFor(f)))]),
    ),
    places: provisions.map((p) => ({
      provision: p,
      label: provisionLabels[p],
      rows: senTypes.map((t) => {
        const id = placesId(p, t);
        return {
          id,
          senType: t,
          label: `${senTypeLabels[t]} (${t})`,
          value: v.places[id] ?? '',
          designated: v.designated.includes(id),
          error: errorFor(id),
        };
      }),
      open:
        v.designated.some((id) => id.startsWith(`places-${p}-`)) ||
        senTypes.some((t) => v.places[placesId(p, t)]),
    })),
  };
}
