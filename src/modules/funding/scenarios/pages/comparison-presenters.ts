import { escapeHtml } from '../../../../platform/http/html.ts';
import { type IsoDate, longDate } from '../../../../platform/kernel/dates.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import { wholeNumber } from '../../../../platform/kernel/numbers.ts';
import { potYearStart } from '../../pots/domain/years.ts';
import type { ClusterLine, Comparison, SchoolLine } from '../comparison-service.ts';
import { type Allocated, changeOf, percentChangeText, type WinnersAndLosers } from '../domain/compare.ts';
import { type Formula, type FormulaTerm, factorLabels, factorUnits } from '../domain/formula.ts';
import type { Scenario } from '../service.ts';
import type { TableCell } from './table-html.ts';

/**
 * How a scenario's comparison reads: its formula in words, what is left to do with it, and each
 * table as rows for the govukTable macro, money in GOV.UK style and every change signed in words.
 */

type Cell = TableCell;

const money = (pence: number | null): Cell => ({
  text: pence === null ? 'None' : penceText(pence),
  format: 'numeric',
});
const signedMoney = (pence: number | null): Cell => ({
  text: pence === null ? 'Not applicable' : `${pence > 0 ? '+' : ''}${penceText(pence)}`,
  format: 'numeric',
});
const percentCell = (tenths: number | null): Cell => ({ text: percentChangeText(tenths), format: 'numeric' });

export const statusLabels: Record<Scenario['status'], { text: string; colour: string }> = {
  draft: { text: 'Draft', colour: 'grey' },
  adopted: { text: 'Adopted', colour: 'green' },
  withdrawn: { text: 'Withdrawn', colour: 'red' },
};

export const methodLabels: Record<Formula['method'], string> = {
  schools: 'School by school',
  clustersFirst: 'To clusters first, then within each cluster',
};

const percent = (p: number) => `${p.toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;

/** "Pupils on roll: 80% weight; Lump sum: £7,180 per school". */
export function termsText(terms: readonly FormulaTerm[]): string {
  return terms
    .map((t) =>
      t.kind === 'weight'
        ? `${factorLabels[t.factor]}: ${percent(t.value)} weight`
        : `${factorLabels[t.factor]}: ${penceText(t.value)} per ${factorUnits[t.factor]}`,
    )
    .join('; ');
}

function dampingText(d: Formula['schoolDamping']): string {
  if (d.floorPercent === null && d.capPercent === null) return 'None';
  const parts: string[] = [];
  if (d.floorPercent !== null)
    parts.push(`floor ${d.floorPercent > 0 ? '+' : ''}${percent(d.floorPercent).replace('-', '\u2212')}`);
  if (d.capPercent !== null)
    parts.push(`cap ${d.capPercent > 0 ? '+' : ''}${percent(d.capPercent).replace('-', '\u2212')}`);
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The scenario's formula as a summary list. */
export function formulaRows(s: Scenario) {
  const f = s.formula;
  const rows = [
    { key: { text: 'Pot delegated to clusters' }, value: { text: penceText(s.pot.delegatedPence) } },
    { key: { text: 'How it is shared' }, value: { text: methodLabels[f.method] } },
    {
      key: { text: f.method === 'clustersFirst' ? 'Formula to clusters' : 'Formula' },
      value: { text: termsText(f.terms) },
    },
  ];
  if (f.method === 'clustersFirst')
    rows.push({
      key: { text: 'Formula within each cluster' },
      value: { text: f.withinClusterTerms ? termsText(f.withinClusterTerms) : 'The same' },
    });
  rows.push({
    key: { text: 'Floor and cap for each school' },
    value: { text: dampingText(f.schoolDamping) },
  });
  if (f.method === 'clustersFirst')
    rows.push({
      key: { text: 'Floor and cap for each cluster' },
      value: { text: dampingText(f.clusterDamping) },
    });
  rows.push({ key: { text: 'Status' }, value: { text: statusLine(s) } });
  return rows;
}

export function statusLine(s: Scenario): string {
  if (s.status === 'adopted')
    return `Adopted on ${longDate(s.adoptedOn ?? '')}${s.adoptedBy ? ` by ${s.adoptedBy}` : ''}${s.publishedOn ? `; statements published on ${longDate(s.publishedOn)}` : '; statements not yet published'}`;
  return s.status === 'withdrawn' ? 'Withdrawn' : 'Draft';
}

export interface ToDo {
  text: string;
  link?: { href: string; text: string };
}

/** What is left to do with the scenario, for whoever is reading, by who may do it. */
/** By when it needs doing: the pot's year starts, and schools should know their allocation before. */
function byWhen(s: Scenario, today: IsoDate): string {
  const start = potYearStart(s.pot.yearKind, s.pot.year);
  return start > today
    ? `before ${s.pot.label} starts on ${longDate(start)}`
    : `now: ${s.pot.label} started on ${longDate(start)}`;
}

/** What is left to do with the scenario, for whoever is reading, by who may do it, and by when. */
export function toDos(c: Comparison, may: { manage: boolean; adopt: boolean }, today: IsoDate): ToDo[] {
  const s = c.scenario;
  const when = byWhen(s, today);
  const out: ToDo[] = [];
  if (s.status === 'draft' && c.missing.length)
    out.push({
      text: `${c.missing.length === 1 ? 'One school has' : `${wholeNumber(c.missing.length)} schools have`} no factor data for ${s.pot.name} ${s.pot.label}, so no draft can be worked out until ${c.missing.length === 1 ? 'it has' : 'they have'}.`,
      link: {
        href: `/funding/pots/${s.pot.id}/factors`,
        text: 'Enter their data or carry forward last year’s',
      },
    });
  if (s.status === 'draft' && c.problems.length)
    out.push({
      text: 'The formula cannot share the pot as it stands: see why below.',
      ...(may.manage ? { link: { href: `/funding/scenarios/${s.id}/edit`, text: `Change ${s.name}` } } : {}),
    });
  if (s.status === 'draft' && c.adoptedInstead)
    out.push({
      text: `${c.adoptedInstead.name} is adopted for ${s.pot.name} ${s.pot.label}, so this draft can be compared with it but not adopted.`,
      link: { href: `/funding/scenarios/${c.adoptedInstead.id}`, text: `See ${c.adoptedInstead.name}` },
    });
  const adoptable = s.status === 'draft' && c.schools !== null && !c.adoptedInstead;
  if (adoptable && may.adopt)
    out.push({
      text: `When the finance team has compared the drafts, a finance approver adopts one, ${when}: its allocations are then the ones schools are paid.`,
      link: { href: `/funding/scenarios/${s.id}/adopt`, text: `Adopt ${s.name}` },
    });
  if (adoptable && !may.adopt)
    out.push({ text: `Once the drafts have been compared, a finance approver adopts one, ${when}.` });
  if (s.status === 'adopted' && !s.publishedOn)
    out.push({
      text: `Schools and clusters cannot read their statements until they are published: publish them ${when}.`,
      ...(may.adopt
        ? { link: { href: `/funding/scenarios/${s.id}/publish`, text: 'Publish the statements' } }
        : {}),
    });
  return out;
}

/** The compared drafts that have a column, in column order. */
export const columnsOf = (c: Comparison) => c.compared.filter((d) => d.ran);

export function comparisonHead(c: Comparison, first: 'school' | 'cluster'): Cell[] {
  const lead: Cell[] =
    first === 'school'
      ? [{ text: 'School' }, { text: 'URN' }, { text: 'Cluster' }]
      : [{ text: 'Cluster' }, { text: 'Schools', format: 'numeric' }];
  return [
    ...lead,
    { text: 'Last year', format: 'numeric' },
    { text: c.scenario.name, format: 'numeric' },
    { text: 'Change', format: 'numeric' },
    { text: 'Change %', format: 'numeric' },
    ...columnsOf(c).flatMap((d): Cell[] => [
      { text: d.name, format: 'numeric' },
      { text: `${c.scenario.name} less ${d.name}`, format: 'numeric' },
    ]),
  ];
}

function figures(line: SchoolLine | ClusterLine): Cell[] {
  const change = changeOf(line.pence, line.lastYearPence);
  return [
    money(line.lastYearPence),
    money(line.pence),
    signedMoney(change.changePence),
    percentCell(change.percentTenths),
    ...line.others.flatMap((o) => [money(o), signedMoney(o === null ? null : line.pence - o)]),
  ];
}

const link = (href: string, text: string) =>
  `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;

export function schoolRows(c: Comparison): Cell[][] {
  const adopted = c.scenario.status === 'adopted';
  return (c.schools ?? []).map((s) => [
    adopted
      ? { html: link(`/funding/scenarios/${c.scenario.id}/schools/${s.id}`, s.name) }
      : { text: s.name },
    { text: s.urn === null ? 'None' : String(s.urn) },
    { text: s.clusterName },
    ...figures(s),
  ]);
}

export function clusterRows(c: Comparison): Cell[][] {
  const adopted = c.scenario.status === 'adopted';
  return (c.clusters ?? []).map((cl) => [
    adopted
      ? { html: link(`/funding/scenarios/${c.scenario.id}/clusters/${cl.id}`, cl.name) }
      : { text: cl.name },
    { text: wholeNumber(cl.schools), format: 'numeric' },
    ...figures(cl),
  ]);
}

/** The schools as the comparison's domain reads them. */
export const allocatedSchools = (c: Comparison): Allocated[] =>
  (c.schools ?? []).map((s) => ({ id: s.id, name: s.name, pence: s.pence, lastYearPence: s.lastYearPence }));

/** "Of 400 schools, 230 gain, 150 lose and 12 stay the same; 8 had no allocation last year." */
export function movementSummary(w: WinnersAndLosers): string {
  const total = w.gain + w.lose + w.same + w.new;
  const n = (k: number, one: string, many: string) => `${wholeNumber(k)} ${k === 1 ? one : many}`;
  const news = w.new ? `; ${n(w.new, 'school had', 'schools had')} no allocation last year` : '';
  return `Of ${n(total, 'school', 'schools')}, ${wholeNumber(w.gain)} ${w.gain === 1 ? 'gains' : 'gain'}, ${wholeNumber(w.lose)} ${w.lose === 1 ? 'loses' : 'lose'} and ${wholeNumber(w.same)} ${w.same === 1 ? 'stays' : 'stay'} the same${news}.`;
}

export function movedRows(rows: WinnersAndLosers['gains']): Cell[][] {
  return rows.map((m) => [
    { text: m.name },
    money(m.lastYearPence),
    money(m.pence),
    signedMoney(m.changePence),
    percentCell(m.percentTenths),
  ]);
}
