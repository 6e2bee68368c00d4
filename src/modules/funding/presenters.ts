import { escapeHtml } from '../../platform/http/html.ts';
import { type IsoDate, longDate, monthNames } from '../../platform/kernel/dates.ts';
import { fyEnd, fyLabel, fyOf, fyStart } from '../../platform/kernel/financial-years.ts';
import { penceText } from '../../platform/kernel/money.ts';
import { percentText, wholeNumber } from '../../platform/kernel/numbers.ts';
import { placementTypeLabels } from '../placements/index.ts';
import type { ExpectedStarter, PositionFigures } from './domain/position.ts';
import { type Budget, type Position, standardBudgetLines } from './service.ts';

/**
 * How the high needs position reads on its page: money in GOV.UK words, each table as rows for
 * the govukTable macro, and what the person looking at it has to do about it.
 */

const minus = '\u2212';
const penceInAMillion = 100_000_000;

/** "4.2", "4", "1,234.5": a count of tenths written with at most one decimal place. */
const tenthsText = (tenths: number) =>
  tenths % 10 === 0 ? wholeNumber(tenths / 10) : `${wholeNumber(Math.floor(tenths / 10))}.${tenths % 10}`;

/**
 * An amount as a headline says it (GOV.UK style: "£4.2 million", "£1.3 billion", "£12,712"): to
 * the nearest £100,000 from £1 million, to the pound below it, and to the penny under £1.
 */
export function roundedMoney(pence: number): string {
  const abs = Math.abs(pence);
  const sign = pence < 0 ? minus : '';
  const pounds = Math.round(abs / 100);
  if (pounds * 100 < penceInAMillion)
    return abs < 100 ? penceText(pence) : `${sign}${penceText(pounds * 100)}`;
  const tenthsOfAMillion = Math.round(abs / (penceInAMillion / 10));
  if (tenthsOfAMillion < 10_000) return `${sign}£${tenthsText(tenthsOfAMillion)} million`;
  return `${sign}£${tenthsText(Math.round(abs / (penceInAMillion * 100)))} billion`;
}

/** A share of the budget, to one place, never "0%" for something that is not nothing. */
function shareOf(part: number, whole: number): string {
  const percent = (part / whole) * 100;
  return percent < 0.05 ? 'less than 0.1%' : percentText(percent);
}

export interface Headline {
  title: string;
  detail: string;
  overspend: boolean;
}

/** The forecast against the budget in one line, as a finance officer would say it. */
export function headline(p: Pick<Position, 'fy' | 'label' | 'budget' | 'totals'>): Headline {
  const { forecast, budget, variance } = p.totals;
  if (!p.budget)
    return {
      title: `No budget is set for ${p.label}`,
      detail: `The forecast for ${p.label} is ${roundedMoney(forecast)}: what placements commit, what waits for approval and what expected starters will cost by ${longDate(fyEnd(p.fy))}.`,
      overspend: false,
    };
  const detail = `A forecast of ${roundedMoney(forecast)} against a budget of ${roundedMoney(budget)} for ${p.label}.`;
  if (variance === 0) return { title: 'Forecast to spend the budget exactly', detail, overspend: false };
  const share = budget > 0 ? ` (${shareOf(Math.abs(variance), budget)})` : '';
  return variance < 0
    ? { title: `Forecast overspend of ${roundedMoney(-variance)}${share}`, detail, overspend: true }
    : { title: `Forecast underspend of ${roundedMoney(variance)}${share}`, detail, overspend: false };
}

type Cell = { text?: string; html?: string; format?: 'numeric'; classes?: string };

const bold = 'govuk-!-font-weight-bold';
const money = (pence: number, classes?: string): Cell => ({
  text: penceText(pence),
  format: 'numeric',
  ...(classes ? { classes } : {}),
});
const tag = (text: string, colour: string) =>
  `<strong class="govuk-tag govuk-tag--${colour}">${text}</strong>`;

/** The variance, signed as finance teams read it, with an overspend marked in words as well as its sign. */
function varianceCell(variance: number, classes?: string): Cell {
  return variance < 0
    ? {
        html: `${penceText(variance)} ${tag('Overspend', 'red')}`,
        format: 'numeric',
        ...(classes ? { classes } : {}),
      }
    : money(variance, classes);
}

/** What a line not in the budget is called: the standard line's name for its code, if it has one. */
export function lineName(code: string): string {
  return Object.hasOwn(standardBudgetLines, code)
    ? standardBudgetLines[code as keyof typeof standardBudgetLines]
    : code;
}

export function placementTypeLabel(type: string): string {
  return Object.hasOwn(placementTypeLabels, type)
    ? placementTypeLabels[type as keyof typeof placementTypeLabels]
    : type;
}

export const positionHead = [
  { text: 'Budget line' },
  { text: 'Budget', format: 'numeric' },
  { text: 'Committed', format: 'numeric' },
  { text: 'Waiting for approval', format: 'numeric' },
  { text: 'Expected starters', format: 'numeric' },
  { text: 'Forecast', format: 'numeric' },
  { text: 'Variance', format: 'numeric' },
];

const figureCells = (f: PositionFigures, classes?: string): Cell[] => [
  money(f.budget, classes),
  money(f.committed, classes),
  money(f.awaitingApproval, classes),
  money(f.expectedStarters, classes),
  money(f.forecast, classes),
  varianceCell(f.variance, classes),
];

/** The table by budget line, a line the budget lacks tagged so, and the totals last in bold. */
export function positionRows(p: Pick<Position, 'lines' | 'totals'>): Cell[][] {
  return [
    ...p.lines.map((l) => [
      l.inBudget
        ? { text: l.name }
        : { html: `${escapeHtml(lineName(l.code))} ${tag('Not in the budget', 'grey')}` },
      ...figureCells(l),
    ]),
    [{ text: 'Total', classes: bold }, ...figureCells(p.totals, bold)],
  ];
}

export const outsideBlockLabels = {
  esfa_direct: 'The ESFA, paid directly to providers',
  health: 'Health',
  social_care: 'Social care',
  transport: 'Home to school transport',
} as const;

/** What others pay towards placements, which the high needs block does not carry. */
export function outsideBlockRows(p: Pick<Position, 'outsideBlock'>): Cell[][] {
  const keys = Object.keys(outsideBlockLabels) as (keyof typeof outsideBlockLabels)[];
  const total = keys.reduce((sum, k) => sum + p.outsideBlock[k], 0);
  return [
    ...keys.map((k) => [{ text: outsideBlockLabels[k] }, money(p.outsideBlock[k])]),
    [{ text: 'Total', classes: bold }, money(total, bold)],
  ];
}

/** Expected starters the forecast leaves out, soonest first: a type with no expected cost. */
export function unpricedRows(p: Pick<Position, 'unpricedStarters'>): Cell[][] {
  return [...p.unpricedStarters]
    .sort((a, b) => a.expectedStartOn.localeCompare(b.expectedStartOn))
    .map((s) => [{ text: placementTypeLabel(s.placementType) }, { text: longDate(s.expectedStartOn) }]);
}

/** "March 2026" for the month a snapshot was taken in. */
export const monthOf = (date: IsoDate) => `${monthNames[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;

export function trendRows(p: Pick<Position, 'trend'>): Cell[][] {
  return p.trend.map((s) => [
    { text: monthOf(s.takenOn) },
    { text: longDate(s.takenOn) },
    money(s.budgetPence),
    money(s.committedPence),
    money(s.forecastPence),
  ]);
}

export interface ToDo {
  text: string;
  link?: { href: string; text: string };
}

export interface Viewer {
  today: IsoDate;
  /** May set the budget and expected costs. */
  canManage: boolean;
  /** May open the placements list, where placements are approved. */
  canSeePlacements: boolean;
  /** The years with a budget set. */
  budgetYears: readonly number[];
}

const countOf = (n: number, one: string, many: string) => `${wholeNumber(n)} ${n === 1 ? one : many}`;

/**
 * What needs doing about the year's position, and by when: a budget to set (before the year
 * starts, or next year's in the last quarter), placements to approve, expected starters to price
 * and costs charged to lines the budget lacks. Links only where the viewer may act on them.
 */
export function toDos(p: Position, viewer: Viewer): ToDo[] {
  const items: ToDo[] = [];
  const thisFy = fyOf(viewer.today);
  const budgetLink = (fy: number) =>
    viewer.canManage
      ? { href: `/finance/budgets/${fyLabel(fy)}`, text: `Set the ${fyLabel(fy)} budget` }
      : undefined;
  if (!p.budget) {
    const when =
      p.fy > thisFy
        ? `: it should be set before the year starts on ${longDate(fyStart(p.fy))}`
        : ', so the forecast has nothing to be measured against';
    items.push({ text: `No budget is set for ${p.label}${when}.`, link: budgetLink(p.fy) });
  }
  const next = p.fy + 1;
  if (p.fy === thisFy && Number(viewer.today.slice(5, 7)) <= 3 && !viewer.budgetYears.includes(next))
    items.push({
      text: `The ${fyLabel(next)} budget is not set yet: the year starts on ${longDate(fyStart(next))}.`,
      link: budgetLink(next),
    });
  if (p.totals.awaitingApproval > 0)
    items.push({
      text: `Placements costing ${penceText(p.totals.awaitingApproval)} in ${p.label} are waiting for a finance approver. They are in the forecast, but not committed until approved.`,
      ...(viewer.canSeePlacements
        ? { link: { href: '/placements?status=awaiting', text: 'See the placements waiting for approval' } }
        : {}),
    });
  if (p.placementsToConfirm > 0)
    items.push({
      text: `${countOf(p.placementsToConfirm, 'placement made from an EHC plan has', 'placements made from EHC plans have')} costs to confirm. Until their costs are entered, the forecast counts them as expected starters, at the expected cost of a new placement of their type.`,
      ...(viewer.canSeePlacements
        ? {
            link: {
              href: '/placements?plan=to-confirm',
              text: 'See the placements from EHC plans to confirm',
            },
          }
        : {}),
    });
  if (p.unpricedStarters.length) {
    const types = [...new Set(p.unpricedStarters.map((s) => placementTypeLabel(s.placementType)))];
    items.push({
      text: `${countOf(p.unpricedStarters.length, 'expected starter has', 'expected starters have')} no expected cost, so the forecast leaves ${p.unpricedStarters.length === 1 ? 'it' : 'them'} out: ${types.join(', ')}.`,
      ...(viewer.canManage
        ? { link: { href: '/finance/expected-costs', text: 'Set the expected cost of a new placement' } }
        : {}),
    });
  }
  const outside = p.lines.filter((l) => !l.inBudget && l.forecast > 0);
  if (p.budget && outside.length)
    items.push({
      text: `Costs of ${penceText(outside.reduce((s, l) => s + l.forecast, 0))} are charged to lines the ${p.label} budget does not have: ${outside.map((l) => lineName(l.code)).join(', ')}.`,
      ...(viewer.canManage
        ? { link: { href: `/finance/budgets/${p.label}`, text: `Add the lines to the ${p.label} budget` } }
        : {}),
    });
  return items;
}

/** The years to choose from: every year with a budget, last year, this year and next, the latest first. */
export function yearItems(budgetYears: readonly number[], selected: number, today: IsoDate) {
  const thisFy = fyOf(today);
  const years = new Set([...budgetYears, thisFy - 1, thisFy, thisFy + 1, selected]);
  return [...years]
    .sort((a, b) => b - a)
    .map((fy) => ({ value: fyLabel(fy), text: fyLabel(fy), selected: fy === selected }));
}

/** The year's block at a glance: what was allocated, what the LA holds and what no line has yet. */
export function budgetSummaryRows(b: Budget) {
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  return [
    row('High needs block allocation', penceText(b.allocationPence)),
    row('Paid directly by the ESFA', penceText(b.esfaDirectPence)),
    row('The LA’s own budget', penceText(b.ownBudgetPence)),
    row('Shared between the lines', penceText(b.ownBudgetPence - b.unallocatedPence)),
    row('Not yet given to a line', penceText(b.unallocatedPence)),
  ];
}

/** The lines as set, for those who may read the budget but not change it. */
export function budgetLineRows(b: Budget): Cell[][] {
  return [
    ...b.lines.map((l) => [
      { text: l.name },
      { text: l.code },
      money(l.budgetPence),
      money(l.otherCommittedPence),
    ]),
    [
      { text: 'Total', classes: bold },
      { text: '' },
      money(
        b.lines.reduce((s, l) => s + l.budgetPence, 0),
        bold,
      ),
      money(
        b.lines.reduce((s, l) => s + l.otherCommittedPence, 0),
        bold,
      ),
    ],
  ];
}

/**
 * The types that need an expected cost, each with how many starters wait on it and when the first
 * is due: "2 expected starters, the first from 23 March 2026".
 */
export function startersToPrice(
  starters: readonly ExpectedStarter[],
): Map<string, { label: string; text: string }> {
  const byType = new Map<string, ExpectedStarter[]>();
  for (const s of starters) byType.set(s.placementType, [...(byType.get(s.placementType) ?? []), s]);
  const out = new Map<string, { label: string; text: string }>();
  for (const [type, list] of byType) {
    const first = list.map((s) => s.expectedStartOn).sort()[0] as string;
    const text =
      list.length === 1
        ? `1 expected starter, from ${longDate(first)}`
        : `${wholeNumber(list.length)} expected starters, the first from ${longDate(first)}`;
    out.set(type, { label: placementTypeLabel(type), text });
  }
  return out;
}
