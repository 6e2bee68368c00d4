/**
 * Each school's data for a pot's year, as a formula shares the pot by it: pupils on roll, the
 * share eligible for free school meals, pupils in each IDACI band (A most deprived to F), low
 * prior attainment, SEN Support pupils, EHC plans and sparsity. Counts of pupils cannot be more
 * than the pupils on roll.
 */

export interface SchoolFactorData {
  pupils: number;
  fsmPercent: number;
  idaci: { a: number; b: number; c: number; d: number; e: number; f: number };
  lowPriorAttainment: number;
  senSupport: number;
  ehcPlans: number;
  sparse: boolean;
}

export const factorSources = ['import', 'records', 'last_year', 'entered'] as const;
export type FactorSource = (typeof factorSources)[number];

export const factorSourceLabels: Record<FactorSource, string> = {
  import: 'Loaded from a file',
  records: 'Filled from our records',
  last_year: 'Carried from last year',
  entered: 'Entered',
};

/** A field of a school's data, named as the import's columns are. */
export type FactorField =
  | 'pupils'
  | 'fsmPercent'
  | 'idaciA'
  | 'idaciB'
  | 'idaciC'
  | 'idaciD'
  | 'idaciE'
  | 'idaciF'
  | 'lowPriorAttainment'
  | 'senSupport'
  | 'ehcPlans'
  | 'sparse';

export interface FactorProblem {
  field: FactorField;
  message: string;
}

/** The data of a school none is held for, before any of it is known. */
export const noFactorData: SchoolFactorData = {
  pupils: 0,
  fsmPercent: 0,
  idaci: { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0 },
  lowPriorAttainment: 0,
  senSupport: 0,
  ehcPlans: 0,
  sparse: false,
};

export const idaciTotal = (d: SchoolFactorData) =>
  d.idaci.a + d.idaci.b + d.idaci.c + d.idaci.d + d.idaci.e + d.idaci.f;

const n = (x: number) => x.toLocaleString('en-GB');

/** What in a school's data cannot be so: a count of pupils above the pupils on roll. */
export function factorDataProblems(d: SchoolFactorData): FactorProblem[] {
  const problems: FactorProblem[] = [];
  const over = (field: FactorField, what: string, count: number) => {
    if (count > d.pupils)
      problems.push({
        field,
        message: `${what} is ${n(count)}, more than the ${n(d.pupils)} pupils on roll`,
      });
  };
  over('idaciA', 'The number of pupils in IDACI bands A to F', idaciTotal(d));
  over('lowPriorAttainment', 'Low prior attainment', d.lowPriorAttainment);
  over('senSupport', 'SEN Support and EHC plans together', d.senSupport + d.ehcPlans);
  return problems;
}

/** What the LA's own records say of a school: its number on roll (GIAS) and its pupils on SEN Support and with EHC plans. */
export interface RecordCounts {
  pupils: number | null;
  senSupport: number;
  ehcPlans: number;
}

export type Filled = { ok: true; data: SchoolFactorData } | { ok: false; problem: string };

/**
 * A school's data with the figures the LA's records hold put in: pupils on roll from the school's
 * record, SEN Support and EHC plans counted from the children's; the rest as they were (none for a
 * school with no data yet). A school whose record has no number on roll keeps the one it has.
 */
export function fillFromRecords(name: string, held: SchoolFactorData | null, records: RecordCounts): Filled {
  const pupils = records.pupils ?? held?.pupils;
  if (pupils === undefined)
    return {
      ok: false,
      problem: `${name} has no number on roll on its school record and no factor data yet: load its data from a file, or add its number of pupils to the school’s record`,
    };
  const data: SchoolFactorData = {
    ...(held ?? noFactorData),
    pupils,
    senSupport: records.senSupport,
    ehcPlans: records.ehcPlans,
  };
  const wrong = factorDataProblems(data)[0];
  return wrong ? { ok: false, problem: `${name}: ${lowerFirst(wrong.message)}` } : { ok: true, data };
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export interface Coverage {
  inScope: number;
  withData: number;
  missing: number;
}

/** "152 of 160 schools". */
export function coverageText(c: Pick<Coverage, 'inScope' | 'withData'>): string {
  return `${n(c.withData)} of ${n(c.inScope)} ${c.inScope === 1 ? 'school' : 'schools'}`;
}
