import {
  contactMethods,
  ethnicities,
  relationships,
  senProvisions,
  senTypeCodes,
  senTypes,
  sexes,
  upnUnknownReasons,
} from './domain/codes.ts';
import { ageOn, type IsoDate, longDate } from './domain/dates.ts';
import type { FieldProblem } from './domain/problems.ts';
import { rankNames } from './domain/sen-needs.ts';
import type { ParentCarerRow } from './repo.ts';
import type { ChildListItem, ChildRecord } from './service.ts';

export { pagination } from '../../platform/http/pagination.ts';

/** What the templates need from the domain's results: labels, links and rows for GOV.UK macros. */

interface Row {
  key: { text: string };
  value: { text: string };
  actions?: { items: { href: string; text: string; visuallyHiddenText: string }[] };
}

const label = <T extends Record<string, string>>(
  codes: T,
  code: string | null | undefined,
  none = 'Not recorded',
) => (code ? (codes[code as keyof T] ?? code) : none);

export function childListRow(item: ChildListItem) {
  return {
    href: `/children/${item.id}`,
    name: `${item.forename} ${item.surname}`,
    dateOfBirth: longDate(item.dateOfBirth),
    ncYear: item.ncYear.label,
    upn: item.upn ?? '',
    setting: item.setting?.name ?? '',
    primaryNeed: item.primaryNeed ? item.primaryNeed.label : '',
  };
}

function row(key: string, value: string, change?: { href: string; what: string }): Row {
  return {
    key: { text: key },
    value: { text: value },
    ...(change
      ? { actions: { items: [{ href: change.href, text: 'Change', visuallyHiddenText: change.what }] } }
      : {}),
  };
}

export function childSummaryRows(record: ChildRecord, canWrite: boolean, today: IsoDate): Row[] {
  const d = record.details;
  const edit = (anchor: string, what: string) =>
    canWrite ? { href: `/children/${record.id}/edit#${anchor}`, what } : undefined;
  const upnValue =
    d.upn ??
    (d.upnUnknownReason ? `Not known: ${label(upnUnknownReasons, d.upnUnknownReason)}` : 'Not recorded');
  return [
    row('Name', `${d.forename} ${d.surname}`, edit('forename', 'name')),
    row(
      'Date of birth',
      `${longDate(d.dateOfBirth)} (age ${ageOn(d.dateOfBirth, today)})`,
      edit('dateOfBirth-day', 'date of birth'),
    ),
    row('National Curriculum year', record.ncYear.label),
    row('Sex', label(sexes, d.sex), edit('sex', 'sex')),
    row('Ethnicity', label(ethnicities, d.ethnicity), edit('ethnicity', 'ethnicity')),
    row('Home postcode', d.homePostcode ?? 'Not recorded', edit('homePostcode', 'home postcode')),
    row('UPN', upnValue, edit('upn', 'UPN')),
    row('ULN', d.uln ?? 'Not recorded', edit('uln', 'ULN')),
    row('SEN provision', label(senProvisions, record.senProvision)),
  ];
}

export function senNeedRows(record: ChildRecord, canWrite: boolean): Row[] {
  const change = (what: string) =>
    canWrite ? { href: `/children/${record.id}/edit#senNeed1`, what } : undefined;
  if (!record.senNeeds.length) return [row('SEN needs', 'None recorded', change('SEN needs'))];
  return record.senNeeds.map((n) => {
    const rank = rankNames[n.rank - 1] ?? `Need ${n.rank}`;
    return row(rank, n.label, change(rank.toLowerCase()));
  });
}

export function settingRows(record: ChildRecord): Row[] {
  const s = record.setting;
  if (!s) return [row('Setting', 'None recorded')];
  return [
    row('Setting', s.name),
    ...(s.typeName ? [row('Type', s.typeName)] : []),
    ...(s.phase ? [row('Phase', s.phase)] : []),
    ...(s.urn ? [row('URN', String(s.urn))] : []),
  ];
}

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');

export function parentCarerCard(childId: string, p: ParentCarerRow, canWrite: boolean) {
  const name = `${p.forename} ${p.surname}`;
  return {
    card: {
      title: { text: name, headingLevel: 3 },
      ...(canWrite
        ? {
            actions: {
              items: [
                {
                  href: `/children/${childId}/parents/${p.id}/edit`,
                  text: 'Change',
                  visuallyHiddenText: `${name}'s details`,
                },
              ],
            },
          }
        : {}),
    },
    rows: [
      row('Relationship', label(relationships, p.relationship)),
      row('Parental responsibility', yesNo(p.parentalResponsibility)),
      row('Child lives with them', yesNo(p.livesWith)),
      row('Main contact', yesNo(p.mainContact)),
      row('Email', p.email ?? 'Not recorded'),
      row('Telephone', p.phone ?? 'Not recorded'),
      row('Address', [p.address, p.postcode].filter(Boolean).join(', ') || 'Not recorded'),
      row('Prefers to be contacted by', label(contactMethods, p.preferredContact)),
      row('Preferred language', p.preferredLanguage),
      row('Needs an interpreter', yesNo(p.needsInterpreter)),
      row('Communication needs', p.communicationNeeds ?? 'None recorded'),
    ],
  };
}

type Option = { value: string; text: string; selected?: boolean };

function options<T extends Record<string, string>>(
  codes: T,
  selected: string,
  blank?: string,
  withCode = false,
): Option[] {
  const items: Option[] = Object.entries(codes).map(([value, text]) => ({
    value,
    text: withCode ? `${text} (${value})` : text,
    selected: value === selected,
  }));
  return blank === undefined ? items : [{ value: '', text: blank, selected: selected === '' }, ...items];
}

export const senTypeOptions = (selected: string) =>
  options(Object.fromEntries(senTypeCodes.map((c) => [c, senTypes[c]])), selected, 'None', true);
export const ethnicityOptions = (selected: string) => options(ethnicities, selected, 'Not recorded', true);
export const upnUnknownReasonOptions = (selected: string) =>
  options(upnUnknownReasons, selected, 'The UPN is known', true);

export function radioItems<T extends Record<string, string>>(codes: T, checked: string) {
  return Object.entries(codes).map(([value, text]) => ({ value, text, checked: value === checked }));
}

export const sexItems = (checked: string) => radioItems(sexes, checked);
export const relationshipItems = (checked: string) => radioItems(relationships, checked);
export const contactMethodItems = (checked: string) => radioItems(contactMethods, checked);
export const yesNoItems = (checked: string) => [
  { value: 'yes', text: 'Yes', checked: checked === 'yes' },
  { value: 'no', text: 'No', checked: checked === 'no' },
];

/** Errors shaped for the layout's error summary and the macros' errorMessage, linking to the right box. */
export function errorsForPage(errors: FieldProblem[], pageId: (field: string) => string = (f) => f) {
  return {
    errors: errors.map((e) => ({ text: e.message, href: `#${pageId(e.field)}` })),
    fieldError: (field: string) => {
      const e = errors.find((x) => x.field === field);
      return e ? { text: e.message } : false;
    },
  };
}

export function paramId(request: { params: unknown }, name = 'id'): string {
  return (request.params as Record<string, string>)[name] ?? '';
}
