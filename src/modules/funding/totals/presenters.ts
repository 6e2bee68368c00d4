import { penceText } from '../../../platform/kernel/money.ts';
import { percentText, wholeNumber } from '../../../platform/kernel/numbers.ts';
import { senTypeLabels } from '../../../platform/kernel/sen2.ts';
import { placementTypeLabel, roundedMoney } from '../presenters.ts';
import { belowGoodGrades, type Figures, type Grouping, noneKey, type OfstedGroup } from './domain/totals.ts';
import type { Totals, TotalsPage } from './service.ts';

/** How the year's totals read: what each group is called, the table's rows, and what to do about them. */

export const groupingLabels: Record<Grouping, string> = {
  type: 'Placement type',
  provider: 'Setting',
  need: 'Primary need',
  cluster: 'Cluster',
  ofsted: 'Ofsted grade',
  child: 'Child',
};

/** How a grouping reads after "by" in a sentence or a title: "spend by Ofsted grade". */
export const groupingPhrases: Record<Grouping, string> = {
  type: 'placement type',
  provider: 'setting',
  need: 'primary need',
  cluster: 'cluster',
  ofsted: 'Ofsted grade',
  child: 'child',
};

export const ofstedGroupLabels: Record<OfstedGroup, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
  not_inspected: 'Not inspected',
  no_urn: 'No URN',
};

export const noNeedLabel = 'No primary need recorded';
export const noClusterLabel = 'No cluster';

type GroupOf = Pick<TotalsPage['groups'][number], 'key' | 'name' | 'childName'>;

/** What a group is called: a type's or need's label, a grade, or the setting's, cluster's or child's name. */
export function groupLabel(by: Grouping, g: GroupOf): string {
  switch (by) {
    case 'type':
      return placementTypeLabel(g.key);
    case 'need':
      return g.key === noneKey
        ? noNeedLabel
        : Object.hasOwn(senTypeLabels, g.key)
          ? senTypeLabels[g.key as keyof typeof senTypeLabels]
          : g.key;
    case 'ofsted':
      return Object.hasOwn(ofstedGroupLabels, g.key) ? ofstedGroupLabels[g.key as OfstedGroup] : g.key;
    case 'cluster':
      return g.key === noneKey ? noClusterLabel : (g.name ?? '');
    case 'provider':
      return g.name ?? '';
    case 'child':
      return g.childName ?? '';
  }
}

const isBelowGood = (grade: OfstedGroup | null) => grade !== null && belowGoodGrades.includes(grade);

/** An Ofsted grade as a tag: red for Inadequate, orange for Requires improvement, plain text otherwise. */
function gradeHtml(grade: OfstedGroup): string {
  const label = ofstedGroupLabels[grade];
  if (grade === 'inadequate') return `<strong class="govuk-tag govuk-tag--red">${label}</strong>`;
  if (grade === 'requires_improvement')
    return `<strong class="govuk-tag govuk-tag--orange">${label}</strong>`;
  return label;
}

type Cell = { text?: string; html?: string; format?: 'numeric'; classes?: string };

const bold = 'govuk-!-font-weight-bold';
const withClasses = (cell: Cell, classes?: string): Cell => (classes ? { ...cell, classes } : cell);
const money = (pence: number, classes?: string): Cell =>
  withClasses({ text: penceText(pence), format: 'numeric' }, classes);
const count = (n: number, classes?: string): Cell =>
  withClasses({ text: wholeNumber(n), format: 'numeric' }, classes);

/** A part of the forecast as a share of the whole, to one place; a dash when there is no forecast. */
export function shareOfForecast(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const percent = (part / whole) * 100;
  return part > 0 && percent < 0.05 ? 'less than 0.1%' : percentText(percent);
}

export function totalsHead(by: Grouping) {
  return [
    { text: groupingLabels[by] },
    ...(by === 'provider' ? [{ text: 'Ofsted grade' }] : []),
    { text: 'Children', format: 'numeric' },
    { text: 'Placements', format: 'numeric' },
    { text: 'Committed', format: 'numeric' },
    { text: 'Waiting for approval', format: 'numeric' },
    { text: 'Expected starters', format: 'numeric' },
    { text: 'Forecast to 31 March', format: 'numeric' },
    { text: 'Share of the forecast', format: 'numeric' },
    { text: 'Paid by others', format: 'numeric' },
    { text: 'Average a child', format: 'numeric' },
  ];
}

const figureCells = (f: Figures, whole: number, classes?: string): Cell[] => [
  count(f.children, classes),
  count(f.placements, classes),
  money(f.committedPence, classes),
  money(f.awaitingApprovalPence, classes),
  money(f.expectedStartersPence, classes),
  money(f.forecastPence, classes),
  withClasses({ text: shareOfForecast(f.forecastPence, whole), format: 'numeric' }, classes),
  money(f.paidByOthersPence, classes),
  f.averagePerChildPence === null
    ? withClasses({ text: '–', format: 'numeric' }, classes)
    : money(f.averagePerChildPence, classes),
];

/**
 * The page's groups, and the totals over every group (not only the page's) last, in bold. Settings
 * graded below Good are tagged by name, so they stand out by more than colour.
 */
export function totalsRows(t: Pick<TotalsPage, 'by' | 'groups' | 'totals'>): Cell[][] {
  const whole = t.totals.forecastPence;
  const rows = t.groups.map((g) => {
    const label = groupLabel(t.by, g);
    const first: Cell =
      t.by === 'ofsted' && isBelowGood(g.key as OfstedGroup)
        ? { html: gradeHtml(g.key as OfstedGroup) }
        : { text: label };
    return [
      first,
      ...(t.by === 'provider' ? [g.ofsted ? { html: gradeHtml(g.ofsted) } : { text: '' }] : []),
      ...figureCells(g, whole),
    ];
  });
  const totalRow: Cell[] = [
    { text: 'Total', classes: bold },
    ...(t.by === 'provider' ? [{ text: '' }] : []),
    ...figureCells(t.totals, whole, bold),
  ];
  return [...rows, totalRow];
}

export interface ToDo {
  text: string;
  link?: { href: string; text: string };
}

/**
 * What the year's totals ask of a commissioner: the spend with settings graded below Good, where
 * support or a move would count most; starters the forecast cannot price; placements waiting for
 * approval. Links only where the person may follow them.
 */
export function toDos(
  t: Pick<Totals, 'label' | 'by' | 'totals' | 'belowGood' | 'unpricedStarters'>,
  viewer: { canManage: boolean; canSeePlacements: boolean },
): ToDo[] {
  const items: ToDo[] = [];
  const { belowGood, totals } = t;
  if (belowGood.forecastPence > 0)
    items.push({
      text: `${roundedMoney(belowGood.forecastPence)} of the ${t.label} forecast (${shareOfForecast(belowGood.forecastPence, totals.forecastPence)}) is with ${wholeNumber(belowGood.settings)} ${belowGood.settings === 1 ? 'setting' : 'settings'} Ofsted graded Requires improvement or Inadequate, for ${wholeNumber(belowGood.children)} ${belowGood.children === 1 ? 'child' : 'children'}.`,
      ...(t.by === 'provider'
        ? {}
        : {
            link: {
              href: `/finance/totals?fy=${t.label}&by=provider`,
              text: 'See the settings and their grades',
            },
          }),
    });
  if (t.unpricedStarters > 0)
    items.push({
      text: `${wholeNumber(t.unpricedStarters)} expected ${t.unpricedStarters === 1 ? 'starter has' : 'starters have'} no expected cost for the type of setting, so the forecast leaves ${t.unpricedStarters === 1 ? 'it' : 'them'} out.`,
      ...(viewer.canManage
        ? { link: { href: '/finance/expected-costs', text: 'Set the expected cost of a new placement' } }
        : {}),
    });
  if (totals.awaitingApprovalPence > 0)
    items.push({
      text: `${penceText(totals.awaitingApprovalPence)} of placements in ${t.label} waits for a finance approver: in the forecast, not yet committed.`,
      ...(viewer.canSeePlacements
        ? { link: { href: '/placements?status=awaiting', text: 'See the placements waiting for approval' } }
        : {}),
    });
  return items;
}

/** The groupings to choose from: by child only for those who may see children's names. */
export function groupingItems(selected: Grouping | null, canSeeChildren: boolean) {
  return (Object.keys(groupingLabels) as Grouping[])
    .filter((by) => by !== 'child' || canSeeChildren)
    .map((by) => ({ value: by, text: `By ${groupingPhrases[by]}`, selected: by === selected }));
}

/** How the totals add up to the position: the same year's committed and forecast, with commitments outside placements. */
export function reconciliation(t: Pick<Totals, 'label' | 'totals' | 'otherCommittedPence'>): string {
  const committed = t.totals.committedPence + t.otherCommittedPence;
  const forecast = t.totals.forecastPence + t.otherCommittedPence;
  if (t.otherCommittedPence === 0)
    return `These are the ${t.label} position’s committed ${penceText(committed)} and forecast ${penceText(forecast)}.`;
  return `With the ${penceText(t.otherCommittedPence)} the budget records as committed outside placements, these make the ${t.label} position’s committed ${penceText(committed)} and forecast ${penceText(forecast)}.`;
}
