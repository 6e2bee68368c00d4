import { penceText } from '../../../platform/kernel/money.ts';
import { wholeNumber } from '../../../platform/kernel/numbers.ts';
import { factorSourceLabels } from './domain/factors.ts';
import type { SchoolInScope } from './read.ts';

/** How the schools' factor data and last year's allocations read on their pages. */

type Cell = { text?: string; html?: string; format?: 'numeric'; classes?: string };

const num = (n: number): Cell => ({ text: wholeNumber(n), format: 'numeric' });
const fsm = (p: number) => `${p.toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;

export const factorHead = [
  { text: 'School' },
  { text: 'URN' },
  { text: 'Cluster' },
  { text: 'Pupils', format: 'numeric' },
  { text: 'FSM', format: 'numeric' },
  ...['A', 'B', 'C', 'D', 'E', 'F'].map((band) => ({ text: `IDACI ${band}`, format: 'numeric' })),
  { text: 'Low prior attainment', format: 'numeric' },
  { text: 'SEN Support', format: 'numeric' },
  { text: 'EHC plans', format: 'numeric' },
  { text: 'Sparse' },
  { text: 'From' },
];

/** A row a school; a school with no data says so across the figures, in words, not only by a gap. */
export function factorRows(schools: readonly SchoolInScope[]): Cell[][] {
  return schools.map((s) => {
    const first: Cell[] = [
      { text: s.name },
      { text: s.urn === null ? '' : String(s.urn) },
      { text: s.clusterName },
    ];
    const d = s.factors;
    if (!d)
      return [
        ...first,
        { html: '<strong class="govuk-tag govuk-tag--red">Missing</strong>' },
        ...Array.from({ length: 11 }, () => ({ text: '' })),
        { text: '' },
      ];
    return [
      ...first,
      num(d.pupils),
      { text: fsm(d.fsmPercent), format: 'numeric' },
      num(d.idaci.a),
      num(d.idaci.b),
      num(d.idaci.c),
      num(d.idaci.d),
      num(d.idaci.e),
      num(d.idaci.f),
      num(d.lowPriorAttainment),
      num(d.senSupport),
      num(d.ehcPlans),
      { text: d.sparse ? 'Yes' : 'No' },
      { text: s.source ? factorSourceLabels[s.source] : '' },
    ];
  });
}

/** The schools with no data, and whether last year's can be carried for each. */
export function missingRows(
  schools: readonly SchoolInScope[],
  lastYear: ReadonlyMap<string, unknown>,
): Cell[][] {
  return schools
    .filter((s) => !s.factors)
    .map((s) => [
      { text: s.name },
      { text: s.urn === null ? '' : String(s.urn) },
      { text: s.clusterName },
      { text: s.pupilsOnRecord === null ? 'Not recorded' : wholeNumber(s.pupilsOnRecord), format: 'numeric' },
      { text: lastYear.has(s.id) ? 'Yes' : 'No' },
    ]);
}

/** The carry form's checkboxes: the schools with no data this year and some last year. */
export function carryItems(
  schools: readonly SchoolInScope[],
  lastYear: ReadonlyMap<string, unknown>,
  chosen: ReadonlySet<string>,
) {
  return schools
    .filter((s) => !s.factors && lastYear.has(s.id))
    .map((s) => ({
      value: s.id,
      text: s.name,
      hint: { text: `${s.clusterName}${s.urn === null ? '' : `, URN ${s.urn}`}` },
      checked: chosen.has(s.id),
    }));
}

/** Last year's allocation a school, and the total. */
export function baselineRows(
  schools: readonly SchoolInScope[],
  pence: ReadonlyMap<string, number>,
): Cell[][] {
  let total = 0;
  const rows = schools.map((s): Cell[] => {
    const p = pence.get(s.id);
    if (p !== undefined) total += p;
    return [
      { text: s.name },
      { text: s.urn === null ? '' : String(s.urn) },
      { text: s.clusterName },
      p === undefined ? { text: 'None', format: 'numeric' } : { text: penceText(p), format: 'numeric' },
    ];
  });
  const bold = 'govuk-!-font-weight-bold';
  return [
    ...rows,
    [
      { text: 'Total', classes: bold },
      { text: '' },
      { text: '' },
      { text: penceText(total), format: 'numeric', classes: bold },
    ],
  ];
}
