import { type ExportTable, poundsColumn } from '../../../platform/exports/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import type { OptionSummary, RankedCandidate } from './domain/candidates.ts';
import { sitesMap } from './map.ts';
import { kindLabels } from './pages.ts';
import type { CandidateOut, Scenario, SelectionSummary } from './selection.ts';

/** How a choice of sites reads: the comparison, the ranking and its download, the map, and scenarios. */

const n = (x: number) => x.toLocaleString('en-GB');
/** Minutes to a tenth, a saving below 0 with a true minus sign, as GOV.UK writes it. */
const mins = (x: number) => x.toLocaleString('en-GB', { maximumFractionDigits: 1 }).replace('-', '\u2212');
const num = (text: string) => ({ text, format: 'numeric' });

const namesOf = (r: SelectionSummary, ids: readonly string[]) => {
  const names = new Map(r.candidates.map((c) => [c.id, c.name]));
  return ids.map((id) => names.get(id) ?? 'A site since removed');
};

/** How a run chose: "2 sites" or "within £10,000,000". */
export const choiceText = (r: SelectionSummary) =>
  'count' in r.choice
    ? `${n(r.choice.count)} ${r.choice.count === 1 ? 'site' : 'sites'}`
    : `within ${penceText(r.choice.budgetPence)}`;

function gapText(r: SelectionSummary): string {
  if (r.chosen.provenOptimal) return 'HiGHS proved it the best choice there can be.';
  if (r.chosen.provenGap === null) return 'HiGHS could not prove how close it is to the best.';
  const pct = Math.round(r.chosen.provenGap * 1000) / 10;
  return `HiGHS proved it within ${pct < 0.1 ? 'less than 0.1' : n(pct)}% of the best choice there can be.`;
}

function compareRows(r: SelectionSummary) {
  const options = [r.chosen, r.baseline, r.none];
  const row = (label: string, cell: (o: OptionSummary) => string) => [
    { text: label },
    ...options.map((o) => num(cell(o))),
  ];
  return [
    [
      { text: 'Sites' },
      ...options.map((o) => ({
        html: o.chosen.length ? namesOf(r, o.chosen).map(escapeHtml).join('<br>') : 'None',
        format: 'numeric',
      })),
    ],
    row('Total travel (minutes)', (o) => mins(o.travelMinutes)),
    row('Children without a place in county', (o) => n(o.unmet)),
    row('of whom placed out of county today', (o) => n(o.children.outOfCounty.unmet)),
    row('Children placed at a new site', (o) =>
      n(o.children.waiting.atNewSite + o.children.outOfCounty.atNewSite),
    ),
    row('Children over the time limit', (o) => n(o.overLimit)),
    row('Capital cost', (o) => penceText(o.costPence)),
    row(`Travel plus ${n(r.unmetPenaltyMinutes)} minutes for each child without a place`, (o) =>
      mins(o.objective),
    ),
  ];
}

export interface RankRow extends RankedCandidate {
  candidate: CandidateOut | undefined;
  chosen: boolean;
}

export const rankRowsOf = (r: SelectionSummary): RankRow[] => {
  const byId = new Map(r.candidates.map((c) => [c.id, c]));
  const chosen = new Set(r.chosen.chosen);
  return r.ranking.map((x) => ({
    ...x,
    candidate: byId.get(x.candidateId),
    chosen: chosen.has(x.candidateId),
  }));
};

export const rankingTable = (r: SelectionSummary): ExportTable<RankRow> => ({
  fileStem: `candidate-sites-ranked-${r.day}`,
  sheetTitle: 'Candidate sites ranked',
  columns: [
    { heading: 'Rank', kind: 'integer', value: (x) => x.rank },
    { heading: 'Site', kind: 'text', width: 40, value: (x) => x.candidate?.name ?? x.candidateId },
    { heading: 'Kind', kind: 'text', width: 28, value: (x) => kindLabels[x.kind] },
    { heading: 'URN', kind: 'integer', value: (x) => x.candidate?.urn ?? null },
    { heading: 'Easting', kind: 'integer', value: (x) => x.candidate?.easting ?? null },
    { heading: 'Northing', kind: 'integer', value: (x) => x.candidate?.northing ?? null },
    { heading: 'Places', kind: 'integer', value: (x) => x.candidate?.places ?? null },
    poundsColumn('Capital cost', (x) => x.candidate?.costPence ?? null),
    { heading: 'Travel saved (minutes)', kind: 'decimal', value: (x) => x.travelSavedMinutes },
    { heading: 'Children given a place in county', kind: 'integer', value: (x) => x.unmetSaved },
    { heading: 'Out-of-county placements saved', kind: 'integer', value: (x) => x.outOfCountySaved },
    { heading: 'Objective saved (minutes)', kind: 'decimal', value: (x) => x.objectiveSaved },
    { heading: 'In the best choice', kind: 'text', value: (x) => (x.chosen ? 'Yes' : 'No') },
  ],
});

function rankingRows(rows: readonly RankRow[]) {
  return rows.map((x) => [
    num(n(x.rank)),
    {
      html: `${escapeHtml(x.candidate?.name ?? 'A site since removed')}${x.chosen ? ' <strong class="govuk-tag govuk-tag--blue">Chosen</strong>' : ''}`,
    },
    { text: kindLabels[x.kind] },
    num(x.candidate ? n(x.candidate.places) : ''),
    num(x.candidate?.costPence == null ? 'Not given' : penceText(x.candidate.costPence)),
    num(mins(x.travelSavedMinutes)),
    num(n(x.unmetSaved)),
    num(n(x.outOfCountySaved)),
  ]);
}

export function runView(r: SelectionSummary) {
  const rows = rankRowsOf(r);
  const rankOf = new Map(rows.map((x) => [x.candidateId, x.rank]));
  const located = r.candidates
    .map((c) => ({ c, rank: rankOf.get(c.id) ?? 0 }))
    .sort((a, b) => a.rank - b.rank);
  return {
    choiceText: choiceText(r),
    gapText: gapText(r),
    chosenNames: namesOf(r, r.chosen.chosen),
    compareRows: compareRows(r),
    rankingRows: rankingRows(rows),
    map: sitesMap(
      located.map(({ c, rank }) => ({
        label: String(rank),
        name: c.name,
        easting: c.easting,
        northing: c.northing,
        chosen: r.chosen.chosen.includes(c.id),
      })),
      'The candidate sites, the chosen ones filled',
    ),
    mapRows: located.map(({ c, rank }) => [
      num(n(rank)),
      { text: c.name },
      num(String(c.easting)),
      num(String(c.northing)),
      { text: r.chosen.chosen.includes(c.id) ? 'Chosen' : 'Not chosen' },
    ]),
  };
}

export function scenarioRows(scenarios: readonly Scenario[]) {
  return scenarios.map((s) => [
    { text: s.name },
    { text: choiceText(s.result) },
    { html: namesOf(s.result, s.result.chosen.chosen).map(escapeHtml).join('<br>') || 'None' },
    num(mins(s.result.chosen.travelMinutes)),
    num(n(s.result.chosen.unmet)),
    num(penceText(s.result.chosen.costPence)),
    { text: longDate(s.result.day) },
    { text: s.createdBy },
  ]);
}

export function comparison(a: Scenario, b: Scenario) {
  const row = (label: string, cell: (s: Scenario) => string) => [
    { text: label },
    ...[a, b].map((s) => num(cell(s))),
  ];
  return [
    row('How the sites were chosen', (s) => choiceText(s.result)),
    row('Candidate sites chosen among', (s) => n(s.result.candidates.length)),
    [
      { text: 'Sites chosen' },
      ...[a, b].map((s) => ({
        html: namesOf(s.result, s.result.chosen.chosen).map(escapeHtml).join('<br>') || 'None',
        format: 'numeric',
      })),
    ],
    row('Children waiting', (s) => n(s.result.children.waiting)),
    row('Children placed out of county', (s) => n(s.result.children.outOfCounty)),
    row('Total travel (minutes)', (s) => mins(s.result.chosen.travelMinutes)),
    row('Children without a place in county', (s) => n(s.result.chosen.unmet)),
    row('Children over the time limit', (s) => n(s.result.chosen.overLimit)),
    row('Capital cost', (s) => penceText(s.result.chosen.costPence)),
    row('With no new site: children without a place', (s) => n(s.result.none.unmet)),
    row('Run on', (s) => longDate(s.result.day)),
    row('Saved by', (s) => s.createdBy),
  ];
}
