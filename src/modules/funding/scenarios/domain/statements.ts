import type { DocumentModel, Fact } from '../../../../platform/documents/model.ts';
import { type IsoDate, longDate } from '../../../../platform/kernel/dates.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import { changeOf, percentChangeText } from './compare.ts';
import {
  type Formula,
  type FormulaTerm,
  factorLabels,
  factorUnits,
  type SchoolFactorData,
  unitsOf,
} from './formula.ts';

/**
 * A school's and a cluster's funding statements: what it is given, against last year, and how the
 * formula came to it. Built once as sections of lines, then drawn as a document (the page and the
 * PDF) and as a spreadsheet's rows, so the three say the same thing.
 */

/** What an adopted allocation keeps of how it was made (funding_allocations.factors). */
export interface StoredFactors extends SchoolFactorData {
  /** What each term gave before damping, in the order of the terms the school was shared by. */
  termPence: number[];
  formulaPence: number;
  damped: 'floor' | 'cap' | null;
}

export interface StatementLine {
  label: string;
  /** How the figure was reached, or what it counts: "£60.89 per pupil, 210 pupils". */
  detail: string | null;
  pence: number | null;
  /** A figure that is not money: "12.5%", "Yes". */
  text: string | null;
}

export interface StatementSection {
  heading: string;
  paragraphs: string[];
  lines: StatementLine[];
}

export interface Statement {
  title: string;
  facts: Fact[];
  sections: StatementSection[];
}

export interface StatementBase {
  laName: string;
  potName: string;
  /** "2026-27". */
  yearLabel: string;
  scenarioName: string;
  adoptedOn: IsoDate;
  /** Null while finance reads it before publishing. */
  publishedOn: IsoDate | null;
  delegatedPence: number;
}

export interface SchoolStatementFacts extends StatementBase {
  formula: Formula;
  school: {
    name: string;
    urn: number | null;
    pence: number;
    lastYearPence: number | null;
    factors: StoredFactors;
  };
  cluster: { name: string; pence: number; lastYearPence: number | null; schools: number };
  /** How many schools and clusters the pot was shared between. */
  schoolsInPot: number;
  clustersInPot: number;
}

export interface ClusterStatementFacts extends StatementBase {
  cluster: { name: string };
  schools: { name: string; urn: number | null; pence: number; lastYearPence: number | null }[];
}

const line = (label: string, pence: number, detail: string | null = null): StatementLine => ({
  label,
  detail,
  pence,
  text: null,
});
const textLine = (label: string, text: string, detail: string | null = null): StatementLine => ({
  label,
  detail,
  pence: null,
  text,
});

const count = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-GB') : n.toFixed(1));
const plural = (n: number, unit: string) => `${count(n)} ${n === 1 ? unit : `${unit}s`}`;
const percent = (p: number) => `${p.toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;
const signedPercent = (p: number) => `${p > 0 ? '+' : p < 0 ? '\u2212' : ''}${percent(Math.abs(p))}`;

/** "+£200 (+2.0%)", "−£50 (−1.7%)", "No allocation last year". */
export function changeText(pence: number, lastYearPence: number | null): string {
  const c = changeOf(pence, lastYearPence);
  if (c.changePence === null) return 'No allocation last year';
  const sign = c.changePence > 0 ? '+' : '';
  const pct = c.percentTenths === null ? '' : ` (${percentChangeText(c.percentTenths)})`;
  return `${sign}${penceText(c.changePence)}${pct}`;
}

function allocationLines(pence: number, lastYearPence: number | null, yearLabel: string): StatementLine[] {
  return [
    line(`Allocation for ${yearLabel}`, pence),
    lastYearPence === null
      ? textLine('Allocation last year', 'None')
      : line('Allocation last year', lastYearPence),
    textLine('Change from last year', changeText(pence, lastYearPence)),
  ];
}

function termDetail(term: FormulaTerm, units: number): string {
  const unit = factorUnits[term.factor];
  const what = term.factor === 'lumpSum' ? 'every school' : plural(units, unit);
  return term.kind === 'weight'
    ? `${percent(term.value)} of the weighted share, by ${what}`
    : `${penceText(term.value)} per ${unit}, ${what}`;
}

function dampingText(formula: Formula): string | null {
  const parts: string[] = [];
  const say = (d: Formula['schoolDamping'], who: string) => {
    if (d.floorPercent !== null)
      parts.push(`${who} changes by no less than ${signedPercent(d.floorPercent)}`);
    if (d.capPercent !== null) parts.push(`${who} changes by no more than ${signedPercent(d.capPercent)}`);
  };
  say(formula.schoolDamping, 'each school’s allocation');
  if (formula.method === 'clustersFirst') say(formula.clusterDamping, 'each cluster’s share');
  if (!parts.length) return null;
  return `Against last year, ${parts.join('; ')}.`;
}

function header(b: StatementBase, about: Fact[]): Fact[] {
  return [
    { label: 'Date', value: b.publishedOn ? longDate(b.publishedOn) : 'Not yet published' },
    ...about,
    { label: 'Funding', value: `${b.potName}, ${b.yearLabel}` },
    { label: 'Formula', value: `${b.scenarioName}, adopted on ${longDate(b.adoptedOn)}` },
  ];
}

export function schoolStatement(f: SchoolStatementFacts): Statement {
  const s = f.school;
  const units = unitsOf(s.factors);
  const terms =
    f.formula.method === 'clustersFirst'
      ? (f.formula.withinClusterTerms ?? f.formula.terms)
      : f.formula.terms;
  const termLines = terms.map((term, i) =>
    line(factorLabels[term.factor], s.factors.termPence[i] ?? 0, termDetail(term, units[term.factor])),
  );
  const fromTerms = s.factors.termPence.reduce((sum, p) => sum + p, 0);
  const adjustment = s.pence - fromTerms;
  const held =
    s.factors.damped === 'floor'
      ? 'Held at the floor: the formula alone would have given less than last year allows.'
      : s.factors.damped === 'cap'
        ? 'Held at the cap: the formula alone would have given more than last year allows.'
        : null;
  const how =
    f.formula.method === 'schools'
      ? `The ${penceText(f.delegatedPence)} delegated to clusters was shared between the ${count(f.schoolsInPot)} schools in the ${count(f.clustersInPot)} clusters by the formula below, school by school.`
      : `The ${penceText(f.delegatedPence)} delegated to clusters was shared first between the ${count(f.clustersInPot)} clusters, by their schools’ data added together, and then within ${f.cluster.name} between its ${count(f.cluster.schools)} schools by the formula below.`;
  const damping = dampingText(f.formula);
  const fsmPupils = units.fsm;
  return {
    title: `${s.name}: ${f.potName} allocation for ${f.yearLabel}`,
    facts: header(f, [
      { label: 'School', value: s.urn === null ? s.name : `${s.name} (URN ${s.urn})` },
      { label: 'Cluster', value: f.cluster.name },
    ]),
    sections: [
      {
        heading: 'Your allocation',
        paragraphs: [],
        lines: allocationLines(s.pence, s.lastYearPence, f.yearLabel),
      },
      {
        heading: 'How it was worked out',
        paragraphs: [how, ...(damping ? [damping] : []), ...(held ? [held] : [])],
        lines: [
          ...termLines,
          line(
            'Damping and rounding',
            adjustment,
            'The floor and cap against last year, and rounding to the penny so the pot is shared exactly',
          ),
          line(`Allocation for ${f.yearLabel}`, s.pence),
        ],
      },
      {
        heading: 'Your school’s data',
        paragraphs: ['The figures the formula used for your school.'],
        lines: [
          textLine('Pupils on roll', count(s.factors.pupils)),
          textLine('Free school meals', percent(s.factors.fsmPercent), `${count(fsmPupils)} pupils`),
          ...(['a', 'b', 'c', 'd', 'e', 'f'] as const).map((band) =>
            textLine(`Pupils in IDACI band ${band.toUpperCase()}`, count(s.factors.idaci[band])),
          ),
          textLine('Pupils with low prior attainment', count(s.factors.lowPriorAttainment)),
          textLine('Pupils at SEN Support', count(s.factors.senSupport)),
          textLine('Pupils with an EHC plan', count(s.factors.ehcPlans)),
          textLine('Sparse school', s.factors.sparse ? 'Yes' : 'No'),
        ],
      },
      {
        heading: 'Your cluster',
        paragraphs: [
          `${f.cluster.name}’s ${count(f.cluster.schools)} schools were allocated ${penceText(f.cluster.pence)} between them.`,
        ],
        lines: allocationLines(f.cluster.pence, f.cluster.lastYearPence, f.yearLabel),
      },
    ],
  };
}

export function clusterStatement(f: ClusterStatementFacts): Statement {
  const total = f.schools.reduce((sum, s) => sum + s.pence, 0);
  const lasts = f.schools.filter((s) => s.lastYearPence !== null);
  const lastTotal = lasts.length ? lasts.reduce((sum, s) => sum + (s.lastYearPence ?? 0), 0) : null;
  return {
    title: `${f.cluster.name}: ${f.potName} allocation for ${f.yearLabel}`,
    facts: header(f, [{ label: 'Cluster', value: f.cluster.name }]),
    sections: [
      {
        heading: 'The cluster’s allocation',
        paragraphs: [
          `The total of its ${count(f.schools.length)} schools’ allocations, out of the ${penceText(f.delegatedPence)} delegated to clusters.`,
        ],
        lines: allocationLines(total, lastTotal, f.yearLabel),
      },
      {
        heading: 'Each school’s allocation',
        paragraphs: [],
        lines: [
          ...f.schools.map((s) =>
            line(
              s.urn === null ? s.name : `${s.name} (URN ${s.urn})`,
              s.pence,
              s.lastYearPence === null
                ? 'No allocation last year'
                : `${penceText(s.lastYearPence)} last year, ${changeText(s.pence, s.lastYearPence)}`,
            ),
          ),
          line('Total', total),
        ],
      },
    ],
  };
}

const lineValue = (l: StatementLine) =>
  `${l.pence !== null ? penceText(l.pence) : (l.text ?? '')}${l.detail ? ` (${l.detail})` : ''}`;

/** The statement as a document: the page and the PDF are drawn from this. */
export function statementDocument(statement: Statement, sender: DocumentModel['sender']): DocumentModel {
  return {
    title: statement.title,
    sender,
    facts: statement.facts,
    addressee: null,
    blocks: statement.sections.flatMap((s) => [
      { kind: 'heading' as const, text: s.heading },
      ...s.paragraphs.map((text) => ({ kind: 'paragraph' as const, text })),
      ...(s.lines.length
        ? [{ kind: 'facts' as const, rows: s.lines.map((l) => ({ label: l.label, value: lineValue(l) })) }]
        : []),
    ]),
  };
}
