import { type FieldError, notFound, unprocessable } from '../../../platform/http/problem.ts';
import { parseOrThrow } from '../../../platform/http/validation.ts';
import { fyOf } from '../../../platform/kernel/financial-years.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { audit, authorise, type ProgrammeContext, transaction } from '../context.ts';
import { type Appraisal, appraise } from '../domain/appraisal.ts';
import { type BenefitStatus, benefitStatus } from '../domain/benefits.ts';
import { listProgrammes, readProgramme } from '../structure/repo.ts';
import { readLiveMeasure } from './live.ts';
import * as repo from './repo.ts';
import { benefitSchema, benefitYearSchema, costSchema } from './schemas.ts';

/**
 * The cost-benefit tracker: capital and revenue costs by year, planned and actual; benefits by
 * year, their actuals read live where the system measures them; and the programme's net position,
 * payback year and Green Book net present value at the programme's discount rate.
 */

export interface TrackedBenefit extends repo.BenefitRow {
  /** Each year's actual: read live for a measured benefit, as typed for the rest. */
  actuals: { year: number; actual: number | null }[];
  latest: { year: number; actual: number } | null;
  status: BenefitStatus;
}

export interface YearTotals {
  year: number;
  capitalPlanned: number;
  capitalActual: number | null;
  revenuePlanned: number;
  revenueActual: number | null;
  savingPlanned: number;
  savingActual: number | null;
}

export interface Tracker {
  programme: { id: string; name: string; budgetPence: number; discountRate: number };
  projects: { id: string; name: string }[];
  costs: repo.CostRow[];
  years: YearTotals[];
  benefits: TrackedBenefit[];
  planned: Appraisal;
  /** The years whose actual costs are in, and what they show so far. */
  actual: Appraisal;
  currentYear: number;
}

async function programmeIdFor(ctx: ProgrammeContext, tx: Parameters<typeof listProgrammes>[0], id?: string) {
  if (id !== undefined) {
    if (!isUuid(id)) throw notFound('There is no such programme in your LA.');
    return id;
  }
  const [newest] = await listProgrammes(tx, ctx.principal.laCode);
  if (!newest) throw notFound('Your LA has no transformation programme recorded.');
  return newest.id;
}

export async function getTracker(ctx: ProgrammeContext, id?: string): Promise<Tracker> {
  authorise(ctx, 'programme:read');
  const laCode = ctx.principal.laCode;
  const currentYear = fyOf(ctx.today);
  return transaction(ctx, async (tx) => {
    const programmeId = await programmeIdFor(ctx, tx, id);
    const records = await readProgramme(tx, laCode, programmeId);
    if (!records) throw notFound('There is no such programme in your LA.');
    const costs = await repo.listCosts(tx, laCode, programmeId);
    const benefits: TrackedBenefit[] = [];
    const live = new Map<string, number | null>();
    for (const b of await repo.listBenefits(tx, laCode, programmeId)) {
      const years = new Set([...b.years.map((y) => y.year)]);
      for (let y = b.baselineYear; y <= Math.min(currentYear, b.targetYear); y++) years.add(y);
      const actuals: TrackedBenefit['actuals'] = [];
      for (const year of [...years].sort((a, c) => a - c)) {
        let actual = b.years.find((y) => y.year === year)?.actual ?? null;
        if (b.liveMeasure) {
          const key = `${b.liveMeasure}|${year}`;
          if (!live.has(key))
            live.set(key, await readLiveMeasure(tx, laCode, b.liveMeasure, year, ctx.today));
          actual = live.get(key) ?? null;
        }
        actuals.push({ year, actual });
      }
      const measured = actuals.filter((a): a is { year: number; actual: number } => a.actual !== null);
      const latest = measured.at(-1) ?? null;
      benefits.push({
        ...b,
        actuals,
        latest,
        status: benefitStatus(
          b,
          latest
            ? { ...latest, planned: b.years.find((y) => y.year === latest.year)?.planned ?? null }
            : null,
        ),
      });
    }
    const yearSet = new Set([
      ...costs.map((c) => c.year),
      ...benefits.flatMap((b) => b.years.map((y) => y.year)),
    ]);
    const sum = (xs: (number | null)[]) =>
      xs.some((x) => x !== null) ? xs.reduce<number>((s, x) => s + (x ?? 0), 0) : null;
    const years: YearTotals[] = [...yearSet]
      .sort((a, b) => a - b)
      .map((year) => {
        const of = (kind: repo.CostKind) => costs.filter((c) => c.year === year && c.kind === kind);
        const cashable = benefits
          .filter((b) => b.cashable)
          .flatMap((b) => b.years.filter((y) => y.year === year));
        return {
          year,
          capitalPlanned: of('capital').reduce((s, c) => s + c.plannedPence, 0),
          capitalActual: sum(of('capital').map((c) => c.actualPence)),
          revenuePlanned: of('revenue').reduce((s, c) => s + c.plannedPence, 0),
          revenueActual: sum(of('revenue').map((c) => c.actualPence)),
          savingPlanned: cashable.reduce((s, y) => s + (y.plannedPence ?? 0), 0),
          savingActual: sum(cashable.map((y) => y.actualPence)),
        };
      });
    const rate = records.programme.discountRate;
    const base = years[0]?.year;
    const withActuals = years.filter((y) => y.capitalActual !== null || y.revenueActual !== null);
    return {
      programme: {
        id: records.programme.id,
        name: records.programme.name,
        budgetPence: records.programme.budgetPence,
        discountRate: rate,
      },
      projects: records.projects.map((p) => ({ id: p.id, name: p.name })),
      costs,
      years,
      benefits,
      planned: appraise(
        years.map((y) => ({
          year: y.year,
          costPence: y.capitalPlanned + y.revenuePlanned,
          benefitPence: y.savingPlanned,
        })),
        rate,
        base,
      ),
      actual: appraise(
        withActuals.map((y) => ({
          year: y.year,
          costPence: (y.capitalActual ?? 0) + (y.revenueActual ?? 0),
          benefitPence: y.savingActual ?? 0,
        })),
        rate,
        base,
      ),
      currentYear,
    };
  });
}

/** A project's cost of a kind for a year: added, or its figures replaced. An actual needs its year. */
export async function setCost(
  ctx: ProgrammeContext,
  programmeId: string,
  input: unknown,
): Promise<{ id: string }> {
  const data = parseOrThrow(costSchema, input);
  authorise(ctx, 'programme:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const records = isUuid(programmeId) ? await readProgramme(tx, laCode, programmeId) : null;
    if (!records) throw notFound('There is no such programme in your LA.');
    if (!records.projects.some((p) => p.id === data.projectId))
      throw unprocessable([{ field: 'projectId', message: 'Choose a project of this programme' }]);
    if (data.actualPence != null && data.year > fyOf(ctx.today))
      throw unprocessable([
        {
          field: 'actualPence',
          message: 'A year still to come has no actual cost: give its planned cost only',
        },
      ]);
    const cost = { ...data, actualPence: data.actualPence ?? null };
    const id = await repo.upsertCost(tx, laCode, programmeId, cost);
    await audit(tx, ctx, {
      action: 'programme.cost.set',
      entityType: 'programme_project',
      entityId: data.projectId,
      childId: null,
      detail: { cost },
    });
    return { id };
  });
}

export async function addBenefit(
  ctx: ProgrammeContext,
  programmeId: string,
  input: unknown,
): Promise<{ id: string }> {
  const data = parseOrThrow(benefitSchema, input);
  authorise(ctx, 'programme:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const records = isUuid(programmeId) ? await readProgramme(tx, laCode, programmeId) : null;
    if (!records) throw notFound('There is no such programme in your LA.');
    const problems: FieldError[] = [];
    data.projectIds.forEach((p, i) => {
      if (!records.projects.some((x) => x.id === p))
        problems.push({ field: `projectIds.${i}`, message: 'Choose a project of this programme' });
    });
    if (data.targetYear < data.baselineYear)
      problems.push({ field: 'targetYear', message: 'The target year must be the baseline year or later' });
    data.years.forEach((y, i) => {
      if (data.liveMeasure && y.actual != null)
        problems.push({
          field: `years.${i}.actual`,
          message: 'The system measures this benefit: its actual is read from the records, not typed in',
        });
      if (!data.cashable && (y.plannedPence != null || y.actualPence != null))
        problems.push({
          field: `years.${i}.plannedPence`,
          message: 'A benefit that is not cashable saves no money to record',
        });
    });
    if (problems.length) throw unprocessable(problems);
    const id = await repo.insertBenefit(tx, laCode, programmeId, {
      ...data,
      liveMeasure: data.liveMeasure ?? null,
      years: data.years.map((y) => ({
        year: y.year,
        planned: y.planned ?? null,
        actual: y.actual ?? null,
        plannedPence: y.plannedPence ?? null,
        actualPence: y.actualPence ?? null,
      })),
    });
    await audit(tx, ctx, {
      action: 'programme.benefit.added',
      entityType: 'programme_benefit',
      entityId: id,
      childId: null,
      detail: { name: data.name, measure: data.measure, baseline: data.baseline, target: data.target },
    });
    return { id };
  });
}

/**
 * A benefit's figures for a financial year: what was planned and, once known, the actual and the
 * money saved. A measured benefit's actual is read from the records, so it cannot be typed; a
 * benefit that is not cashable saves no money; nothing actual for a year still to come.
 */
export async function setBenefitYear(
  ctx: ProgrammeContext,
  programmeId: string,
  benefitId: string,
  year: number,
  input: unknown,
): Promise<void> {
  const data = parseOrThrow(benefitYearSchema, input);
  authorise(ctx, 'programme:manage');
  const laCode = ctx.principal.laCode;
  await transaction(ctx, async (tx) => {
    const benefit =
      isUuid(programmeId) && isUuid(benefitId)
        ? (await repo.listBenefits(tx, laCode, programmeId)).find((b) => b.id === benefitId)
        : undefined;
    if (!benefit) throw notFound('There is no such benefit in this programme.');
    const problems: FieldError[] = [];
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      problems.push({ field: 'year', message: 'Give a financial year from 2000 to 2100' });
    if (benefit.liveMeasure && data.actual != null)
      problems.push({
        field: 'actual',
        message: 'The system measures this benefit: its actual is read from the records, not typed in',
      });
    if (!benefit.cashable && (data.plannedPence != null || data.actualPence != null))
      problems.push({
        field: 'plannedPence',
        message: 'A benefit that is not cashable saves no money to record',
      });
    if (year > fyOf(ctx.today)) {
      if (data.actual != null)
        problems.push({
          field: 'actual',
          message: 'A year still to come has no actual: give what is planned only',
        });
      if (data.actualPence != null)
        problems.push({
          field: 'actualPence',
          message: 'A year still to come has no saving made yet: give what is planned only',
        });
    }
    if (problems.length) throw unprocessable(problems);
    const figures = {
      year,
      planned: data.planned ?? null,
      actual: data.actual ?? null,
      plannedPence: data.plannedPence ?? null,
      actualPence: data.actualPence ?? null,
    };
    await repo.upsertBenefitYear(tx, laCode, benefitId, figures);
    await audit(tx, ctx, {
      action: 'programme.benefit.year.set',
      entityType: 'programme_benefit',
      entityId: benefitId,
      childId: null,
      detail: figures,
    });
  });
}
