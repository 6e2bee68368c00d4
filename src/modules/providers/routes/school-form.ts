import type { FieldError } from '../../../platform/http/problem.ts';
import {
  type Designation,
  establishmentStatuses,
  fieldLabels,
  ofstedRatingLabels,
  ofstedRatings,
  type Provision,
  phases,
  provisionLabels,
  provisionNames,
  provisions,
  type SenType,
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
  'district',
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

/** Each provision's types of need post as one checkboxes group, named for the provision. */
const designationsName = (p: Provision) => `designations-${p}`;
const checkboxId = (p: Provision, t: SenType) => `designations-${p}-${t}`;
const designationKey = (d: Designation) => `${d.provision}:${d.senType}`;

/**
 * Where an error about a provision's types of need links: its first checkbox a person can use,
 * since the types a GIAS-managed school already has are shown ticked but cannot be changed.
 */
function groupTarget(p: Provision, locked: readonly Designation[]): string {
  const fixed = new Set(locked.map(designationKey));
  const t = senTypes.find((x) => !fixed.has(`${p}:${x}`)) ?? senTypes[0];
  return checkboxId(p, t);
}

export interface SchoolFormValues {
  fields: Record<string, string>;
  dates: Record<string, { day: string; month: string; year: string }>;
  flags: string[];
  /** The types of need ticked for each provision. */
  designations: Record<Provision, SenType[]>;
}

const tickedIn = (ds: readonly Designation[]) =>
  Object.fromEntries(
    provisions.map((p) => [p, senTypes.filter((t) => ds.some((d) => d.provision === p && d.senType === t))]),
  ) as Record<Provision, SenType[]>;

export function formValuesOf(d: SchoolDetail | undefined): SchoolFormValues {
  const fields: Record<string, string> = {};
  for (const f of [...textFields, ...choiceFields]) {
    const v = d?.[f];
    fields[f] = v === null || v === undefined ? '' : String(v);
  }
  if (!d) fields.status = 'open';
  return {
    fields,
    dates: Object.fromEntries(schoolDateFields.map((f) => [f, dateParts(d?.[f])])),
    flags: flags.filter((f) => d?.[f]),
    designations: tickedIn(d?.designations ?? []),
  };
}

const postedDesignations = (body: FormBody): Designation[] =>
  provisions.flatMap((p) => {
    const ticked = values(body, designationsName(p));
    return senTypes.filter((t) => ticked.includes(t)).map((t) => ({ provision: p, senType: t }));
  });

export function formValuesFromBody(body: FormBody): SchoolFormValues {
  const fields: Record<string, string> = {};
  for (const f of [...textFields, ...choiceFields]) fields[f] = str(body, f);
  return {
    fields,
    dates: Object.fromEntries(schoolDateFields.map((f) => [f, postedDateParts(body, f)])),
    flags: values(body, 'provision').filter((f) => (flags as readonly string[]).includes(f)),
    designations: tickedIn(postedDesignations(body)),
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
  for (const p of provisions) out[designationsName(p)] = v.designations[p].join(', ');
  return out;
}

export const comparableLabels: Record<string, string> = {
  ...Object.fromEntries(
    [...textFields, ...choiceFields, ...schoolDateFields].map((f) => [f, fieldLabels[f]]),
  ),
  provision: 'Special school, SEN unit or resourced provision',
  ...Object.fromEntries(provisions.map((p) => [designationsName(p), `${provisionLabels[p]} types of need`])),
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
 * The service's input from the form, and where each designation's errors link. Creating leaves
 * blanks out; editing clears them. On a GIAS-managed school the types it has are kept whatever is
 * posted, as the form shows them ticked and fixed.
 */
export function schoolInputFromForm(
  body: FormBody,
  mode: 'create' | 'edit' | 'edit-gias',
  kept: readonly Designation[] = [],
) {
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
  const locked = mode === 'edit-gias' ? kept : [];
  const chosen = new Set([...postedDesignations(body), ...locked].map(designationKey));
  const designations: Designation[] = provisions.flatMap((p) =>
    senTypes.filter((t) => chosen.has(`${p}:${t}`)).map((t) => ({ provision: p, senType: t })),
  );
  input.designations = designations;
  if (mode !== 'create') input.version = num(body, 'version', undefined);
  return { input, designationIds: designations.map((d) => groupTarget(d.provision, locked)) };
}

/** Error messages placed on the form: designation errors on their group's first checkbox, dates on their day. */
export function schoolErrorView(errors: FieldError[], designationIds: string[]) {
  const ids: Record<string, string> = {};
  for (const e of errors) {
    const m = /^designations\.(\d+)/.exec(e.field);
    if (m) ids[e.field] = designationIds[Number(m[1])] ?? 'designations';
  }
  const view = errorView(errors, schoolDateFields, ids);
  return { ...view, fieldError: (field: string) => view.fieldError(field) };
}

export interface DesignationOptions {
  giasManaged: boolean;
  /** The provisions the school has. */
  provisions: readonly Provision[];
  /** Types of need shown ticked that cannot be unticked: those a GIAS-managed school has. */
  locked: readonly Designation[];
}

/** Options for the form's choices, the chosen one selected. */
export function schoolFormOptions(
  v: SchoolFormValues,
  errorFor: (f: string) => unknown,
  options: DesignationOptions,
) {
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
    designations: designationGroups(v, errorFor, options),
  };
}

/**
 * One checkboxes group per provision: every provision for a setting the LA keeps, as the form
 * also sets which provisions it has; for one GIAS keeps, only those it has or has types for.
 */
function designationGroups(
  v: SchoolFormValues,
  errorFor: (f: string) => unknown,
  options: DesignationOptions,
) {
  const fixed = new Set(options.locked.map(designationKey));
  return provisions
    .filter(
      (p) =>
        !options.giasManaged ||
        options.provisions.includes(p) ||
        options.locked.some((d) => d.provision === p),
    )
    .map((p) => {
      const error = errorFor(groupTarget(p, options.locked));
      return {
        provision: p,
        label: provisionLabels[p],
        name: designationsName(p),
        legend: `Types of need the ${provisionNames[p]} is designated for`,
        items: senTypes.map((t) => {
          const locked = fixed.has(`${p}:${t}`);
          return {
            value: t,
            id: checkboxId(p, t),
            text: `${senTypeLabels[t]} (${t})`,
            checked: locked || v.designations[p].includes(t),
            disabled: locked,
          };
        }),
        error,
        open: Boolean(error) || v.designations[p].length > 0 || options.locked.some((d) => d.provision === p),
      };
    });
}
