import { z } from 'zod';
import { dateFromParts, type FormValues } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import { isoDateField } from '../../../../platform/kernel/fields.ts';
import { parsePounds } from '../../../../platform/kernel/money.ts';
import { annualAmount, placeFundingRule } from '../../domain/costs.ts';
import { placementTypeLabels } from '../../domain/labels.ts';
import { confirmAbovePence } from '../../domain/placement-input.ts';
import type { CostKind, Per } from '../../domain/types.ts';
import { daysAWeek, isPlacementType } from '../presenters.ts';
import type { PlacementRow } from '../repo.ts';

/**
 * The placements forms as the service's input: money typed in pounds, dates in three boxes,
 * attendance as days a week or a share of full time. What only a form can get wrong (a date half
 * filled, pounds mistyped, a choice not made) is answered here; everything else goes to the same
 * schema and service as the API, so the page gives the API's words.
 */

export const dateParts = (name: string) => [`${name}-day`, `${name}-month`, `${name}-year`];

/** Where a message about a field takes a person: a date's day box; a field's own box otherwise. */
export const hrefOf = (dates: readonly string[]) => (field: string) =>
  dates.includes(field) ? `${field}-day` : field;

/** A number typed into a box: nothing is undefined; a plain number its value; anything else as typed, for the schema to name. */
export function numberFrom(text: string | undefined): number | string | undefined {
  const t = (text ?? '').trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/** Page problems first, then later ones for boxes not already explained, in the order the boxes come. */
export function mergeProblems(
  first: readonly FieldError[],
  later: readonly FieldError[],
  order: readonly string[],
): FieldError[] {
  const seen = new Set<string>();
  const all: FieldError[] = [];
  for (const e of [...first, ...later])
    if (!seen.has(e.field)) {
      seen.add(e.field);
      all.push(e);
    }
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  return all.sort((a, b) => rank(a.field) - rank(b.field));
}

/**
 * The first day a cost can fall on: placements' costs are kept by financial year from 2000-01.
 * The API's schema does not check it, so the form does, rather than let the database refuse it
 * as a server error.
 */
const firstCostDay = '2000-04-01';

function dateIn(
  v: FormValues,
  name: string,
  label: string,
  problems: FieldError[],
  options: { costsFrom?: boolean } = {},
): { ok: boolean; value: string | undefined } {
  const d = dateFromParts(label, v[`${name}-day`] ?? '', v[`${name}-month`] ?? '', v[`${name}-year`] ?? '');
  if (d.ok && options.costsFrom && d.value && d.value < firstCostDay) {
    problems.push({ field: name, message: `${label} must be 1 April 2000 or later` });
    return { ok: false, value: undefined };
  }
  if (d.ok) return { ok: true, value: d.value };
  problems.push({ field: name, message: d.message });
  return { ok: false, value: undefined };
}

/** The boxes attendance is typed into, and the share of full time they come to. */
function fteIn(v: FormValues, problems: FieldError[]): number | string | undefined {
  switch (v.attendance) {
    case 'full':
      return 1;
    case 'days': {
      const t = (v.daysAWeek ?? '').trim();
      const problem = (message: string) => {
        problems.push({ field: 'daysAWeek', message });
        return undefined;
      };
      if (!t) return problem('Enter the days a week the child attends, like 2 or 2.5');
      if (!/^\d+(\.\d{1,2})?$/.test(t))
        return problem('Enter the days a week as a number with at most 2 decimal places, like 2 or 2.5');
      const days = Number(t);
      if (days <= 0 || days > 5) return problem('Days a week must be more than 0 and no more than 5');
      // Days with at most two places, over 5, are exact in thousandths: 2.25 days is 0.45.
      return (Math.round(days * 100) * 2) / 1000;
    }
    case 'fte': {
      const fte = numberFrom(v.fte);
      if (fte === undefined)
        problems.push({ field: 'fte', message: 'Enter the share of full time, like 0.4 for 2 days a week' });
      return fte;
    }
    default:
      problems.push({ field: 'attendance', message: 'Select how much of the week the child attends' });
      return undefined;
  }
}

const attendanceBox = (v: FormValues) =>
  v.attendance === 'days' ? 'daysAWeek' : v.attendance === 'fte' ? 'fte' : 'attendance';

/** The attendance boxes as a placement's share of full time fills them. */
export function attendanceValues(fte: number): FormValues {
  if (fte === 1) return { attendance: 'full', daysAWeek: '', fte: '' };
  const days = daysAWeek(fte);
  return days === null
    ? { attendance: 'fte', daysAWeek: '', fte: String(fte) }
    : { attendance: 'days', daysAWeek: String(days), fte: '' };
}

const dateValues = (name: string, iso: string | null): FormValues => {
  const [year = '', month = '', day = ''] = iso ? iso.split('-') : [];
  return {
    [`${name}-day`]: day ? String(Number(day)) : '',
    [`${name}-month`]: month ? String(Number(month)) : '',
    [`${name}-year`]: year,
  };
};

// A new placement.

export const newPlacementNames = [
  'childId',
  'settingKind',
  'urn',
  'providerName',
  'type',
  ...dateParts('startOn'),
  ...dateParts('expectedEndOn'),
  'attendance',
  'daysAWeek',
  'fte',
  'residentialWeeks',
  'basis',
  'placeFunding',
];

export const newPlacementOrder = [
  'child',
  'settingKind',
  'urn',
  'providerName',
  'type',
  'startOn',
  'expectedEndOn',
  'attendance',
  'daysAWeek',
  'fte',
  'residentialWeeks',
  'basis',
  'placeFunding',
];

export const newPlacementHref = hrefOf(['startOn', 'expectedEndOn']);

/**
 * The new placement form as the API's input, but for the setting: a URN to look up on the
 * register (the caller turns it into `establishmentId`), or a provider's name.
 */
export function newPlacementFromForm(v: FormValues): {
  input: Record<string, unknown>;
  urn: number | null;
  problems: FieldError[];
} {
  const problems: FieldError[] = [];
  let urn: number | null = null;
  if (v.settingKind === 'register') {
    const t = (v.urn ?? '').trim();
    if (!t) problems.push({ field: 'urn', message: 'Enter the setting’s URN' });
    else if (!/^\d{6,7}$/.test(t))
      problems.push({ field: 'urn', message: 'URN must be 6 or 7 digits, like 121234' });
    else urn = Number(t);
  } else if (v.settingKind === 'other') {
    if (!(v.providerName ?? '').trim())
      problems.push({ field: 'providerName', message: 'Enter the provider’s name' });
  } else
    problems.push({
      field: 'settingKind',
      message: 'Select whether the setting is on the register of schools and settings',
    });
  const type = v.type ?? '';
  if (!type) problems.push({ field: 'type', message: 'Select the type of placement' });
  if (!v.basis)
    problems.push({
      field: 'basis',
      message: 'Select whether the placement is named in the EHC plan or is interim',
    });
  const startOn = dateIn(v, 'startOn', 'Start date', problems, { costsFrom: true });
  const expectedEndOn = dateIn(v, 'expectedEndOn', 'Expected end date', problems);
  const fte = fteIn(v, problems);
  const costLines: Record<string, unknown>[] = [];
  if (v.placeFunding === 'yes' && isPlacementType(type)) {
    const rule = placeFundingRule(type);
    if (!rule)
      problems.push({
        field: 'placeFunding',
        message: `A placement of type ${placementTypeLabels[type].toLowerCase()} has no usual place funding: untick the box, and add its costs on the placement’s page`,
      });
    else if (startOn.value)
      costLines.push({
        kind: 'place_funding',
        amountPence: rule.annualPence,
        per: 'year',
        funder: rule.funder,
        effectiveFrom: startOn.value,
      });
  }
  return {
    input: {
      childId: v.childId ?? '',
      providerName: v.settingKind === 'other' ? (v.providerName ?? '') : undefined,
      type: type || undefined,
      startOn: startOn.value ?? '',
      expectedEndOn: expectedEndOn.value ?? null,
      fte,
      residentialWeeks: numberFrom(v.residentialWeeks) ?? null,
      basis: v.basis || undefined,
      costLines,
    },
    urn,
    problems,
  };
}

/** The box on the new placement form a service or schema field belongs to. */
export function newPlacementField(field: string, v: FormValues): string {
  if (field === 'childId') return 'child';
  if (field === 'establishmentId' || field === 'providerName')
    return v.settingKind === 'register' ? 'urn' : v.settingKind === 'other' ? 'providerName' : 'settingKind';
  if (field === 'fte') return attendanceBox(v);
  if (field === 'costLines' || field.startsWith('costLines.') || field === 'confirmLargeAmounts')
    return 'placeFunding';
  return field;
}

// Changing a placement's dates and attendance.

export const changeNames = [
  ...dateParts('startOn'),
  ...dateParts('endOn'),
  ...dateParts('expectedEndOn'),
  'attendance',
  'daysAWeek',
  'fte',
  'residentialWeeks',
  'version',
];

export const changeOrder = [
  'placement',
  'startOn',
  'endOn',
  'expectedEndOn',
  'attendance',
  'daysAWeek',
  'fte',
  'residentialWeeks',
];

export const changeHref = hrefOf(['startOn', 'endOn', 'expectedEndOn']);

/** The change form filled from the placement as it is. */
export function changeValues(p: PlacementRow): FormValues {
  return {
    ...dateValues('startOn', p.startOn),
    ...dateValues('endOn', p.endOn),
    ...dateValues('expectedEndOn', p.expectedEndOn),
    ...attendanceValues(p.fte),
    residentialWeeks: p.residentialWeeks ? String(p.residentialWeeks) : '',
    version: String(p.version),
  };
}

/** The change form as the API's PATCH body: every box sent, an empty end date clearing it. */
export function changeFromForm(v: FormValues): { input: Record<string, unknown>; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const startOn = dateIn(v, 'startOn', 'Start date', problems, { costsFrom: true });
  const endOn = dateIn(v, 'endOn', 'End date', problems);
  const expectedEndOn = dateIn(v, 'expectedEndOn', 'Expected end date', problems);
  const fte = fteIn(v, problems);
  return {
    input: {
      version: numberFrom(v.version),
      startOn: startOn.value ?? '',
      endOn: endOn.value ?? null,
      expectedEndOn: expectedEndOn.value ?? null,
      fte,
      residentialWeeks: numberFrom(v.residentialWeeks) ?? null,
    },
    problems,
  };
}

export function changeField(field: string, v: FormValues): string {
  if (field === 'version') return 'placement';
  if (field === 'fte') return attendanceBox(v);
  return field;
}

// A cost line.

export const costLineNames = [
  'kind',
  'funder',
  'amountOrBand',
  'amount',
  'per',
  'unitsPerYear',
  'topUpBand',
  ...dateParts('effectiveFrom'),
  ...dateParts('effectiveTo'),
  'healthSharePercent',
  'socialCareSharePercent',
  'note',
  'confirmLargeAmounts',
  'version',
];

export const costLineOrder = [
  'placement',
  'kind',
  'funder',
  'amountOrBand',
  'amount',
  'per',
  'unitsPerYear',
  'topUpBand',
  'effectiveFrom',
  'effectiveTo',
  'healthSharePercent',
  'socialCareSharePercent',
  'note',
  'confirmLargeAmounts',
];

export const costLineHref = hrefOf(['effectiveFrom', 'effectiveTo']);

const versionSchema = z.number({ error: 'version must be the version you read' }).int();

/** The version a form was read at, checked as the API checks it. */
export function versionFrom(v: FormValues): { version: number } | { problem: FieldError } {
  const parsed = versionSchema.safeParse(numberFrom(v.version));
  return parsed.success
    ? { version: parsed.data }
    : { problem: { field: 'version', message: parsed.error.issues[0]?.message ?? 'version is missing' } };
}

/** The cost line form as one line of the API's body: an agreed amount in pounds, or a band. */
export function costLineFromForm(v: FormValues): {
  line: Record<string, unknown>;
  problems: FieldError[];
  confirmLargeAmounts: boolean;
} {
  const problems: FieldError[] = [];
  const kind = v.kind ?? '';
  if (!kind) problems.push({ field: 'kind', message: 'Select the kind of cost' });
  let funder = 'la';
  if (kind === 'place_funding') {
    if (!v.funder) problems.push({ field: 'funder', message: 'Select who pays the place funding' });
    else funder = v.funder;
  }
  const line: Record<string, unknown> = { kind: kind || undefined, funder };
  if (v.amountOrBand === 'band') {
    if (!v.topUpBand) problems.push({ field: 'topUpBand', message: 'Select the top-up band' });
    line.topUpBand = v.topUpBand || undefined;
  } else if (v.amountOrBand === 'amount') {
    const amount = parsePounds(v.amount ?? '');
    if ('error' in amount) problems.push({ field: 'amount', message: amount.error });
    else line.amountPence = amount.pence;
    const per = v.per ?? '';
    if (!per)
      problems.push({
        field: 'per',
        message: 'Select what the amount is for: a year, a term, a week or a day',
      });
    line.per = per || undefined;
    // The weeks or days box only counts for a weekly or daily rate, as its hint says.
    if (per === 'week' || per === 'day') line.unitsPerYear = numberFrom(v.unitsPerYear);
  } else
    problems.push({
      field: 'amountOrBand',
      message: 'Select whether the cost is an agreed amount or a top-up band',
    });
  const from = dateIn(v, 'effectiveFrom', 'The date it takes effect', problems, { costsFrom: true });
  const to = dateIn(v, 'effectiveTo', 'The last day it applies', problems);
  line.effectiveFrom = from.value ?? '';
  line.effectiveTo = to.value ?? null;
  line.healthSharePercent = numberFrom(v.healthSharePercent);
  line.socialCareSharePercent = numberFrom(v.socialCareSharePercent);
  line.note = (v.note ?? '').trim() || null;
  return { line, problems, confirmLargeAmounts: v.confirmLargeAmounts === 'yes' };
}

/** Whether an agreed amount comes to more a year than anyone may enter without confirming it. */
export function needsConfirming(line: Record<string, unknown>): boolean {
  const { amountPence, per, unitsPerYear } = line;
  if (typeof amountPence !== 'number' || typeof per !== 'string') return false;
  if (!['year', 'term', 'week', 'day'].includes(per)) return false;
  const annual = annualAmount({
    kind: (line.kind as CostKind) ?? 'fee',
    amountPence,
    per: per as Per,
    unitsPerYear: typeof unitsPerYear === 'number' ? unitsPerYear : null,
    topUpBand: null,
    funder: 'la',
    effectiveFrom: '2000-01-01',
    effectiveTo: null,
    healthShareBp: 0,
    socialCareShareBp: 0,
  });
  return annual !== null && annual > confirmAbovePence;
}

export function costLineField(field: string): string {
  if (field === 'version') return 'placement';
  if (field === 'amountPence') return 'amount';
  return field.replace(/^costLines\.\d+\./, '');
}

// Ending a cost line.

export const endLineNames = [...dateParts('effectiveTo'), 'version'];

const endSchema = z.object({
  effectiveTo: isoDateField('effectiveTo: enter the last day the line applies', 'effectiveTo'),
});

/** The last day a line applies, checked as the API checks it. */
export function endFromForm(v: FormValues): { effectiveTo: string | null; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const date = dateIn(v, 'effectiveTo', 'The last day it applies', problems);
  if (problems.length) return { effectiveTo: null, problems };
  const parsed = endSchema.safeParse({ effectiveTo: date.value ?? '' });
  if (parsed.success) return { effectiveTo: parsed.data.effectiveTo, problems };
  return {
    effectiveTo: null,
    problems: [{ field: 'effectiveTo', message: parsed.error.issues[0]?.message ?? 'Enter the date' }],
  };
}

// Deciding on approval.

export const approvalNames = ['decision', 'note', 'version'];

const noteSchema = z.string().trim().max(1000, 'note must be 1000 characters or fewer');

export function approvalFromForm(v: FormValues): {
  decision: 'approve' | 'reject' | null;
  note: string | null;
  problems: FieldError[];
} {
  const problems: FieldError[] = [];
  const decision = v.decision === 'approve' || v.decision === 'reject' ? v.decision : null;
  if (!decision) problems.push({ field: 'decision', message: 'Select whether you approve the placement' });
  const note = noteSchema.safeParse(v.note ?? '');
  if (!note.success) problems.push({ field: 'note', message: note.error.issues[0]?.message ?? '' });
  return { decision, note: note.success ? note.data || null : null, problems };
}

export const confirmationNames = ['confirm', 'type', 'providerName', 'version'];

/**
 * A confirmation form as the API's body: which of the placement's plan items the person confirms
 * (its type, its costs, a change to the plan), and the type and provider for the first.
 */
export function confirmationFromForm(v: FormValues): {
  body: Record<string, unknown> | null;
  problems: FieldError[];
} {
  switch (v.confirm) {
    case 'type':
      if (!v.type)
        return { body: null, problems: [{ field: 'type', message: 'Select the type of placement' }] };
      return {
        body: { type: v.type, ...(v.providerName?.trim() ? { providerName: v.providerName } : {}) },
        problems: [],
      };
    case 'costs':
      return { body: { costsComplete: true }, problems: [] };
    case 'plan-change':
      return { body: { planChangeChecked: true }, problems: [] };
    default:
      return { body: null, problems: [{ field: 'confirm', message: 'Say what you confirm' }] };
  }
}
