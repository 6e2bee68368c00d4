import { dateFromParts, formValues } from '../../../platform/http/forms.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { firstPerField, parse } from '../../../platform/http/validation.ts';
import { isRealIsoDate } from '../../../platform/kernel/dates.ts';
import { parsePounds, penceText } from '../../../platform/kernel/money.ts';
import { type SettingGroup, settingGroups } from '../domain/types.ts';
import { settingGroupLabels } from './pages-presenters.ts';
import { maxBandAnnualPence, type NewSchemeInput, newSchemeSchema, type SchemeRecord } from './service.ts';

/**
 * The form proposing a scheme: its name, the day it would take effect, and rows of bands for each
 * setting group. Rows left blank are not bands; more blank rows come from a button, with no script
 * needed. Amounts are read as people type money; the rest is checked by the API's own schema.
 */

/** As many bands as the API takes (200), shared between the five groups. */
export const maxRowsPerGroup = 40;
export const blankBandRows = 3;

export interface BandValues {
  band: string;
  label: string;
  annual: string;
}

export interface SchemeFormValues {
  name: string;
  day: string;
  month: string;
  year: string;
  groups: Record<SettingGroup, BandValues[]>;
}

export const bandFields = ['band', 'label', 'annual'] as const;
export const bandFieldId = (group: SettingGroup, row: number, field: (typeof bandFields)[number]) =>
  `band-${group}-${row}-${field}`;
export const rowsField = (group: SettingGroup) => `rows-${group}`;

const blankBand = (): BandValues => ({ band: '', label: '', annual: '' });
const blanks = (n: number) => Array.from({ length: Math.max(n, 0) }, blankBand);
const byGroup = (make: (group: SettingGroup) => BandValues[]) =>
  Object.fromEntries(settingGroups.map((g) => [g, make(g)])) as Record<SettingGroup, BandValues[]>;

/** A new proposal starts from the bands of the scheme in force, the change being what is typed over them. */
export function schemeFormValues(inForce: SchemeRecord | null): SchemeFormValues {
  return {
    name: '',
    day: '',
    month: '',
    year: '',
    groups: byGroup((g) => {
      const bands = (inForce?.bands ?? [])
        .filter((b) => b.settingGroup === g)
        .slice(0, maxRowsPerGroup)
        .map((b) => ({ band: b.band, label: b.label, annual: penceText(b.annualPence).replace('£', '') }));
      return [...bands, ...blanks(Math.min(blankBandRows, maxRowsPerGroup - bands.length))];
    }),
  };
}

/** Each group's rows as the form draws them: its boxes' ids, and each row numbered from 1. */
export function formGroups(v: SchemeFormValues) {
  return settingGroups.map((g) => ({
    key: g,
    label: settingGroupLabels[g],
    rowsField: rowsField(g),
    rows: v.groups[g].map((b, i) => ({
      ...b,
      number: i + 1,
      ids: {
        band: bandFieldId(g, i, 'band'),
        label: bandFieldId(g, i, 'label'),
        annual: bandFieldId(g, i, 'annual'),
      },
    })),
  }));
}

export function readSchemeForm(body: unknown): SchemeFormValues {
  const counts = formValues(body, settingGroups.map(rowsField));
  const shown = (g: SettingGroup) => {
    const n = Number(counts[rowsField(g)]);
    return Number.isInteger(n) ? Math.min(Math.max(n, 0), maxRowsPerGroup) : 0;
  };
  const names = ['name', 'effectiveFrom-day', 'effectiveFrom-month', 'effectiveFrom-year'];
  for (const g of settingGroups)
    for (let i = 0; i < shown(g); i++) for (const f of bandFields) names.push(bandFieldId(g, i, f));
  const v = formValues(body, names);
  return {
    name: v.name ?? '',
    day: v['effectiveFrom-day'] ?? '',
    month: v['effectiveFrom-month'] ?? '',
    year: v['effectiveFrom-year'] ?? '',
    groups: byGroup((g) =>
      Array.from({ length: shown(g) }, (_, i) => ({
        band: v[bandFieldId(g, i, 'band')] ?? '',
        label: v[bandFieldId(g, i, 'label')] ?? '',
        annual: v[bandFieldId(g, i, 'annual')] ?? '',
      })),
    ),
  };
}

export function withMoreBandRows(v: SchemeFormValues): SchemeFormValues {
  return {
    ...v,
    groups: byGroup((g) => [
      ...v.groups[g],
      ...blanks(Math.min(blankBandRows, maxRowsPerGroup - v.groups[g].length)),
    ]),
  };
}

export const canAddBandRows = (v: SchemeFormValues) =>
  settingGroups.some((g) => v.groups[g].length < maxRowsPerGroup);

const isBlank = (b: BandValues) => bandFields.every((f) => b[f].trim() === '');
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export type SchemeFromForm = { ok: true; input: NewSchemeInput } | { ok: false; errors: FieldError[] };

/** The API's body from the form, or every mistake in the order the form asks, each linked to its box. */
export function schemeFromForm(v: SchemeFormValues): SchemeFromForm {
  const typing: FieldError[] = [];
  const date = dateFromParts('The date it takes effect', v.day, v.month, v.year);
  let effectiveFrom = '';
  if (!date.ok) typing.push({ field: 'effectiveFrom', message: date.message });
  else if (date.value === undefined)
    typing.push({ field: 'effectiveFrom', message: 'Enter the date the scheme would take effect' });
  else if (!isRealIsoDate(date.value))
    typing.push({ field: 'effectiveFrom', message: 'The date it takes effect must be a real date' });
  else effectiveFrom = date.value;

  const where: { group: SettingGroup; row: number; what: string }[] = [];
  const bands = settingGroups.flatMap((group) =>
    v.groups[group].flatMap((b, row) => {
      if (isBlank(b)) return [];
      const what = `${settingGroupLabels[group]}, row ${row + 1}`;
      where.push({ group, row, what });
      const read = parsePounds(b.annual);
      let annualPence = 0;
      if ('error' in read)
        typing.push({
          field: bandFieldId(group, row, 'annual'),
          message: `${what}: ${lowerFirst(read.error)}`,
        });
      else if (read.pence > maxBandAnnualPence)
        typing.push({
          field: bandFieldId(group, row, 'annual'),
          message: `${what}: enter an amount of ${penceText(maxBandAnnualPence)} a year or less`,
        });
      else annualPence = read.pence;
      return [{ settingGroup: group, band: b.band, label: b.label, annualPence }];
    }),
  );
  const parsed = parse(newSchemeSchema, { name: v.name, effectiveFrom, bands });
  if (parsed.ok && !typing.length) return { ok: true, input: parsed.data };
  const checked = (parsed.ok ? [] : parsed.errors).flatMap((e): FieldError[] => {
    const [top, index, field] = e.field.split('.');
    if (top === 'bands' && index !== undefined && (field === 'band' || field === 'label')) {
      const at = where[Number(index)];
      return at
        ? [{ field: bandFieldId(at.group, at.row, field), message: `${at.what}: ${lowerFirst(e.message)}` }]
        : [];
    }
    if (top === 'bands' && index === undefined)
      return [{ field: bandFieldId(settingGroups[0], 0, 'band'), message: e.message }];
    // The date was checked above in the page's own words; amounts mistyped were sent as 0.
    if (top === 'name') return [{ field: 'name', message: e.message }];
    return [];
  });
  const order = [
    'name',
    'effectiveFrom',
    ...settingGroups.flatMap((g) =>
      v.groups[g].flatMap((_, i) => bandFields.map((f) => bandFieldId(g, i, f))),
    ),
  ];
  const errors = firstPerField([...typing, ...checked]).sort(
    (a, b) => order.indexOf(a.field) - order.indexOf(b.field),
  );
  return { ok: false, errors };
}
