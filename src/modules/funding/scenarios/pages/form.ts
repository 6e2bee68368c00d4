import { type FormValues, formValues } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import { firstPerField, parse } from '../../../../platform/http/validation.ts';
import { parsePounds, penceText } from '../../../../platform/kernel/money.ts';
import {
  type Damping,
  type FactorKey,
  type Formula,
  type FormulaTerm,
  factorKeys,
  factorLabels,
} from '../domain/formula.ts';
import { type ScenarioInput, scenarioSchema } from '../service.ts';

/**
 * The scenario form: a name, how the pot is shared, and for each factor whether it is used and
 * how (a weight, or £ per unit), for the clusters-first method the terms within each cluster
 * (the same unless changed), and the floor and cap on the change from last year. Numbers are read
 * as people type them; the rest is judged by the scenario's own schema and the formula engine,
 * whose every refusal is put by the box it is about.
 */

export type TermKind = '' | 'weight' | 'perUnit';
export interface TermValues {
  kind: TermKind;
  weight: string;
  perUnit: string;
}
type Terms = Record<FactorKey, TermValues>;

export interface ScenarioFormValues {
  version: string;
  name: string;
  method: string;
  terms: Terms;
  withinSame: string;
  within: Terms;
  schoolFloor: string;
  schoolCap: string;
  clusterFloor: string;
  clusterCap: string;
}

export type TermGroup = 'terms' | 'within';
export const termFieldId = (group: TermGroup, factor: FactorKey, part: 'kind' | 'weight' | 'perUnit') =>
  `${group}-${factor}-${part}`;
const dampingFields = ['schoolFloor', 'schoolCap', 'clusterFloor', 'clusterCap'] as const;

const blankTerms = (): Terms =>
  Object.fromEntries(factorKeys.map((f) => [f, { kind: '', weight: '', perUnit: '' }])) as Terms;

/** Pence as the money box shows them: "60.89", "7,180". */
const poundsValue = (pence: number) => penceText(pence).replace('£', '');
const percentValue = (p: number | null) => (p === null ? '' : String(p));

function termValues(terms: readonly FormulaTerm[] | null): Terms {
  const out = blankTerms();
  for (const t of terms ?? [])
    out[t.factor] =
      t.kind === 'weight'
        ? { kind: 'weight', weight: String(t.value), perUnit: '' }
        : { kind: 'perUnit', weight: '', perUnit: poundsValue(t.value) };
  return out;
}

/** The form for a new scenario, or filled from one (to change it, or to copy it under a new name). */
export function scenarioFormValues(
  from: { name: string; formula: Formula; version: number } | null,
): ScenarioFormValues {
  if (!from)
    return {
      version: '0',
      name: '',
      method: 'schools',
      terms: blankTerms(),
      withinSame: 'same',
      within: blankTerms(),
      schoolFloor: '',
      schoolCap: '',
      clusterFloor: '',
      clusterCap: '',
    };
  const f = from.formula;
  return {
    version: String(from.version),
    name: from.name,
    method: f.method,
    terms: termValues(f.terms),
    withinSame: f.withinClusterTerms ? 'different' : 'same',
    within: termValues(f.withinClusterTerms ?? f.terms),
    schoolFloor: percentValue(f.schoolDamping.floorPercent),
    schoolCap: percentValue(f.schoolDamping.capPercent),
    clusterFloor: percentValue(f.clusterDamping.floorPercent),
    clusterCap: percentValue(f.clusterDamping.capPercent),
  };
}

export function readScenarioForm(body: unknown): ScenarioFormValues {
  const names = ['version', 'name', 'method', 'withinSame', ...dampingFields];
  for (const group of ['terms', 'within'] as const)
    for (const f of factorKeys)
      for (const part of ['kind', 'weight', 'perUnit'] as const) names.push(termFieldId(group, f, part));
  const v: FormValues = formValues(body, names);
  const terms = (group: TermGroup): Terms =>
    Object.fromEntries(
      factorKeys.map((f) => {
        const kind = v[termFieldId(group, f, 'kind')];
        return [
          f,
          {
            kind: kind === 'weight' || kind === 'perUnit' ? kind : '',
            weight: v[termFieldId(group, f, 'weight')] ?? '',
            perUnit: v[termFieldId(group, f, 'perUnit')] ?? '',
          },
        ];
      }),
    ) as Terms;
  return {
    version: v.version ?? '',
    name: v.name ?? '',
    method: v.method ?? '',
    terms: terms('terms'),
    withinSame: v.withinSame ?? '',
    within: terms('within'),
    schoolFloor: v.schoolFloor ?? '',
    schoolCap: v.schoolCap ?? '',
    clusterFloor: v.clusterFloor ?? '',
    clusterCap: v.clusterCap ?? '',
  };
}

const percentPattern = /^([+\-\u2212\u2013]?)\s*(\d{1,4}(?:\.\d{1,2})?)\s*%?$/;

/** "−2", "-2%", "+5", "12.5" as a number of per cent; blank is null. */
export function readPercent(text: string): { value: number | null } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { value: null };
  const m = percentPattern.exec(trimmed);
  if (!m) return { error: 'enter a percentage using numbers, like −2 or 5, with up to 2 decimal places' };
  const value = Number(m[2]);
  return { value: m[1] && m[1] !== '+' ? -value : value };
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export type ScenarioFromForm = { ok: true; input: ScenarioInput } | { ok: false; errors: FieldError[] };

/** Where each of the formula's fields is on the form: `formula.terms.2.value` → the box for that term. */
export function formFieldOf(field: string, formula: Formula | null): string {
  const [top, second, index, part] = field.split('.');
  if (top === 'name') return 'name';
  if (top !== 'formula') return 'terms';
  if (second === 'method') return 'method';
  if (second === 'schoolDamping' || second === 'clusterDamping') {
    const who = second === 'schoolDamping' ? 'school' : 'cluster';
    return `${who}${index === 'capPercent' ? 'Cap' : 'Floor'}`;
  }
  if (second === 'terms' || second === 'withinClusterTerms') {
    const group: TermGroup = second === 'terms' ? 'terms' : 'within';
    const term =
      index === undefined
        ? undefined
        : (second === 'terms' ? formula?.terms : formula?.withinClusterTerms)?.[Number(index)];
    if (!term) return group;
    if (part === 'value') return termFieldId(group, term.factor, term.kind);
    return termFieldId(group, term.factor, 'kind');
  }
  return 'terms';
}

/** The order the form asks its questions in, for the error summary. */
export function formOrder(): string[] {
  const terms = (group: TermGroup) => [
    group,
    ...factorKeys.flatMap((f) =>
      (['kind', 'weight', 'perUnit'] as const).map((p) => termFieldId(group, f, p)),
    ),
  ];
  return ['name', 'method', ...terms('terms'), 'withinSame', ...terms('within'), ...dampingFields];
}

/** The scenario the form describes, or every mistake in it in the order the form asks. */
export function scenarioFromForm(v: ScenarioFormValues): ScenarioFromForm {
  const typing: FieldError[] = [];
  const readTerms = (group: TermGroup, terms: Terms): FormulaTerm[] =>
    factorKeys.flatMap((factor): FormulaTerm[] => {
      const t = terms[factor];
      const label = factorLabels[factor];
      if (t.kind === 'weight') {
        const read = readPercent(t.weight);
        const id = termFieldId(group, factor, 'weight');
        if ('error' in read) {
          typing.push({ field: id, message: `${label} weight: ${read.error}` });
          return [];
        }
        // A weight below 0 or over 100 is a formula's own business (one factor taking from another),
        // which the engine refuses only if it leaves a school with less than nothing.
        if (read.value === null || read.value < -100 || read.value > 200) {
          typing.push({
            field: id,
            message: `${label} weight: enter a percentage from −100 to 200, like 20`,
          });
          return [];
        }
        return [{ factor, kind: 'weight', value: read.value }];
      }
      if (t.kind === 'perUnit') {
        const read = parsePounds(t.perUnit);
        if ('error' in read) {
          typing.push({
            field: termFieldId(group, factor, 'perUnit'),
            message: `${label}: ${lowerFirst(read.error)}`,
          });
          return [];
        }
        return [{ factor, kind: 'perUnit', value: read.pence }];
      }
      return [];
    });
  const percent = (field: (typeof dampingFields)[number], what: string): number | null => {
    const read = readPercent(v[field]);
    if ('error' in read) {
      typing.push({ field, message: `${what}: ${read.error}` });
      return null;
    }
    return read.value;
  };
  const clustersFirst = v.method === 'clustersFirst';
  const terms = readTerms('terms', v.terms);
  const within = clustersFirst && v.withinSame === 'different' ? readTerms('within', v.within) : null;
  const schoolDamping: Damping = {
    floorPercent: percent('schoolFloor', 'The floor for each school'),
    capPercent: percent('schoolCap', 'The cap for each school'),
  };
  const clusterDamping: Damping = clustersFirst
    ? {
        floorPercent: percent('clusterFloor', 'The floor for each cluster'),
        capPercent: percent('clusterCap', 'The cap for each cluster'),
      }
    : { floorPercent: null, capPercent: null };
  const formula: Formula = {
    method: clustersFirst ? 'clustersFirst' : (v.method as Formula['method']),
    terms,
    withinClusterTerms: within,
    schoolDamping,
    clusterDamping,
  };
  const parsed = parse(scenarioSchema, { name: v.name, formula });
  if (parsed.ok && !typing.length) return { ok: true, input: parsed.data };
  const checked = (parsed.ok ? [] : parsed.errors).flatMap((e): FieldError[] => {
    const field = formFieldOf(e.field, formula);
    // A term mistyped is left out, so "add at least one factor" may only be its echo.
    if (typing.length && (field === 'terms' || field === 'within')) return [];
    const message = field === 'method' ? 'Choose how the pot is shared' : e.message;
    return [{ field, message }];
  });
  return { ok: false, errors: sortErrors([...typing, ...checked]) };
}

/** One message per box, in the form's order. */
export function sortErrors(errors: readonly FieldError[]): FieldError[] {
  const order = formOrder();
  const at = (f: string) => {
    const i = order.indexOf(f);
    return i < 0 ? order.length : i;
  };
  return firstPerField([...errors]).sort((a, b) => at(a.field) - at(b.field));
}

/** The service's refusals, put by the boxes they are about. */
export function formErrors(errors: readonly FieldError[], formula: Formula | null): FieldError[] {
  return sortErrors(errors.map((e) => ({ field: formFieldOf(e.field, formula), message: e.message })));
}
