import type { Tx } from '../../../platform/db/tenancy.ts';
import { conflict, unprocessable } from '../../../platform/http/problem.ts';
import { type ImportUpload, runImport } from '../../../platform/imports/index.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { senSupportCounts } from '../../children/index.ts';
import { ehcPlanCountsAt } from '../../ehc/index.ts';
import { establishmentsWithUrns } from '../../providers/index.ts';
import { audit, authorise, type FundingContext, transaction } from '../context.ts';
import { potYearLabel, potYearStart } from '../pots/domain/years.ts';
import * as pots from '../pots/repo.ts';
import { noSuchPot } from '../pots/service.ts';
import type { UrnReference } from './domain/columns.ts';
import { fillFromRecords, type SchoolFactorData } from './domain/factors.ts';
import { baselineImport, factorImport, type ImportedFile } from './imports.ts';
import { type LastYearAllocations, lastYearOf, type SchoolInScope, schoolsInScope } from './read.ts';
import * as repo from './repo.ts';

/**
 * Each school's factor data for a pot, and last year's allocations: seen by the finance team,
 * loaded from a file, filled from the LA's own records or carried from last year by a finance
 * officer. Every change is one transaction, audited; a change that cannot be made whole is refused
 * naming each school.
 */

export interface FactorTable {
  pot: pots.PotRow;
  previousPot: { id: string; name: string } | null;
  schools: SchoolInScope[];
  /** Last year's data for the schools in scope that have none this year, by school. */
  lastYear: Map<string, SchoolFactorData>;
  /** Whether a scenario of the pot is adopted, after which its factor data stays as adopted. */
  adopted: string | null;
}

async function potOf(tx: Tx, laCode: string, potId: string): Promise<pots.PotRow> {
  const pot = isUuid(potId) ? await pots.findPot(tx, laCode, potId) : undefined;
  if (!pot) throw noSuchPot();
  return pot;
}

async function adoptedScenario(tx: Tx, laCode: string, potId: string): Promise<string | null> {
  return (await pots.scenariosOf(tx, laCode, [potId])).find((s) => s.status === 'adopted')?.name ?? null;
}

async function readTable(tx: Tx, laCode: string, potId: string): Promise<FactorTable> {
  const pot = await potOf(tx, laCode, potId);
  const schools = await schoolsInScope(tx, laCode, pot.id);
  const previous = pot.previousPotId ? await pots.findPot(tx, laCode, pot.previousPotId) : undefined;
  const held = previous
    ? await repo.factorValues(tx, laCode, previous.id)
    : new Map<string, repo.HeldFactors>();
  const lastYear = new Map<string, SchoolFactorData>();
  for (const s of schools) {
    const last = held.get(s.id);
    if (!s.factors && last) lastYear.set(s.id, last.data);
  }
  return {
    pot,
    previousPot: previous ? { id: previous.id, name: previous.name } : null,
    schools,
    lastYear,
    adopted: await adoptedScenario(tx, laCode, pot.id),
  };
}

export function getFactorTable(ctx: FundingContext, potId: string): Promise<FactorTable> {
  authorise(ctx, 'finance:read');
  return transaction(ctx, (tx) => readTable(tx, ctx.principal.laCode, potId));
}

/** Factor data and last year's allocations stay as they were when a scenario was adopted: the allocations record them as used. */
function refuseOnceAdopted(adopted: string | null, what = 'The factor data') {
  if (adopted)
    throw conflict(`${what} cannot change: the adopted scenario ${adopted}’s allocations were made from it`);
}

export type FillScope = 'missing' | 'all';

/**
 * Fills schools' pupils, SEN Support and EHC plans from the LA's records (the rest left as it
 * is): the schools with no data, or every school in scope. All or none: a school the records
 * cannot fill is named, and nothing is changed.
 */
export function fillFactorsFromRecords(
  ctx: FundingContext,
  potId: string,
  scope: FillScope,
): Promise<number> {
  authorise(ctx, 'finance:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const table = await readTable(tx, laCode, potId);
    refuseOnceAdopted(table.adopted);
    const schools = table.schools.filter((s) => scope === 'all' || !s.factors);
    const ids = schools.map((s) => s.id);
    const [senSupport, ehcPlans] = await Promise.all([
      senSupportCounts(tx, laCode, ids),
      ehcPlanCountsAt(tx, laCode, ids),
    ]);
    const problems: string[] = [];
    const rows = schools.flatMap((s) => {
      const filled = fillFromRecords(s.name, s.factors, {
        pupils: s.pupilsOnRecord,
        senSupport: senSupport.get(s.id) ?? 0,
        ehcPlans: ehcPlans.get(s.id) ?? 0,
      });
      if (!filled.ok) problems.push(filled.problem);
      return filled.ok ? [{ establishmentId: s.id, data: filled.data, source: 'records' as const }] : [];
    });
    if (problems.length) throw unprocessable(problems.map((message) => ({ field: 'scope', message })));
    await repo.saveFactorValues(tx, laCode, table.pot.id, rows);
    await audit(tx, ctx, {
      action: 'funding.factors.filled',
      entityType: 'funding-pot',
      entityId: table.pot.id,
      childId: null,
      detail: { scope, schools: rows.length },
    });
    return rows.length;
  });
}

/** Copies last year's data for the chosen schools with none this year; a school that cannot be carried is named. */
export function carryLastYear(
  ctx: FundingContext,
  potId: string,
  establishmentIds: readonly string[],
): Promise<number> {
  authorise(ctx, 'finance:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const table = await readTable(tx, laCode, potId);
    refuseOnceAdopted(table.adopted);
    if (!establishmentIds.length)
      throw unprocessable([
        { field: 'schools', message: 'Choose the schools to carry last year’s data for' },
      ]);
    const names = new Map(table.schools.map((s) => [s.id, s.name]));
    const problems = establishmentIds.flatMap((id) => {
      if (table.lastYear.has(id)) return [];
      const name = names.get(id);
      return [
        {
          field: 'schools',
          message: name
            ? `${name} has no data last year to carry, or has data this year already`
            : 'One of the schools chosen is not in a cluster for this pot’s year',
        },
      ];
    });
    if (problems.length) throw unprocessable(problems);
    const rows = [...new Set(establishmentIds)].map((id) => ({
      establishmentId: id,
      data: table.lastYear.get(id) as SchoolFactorData,
      source: 'last_year' as const,
    }));
    await repo.saveFactorValues(tx, laCode, table.pot.id, rows);
    await audit(tx, ctx, {
      action: 'funding.factors.carried',
      entityType: 'funding-pot',
      entityId: table.pot.id,
      childId: null,
      detail: {
        fromPotId: table.previousPot?.id ?? null,
        establishmentIds: rows.map((r) => r.establishmentId),
      },
    });
    return rows.length;
  });
}

/** The LA's register and the pot's schools in scope, for checking a file's URNs. */
async function urnReference(tx: Tx, laCode: string, pot: pots.PotRow): Promise<UrnReference> {
  const [register, inScope] = [await establishmentsWithUrns(tx), await schoolsInScope(tx, laCode, pot.id)];
  const byUrn = new Map(register.map((e) => [e.urn, e]));
  const scope = new Map(inScope.flatMap((s) => (s.urn === null ? [] : [[s.urn, { id: s.id }] as const])));
  return {
    startsOn: potYearStart(pot.yearKind, pot.year),
    inScope: (u) => scope.get(u),
    onRegister: (u) => byUrn.get(u),
  };
}

const importRun = (ctx: FundingContext, upload: ImportUpload) => ({
  database: ctx.database,
  actor: {
    laCode: ctx.principal.laCode,
    userId: ctx.principal.userId,
    roles: ctx.principal.roles,
    ip: ctx.ip,
    requestId: ctx.requestId,
  },
  upload,
  today: ctx.today,
});

const nothingToReport = async () => undefined;

/**
 * Loads the schools' data from a file, all or nothing: throws the platform's ImportRejected, with
 * every row, column and problem, if any row is wrong; else saves every row in one transaction.
 */
export async function importFactors(
  ctx: FundingContext,
  potId: string,
  upload: ImportUpload,
): Promise<ImportedFile> {
  authorise(ctx, 'finance:manage');
  const laCode = ctx.principal.laCode;
  const { table, reference } = await transaction(ctx, async (tx) => {
    const t = await readTable(tx, laCode, potId);
    refuseOnceAdopted(t.adopted);
    return { table: t, reference: await urnReference(tx, laCode, t.pot) };
  });
  const definition = factorImport(reference, (rows, checked) =>
    transaction(ctx, async (tx) => {
      // Checked again in the transaction that writes: a scenario adopted while the file was read stops it.
      refuseOnceAdopted(await adoptedScenario(tx, laCode, table.pot.id));
      await repo.saveFactorValues(
        tx,
        laCode,
        table.pot.id,
        rows.map((r) => ({ ...r, source: 'import' as const })),
      );
      await audit(tx, ctx, {
        action: 'funding.factors.imported',
        entityType: 'funding-pot',
        entityId: table.pot.id,
        childId: null,
        detail: { fileName: upload.fileName, rows: checked.rowsRead, schools: rows.length },
      });
      return { rowsRead: checked.rowsRead, schools: rows.length, fileWarnings: checked.fileWarnings };
    }),
  );
  return runImport(definition, importRun(ctx, upload), nothingToReport);
}

// ── Last year's allocations ─────────────────────────────────────────────────────────────────

export interface Baseline {
  pot: pots.PotRow;
  schools: SchoolInScope[];
  lastYear: LastYearAllocations;
}

export function getBaseline(ctx: FundingContext, potId: string): Promise<Baseline> {
  authorise(ctx, 'finance:read');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const pot = await potOf(tx, laCode, potId);
    const [schools, lastYear] = [await schoolsInScope(tx, laCode, pot.id), await lastYearOf(tx, pot.id)];
    return { pot, schools, lastYear };
  });
}

function refuseWhenAdoptedBefore(lastYear: LastYearAllocations) {
  if (lastYear.from === 'adopted')
    throw conflict(
      `Last year’s allocations come from ${lastYear.potName}’s adopted scenario ${lastYear.scenarioName}: there is nothing to load`,
    );
}

/** Replaces the pot's last year's allocations with a file's, all or nothing, where no earlier pot holds them. */
export async function importBaseline(
  ctx: FundingContext,
  potId: string,
  upload: ImportUpload,
): Promise<ImportedFile> {
  authorise(ctx, 'finance:manage');
  const laCode = ctx.principal.laCode;
  const { pot, reference } = await transaction(ctx, async (tx) => {
    const p = await potOf(tx, laCode, potId);
    refuseWhenAdoptedBefore(await lastYearOf(tx, p.id));
    refuseOnceAdopted(await adoptedScenario(tx, laCode, p.id), 'Last year’s allocations');
    return { pot: p, reference: await urnReference(tx, laCode, p) };
  });
  const definition = baselineImport(reference, (rows, checked) =>
    transaction(ctx, async (tx) => {
      refuseWhenAdoptedBefore(await lastYearOf(tx, pot.id));
      await repo.replaceBaselines(tx, laCode, pot.id, rows);
      await audit(tx, ctx, {
        action: 'funding.baseline.imported',
        entityType: 'funding-pot',
        entityId: pot.id,
        childId: null,
        detail: {
          fileName: upload.fileName,
          year: potYearLabel(pot.year - 1),
          schools: rows.length,
          totalPence: rows.reduce((sum, r) => sum + r.pence, 0),
        },
      });
      return { rowsRead: checked.rowsRead, schools: rows.length, fileWarnings: checked.fileWarnings };
    }),
  );
  return runImport(definition, importRun(ctx, upload), nothingToReport);
}
