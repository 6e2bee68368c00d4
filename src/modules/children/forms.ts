import { dateFromParts, type FormValues } from '../../platform/http/forms.ts';
import { mergeAfterStaleEdit } from './domain/changes.ts';
import { type ChildDetails, childDetailFields } from './domain/child-input.ts';
import { type ParentCarerDetails, parentCarerDetailFields } from './domain/parent-carer.ts';
import type { FieldProblem } from './domain/problems.ts';
import { maxSenNeeds, senNeedsFromRankSlots } from './domain/sen-needs.ts';

/**
 * Pages post forms; the API takes JSON. These turn one into the other, so a page is checked by
 * the same schema as the API and shows the same messages.
 */

export { dateFromParts, type FormValues, formValues } from '../../platform/http/forms.ts';

/** How many SEN need selects a form shows: three, or more if the record already has more. */
export function senNeedSlots(count = 0): number {
  return Math.min(maxSenNeeds, Math.max(3, count));
}

export const childFormNames = [
  'forename',
  'surname',
  'dateOfBirth-day',
  'dateOfBirth-month',
  'dateOfBirth-year',
  'sex',
  'ethnicity',
  'homePostcode',
  'upn',
  'upnUnknownReason',
  'uln',
  ...Array.from({ length: maxSenNeeds }, (_, i) => `senNeed${i + 1}`),
  'version',
];

/** The child form as API input, plus problems only a page can have (a half-filled date, a gap in the needs). */
export function childInputFromForm(v: FormValues): {
  input: Record<string, unknown>;
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const date = dateFromParts(
    'Date of birth',
    v['dateOfBirth-day'] ?? '',
    v['dateOfBirth-month'] ?? '',
    v['dateOfBirth-year'] ?? '',
  );
  if (!date.ok) problems.push({ field: 'dateOfBirth', message: date.message });
  const slots = Array.from({ length: maxSenNeeds }, (_, i) => v[`senNeed${i + 1}`] ?? '');
  const needs = senNeedsFromRankSlots(slots);
  if (!needs.ok) problems.push(...needs.problems);
  const input: Record<string, unknown> = {
    forename: v.forename ?? '',
    surname: v.surname ?? '',
    dateOfBirth: date.ok ? date.value : undefined,
    sex: v.sex || undefined,
    ethnicity: v.ethnicity ?? '',
    homePostcode: v.homePostcode ?? '',
    upn: v.upn ?? '',
    upnUnknownReason: v.upnUnknownReason ?? '',
    uln: v.uln ?? '',
    senNeeds: needs.ok ? needs.codes : [],
  };
  return { input, problems };
}

export function childFormFromDetails(d: ChildDetails, version?: number): FormValues {
  const [year = '', month = '', day = ''] = d.dateOfBirth.split('-');
  return {
    forename: d.forename,
    surname: d.surname,
    'dateOfBirth-day': String(Number(day)),
    'dateOfBirth-month': String(Number(month)),
    'dateOfBirth-year': year,
    sex: d.sex,
    ethnicity: d.ethnicity ?? '',
    homePostcode: d.homePostcode ?? '',
    upn: d.upn ?? '',
    upnUnknownReason: d.upnUnknownReason ?? '',
    uln: d.uln ?? '',
    ...Object.fromEntries(
      Array.from({ length: maxSenNeeds }, (_, i) => [`senNeed${i + 1}`, d.senNeeds[i] ?? '']),
    ),
    ...(version === undefined ? {} : { version: String(version) }),
  };
}

/** Which form boxes show each field of the record. */
const childFormFieldsOf: Record<string, string[]> = {
  dateOfBirth: ['dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year'],
  senNeeds: Array.from({ length: maxSenNeeds }, (_, i) => `senNeed${i + 1}`),
};

/** After a stale edit: the other person's changes as they are now, the rest as typed. */
export function childFormAfterStaleEdit(
  submitted: FormValues,
  current: FormValues,
  changed: readonly string[],
) {
  return mergeAfterStaleEdit(
    submitted,
    current,
    changed.flatMap((f) => childFormFieldsOf[f] ?? [f]),
  );
}

/** Where on the page an error about a field should take a person: the first box of a date, the select of a need. */
export function childPageFieldId(field: string): string {
  if (field === 'dateOfBirth') return 'dateOfBirth-day';
  if (field === 'senNeeds') return 'senNeed1';
  const need = /^senNeeds\.(\d+)$/.exec(field);
  if (need) return `senNeed${Number(need[1]) + 1}`;
  return field;
}

// Every detail but the setting, which this form does not ask for.
const childFieldOrder: string[] = childDetailFields.filter((f) => f !== 'establishmentId');

/** Page problems first, then the schema's for fields the page has not already explained, in form order. */
export function mergeProblems(
  first: FieldProblem[],
  second: FieldProblem[],
  order = childFieldOrder,
): FieldProblem[] {
  const seen = new Set(first.map((p) => p.field));
  const all = [...first, ...second.filter((p) => !seen.has(p.field))];
  const rank = (f: string) => {
    const i = order.indexOf(f.split('.')[0] ?? f);
    return i === -1 ? order.length : i;
  };
  return all.sort((a, b) => rank(a.field) - rank(b.field) || a.field.localeCompare(b.field));
}

export const parentCarerFormNames = [...parentCarerDetailFields, 'version'];

export function parentCarerInputFromForm(v: FormValues): Record<string, unknown> {
  const { version, ...rest } = v;
  const input: Record<string, unknown> = { ...rest };
  for (const choice of [
    'relationship',
    'preferredContact',
    'parentalResponsibility',
    'livesWith',
    'mainContact',
    'needsInterpreter',
  ])
    if (!input[choice]) input[choice] = undefined;
  if (version) input.version = version;
  return input;
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

export function parentCarerFormFromDetails(d: ParentCarerDetails, version?: number): FormValues {
  return {
    forename: d.forename,
    surname: d.surname,
    relationship: d.relationship,
    parentalResponsibility: yesNo(d.parentalResponsibility),
    livesWith: yesNo(d.livesWith),
    mainContact: yesNo(d.mainContact),
    email: d.email ?? '',
    phone: d.phone ?? '',
    address: d.address ?? '',
    postcode: d.postcode ?? '',
    preferredContact: d.preferredContact,
    preferredLanguage: d.preferredLanguage,
    needsInterpreter: yesNo(d.needsInterpreter),
    communicationNeeds: d.communicationNeeds ?? '',
    ...(version === undefined ? {} : { version: String(version) }),
  };
}

/** After a stale edit of a form whose boxes are named as the record's fields. */
export function mergeAfterStaleEditFields(
  submitted: FormValues,
  current: FormValues,
  changed: readonly string[],
) {
  return mergeAfterStaleEdit(submitted, current, changed);
}
