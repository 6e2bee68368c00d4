import { column, decimal, integer, money, type ValuesOf, yesNo } from '../../../../platform/imports/index.ts';
import { longDate } from '../../../../platform/kernel/dates.ts';
import { maxFormPence } from '../../../../platform/kernel/money.ts';
import { factorDataProblems, type SchoolFactorData } from './factors.ts';

/**
 * The columns of a factor data file and of a file of last year's allocations, as the imports read
 * them, and what a row means once each cell has been read: a school (by URN) and its data.
 */

/** The most pupils a school has: the largest in England have a few thousand. */
const maxPupils = 20_000;

const urn = column({
  key: 'urn',
  header: 'URN',
  aliases: ['Unique reference number', 'School URN'],
  required: true,
  description: 'The school’s unique reference number, 6 figures, as GIAS gives it.',
  ...integer({ min: 100_000, max: 999_999, example: 121_212 }),
});

const count = <K extends string>(
  key: K,
  header: string,
  description: string,
  example: number,
  aliases: string[] = [],
) =>
  column({
    key,
    header,
    aliases,
    required: true,
    description,
    ...integer({ min: 0, max: maxPupils, example }),
  });

export const factorColumns = [
  urn,
  count('pupils', 'Pupils', 'The number on roll in the October census.', 210, ['Number on roll', 'NOR']),
  column({
    key: 'fsmPercent',
    header: 'FSM %',
    aliases: ['FSM', 'FSM percent', 'Free school meals %'],
    required: true,
    description:
      'The percentage of pupils eligible for free school meals, from 0 to 100, up to 2 decimal places.',
    ...decimal({ min: 0, max: 100, places: 2, percent: true, example: 18.5 }),
  }),
  count('idaciA', 'IDACI A', 'Pupils living in IDACI band A, the most deprived.', 12),
  count('idaciB', 'IDACI B', 'Pupils living in IDACI band B.', 15),
  count('idaciC', 'IDACI C', 'Pupils living in IDACI band C.', 20),
  count('idaciD', 'IDACI D', 'Pupils living in IDACI band D.', 18),
  count('idaciE', 'IDACI E', 'Pupils living in IDACI band E.', 14),
  count('idaciF', 'IDACI F', 'Pupils living in IDACI band F.', 10),
  count('lowPriorAttainment', 'Low prior attainment', 'Pupils with low prior attainment.', 30, ['LPA']),
  count('senSupport', 'SEN Support', 'Pupils on SEN Support.', 25),
  count('ehcPlans', 'EHC plans', 'Pupils with an EHC plan.', 5, ['EHCP', 'EHC plan']),
  column({
    key: 'sparse',
    header: 'Sparse',
    aliases: ['Sparsity'],
    required: true,
    description: 'Yes if the school qualifies for sparsity funding (small and remote), otherwise No.',
    ...yesNo(),
  }),
] as const;

export type FactorRowValues = ValuesOf<typeof factorColumns>;

export const baselineColumns = [
  urn,
  column({
    key: 'amount',
    header: 'Amount £',
    aliases: ['Amount', 'Amount (£)', 'Allocation', 'Allocation £', 'Last year £'],
    required: true,
    description: 'What the school was allocated last year, in pounds and pence.',
    ...money({ maxPence: maxFormPence }),
  }),
] as const;

export type BaselineRowValues = ValuesOf<typeof baselineColumns>;

/** A row's values as a school's data, or the rules it breaks, each on its column. */
export function factorDataOfRow(
  v: FactorRowValues,
): { ok: true; data: SchoolFactorData } | { ok: false; problems: { column: string; problem: string }[] } {
  const data: SchoolFactorData = {
    pupils: v.pupils,
    fsmPercent: v.fsmPercent,
    idaci: { a: v.idaciA, b: v.idaciB, c: v.idaciC, d: v.idaciD, e: v.idaciE, f: v.idaciF },
    lowPriorAttainment: v.lowPriorAttainment,
    senSupport: v.senSupport,
    ehcPlans: v.ehcPlans,
    sparse: v.sparse,
  };
  const problems = factorDataProblems(data);
  if (!problems.length) return { ok: true, data };
  return { ok: false, problems: problems.map((p) => ({ column: p.field, problem: lowerFirst(p.message) })) };
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** What the LA holds that a file's URNs are checked against: its register, and the schools in the pot's clusters. */
export interface UrnReference {
  /** The day the pot's year starts, on which the schools must be in a cluster. */
  startsOn: string;
  inScope(urn: number): { id: string } | undefined;
  onRegister(urn: number): { name: string } | undefined;
}

/** The school in scope a row's URN is, or why it is none: not on the register, or not in a cluster. */
export function schoolForUrn(
  urn: number,
  reference: UrnReference,
): { ok: true; id: string } | { ok: false; problem: string } {
  const school = reference.inScope(urn);
  if (school) return { ok: true, id: school.id };
  const held = reference.onRegister(urn);
  return {
    ok: false,
    problem: held
      ? `${urn} is ${held.name}, which is not in a cluster on ${longDate(reference.startsOn)}; put it in a cluster first, or take its row out`
      : `${urn} is not the URN of a school on your register; check it against GIAS`,
  };
}
