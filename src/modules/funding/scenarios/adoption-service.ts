import { type IsoDate, isoDateInLondon, longDate } from '../../../platform/kernel/dates.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import { audit, authorise, type FundingContext, transaction } from '../context.ts';
import type { FormulaProblem, SchoolAllocation, SchoolFactorData } from './domain/formula.ts';
import type { StoredFactors } from './domain/statements.ts';
import { type MissingSchool, potInputs, run, yearLabel } from './inputs.ts';
import * as repo from './repo.ts';
import { lockedMessage, type Outcome, type Scenario, scenarioAndPot, scenarioView } from './service.ts';

/**
 * Adopting a scenario makes its allocations the ones schools are paid: they are worked out once
 * more and stored with last year's figures and the factor data used, and the scenario is locked
 * (the database refuses any later change to it or to them). A pot has one adopted scenario; the
 * other drafts are left as they are. Publishing then lets schools and clusters read their statements.
 */

export interface AdoptionCheck {
  scenario: Scenario;
  /** The scenario already adopted for the pot, if another one is. */
  adoptedInstead: { id: string; name: string; adoptedOn: IsoDate } | null;
  missing: MissingSchool[];
  problems: FormulaProblem[];
  /** What adopting would pay: the schools and clusters, and the total. */
  schools: number;
  clusters: number;
  totalPence: number;
}

const otherAdopted = (other: repo.ScenarioRow | undefined, id: string) =>
  other && other.id !== id && other.adoptedAt
    ? { id: other.id, name: other.name, adoptedOn: isoDateInLondon(other.adoptedAt) }
    : null;

/** What adopting the scenario would do, or why it cannot be: for the confirmation page. */
export function adoptionCheck(ctx: FundingContext, id: string): Promise<AdoptionCheck> {
  authorise(ctx, 'finance:adopt');
  return transaction(ctx, async (tx) => {
    const { row, pot } = await scenarioAndPot(tx, id);
    const scenario = await scenarioView(tx, row, pot);
    const inputs = await potInputs(tx, ctx.principal.laCode, pot);
    const outcome = row.status === 'draft' ? run(inputs, scenario.formula) : null;
    return {
      scenario,
      adoptedInstead: otherAdopted(await repo.adoptedOfPot(tx, pot.id), row.id),
      missing: inputs.missing,
      problems: outcome && !outcome.ok ? outcome.problems : [],
      schools: outcome?.ok ? outcome.schools.length : 0,
      clusters: outcome?.ok ? outcome.clusters.length : 0,
      totalPence: outcome?.ok ? outcome.schools.reduce((s, a) => s + a.pence, 0) : 0,
    };
  });
}

/**
 * What an allocation keeps of how it was made: the school's factor data as used, and what each
 * term gave before damping, so its statement reads the same however the data changes later.
 */
function storedFactors(data: SchoolFactorData | undefined, a: SchoolAllocation): StoredFactors {
  if (!data) throw new Error(`school ${a.id} was allocated without factor data`);
  return { ...data, termPence: a.termPence, formulaPence: a.formulaPence, damped: a.damped };
}

const missingMessage = (missing: readonly MissingSchool[]) =>
  `${missing.length === 1 ? 'A school has' : `${missing.length} schools have`} no factor data for this pot: ${missing
    .slice(0, 10)
    .map((m) => m.name)
    .join(
      ', ',
    )}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}. Enter their data, or carry forward last year’s, before adopting.`;

export function adoptScenario(ctx: FundingContext, id: string, version: number): Promise<Outcome<null>> {
  authorise(ctx, 'finance:adopt');
  return transaction(ctx, async (tx): Promise<Outcome<null>> => {
    const { row, pot } = await scenarioAndPot(tx, id, true);
    const refuse = (status: 400 | 409, message: string, field = 'confirm'): Outcome<null> => ({
      ok: false,
      status,
      errors: [{ field, message }],
    });
    if (row.status !== 'draft') return refuse(409, lockedMessage(row));
    if (row.version !== version)
      return refuse(
        409,
        `Someone changed ${row.name} since you opened it: read it again before adopting it.`,
      );
    const other = otherAdopted(await repo.adoptedOfPot(tx, pot.id), row.id);
    if (other)
      return refuse(
        409,
        `${other.name} was adopted for ${pot.name} ${yearLabel(pot)} on ${longDate(other.adoptedOn)}: a pot has one adopted scenario, whose allocations schools are paid.`,
      );
    const scenario = await scenarioView(tx, row, pot);
    const inputs = await potInputs(tx, ctx.principal.laCode, pot);
    if (inputs.missing.length) return refuse(409, missingMessage(inputs.missing), 'schools');
    const outcome = run(inputs, scenario.formula);
    if (!outcome) return refuse(409, missingMessage(inputs.missing), 'schools');
    if (!outcome.ok)
      return {
        ok: false,
        status: 409,
        errors: outcome.problems.map((p) => ({ field: `formula.${p.field}`, message: p.message })),
      };
    const bySchool = new Map(inputs.schools.map((s) => [s.id, s]));
    await repo.insertAllocations(
      tx,
      outcome.schools.map((a) => ({
        la_code: ctx.principal.laCode,
        scenario_id: row.id,
        establishment_id: a.id,
        cluster_id: a.clusterId,
        pence: a.pence,
        last_year_pence: a.lastYearPence,
        factors: JSON.stringify(storedFactors(bySchool.get(a.id)?.factors, a)),
      })),
    );
    await repo.markAdopted(tx, row.id, version, ctx.principal.userId);
    const totalPence = outcome.schools.reduce((s, a) => s + a.pence, 0);
    await audit(tx, ctx, {
      action: 'funding.scenario.adopted',
      entityType: 'funding-scenario',
      entityId: row.id,
      childId: null,
      detail: {
        pot: pot.name,
        year: yearLabel(pot),
        name: row.name,
        formula: scenario.formula,
        schools: outcome.schools.length,
        clusters: outcome.clusters.length,
        total: penceText(totalPence),
        totalPence,
      },
    });
    return { ok: true, value: null };
  });
}

/** Lets each school read its statement and each cluster its own: once, after adoption. */
export function publishStatements(ctx: FundingContext, id: string, version: number): Promise<Outcome<null>> {
  authorise(ctx, 'finance:adopt');
  return transaction(ctx, async (tx): Promise<Outcome<null>> => {
    const { row, pot } = await scenarioAndPot(tx, id, true);
    const refuse = (message: string): Outcome<null> => ({
      ok: false,
      status: 409,
      errors: [{ field: 'confirm', message }],
    });
    if (row.status !== 'adopted')
      return refuse('Only an adopted scenario’s statements can be published: adopt it first.');
    if (row.publishedAt)
      return refuse(
        `The statements were published on ${longDate(isoDateInLondon(row.publishedAt))}: schools and clusters can already read them.`,
      );
    if (!(await repo.markPublished(tx, row.id, version)))
      return refuse(`Someone changed ${row.name} since you opened it: read it again before publishing.`);
    await audit(tx, ctx, {
      action: 'funding.scenario.published',
      entityType: 'funding-scenario',
      entityId: row.id,
      childId: null,
      detail: { pot: pot.name, year: yearLabel(pot), name: row.name },
    });
    return { ok: true, value: null };
  });
}
