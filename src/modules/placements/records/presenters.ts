import type { FieldError } from '../../../platform/http/problem.ts';
import { isoDateInLondon, longDate } from '../../../platform/kernel/dates.ts';
import { fyLabel } from '../../../platform/kernel/financial-years.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import { annualAmount, placeFundingRule } from '../domain/costs.ts';
import {
  approvalLabels,
  costKindLabels,
  payerLabels,
  perLabels,
  placementTypeLabels,
} from '../domain/labels.ts';
import { type Payer, type PlacementType, payers, placementTypes } from '../domain/types.ts';
import type { CostLineRow, PlacementRow } from './repo.ts';
import type { BandOption, ChildPlacement, PlacementListItem, PlacementRecord } from './service.ts';

export { pagination } from '../../../platform/http/pagination.ts';

/** How placements read on the pages: labels, tags, sentences and rows for the GOV.UK macros. */

export type Approval = PlacementRow['approval'];

const tagClasses: Record<Approval, string> = {
  not_needed: 'govuk-tag--blue',
  awaiting: 'govuk-tag--yellow',
  approved: 'govuk-tag--green',
  rejected: 'govuk-tag--red',
};

export function statusTag(approval: Approval): { text: string; classes: string } {
  return { text: approvalLabels[approval], classes: tagClasses[approval] };
}

const upToTwoPlaces = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const upToThreePlaces = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });

/** The days a week a share of full time stands for, when it is a whole or two-place number of days. */
export function daysAWeek(fte: number): number | null {
  const days = Math.round(fte * 5 * 1000) / 1000;
  return Math.round(days * 100) === days * 100 ? days : null;
}

/** "Full time", "Part time: 2 days a week (0.4 FTE)", "Part time: 0.333 FTE". */
export function attendanceText(fte: number): string {
  if (fte === 1) return 'Full time';
  const days = daysAWeek(fte);
  const share = `${upToThreePlaces.format(fte)} FTE`;
  return days === null
    ? `Part time: ${share}`
    : `Part time: ${upToTwoPlaces.format(days)} ${days === 1 ? 'day' : 'days'} a week (${share})`;
}

/** The end as the list shows it: the day it ended, else the day it is expected to, else none. */
export function endText(p: { endOn: string | null; expectedEndOn: string | null }): string {
  if (p.endOn) return longDate(p.endOn);
  if (p.expectedEndOn) return `${longDate(p.expectedEndOn)} (expected)`;
  return 'No end date';
}

export const basisLabels = {
  ehc_plan: 'Named in the EHC plan',
  interim: 'Interim, before an EHC plan names it',
} as const;

/** The basis, and what the EHC plan did to the placement when it did something. */
export function basisText(p: Pick<PlacementRecord, 'basis' | 'planLink'>): string {
  switch (p.planLink) {
    case 'made':
      return `${basisLabels[p.basis]}: made from the plan when it was issued`;
    case 'named':
      return `${basisLabels[p.basis]}: the plan named it when it was issued`;
    case 'ended':
      return `${basisLabels[p.basis]}: ended the day before the placement a later plan names`;
    default:
      return basisLabels[p.basis];
  }
}

const planCheckTexts: Record<NonNullable<PlacementRecord['planCheck']>, string> = {
  plan_withdrawn:
    'The EHC plan step this placement followed was corrected away after someone changed the placement, so it was left as it is. Check whether the child is still placed here, and end or remove the placement if not.',
  plan_changed:
    'The EHC plan this placement follows changed its date or setting after someone changed the placement, so it was left as it is. Check its dates and setting against the plan.',
  plan_names_another_setting:
    'An EHC plan names another setting from a day this placement already covers, so no placement was made there. Check where the child is placed from that day.',
};

/**
 * What a finance officer is asked to confirm about a placement an EHC plan made: its type, its
 * costs, a change to the plan; null when nothing is waiting.
 */
export function planConfirmations(
  p: Pick<
    PlacementRecord,
    'costsToConfirm' | 'typeToConfirm' | 'planCheck' | 'type' | 'establishmentId' | 'providerName'
  >,
  values: Record<string, string>,
) {
  if (!p.costsToConfirm && !p.typeToConfirm && !p.planCheck) return null;
  return {
    type: p.typeToConfirm
      ? {
          text: `The EHC plan names ${p.establishmentId ? 'a setting' : 'a provider without a URN'} whose type of placement it cannot tell. It is recorded as ${placementTypeLabels[p.type].toLowerCase()} until you confirm its type${p.establishmentId ? '' : ' and who provides it'}; it has no place funding until then.`,
          items: typeItems(values.type || p.type),
          providerName: p.establishmentId ? null : (values.providerName ?? p.providerName ?? ''),
        }
      : null,
    costs: p.costsToConfirm
      ? `It has only the place funding the DfE's rules give its type. Add its top-up, fees and transport, or confirm it costs nothing more. Until then the high needs forecast counts it at the expected cost of a new placement of its type.`
      : null,
    planCheck: p.planCheck ? planCheckTexts[p.planCheck] : null,
  };
}

/** The usual place funding for a type, as a sentence. */
export function placeFundingText(type: PlacementType): string {
  const rule = placeFundingRule(type);
  if (!rule) return 'No usual place funding';
  const payer = rule.funder === 'la' ? 'the LA from the high needs block' : 'the ESFA directly';
  return `Usual place funding: ${penceText(rule.annualPence)} a year, paid by ${payer}`;
}

/** The placement types as radios, each with the place funding it usually has. */
export function typeItems(checked: string) {
  return placementTypes.map((type) => ({
    value: type,
    text: placementTypeLabels[type],
    hint: { text: placeFundingText(type) },
    checked: type === checked,
  }));
}

export function isPlacementType(value: string): value is PlacementType {
  return (placementTypes as readonly string[]).includes(value);
}

export function placementListRow(item: PlacementListItem) {
  return {
    toConfirm: item.costsToConfirm || item.typeToConfirm || item.planCheck !== null,
    href: `/placements/${item.id}`,
    childHref: `/children/${item.childId}`,
    childName: item.childName,
    settingName: item.settingName,
    type: placementTypeLabels[item.type],
    start: longDate(item.startOn),
    end: endText(item),
    status: statusTag(item.approval),
    fyCost: penceText(item.fyPence),
  };
}

export function childPanelRow(p: ChildPlacement) {
  return {
    toConfirm: p.costsToConfirm || p.typeToConfirm || p.planCheck !== null,
    href: `/placements/${p.id}`,
    settingName: p.settingName,
    type: placementTypeLabels[p.type],
    attendance: attendanceText(p.fte),
    start: longDate(p.startOn),
    end: endText(p),
    status: statusTag(p.approval),
  };
}

interface Row {
  key: { text: string };
  value: { text: string };
  actions?: { items: { href: string; text: string; visuallyHiddenText: string }[] };
}

const row = (key: string, value: string, change?: { href: string; what: string }): Row => ({
  key: { text: key },
  value: { text: value },
  ...(change
    ? { actions: { items: [{ href: change.href, text: 'Change', visuallyHiddenText: change.what }] } }
    : {}),
});

export const childNameOf = (p: Pick<PlacementRecord, 'child'>) => `${p.child.forename} ${p.child.surname}`;

export const settingText = (p: Pick<PlacementRecord, 'setting'>) =>
  p.setting.urn ? `${p.setting.name} (URN ${p.setting.urn})` : `${p.setting.name} (no URN)`;

/** Who entered the placement and where its approval stands, in one sentence. */
export function statusText(p: PlacementRecord, names: ReadonlyMap<string, string>): string {
  const who = (id: string | null) => (id ? (names.get(id) ?? 'someone no longer here') : 'nobody recorded');
  const entered = `entered by ${who(p.enteredBy)}`;
  const when = p.approvalDecidedAt ? ` on ${longDate(isoDateInLondon(p.approvalDecidedAt))}` : '';
  switch (p.approval) {
    case 'not_needed':
      return `Committed, ${entered}: it costs no more than the approval threshold`;
    case 'awaiting':
      return `Waiting for approval, ${entered}`;
    case 'approved':
      return `Approved by ${who(p.approvalDecidedBy)}${when}, up to ${penceText(p.approvedAnnualPence ?? 0)} a year; ${entered}`;
    case 'rejected':
      return `Not approved by ${who(p.approvalDecidedBy)}${when}; ${entered}`;
  }
}

/** The placement's summary list; writers get a Change link on what the change page changes. */
export function placementSummaryRows(
  p: PlacementRecord,
  names: ReadonlyMap<string, string>,
  canWrite: boolean,
  today: string,
): Row[] {
  const change = (what: string, anchor: string) =>
    canWrite ? { href: `/placements/${p.id}/change#${anchor}`, what } : undefined;
  return [
    row('Child', childNameOf(p)),
    row('Setting', settingText(p)),
    row('Type', placementTypeLabels[p.type]),
    row('Start', longDate(p.startOn), change('start date', 'startOn-day')),
    p.endOn
      ? // An end still to come (a placement a plan ended the day before the one it names) reads as one.
        row(p.endOn < today ? 'Ended' : 'Ends', longDate(p.endOn), change('end date', 'endOn-day'))
      : row(
          'Expected end',
          p.expectedEndOn ? longDate(p.expectedEndOn) : 'Not known',
          change('expected end', 'expectedEndOn-day'),
        ),
    row('Attendance', attendanceText(p.fte), change('attendance', 'attendance')),
    row(
      'Residential',
      p.residentialWeeks
        ? `${p.residentialWeeks} ${p.residentialWeeks === 1 ? 'week' : 'weeks'} a year`
        : 'No',
      change('residential weeks', 'residentialWeeks'),
    ),
    row('Basis', basisText(p)),
    row('Status', statusText(p, names)),
    ...(p.approval === 'rejected' && p.approvalNote ? [row('Why it was not approved', p.approvalNote)] : []),
    row('Annual cost today', penceText(p.annualCostTodayPence)),
    row('The most it costs a year', penceText(p.peakAnnualCostPence)),
  ];
}

/** The placement in brief, beside a form about it, so a person changing it sees what they change. */
export function placementFacts(p: PlacementRecord): Row[] {
  return [
    row('Child', childNameOf(p)),
    row('Setting', settingText(p)),
    row('Type', placementTypeLabels[p.type]),
    row('Start', longDate(p.startOn)),
    row(p.endOn ? 'Ended' : 'End or expected end', endText(p)),
    row('Attendance', attendanceText(p.fte)),
    row('Status', approvalLabels[p.approval]),
    row('Annual cost today', penceText(p.annualCostTodayPence)),
  ];
}

/** A cost line as a summary list, on the pages that end or remove it. */
export function costLineFacts(line: ReturnType<typeof costLineRow>): Row[] {
  return [
    row('Kind', line.kind),
    row('Amount or band', line.amount),
    row('Funded by', line.funder),
    row('From', line.from),
    row('To', line.to),
    row('Shares', line.shares),
    ...(line.note ? [row('Note', line.note)] : []),
  ];
}

const fundedBy = (line: Pick<CostLineRow, 'kind' | 'funder'>) =>
  line.kind === 'transport'
    ? 'Home to school transport'
    : line.funder === 'esfa'
      ? 'ESFA, paid directly'
      : 'LA, high needs block';

/** What a line is agreed at: an amount per period (and its annual sum), or a band at today's value. */
export function amountText(line: CostLineRow, bands: readonly BandOption[]): string {
  if (line.topUpBand !== null) {
    const band = bands.find((b) => b.band === line.topUpBand);
    const named = band ? `Band ${line.topUpBand}: ${band.label}` : `Band ${line.topUpBand}`;
    return band?.annualPenceToday != null
      ? `${named} (${penceText(band.annualPenceToday)} a year today)`
      : `${named} (not in the top-up scheme in force today)`;
  }
  if (line.amountPence === null || line.per === null) return 'Not recorded';
  const stated = `${penceText(line.amountPence)} ${perLabels[line.per]}`;
  const annual = annualAmount(line);
  if (line.per === 'year' || annual === null) return stated;
  const units =
    line.per === 'term'
      ? '3 terms'
      : `${upToTwoPlaces.format(line.unitsPerYear ?? 0)} ${line.per === 'week' ? 'weeks' : 'days'}`;
  return `${stated}, ${units} a year (${penceText(annual)} a year)`;
}

/** "Education pays all", or who takes a share besides education. */
export function sharesText(line: Pick<CostLineRow, 'healthShareBp' | 'socialCareShareBp'>): string {
  const parts = [
    ...(line.healthShareBp ? [`Health ${upToTwoPlaces.format(line.healthShareBp / 100)}%`] : []),
    ...(line.socialCareShareBp ? [`social care ${upToTwoPlaces.format(line.socialCareShareBp / 100)}%`] : []),
  ];
  if (!parts.length) return 'Education pays all';
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function costLineRow(placementId: string, line: CostLineRow, bands: readonly BandOption[]) {
  const kind = costKindLabels[line.kind];
  return {
    id: line.id,
    kind,
    amount: amountText(line, bands),
    funder: fundedBy(line),
    from: longDate(line.effectiveFrom),
    to: line.effectiveTo ? longDate(line.effectiveTo) : 'The placement’s end',
    shares: sharesText(line),
    note: line.note ?? '',
    /** Names the line for the visually hidden part of its End and Remove links. */
    what: `${kind.toLowerCase()} line from ${longDate(line.effectiveFrom)}`,
    endHref: `/placements/${placementId}/cost-lines/${line.id}/end`,
    removeHref: `/placements/${placementId}/cost-lines/${line.id}/remove`,
  };
}

/** The cost by financial year table: one row a year, a column a payer, and the year's total. */
export function costByYear(years: PlacementRecord['byFinancialYear']) {
  return {
    heads: payers.map((p) => payerLabels[p]),
    rows: years.map((y) => ({
      label: y.label,
      cells: payers.map((p: Payer) => penceText(y.byPayer[p] ?? 0)),
      total: penceText(y.committedPence),
    })),
  };
}

/**
 * The approval part of the placement's page, for this person: theirs to decide, or whom it waits
 * for; null when nothing waits.
 */
export function approvalView(
  p: Pick<PlacementRecord, 'approval' | 'enteredBy' | 'startOn'>,
  userId: string,
  canApprove: boolean,
  today: string,
): { decide: boolean; waitingText: string } | null {
  if (p.approval !== 'awaiting') return null;
  const starts = `It ${p.startOn > today ? 'starts' : 'started'} on ${longDate(p.startOn)}.`;
  if (canApprove && p.enteredBy !== userId)
    return {
      decide: true,
      waitingText: `This placement costs more than the approval threshold and is waiting for your decision. It does not count as committed until it is approved. ${starts}`,
    };
  return {
    decide: false,
    waitingText:
      p.enteredBy === userId
        ? `This placement is waiting for a finance approver other than you to approve it: you entered it or its latest cost. It does not count as committed until it is approved. ${starts}`
        : `This placement is waiting for a finance approver who did not enter it to approve it. It does not count as committed until it is approved. ${starts}`,
  };
}

/** Select options from labels, with an "any" option first when given. */
export function options(labels: Record<string, string>, selected: string, any?: string) {
  return [
    ...(any === undefined ? [] : [{ value: '', text: any, selected: selected === '' }]),
    ...Object.entries(labels).map(([value, text]) => ({ value, text, selected: value === selected })),
  ];
}

/** The financial years to choose from: those with costs and this one, this one marked. */
export function fyOptions(years: readonly number[], thisFy: number, selected: number) {
  return [...new Set([...years, thisFy])]
    .sort((a, b) => a - b)
    .map((fy) => ({
      value: fyLabel(fy),
      text: fy === thisFy ? `${fyLabel(fy)} (this year)` : fyLabel(fy),
      selected: fy === selected,
    }));
}

/** Errors for the layout's error summary and the macros' errorMessage, each linked to its box. */
export function pageErrors(problems: readonly FieldError[], hrefOf: (field: string) => string) {
  return {
    errors: problems.map((e) => ({ text: e.message, href: `#${hrefOf(e.field)}` })),
    fieldError: (field: string) => {
      const e = problems.find((x) => x.field === field);
      return e ? { text: e.message } : false;
    },
  };
}
