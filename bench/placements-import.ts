import { randomUUID } from 'node:crypto';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type Insertable, sql } from 'kysely';
import { seedDemoIfEmpty } from '../src/demo.ts';
import { placementsImport } from '../src/modules/placements/imports/definition.ts';
import { placementImportColumns } from '../src/modules/placements/imports/domain/columns.ts';
import type { PlacementsTables } from '../src/modules/placements/tables.ts';
import { createUser } from '../src/platform/auth/service.ts';
import { connect, type Database } from '../src/platform/db/connect.ts';
import { migrate, refreshStatistics } from '../src/platform/db/migrate.ts';
import { inTenant } from '../src/platform/db/tenancy.ts';
import { cellText, runImport } from '../src/platform/imports/index.ts';
import { openSpreadsheet } from '../src/platform/imports/spreadsheet.ts';
import { isoDateInLondon } from '../src/platform/kernel/dates.ts';
import { addDays } from '../src/platform/kernel/days.ts';
import { createServerPlace } from './lib/postgres.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  round,
  type Target,
  writeResult,
} from './lib/report.ts';

const laCode = '926';
const placements = 10_000;
/** Each placement has a second row: a later cost from its own date. */
const rows = placements * 2;
const targetMs = 15_000;

interface Child {
  id: string;
  upn: string;
  forename: string;
  surname: string;
  dateOfBirth: string;
  planId: string;
}

interface Setting {
  id: string;
  urn: number;
  name: string;
}

/** One placement the workbook asks for, as its two rows say it and as plain SQL would write it. */
interface Planned {
  child: Child;
  setting: Setting | null;
  provider: string | null;
  type: 'mainstream' | 'alternative_provision' | 'hospital_education' | 'independent_special';
  typeWritten: string;
  startOn: string;
  expectedEndOn: string | null;
  daysAWeek: number | null;
  fte: number;
  first: {
    band?: string;
    topUpPounds?: number;
    fee?: { pounds: number; per: 'Week' | 'Day'; units: number };
  };
  second: { from: string; transportPounds?: number; band?: string; feePounds?: number };
}

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * A finance team's year of part-time placements beside the demo's full-time ones (so none can
 * overlap them): dual-registered mainstream days on the LA's bands, alternative provision and
 * independent schools without URNs at agreed amounts and fees, hospital education by the day,
 * each with a second row from a later date (transport, a new band or a new fee). One child in
 * fifty at an independent school costs more than the approval threshold.
 */
function plan(children: readonly Child[], schools: readonly Setting[]): Planned[] {
  return children.slice(0, placements).map((child, i): Planned => {
    const startOn = addDays('2025-09-01', (i * 7) % 300);
    const from = addDays(startOn, 120);
    const kind = i % 10;
    if (kind <= 5) {
      const setting = schools[i % schools.length] as Setting;
      return {
        child,
        setting,
        provider: null,
        type: 'mainstream',
        typeWritten: i % 2 ? 'Mainstream school' : 'mainstream',
        startOn,
        expectedEndOn: i % 3 ? null : '2027-07-23',
        daysAWeek: 1 + (i % 4),
        fte: ((1 + (i % 4)) * 2) / 10,
        first: { band: ['B1', 'Band 2', 'b3'][i % 3] as string },
        second: i % 2 ? { from, transportPounds: 1_800 + (i % 40) * 100 } : { from, band: 'B3' },
      };
    }
    if (kind <= 7)
      return {
        child,
        setting: null,
        provider: `Horizon Learning Centre ${1 + (i % 12)}`,
        type: 'alternative_provision',
        typeWritten: i % 2 ? 'AP' : 'Alternative provision or PRU',
        startOn,
        expectedEndOn: addDays(startOn, 364),
        daysAWeek: null,
        fte: 0.4,
        first: { topUpPounds: 6_000 + (i % 30) * 100 },
        second: { from, transportPounds: 2_500 },
      };
    if (kind === 8)
      return {
        child,
        setting: null,
        provider: 'County Hospital School',
        type: 'hospital_education',
        typeWritten: 'Hospital',
        startOn,
        expectedEndOn: addDays(startOn, 180),
        daysAWeek: 1,
        fte: 0.2,
        first: { fee: { pounds: 120, per: 'Day', units: 60 } },
        second: { from, feePounds: 130 },
      };
    return {
      child,
      setting: null,
      provider: `Oakwood Independent School ${1 + (i % 8)}`,
      type: 'independent_special',
      typeWritten: 'Independent special school',
      startOn,
      expectedEndOn: null,
      daysAWeek: 3,
      fte: 0.6,
      first: { fee: { pounds: i % 50 === 9 ? 1_500 : 1_100, per: 'Week', units: 38 } },
      second: { from, feePounds: i % 50 === 9 ? 1_550 : 1_150 },
    };
  });
}

async function workbookOf(planned: readonly Planned[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Placements');
  const headers = placementImportColumns.map((c) => c.header);
  ws.addRow(headers);
  const at = (h: string) => headers.indexOf(h) + 1;
  const add = (cells: Record<string, unknown>) => {
    const row = ws.addRow(headers.map((h) => cells[h] ?? null));
    for (const h of ['Date of birth', 'Start date', 'Expected end date', 'Costs effective from'])
      row.getCell(at(h)).numFmt = 'dd/mm/yyyy';
  };
  for (const p of planned) {
    const facts = {
      UPN: p.child.upn,
      Surname: p.child.surname,
      Forename: p.child.forename,
      'Date of birth': utc(p.child.dateOfBirth),
      URN: p.setting?.urn ?? null,
      'Setting name': p.setting?.name ?? p.provider,
      'Placement type': p.typeWritten,
      'Start date': utc(p.startOn),
    };
    add({
      ...facts,
      'Expected end date': p.expectedEndOn ? utc(p.expectedEndOn) : null,
      'Days a week': p.daysAWeek,
      FTE: p.daysAWeek === null ? p.fte : null,
      'EHC plan or interim': 'EHC plan',
      'Top-up band': p.first.band ?? null,
      'Top-up a year': p.first.topUpPounds ?? null,
      Fee: p.first.fee?.pounds ?? null,
      'Fee per': p.first.fee?.per ?? null,
      'Fee weeks or days a year': p.first.fee?.units ?? null,
    });
    add({
      ...facts,
      'Top-up band': p.second.band ?? null,
      'Transport a year': p.second.transportPounds ?? null,
      Fee: p.second.feePounds ?? null,
      'Fee per': p.second.feePounds ? p.first.fee?.per : null,
      'Fee weeks or days a year': p.second.feePounds ? p.first.fee?.units : null,
      'Costs effective from': utc(p.second.from),
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The baseline's reading: the platform opens the same workbook and reads every cell of every row, checking nothing. */
async function bareParse(file: Buffer): Promise<number> {
  const opened = await openSpreadsheet(file, {
    formats: ['xlsx'],
    what: 'The file',
    maxRows: 100_000,
    maxUnpackedBytes: 200 * 1024 * 1024,
  });
  if (!opened.ok) throw new Error(opened.problem);
  let cells = 0;
  for await (const batch of opened.spreadsheet.batches(2000))
    for (const r of batch)
      if (!('problem' in r))
        for (let i = 0; i < r.width; i++) cells += cellText(r.cell(i)).length > 0 ? 1 : 0;
  return cells;
}

class RolledBack extends Error {}

/**
 * The baseline's writing: the same placements and cost lines as plain multi-row INSERTs in the
 * LA's tenant transaction, nothing checked and no costs worked out, then rolled back so the
 * import finds the LA as it was.
 */
async function plainInserts(database: Database, planned: readonly Planned[], userId: string): Promise<void> {
  type Tables = PlacementsTables;
  const placementRows: Insertable<Tables['placements']>[] = [];
  const lineRows: Insertable<Tables['placement_cost_lines']>[] = [];
  for (const p of planned) {
    const id = randomUUID();
    placementRows.push({
      id,
      la_code: laCode,
      child_id: p.child.id,
      establishment_id: p.setting?.id ?? null,
      provider_name: p.setting ? null : p.provider,
      placement_type: p.type,
      start_on: p.startOn,
      expected_end_on: p.expectedEndOn,
      fte: p.fte,
      basis: 'ehc_plan',
      plan_id: p.child.planId,
      entered_by: userId,
    });
    const line = (
      kind: string,
      pence: number | null,
      per: string | null,
      units: number | null,
      band: string | null,
      from: string,
    ) =>
      lineRows.push({
        la_code: laCode,
        placement_id: id,
        kind,
        amount_pence: pence,
        per,
        units_per_year: units,
        top_up_band: band,
        effective_from: from,
        created_by: userId,
      });
    if (p.type === 'alternative_provision') line('place_funding', 1_000_000, 'year', null, null, p.startOn);
    if (p.first.band) line('top_up', null, null, null, 'B1', p.startOn);
    if (p.first.topUpPounds) line('top_up', p.first.topUpPounds * 100, 'year', null, null, p.startOn);
    if (p.first.fee)
      line(
        'fee',
        p.first.fee.pounds * 100,
        p.first.fee.per.toLowerCase(),
        p.first.fee.units,
        null,
        p.startOn,
      );
    if (p.second.transportPounds)
      line('transport', p.second.transportPounds * 100, 'year', null, null, p.second.from);
    if (p.second.band) line('top_up', null, null, null, 'B3', p.second.from);
    if (p.second.feePounds && p.first.fee)
      line(
        'fee',
        p.second.feePounds * 100,
        p.first.fee.per.toLowerCase(),
        p.first.fee.units,
        null,
        p.second.from,
      );
  }
  await inTenant(database.db, { laCode, userId }, async (tx) => {
    const db = tx.withTables<Tables>();
    for (let i = 0; i < placementRows.length; i += 1000)
      await db
        .insertInto('placements')
        .values(placementRows.slice(i, i + 1000))
        .execute();
    for (let i = 0; i < lineRows.length; i += 1000)
      await db
        .insertInto('placement_cost_lines')
        .values(lineRows.slice(i, i + 1000))
        .execute();
    throw new RolledBack();
  }).catch((err: unknown) => {
    if (!(err instanceof RolledBack)) throw err;
  });
}

interface Timed<T> {
  ms: number;
  value: T;
}
async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const value = await work();
  return { ms: round(performance.now() - started, 0), value };
}

/**
 * A 20,000-row workbook of placements and cost lines imported into the demo LA as the first start
 * makes it, end to end through the import service as its job runs it: reading, checking every row
 * against the LA's records, making placements of the rows, adding them through the placements
 * service's checks and working out their costs (target under 15 s). Against, in the same run: the
 * platform reading the same workbook and checking nothing, and the same placements and cost lines
 * written by plain INSERTs; and after it, the same file imported again, when every placement is
 * already held.
 */
export async function placementsImportBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  const place = await createServerPlace(kind, 'placements-import');
  try {
    process.stdout.write(`placements-import (${kind}): seeding the demo...\n`);
    const database = await connect({
      databaseUrl: place.databaseUrl,
      dataDir: path.join(place.dataDir, 'pglite'),
    });
    try {
      await migrate(database);
      const seeded = await timed(() => seedDemoIfEmpty(database));
      await refreshStatistics(database);
      const userId = await createUser(database, {
        laCode,
        email: 'finance.import@bench.example.org',
        name: 'Bench finance officer',
        roles: ['finance_officer'],
        password: 'correct horse battery staple',
      });
      const { children, schools, placementsBefore } = await inTenant(
        database.db,
        { laCode, userId },
        async (tx) => ({
          children: (
            await sql<Child>`SELECT c.id, c.upn, c.forename, c.surname, to_char(c.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
              p.id AS "planId"
            FROM children c JOIN ehc_plans p ON p.child_id = c.id AND p.status = 'active'
            WHERE c.upn IS NOT NULL ORDER BY c.upn`.execute(tx)
          ).rows,
          schools: (
            await sql<Setting>`SELECT id, urn::int AS urn, name FROM establishments
            WHERE urn IS NOT NULL AND NOT is_special AND setting_kind = 'school' ORDER BY urn`.execute(tx)
          ).rows,
          placementsBefore: Number(
            (await sql<{ n: number }>`SELECT count(*)::int AS n FROM placements`.execute(tx)).rows[0]?.n,
          ),
        }),
      );
      if (children.length < placements)
        throw new Error(
          `the demo has ${children.length} children with plans and UPNs, fewer than ${placements}`,
        );
      const planned = plan(children, schools);
      const workbook = await timed(() => workbookOf(planned));
      process.stdout.write(
        `placements-import: ${rows.toLocaleString('en-GB')} rows, ${(workbook.value.length / 1024 / 1024).toFixed(1)} MB, made in ${workbook.ms} ms\n`,
      );

      const parse = await timed(() => bareParse(workbook.value));
      const inserts = await timed(() => plainInserts(database, planned, userId));
      const today = isoDateInLondon(new Date());
      const run = () => {
        let checkedAt = 0;
        const started = performance.now();
        const cpu = process.cpuUsage();
        return timed(async () => {
          const summary = await runImport(
            placementsImport,
            {
              database,
              actor: { laCode, userId, roles: ['finance_officer'] },
              upload: { file: workbook.value, fileName: 'placements.xlsx', attachments: {} },
              today,
            },
            (stage) => {
              if (stage === 'saving' && !checkedAt) checkedAt = performance.now() - started;
            },
          );
          const used = process.cpuUsage(cpu);
          return { summary, checkMs: round(checkedAt, 0), cpuMs: round((used.user + used.system) / 1000, 0) };
        });
      };
      process.stdout.write('placements-import: importing...\n');
      const first = await run();
      const again = await run();
      const after = await inTenant(database.db, { laCode, userId }, async (tx) => ({
        placements: Number(
          (await sql<{ n: number }>`SELECT count(*)::int AS n FROM placements`.execute(tx)).rows[0]?.n,
        ),
        costs: Number(
          (
            await sql<{
              n: number;
            }>`SELECT count(*)::int AS n FROM placement_costs c JOIN placements p ON p.id = c.placement_id
              WHERE p.entered_by = ${userId}`.execute(tx)
          ).rows[0]?.n,
        ),
      }));
      const s = first.value.summary;
      if (s.created !== placements || after.placements !== placementsBefore + placements)
        throw new Error(`expected ${placements} placements added, the import added ${s.created}`);
      if (again.value.summary.created !== 0 || again.value.summary.alreadyHeld !== placements)
        throw new Error('the second import of the same file added placements');

      const targets: Target[] = [
        {
          description: `${rows.toLocaleString('en-GB')}-row XLSX import into the demo LA < 15 s`,
          met: first.ms < targetMs,
          measured: `${(first.ms / 1000).toFixed(1)} s (reading the workbook alone ${(parse.ms / 1000).toFixed(1)} s)`,
        },
      ];
      printTable(
        `Placements import on ${kind}: ${rows.toLocaleString('en-GB')} rows, ${placements.toLocaleString('en-GB')} placements`,
        ['measure', 'ms'],
        [
          ['import: read and check every row', first.value.checkMs],
          [
            'import: make placements, check against held, write, work out costs',
            first.ms - first.value.checkMs,
          ],
          ['import, end to end', first.ms],
          [
            `  of which this process's CPU${kind === 'pglite' ? ' (PGlite runs in it)' : ''}`,
            first.value.cpuMs,
          ],
          ['the same file again (every placement already held)', again.ms],
          ['baseline: read every cell of the workbook, nothing checked', parse.ms],
          ['baseline: the same placements and cost lines by plain INSERTs', inserts.ms],
        ],
      );
      process.stdout.write(
        `written ${writeResult('placements-import', env, {
          demoSeedMs: seeded.ms,
          rows,
          placements,
          placementsBefore,
          workbookBytes: workbook.value.length,
          workbookMs: workbook.ms,
          importMs: first.ms,
          importCheckMs: first.value.checkMs,
          importSaveMs: first.ms - first.value.checkMs,
          importCpuMs: first.value.cpuMs,
          reimportMs: again.ms,
          parseMs: parse.ms,
          plainInsertsMs: inserts.ms,
          created: s.created,
          awaitingApproval: s.awaitingApproval,
          costLines: s.costLines,
          costsByYear: after.costs,
          targets,
        })}\n`,
      );
      return { name: 'placements-import', database: kind, targets };
    } finally {
      await database.close();
    }
  } finally {
    await place.remove();
  }
}
