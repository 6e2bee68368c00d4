import { z } from 'zod';
import { userNames } from '../../../platform/auth/directory.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import { type FieldError, notFound } from '../../../platform/http/problem.ts';
import { type IsoDate, isoDateInLondon, longDate } from '../../../platform/kernel/dates.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { audit, authorise, type FundingContext, transaction } from '../context.ts';
import { type Formula, formulaSchema } from './domain/formula.ts';
import { potInputs, run, yearLabel } from './inputs.ts';
import * as repo from './repo.ts';

/**
 * Draft scenarios: a formula the finance team names and tries against the pot's schools before a
 * finance approver adopts one. A draft is saved only if the formula runs, or cannot yet be run
 * because a school's factor data is missing; what the formula refuses is refused here, by field.
 */

export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 404 | 409; errors: FieldError[] };

export const scenarioSchema = z.object({
  name: z
    .string({ error: 'Enter a name for the scenario' })
    .trim()
    .min(1, 'Enter a name for the scenario')
    .max(100, 'The name must be 100 characters or fewer'),
  formula: formulaSchema,
});
export type ScenarioInput = z.output<typeof scenarioSchema>;

export interface PotView {
  id: string;
  name: string;
  yearKind: 'financial' | 'academic';
  year: number;
  /** "2026-27". */
  label: string;
  totalPence: number;
  delegatedPence: number;
  delegatedPercent: number;
}

export interface Scenario {
  id: string;
  name: string;
  formula: Formula;
  status: repo.ScenarioStatus;
  version: number;
  pot: PotView;
  createdAt: Date;
  updatedAt: Date;
  adoptedOn: IsoDate | null;
  adoptedBy: string | null;
  publishedOn: IsoDate | null;
  /** Why it cannot be changed, once it is not a draft. */
  locked: string | null;
}

export const potView = (pot: repo.PotRow): PotView => ({
  id: pot.id,
  name: pot.name,
  yearKind: pot.yearKind,
  year: pot.year,
  label: yearLabel(pot),
  totalPence: pot.totalPence,
  delegatedPence: pot.delegatedPence,
  delegatedPercent: pot.delegatedPercent,
});

export const noSuchScenario = () => notFound('There is no funding scenario with this ID in your LA.');
export const noSuchPot = () => notFound('There is no funding pot with this ID in your LA.');

/** The formula as stored; a row the schema no longer reads is a fault, not the person's mistake. */
export function storedFormula(row: repo.ScenarioRow): Formula {
  const parsed = formulaSchema.safeParse(row.formula);
  if (!parsed.success) throw new Error(`scenario ${row.id} holds a formula the engine cannot read`);
  return parsed.data;
}

const dayOf = (at: Date | null) => (at ? isoDateInLondon(at) : null);

export async function scenarioView(tx: Tx, row: repo.ScenarioRow, pot: repo.PotRow): Promise<Scenario> {
  const names = row.adoptedBy ? await userNames(tx, [row.adoptedBy]) : new Map<string, string>();
  return {
    id: row.id,
    name: row.name,
    formula: storedFormula(row),
    status: row.status,
    version: row.version,
    pot: potView(pot),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    adoptedOn: dayOf(row.adoptedAt),
    adoptedBy: row.adoptedBy ? (names.get(row.adoptedBy) ?? null) : null,
    publishedOn: dayOf(row.publishedAt),
    locked: row.status === 'draft' ? null : lockedMessage(row),
  };
}

/** The scenario and its pot, or 404: an ID that is not a UUID is simply not found. */
export async function scenarioAndPot(tx: Tx, id: string, forUpdate = false) {
  if (!isUuid(id)) throw noSuchScenario();
  const row = await repo.findScenario(tx, id, { forUpdate });
  if (!row) throw noSuchScenario();
  const pot = await repo.findPot(tx, row.potId);
  if (!pot) throw noSuchScenario();
  return { row, pot };
}

export async function potOrNotFound(tx: Tx, potId: string): Promise<repo.PotRow> {
  if (!isUuid(potId)) throw noSuchPot();
  const pot = await repo.findPot(tx, potId);
  if (!pot) throw noSuchPot();
  return pot;
}

/** Why a scenario that is not a draft cannot be changed, in the words the page and the API use. */
export function lockedMessage(row: Pick<repo.ScenarioRow, 'status' | 'adoptedAt'>): string {
  if (row.status === 'adopted' && row.adoptedAt)
    return `This scenario was adopted on ${longDate(isoDateInLondon(row.adoptedAt))} and cannot be changed. Copy it to make a new draft.`;
  return 'This scenario was withdrawn and cannot be changed. Copy it to make a new draft.';
}

const refused = <T>(status: 400 | 404 | 409, errors: FieldError[]): Outcome<T> => ({
  ok: false,
  status,
  errors,
});

/** What stops the formula being saved for the pot: a name in use, or anything the engine refuses. */
async function refusals(
  tx: Tx,
  laCode: string,
  pot: repo.PotRow,
  input: ScenarioInput,
  except: string | null,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (await repo.nameTaken(tx, pot.id, input.name, except))
    errors.push({
      field: 'name',
      message: `${pot.name} already has a scenario called ${input.name}: give this one another name`,
    });
  const outcome = run(await potInputs(tx, laCode, pot), input.formula);
  if (outcome && !outcome.ok)
    for (const p of outcome.problems) errors.push({ field: `formula.${p.field}`, message: p.message });
  return errors;
}

export interface PotScenarios {
  pot: PotView;
  scenarios: { id: string; name: string; status: repo.ScenarioStatus; formula: Formula }[];
}

/** A pot and its scenarios, for the form that starts a new one (and copies one). */
export function potScenarios(ctx: FundingContext, potId: string): Promise<PotScenarios> {
  authorise(ctx, 'finance:read');
  return transaction(ctx, async (tx) => {
    const pot = await potOrNotFound(tx, potId);
    const rows = await repo.scenariosOfPot(tx, pot.id);
    return {
      pot: potView(pot),
      scenarios: rows.map((r) => ({ id: r.id, name: r.name, status: r.status, formula: storedFormula(r) })),
    };
  });
}

export function getScenario(ctx: FundingContext, id: string): Promise<Scenario> {
  authorise(ctx, 'finance:read');
  return transaction(ctx, async (tx) => {
    const { row, pot } = await scenarioAndPot(tx, id);
    return scenarioView(tx, row, pot);
  });
}

export function listScenarios(ctx: FundingContext, potId: string): Promise<Scenario[]> {
  authorise(ctx, 'finance:read');
  return transaction(ctx, async (tx) => {
    const pot = await potOrNotFound(tx, potId);
    const rows = await repo.scenariosOfPot(tx, pot.id);
    return Promise.all(rows.map((r) => scenarioView(tx, r, pot)));
  });
}

export function createScenario(
  ctx: FundingContext,
  potId: string,
  input: ScenarioInput,
  copiedFrom: string | null = null,
): Promise<Outcome<{ id: string }>> {
  authorise(ctx, 'finance:manage');
  return transaction(ctx, async (tx) => {
    const pot = await potOrNotFound(tx, potId);
    const errors = await refusals(tx, ctx.principal.laCode, pot, input, null);
    if (errors.length) return refused<{ id: string }>(400, errors);
    const id = await repo.insertScenario(tx, {
      laCode: ctx.principal.laCode,
      potId: pot.id,
      name: input.name,
      formula: input.formula,
      userId: ctx.principal.userId,
    });
    await audit(tx, ctx, {
      action: 'funding.scenario.created',
      entityType: 'funding-scenario',
      entityId: id,
      childId: null,
      detail: { pot: pot.name, year: yearLabel(pot), name: input.name, formula: input.formula, copiedFrom },
    });
    return { ok: true, value: { id } };
  });
}

export function updateScenario(
  ctx: FundingContext,
  id: string,
  version: number,
  input: ScenarioInput,
): Promise<Outcome<{ id: string }>> {
  authorise(ctx, 'finance:manage');
  return transaction(ctx, async (tx) => {
    const { row, pot } = await scenarioAndPot(tx, id, true);
    if (row.status !== 'draft')
      return refused<{ id: string }>(409, [{ field: 'name', message: lockedMessage(row) }]);
    if (row.version !== version)
      return refused<{ id: string }>(409, [
        {
          field: 'name',
          message: `Someone changed ${row.name} since you opened it. Your changes have not been saved: the form now shows the scenario as it is.`,
        },
      ]);
    const errors = await refusals(tx, ctx.principal.laCode, pot, input, row.id);
    if (errors.length) return refused<{ id: string }>(400, errors);
    await repo.updateDraft(tx, row.id, version, input);
    await audit(tx, ctx, {
      action: 'funding.scenario.changed',
      entityType: 'funding-scenario',
      entityId: row.id,
      childId: null,
      detail: {
        pot: pot.name,
        year: yearLabel(pot),
        before: { name: row.name, formula: row.formula },
        after: { name: input.name, formula: input.formula },
      },
    });
    return { ok: true, value: { id: row.id } };
  });
}

export function withdrawScenario(ctx: FundingContext, id: string, version: number): Promise<Outcome<null>> {
  authorise(ctx, 'finance:manage');
  return transaction(ctx, async (tx) => {
    const { row, pot } = await scenarioAndPot(tx, id, true);
    if (row.status !== 'draft')
      return refused<null>(409, [{ field: 'confirm', message: lockedMessage(row) }]);
    if (!(await repo.withdrawDraft(tx, row.id, version)))
      return refused<null>(409, [
        {
          field: 'confirm',
          message: `Someone changed ${row.name} since you opened it: read it again before withdrawing it.`,
        },
      ]);
    await audit(tx, ctx, {
      action: 'funding.scenario.withdrawn',
      entityType: 'funding-scenario',
      entityId: row.id,
      childId: null,
      detail: { pot: pot.name, year: yearLabel(pot), name: row.name },
    });
    return { ok: true, value: null };
  });
}
