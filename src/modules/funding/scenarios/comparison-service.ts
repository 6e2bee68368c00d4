import { HttpProblem } from '../../../platform/http/problem.ts';
import { authorise, type FundingContext, transaction } from '../context.ts';
import type { Formula, FormulaProblem } from './domain/formula.ts';
import { type MissingSchool, potInputs, run } from './inputs.ts';
import * as repo from './repo.ts';
import { type Scenario, scenarioAndPot, scenarioView, storedFormula } from './service.ts';

/**
 * A scenario side by side with last year and with the pot's other drafts, school by school and
 * cluster by cluster. Read in one transaction: the pot's schools and last year's figures once,
 * then each formula run over them in memory. An adopted scenario shows what it stored.
 */

export interface SchoolLine {
  id: string;
  urn: number | null;
  name: string;
  clusterId: string;
  clusterName: string;
  pence: number;
  lastYearPence: number | null;
  /** What each compared draft gives the school, in the order of `compared`; null where it gives nothing. */
  others: (number | null)[];
}

export interface ClusterLine {
  id: string;
  name: string;
  schools: number;
  pence: number;
  /** The sum of its schools' allocations last year; null when none had one. */
  lastYearPence: number | null;
  others: (number | null)[];
}

export interface ComparedDraft {
  id: string;
  name: string;
  /** Whether it was worked out, and so has a column: not while data is missing or the formula refuses. */
  ran: boolean;
  /** What the formula refuses for the pot as it stands. */
  problems: FormulaProblem[];
}

export interface Comparison {
  scenario: Scenario;
  /** The pot's adopted scenario, when it is another: no draft of the pot can be adopted then. */
  adoptedInstead: { id: string; name: string } | null;
  /** The pot's other drafts, any of which may be compared. */
  drafts: { id: string; name: string; chosen: boolean }[];
  /** The drafts chosen; those that ran have a column each, in this order, in every line's `others`. */
  compared: ComparedDraft[];
  /** Schools in scope with no factor data: while any are, no draft is run. */
  missing: MissingSchool[];
  /** What the formula refuses for this scenario, if it is a draft. */
  problems: FormulaProblem[];
  /** Null when the scenario could not be worked out (missing data, or refused). */
  schools: SchoolLine[] | null;
  clusters: ClusterLine[] | null;
}

/** At most this many drafts are compared when none are chosen, so the page stays readable. */
export const defaultCompared = 3;

function clusterLines(schools: readonly SchoolLine[], columns: number): ClusterLine[] {
  const byId = new Map<string, ClusterLine>();
  for (const s of schools) {
    let c = byId.get(s.clusterId);
    if (!c) {
      c = {
        id: s.clusterId,
        name: s.clusterName,
        schools: 0,
        pence: 0,
        lastYearPence: null,
        others: Array.from({ length: columns }, () => null),
      };
      byId.set(s.clusterId, c);
    }
    c.schools += 1;
    c.pence += s.pence;
    if (s.lastYearPence !== null) c.lastYearPence = (c.lastYearPence ?? 0) + s.lastYearPence;
    s.others.forEach((p, i) => {
      if (p !== null) c.others[i] = (c.others[i] ?? 0) + p;
    });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

/**
 * `chosen`: the drafts to compare, or null for the first few; IDs that are not the pot's other
 * drafts are left out.
 */
export function compareScenario(
  ctx: FundingContext,
  id: string,
  chosen: readonly string[] | null,
): Promise<Comparison> {
  authorise(ctx, 'finance:read');
  return transaction(ctx, async (tx) => {
    const { row, pot } = await scenarioAndPot(tx, id);
    const scenario = await scenarioView(tx, row, pot);
    const ofPot = await repo.scenariosOfPot(tx, pot.id);
    const siblings = ofPot.filter((s) => s.status === 'draft' && s.id !== row.id);
    const adoptedInstead = ofPot.find((s) => s.status === 'adopted' && s.id !== row.id);
    const picked = new Set(chosen ?? siblings.slice(0, defaultCompared).map((s) => s.id));
    const drafts = siblings.map((s) => ({ id: s.id, name: s.name, chosen: picked.has(s.id) }));
    const inputs = await potInputs(tx, ctx.principal.laCode, pot);

    const others = siblings
      .filter((s) => picked.has(s.id))
      .map((s) => ({ id: s.id, name: s.name, outcome: run(inputs, storedFormula(s)) }));
    const compared: ComparedDraft[] = others.map((o) => ({
      id: o.id,
      name: o.name,
      ran: o.outcome?.ok === true,
      problems: o.outcome && !o.outcome.ok ? o.outcome.problems : [],
    }));
    const columns = others.flatMap((o) =>
      o.outcome?.ok ? [new Map(o.outcome.schools.map((s) => [s.id, s.pence]))] : [],
    );
    const othersOf = (schoolId: string) => columns.map((c) => c.get(schoolId) ?? null);

    let schools: SchoolLine[] | null = null;
    let problems: FormulaProblem[] = [];
    if (row.status === 'adopted') {
      schools = (await repo.allocationsOf(tx, row.id)).map((a) => ({
        id: a.establishmentId,
        urn: a.urn,
        name: a.name,
        clusterId: a.clusterId,
        clusterName: a.clusterName,
        pence: a.pence,
        lastYearPence: a.lastYearPence,
        others: othersOf(a.establishmentId),
      }));
    } else {
      const outcome = run(inputs, scenario.formula);
      if (outcome && !outcome.ok) problems = outcome.problems;
      if (outcome?.ok) {
        const allocated = new Map(outcome.schools.map((s) => [s.id, s.pence]));
        schools = inputs.schools.map((s) => ({
          id: s.id,
          urn: s.urn,
          name: s.name,
          clusterId: s.clusterId,
          clusterName: s.clusterName,
          pence: allocated.get(s.id) ?? 0,
          lastYearPence: s.lastYearPence,
          others: othersOf(s.id),
        }));
      }
    }
    return {
      scenario,
      adoptedInstead: adoptedInstead ? { id: adoptedInstead.id, name: adoptedInstead.name } : null,
      drafts,
      compared,
      missing: inputs.missing,
      problems,
      schools,
      clusters: schools ? clusterLines(schools, columns.length) : null,
    };
  });
}

export interface ScenarioAllocations {
  potPence: number;
  damping: Formula['schoolDamping'];
  schools: { urn: number | null; clusterId: string; allocationPence: number; lastYearPence: number | null }[];
}

/**
 * Each school's allocation under the scenario: as stored for an adopted one, worked out now for
 * any other. Refused (409) while a school's data is missing or the formula cannot share the pot,
 * naming the schools or what the formula refuses.
 */
export function scenarioAllocations(ctx: FundingContext, id: string): Promise<ScenarioAllocations> {
  authorise(ctx, 'finance:read');
  return transaction(ctx, async (tx) => {
    const { row, pot } = await scenarioAndPot(tx, id);
    const formula = storedFormula(row);
    const base = { potPence: pot.delegatedPence, damping: formula.schoolDamping };
    if (row.status === 'adopted')
      return {
        ...base,
        schools: (await repo.allocationsOf(tx, row.id)).map((a) => ({
          urn: a.urn,
          clusterId: a.clusterId,
          allocationPence: a.pence,
          lastYearPence: a.lastYearPence,
        })),
      };
    const inputs = await potInputs(tx, ctx.principal.laCode, pot);
    if (inputs.missing.length)
      throw new HttpProblem(
        409,
        'Factor data is missing',
        `${inputs.missing.length === 1 ? 'A school has' : `${inputs.missing.length} schools have`} no factor data for the pot, so the scenario cannot be worked out: ${inputs.missing
          .slice(0, 10)
          .map((m) => m.name)
          .join(', ')}${inputs.missing.length > 10 ? ` and ${inputs.missing.length - 10} more` : ''}.`,
        inputs.missing
          .slice(0, 50)
          .map((m) => ({ field: 'schools', message: `${m.name} has no factor data` })),
      );
    const outcome = run(inputs, formula);
    if (!outcome?.ok)
      throw new HttpProblem(
        409,
        'The formula cannot share the pot',
        (outcome?.problems ?? []).map((p) => p.message).join('; '),
        (outcome?.problems ?? []).map((p) => ({ field: `formula.${p.field}`, message: p.message })),
      );
    const urns = new Map(inputs.schools.map((s) => [s.id, s.urn]));
    return {
      ...base,
      schools: outcome.schools.map((a) => ({
        urn: urns.get(a.id) ?? null,
        clusterId: a.clusterId,
        allocationPence: a.pence,
        lastYearPence: a.lastYearPence,
      })),
    };
  });
}
