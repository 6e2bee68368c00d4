import { escapeHtml } from '../../../platform/http/html.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import { wholeNumber } from '../../../platform/kernel/numbers.ts';
import { coverageText } from '../factors/domain/factors.ts';
import { type CentralUse, centralUseKindLabels, usesFte } from './domain/central-uses.ts';
import { type LastYear, potToDos, type ToDo } from './domain/todo.ts';
import { potYearLabel, potYearText, startsOnText } from './domain/years.ts';
import type { ScenarioRow } from './repo.ts';
import type { PotOverview } from './service.ts';

/** How pots read on their pages: their figures in GOV.UK words, their tables' rows, and what is left to do. */

type Cell = { text?: string; html?: string; format?: 'numeric'; classes?: string };

const percent = (p: number) => `${p.toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;
const count = (n: number, one: string, many: string) => `${wholeNumber(n)} ${n === 1 ? one : many}`;

/** Where last year's allocations come from, in a sentence. */
export function lastYearText(lastYear: LastYear): string {
  switch (lastYear.from) {
    case 'adopted':
      return `From ${lastYear.potName}’s adopted scenario, ${lastYear.scenarioName}, for ${count(lastYear.schools, 'school', 'schools')}`;
    case 'baselines':
      return `Loaded from a file, for ${count(lastYear.schools, 'school', 'schools')}`;
    case 'none':
      return lastYear.previousPotName
        ? `Not here: ${lastYear.previousPotName} has no adopted scenario, and none have been loaded`
        : 'Not here: no previous pot, and none have been loaded';
  }
}

export const scenarioStatusTags: Record<ScenarioRow['status'], { text: string; classes: string }> = {
  draft: { text: 'Draft', classes: 'govuk-tag--grey' },
  adopted: { text: 'Adopted', classes: 'govuk-tag--green' },
  withdrawn: { text: 'Withdrawn', classes: 'govuk-tag--red' },
};

/** "2 scenarios: Pupil-led adopted", "None yet". */
export function scenariosText(o: Pick<PotOverview, 'scenarios' | 'adoptedScenario'>): string {
  if (!o.scenarios.length) return 'None yet';
  const n = count(o.scenarios.length, 'scenario', 'scenarios');
  return o.adoptedScenario ? `${n}: ${o.adoptedScenario.name} adopted` : `${n}, none adopted`;
}

/** The pot's figures as a summary list, with links to its factor data and last year's allocations. */
export function potSummaryRows(o: PotOverview) {
  const p = o.pot;
  const row = (
    key: string,
    value: { text: string } | { html: string },
    action?: { href: string; text: string },
  ) => ({
    key: { text: key },
    value,
    ...(action
      ? {
          actions: {
            items: [{ href: action.href, text: action.text, visuallyHiddenText: key.toLowerCase() }],
          },
        }
      : {}),
  });
  const base = `/funding/pots/${p.id}`;
  return [
    row('Year', { text: potYearText(p.yearKind, p.year) }),
    row('Total', { text: penceText(p.totalPence) }),
    row(`Delegated to clusters (${percent(p.delegatedPercent)})`, { text: penceText(p.delegatedPence) }),
    row(`Kept central (${percent(p.centralPercent)})`, { text: penceText(p.centralPence) }),
    row('Central uses', {
      text: `${penceText(o.centralUsesPence)} of the central share of ${penceText(p.centralPence)}`,
    }),
    row(
      'Factor data',
      {
        text: `${coverageText({ inScope: o.schoolsInScope, withData: o.schoolsWithData })} in a cluster on ${startsOnText(p.yearKind, p.year)}`,
      },
      { href: `${base}/factors`, text: 'See' },
    ),
    row(
      "Last year's allocations",
      { text: lastYearText(o.lastYear) },
      { href: `${base}/baseline`, text: 'See' },
    ),
    row('Scenarios', { text: scenariosText(o) }),
    row(
      'Previous pot',
      o.previousPot
        ? {
            html: `<a class="govuk-link" href="/funding/pots/${o.previousPot.id}">${escapeHtml(o.previousPot.name)}</a>`,
          }
        : { text: 'None' },
    ),
  ];
}

/** What is left to do for the pot, for the person looking. */
export function toDosOf(o: PotOverview, today: IsoDate, canManage: boolean): ToDo[] {
  return potToDos(
    {
      id: o.pot.id,
      yearKind: o.pot.yearKind,
      year: o.pot.year,
      delegatedPence: o.pot.delegatedPence,
      centralPence: o.pot.centralPence,
      centralUsesPence: o.centralUsesPence,
      schoolsInScope: o.schoolsInScope,
      schoolsWithData: o.schoolsWithData,
      lastYear: o.lastYear,
      scenarios: o.scenarios.filter((s) => s.status !== 'withdrawn').length,
      adoptedScenario: o.adoptedScenario?.name ?? null,
    },
    today,
    { canManage },
  );
}

/** The pots by year, newest first: a heading a year, each pot with its figures and what is left to do. */
export function potsByYear(overviews: readonly PotOverview[], today: IsoDate, canManage: boolean) {
  const years: {
    label: string;
    pots: { overview: PotOverview; title: string; rows: ReturnType<typeof potSummaryRows>; todos: ToDo[] }[];
  }[] = [];
  for (const o of overviews) {
    const label = potYearLabel(o.pot.year);
    let year = years.at(-1);
    if (year?.label !== label) {
      year = { label, pots: [] };
      years.push(year);
    }
    year.pots.push({
      overview: o,
      title: `${o.pot.name}, ${potYearText(o.pot.yearKind, o.pot.year).toLowerCase()}`,
      rows: potSummaryRows(o),
      todos: toDosOf(o, today, canManage),
    });
  }
  return years;
}

/** The central uses as table rows, with their total against the share last; change and remove links for those who may. */
export function centralUseRows(o: PotOverview, canManage: boolean): Cell[][] {
  const base = `/funding/pots/${o.pot.id}/central-uses`;
  const rows = o.centralUses.map((u: CentralUse): Cell[] => [
    { text: u.name },
    { text: centralUseKindLabels[u.kind] },
    {
      text: u.fte === null ? '' : u.fte.toLocaleString('en-GB', { maximumFractionDigits: 2 }),
      format: 'numeric',
    },
    { text: penceText(u.costPence), format: 'numeric' },
    ...(canManage
      ? [
          {
            html: `<a class="govuk-link" href="${base}/${u.id}/edit">Change<span class="govuk-visually-hidden"> ${escapeHtml(u.name)}</span></a> <a class="govuk-link" href="${base}/${u.id}/remove">Remove<span class="govuk-visually-hidden"> ${escapeHtml(u.name)}</span></a>`,
          },
        ]
      : []),
  ]);
  const bold = 'govuk-!-font-weight-bold';
  const fte = usesFte(o.centralUses);
  const left = o.pot.centralPence - o.centralUsesPence;
  return [
    ...rows,
    [
      { text: 'Total', classes: bold },
      { text: '' },
      {
        text: fte ? fte.toLocaleString('en-GB', { maximumFractionDigits: 2 }) : '',
        format: 'numeric',
        classes: bold,
      },
      { text: penceText(o.centralUsesPence), format: 'numeric', classes: bold },
      ...(canManage ? [{ text: '' }] : []),
    ],
    [
      { text: 'Central share', classes: bold },
      { text: '' },
      { text: '' },
      { text: penceText(o.pot.centralPence), format: 'numeric', classes: bold },
      ...(canManage ? [{ text: '' }] : []),
    ],
    [
      { text: left >= 0 ? 'Not yet given to a use' : 'Over the central share', classes: bold },
      { text: '' },
      { text: '' },
      { text: penceText(Math.abs(left)), format: 'numeric', classes: bold },
      ...(canManage ? [{ text: '' }] : []),
    ],
  ];
}

export const centralUseHead = (canManage: boolean) => [
  { text: 'Post or service' },
  { text: 'Kind' },
  { text: 'FTE', format: 'numeric' },
  { text: 'Cost a year', format: 'numeric' },
  ...(canManage ? [{ html: '<span class="govuk-visually-hidden">Actions</span>' }] : []),
];

/** The pot's scenarios, each linking to its comparison with last year. */
export function scenarioRows(scenarios: readonly ScenarioRow[]): Cell[][] {
  return scenarios.map((s) => [
    { html: `<a class="govuk-link" href="/funding/scenarios/${s.id}">${escapeHtml(s.name)}</a>` },
    {
      html: `<strong class="govuk-tag ${scenarioStatusTags[s.status].classes}">${scenarioStatusTags[s.status].text}</strong>`,
    },
    { text: s.publishedAt ? 'Published' : s.status === 'adopted' ? 'Not yet published' : '' },
  ]);
}
