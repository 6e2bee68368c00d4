import path from 'node:path';
import { sql } from 'kysely';
import { createAuditSealer, verifyChain } from '../src/platform/audit/index.ts';
import { inTenant } from '../src/platform/db/tenancy.ts';
import { addLa } from '../src/platform/las/index.ts';
import { createTestDatabase, type TestDatabase } from '../test/support/db.ts';
import { generateAuditEvents } from './lib/audit-data.ts';
import { assertLocal } from './lib/postgres.ts';
import { projectRoot } from './lib/processes.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  round,
  writeResult,
} from './lib/report.ts';

const mainEvents = 1_000_000;
const otherEvents = 10_000;
const runs = 3;
const targetMs = 10_000;
// The same page size the check reads in, so the baselines differ from it only in what they skip.
const pageSize = 10_000;
const mainLa = { code: '926', name: 'Norfolk (benchmark)' };
const otherLa = { code: '935', name: 'Suffolk (benchmark)' };

const ms = (started: number) => round(performance.now() - started, 0);
/** This process's CPU time in ms: on PGlite the database's work is in it too, so a busy machine shows less in it than in wall time. */
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/**
 * The floor a check cannot go below: the same events read a row per event, every column, in
 * keyset pages in id order, with nothing hashed and nothing compared. The planner is told to walk
 * the index as the check's pages do (PGlite has no statistics to find that out for itself).
 */
async function plainRows(database: TestDatabase): Promise<{ rows: number; ms: number }> {
  const started = performance.now();
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await inTenant(database.db, { laCode: mainLa.code, userId: null }, async (tx) => {
      await sql`SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true)`.execute(
        tx,
      );
      const r = await sql<{ id: number | string }>`
        SELECT id, at, la_code, user_id, action, entity_type, entity_id, child_id, child_ids, ip, request_id, detail
        FROM audit_events WHERE la_code = ${mainLa.code} AND id > ${after} ORDER BY id LIMIT ${pageSize}`.execute(
        tx,
      );
      return r.rows;
    });
    rows += page.length;
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) break;
    after = Number(last.id);
  }
  return { rows, ms: ms(started) };
}

export async function auditVerify(): Promise<BenchOutcome> {
  const kind = databaseKind();
  if (kind === 'postgresql') assertLocal(process.env.DATABASE_URL ?? '');
  const env = environment(kind);
  process.stdout.write(`audit-verify (${kind}): generating ${mainEvents + otherEvents} events...\n`);
  const database = await createTestDatabase();
  try {
    await addLa(database, mainLa);
    await addLa(database, otherLa);
    const genStarted = performance.now();
    await generateAuditEvents(database, {
      main: { laCode: mainLa.code, events: mainEvents },
      other: { laCode: otherLa.code, events: otherEvents },
      staffPerLa: 47,
      childrenPerLa: 2_000,
      days: 365,
    });
    const generateMs = ms(genStarted);

    // Every event is waiting, as after this migration on a log that already holds them.
    process.stdout.write('sealing the backlog...\n');
    const sealStarted = performance.now();
    const sealCpuBefore = cpuMs();
    const pass = await createAuditSealer(database).sealNow();
    const sealMs = ms(sealStarted);
    const sealCpuMs = round(cpuMs() - sealCpuBefore, 0);
    const sealed = Object.values(pass.sealed).reduce((a, b) => a + b, 0);
    if (sealed !== mainEvents + otherEvents)
      throw new Error(`sealed ${sealed} events, not ${mainEvents + otherEvents}`);

    const verify: number[] = [];
    const verifyCpu: number[] = [];
    const plain: number[] = [];
    let links = 0;
    for (let i = 0; i < runs; i++) {
      process.stdout.write(`run ${i + 1} of ${runs}: plain SELECT, then the check...\n`);
      const p = await plainRows(database);
      if (p.rows !== mainEvents) throw new Error(`the plain SELECT read ${p.rows} events, not ${mainEvents}`);
      plain.push(p.ms);
      const started = performance.now();
      const cpuBefore = cpuMs();
      const report = await verifyChain(database, mainLa.code);
      verify.push(ms(started));
      verifyCpu.push(round(cpuMs() - cpuBefore, 0));
      if (!report.verdict.intact) throw new Error(`the chain is broken: ${report.verdict.break.what}`);
      links = report.verdict.links;
    }
    const best = Math.min(...verify);
    const bestPlain = Math.min(...plain);
    const sealPerSecond = round((sealed / sealMs) * 1000, 0);
    const met = best < targetMs;

    printTable(
      `audit-verify on ${kind}: ${mainEvents.toLocaleString('en-GB')} events in LA ${mainLa.code}, ${otherEvents.toLocaleString('en-GB')} in LA ${otherLa.code}`,
      ['measure', 'runs (ms)', 'best (ms)', 'per event (µs)'],
      [
        [
          'plain SELECT, a row per event, no hashing',
          plain.join(', '),
          bestPlain,
          round((bestPlain * 1000) / mainEvents),
        ],
        ['audit verify (read, hash, compare)', verify.join(', '), best, round((best * 1000) / mainEvents)],
        [
          `  its CPU time in this process${kind === 'pglite' ? ' (PGlite included)' : ''}`,
          verifyCpu.join(', '),
          Math.min(...verifyCpu),
          round((Math.min(...verifyCpu) * 1000) / mainEvents),
        ],
        ['sealing the backlog of both LAs', String(sealMs), sealMs, round((sealMs * 1000) / sealed)],
      ],
    );
    process.stdout.write(
      `check / plain SELECT: ${round(best / bestPlain)}; sealed ${sealPerSecond.toLocaleString('en-GB')} events a second; generation ${generateMs} ms\n`,
    );

    const file = writeResult('audit-verify', env, {
      target: { description: `audit verify of ${mainEvents} events under ${targetMs} ms`, met },
      data: { events: { [mainLa.code]: mainEvents, [otherLa.code]: otherEvents }, links, generateMs },
      pageSize,
      verifyMs: { runs: verify, best },
      verifyCpuMs: { runs: verifyCpu, best: Math.min(...verifyCpu) },
      plainSelectMs: { runs: plain, best: bestPlain },
      verifyOverPlain: round(best / bestPlain),
      seal: { events: sealed, ms: sealMs, cpuMs: sealCpuMs, eventsPerSecond: sealPerSecond },
    });
    process.stdout.write(`written ${path.relative(projectRoot, file)}\n`);
    return {
      name: 'audit-verify',
      database: kind,
      targets: [
        {
          description: `audit verify of ${mainEvents.toLocaleString('en-GB')} events < ${targetMs / 1000} s`,
          met,
          measured: `best ${round(best / 1000, 1)} s, CPU ${round(Math.min(...verifyCpu) / 1000, 1)} s (plain SELECT ${round(bestPlain / 1000, 1)} s); sealing ${sealPerSecond.toLocaleString('en-GB')} events/s`,
        },
      ],
    };
  } finally {
    await database.drop();
  }
}
