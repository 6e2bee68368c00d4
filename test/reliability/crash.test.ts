import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { childEnv, projectRoot } from '../../bench/lib/processes.ts';
import { isoDateInLondon } from '../../src/platform/kernel/dates.ts';
import { apiClient, Browser } from './support/client.ts';
import { count, demoCounts, withDatabase } from './support/direct.ts';
import { ehcDrift } from './support/ehc-consistency.ts';
import { giasFileOf } from './support/gias-file.ts';
import { importState, uploadGias, waitForImport } from './support/imports.ts';
import { type EhcWrite, lostWrites, prepareLoad, teamEmails } from './support/load.ts';
import {
  clearUpOwnRun,
  demoPlace,
  demoTemplate,
  emptyPlace,
  freshDemoCounts,
  type Place,
} from './support/places.ts';
import { recordResult } from './support/results.ts';
import {
  type AppServer,
  killAllServers,
  launchServer,
  type RunningServer,
  startServer,
} from './support/server.ts';
import { databaseKind, form, plan } from './support/settings.ts';

/**
 * Each fault is what a machine does to a process without warning: SIGKILL, mid-write. After it
 * the server is started again as an operator would, and what was saved is checked: nothing
 * half-done, nothing acknowledged missing, and the work carries on.
 */

const coordinator = 'coordinator@norfolk.demo.opensend.test';
const administrator = 'admin@norfolk.demo.opensend.test';
const seconds = (ms: number) => Math.round(ms / 100) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function directorySize(dir: string): number {
  let total = 0;
  try {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
      if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  } catch {
    // Not made yet, or a file removed between the listing and the look: try again shortly.
    return 0;
  }
  return total;
}

/**
 * Waits until the first start is well into seeding the demo, judged by the database's size on
 * disk, which grows as the seed writes whether or not its transaction has committed: PostgreSQL's
 * bare schema is about 10 MB and the seeded demo about 115 MB; PGlite's data directory about
 * 40 MB and 300 MB. (PGlite serves one process, so nothing else can look inside while it runs.)
 */
async function untilSeeding(place: Place, server: RunningServer): Promise<void> {
  const deadline = performance.now() + 10 * 60_000;
  const client = place.databaseUrl ? new pg.Client({ connectionString: place.databaseUrl }) : undefined;
  await client?.connect();
  try {
    for (;;) {
      if (server.child.exitCode !== null) throw new Error(`the server exited:\n${server.output()}`);
      if (performance.now() > deadline) throw new Error('the demo seed did not get under way in 10 minutes');
      const bytes = client
        ? Number(
            (await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0]
              ?.n,
          )
        : directorySize(path.join(place.dataDir, 'pglite'));
      if (bytes > (client ? 40 : 100) * 1024 * 1024) return;
      await sleep(250);
    }
  } finally {
    await client?.end();
  }
}

describe(`kill -9 and restart on ${databaseKind} (${form} form)`, () => {
  after(async () => {
    await killAllServers();
    await clearUpOwnRun();
  });

  test('killed while the first start seeds the demo, the next start leaves a complete demo people can sign in to', {
    timeout: 30 * 60_000,
  }, async () => {
    const template = await demoTemplate();
    const place = await emptyPlace('seed-kill');
    const first = launchServer(place, { seedDemo: true, readyTimeoutMs: 20 * 60_000 });
    try {
      const reached = await Promise.race([
        untilSeeding(place, first).then(() => 'seeding' as const),
        first.ready.then(() => 'ready' as const),
      ]);
      assert.equal(reached, 'seeding', 'the demo seed finished before the server could be killed during it');
      await first.kill9();

      const started = performance.now();
      const dayBefore = isoDateInLondon(new Date());
      const second = await startServer(place, { seedDemo: true, readyTimeoutMs: 20 * 60_000 });
      const restartMs = performance.now() - started;
      const dayAfter = isoDateInLondon(new Date());
      const signIn = second.demoPassword
        ? await new Browser(second.url).signIn(coordinator, second.demoPassword)
        : undefined;
      await second.stop();
      const counts = await withDatabase(place, demoCounts);
      // The demo's stories are cut at the day it is made: a restart that read another day than
      // the template's (the run passed midnight) is held to a first start made now as well.
      const expected = [
        ...(template.day === dayBefore || template.day === dayAfter ? [template.counts] : []),
        ...(template.day !== dayBefore || dayBefore !== dayAfter ? [await freshDemoCounts()] : []),
      ];
      const complete = expected.find((e) => JSON.stringify(e) === JSON.stringify(counts));
      recordResult('killDuringDemoSeed', {
        restartSeconds: seconds(restartMs),
        printedSignIn: Boolean(second.demoPassword),
        signInStatus: signIn ?? null,
        complete: Boolean(complete),
        counts,
      });

      assert.ok(
        second.demoPassword,
        `after the kill, the restart printed no sign-in details and wrote no ${path.join(place.dataDir, 'demo-sign-in.txt')}: the demo was left half-made (${JSON.stringify(counts)}) and nobody can sign in`,
      );
      assert.equal(signIn, 303, 'the coordinator signs in with the password the restart printed');
      assert.deepEqual(
        counts,
        complete ?? expected.at(-1),
        'the demo is whole, as a first start that was not killed leaves it',
      );
    } finally {
      await first.kill9();
      await place.remove();
    }
  });

  test(`killed during a GIAS import of ${plan.giasRows.toLocaleString('en-GB')} schools from the command line, none of it is saved; run again, all of it is`, {
    timeout: 15 * 60_000,
  }, async () => {
    const place = await demoPlace('gias-kill');
    const file = path.join(place.dataDir, 'edubasealldata-large.csv');
    fs.writeFileSync(file, giasFileOf(plan.giasRows, 700_001));
    const schools = (database: Parameters<typeof count>[0]) =>
      count(database, sql`SELECT count(*)::int AS n FROM establishments WHERE la_code = '926'`);
    const opensend = (onLine?: (line: string, kill: () => void) => void) =>
      new Promise<{ code: number | null; signal: string | null; err: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [path.join(projectRoot, 'bin/opensend.js'), 'import', 'gias', file, '--la', '926'],
          { cwd: projectRoot, env: childEnv(place.env), stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          for (const line of d.toString().split('\n')) onLine?.(line, () => child.kill('SIGKILL'));
        });
        child.stdout.resume();
        child.once('exit', (code, signal) => resolve({ code, signal, err }));
      });
    try {
      // The place is a copy of the demo: it holds the demo's schools.
      const before = (await demoTemplate()).counts['establishments 926'] ?? 0;
      // Killed once it reports saving rows: the one transaction that writes them is open.
      const killed = await opensend((line, kill) => {
        if (/^Imported [\d,]+ of/.test(line)) kill();
      });
      assert.equal(killed.signal, 'SIGKILL', `the import ended before it could be killed: ${killed.err}`);
      const afterKill = await withDatabase(place, schools);
      const rerun = await opensend();
      const [afterRerun, created] = await withDatabase(place, async (database) => [
        await schools(database),
        await count(
          database,
          sql`SELECT count(*)::int AS n FROM audit_events
            WHERE la_code = '926' AND action = 'school.created' AND (detail->>'urn')::int >= 700001`,
        ),
      ]);
      recordResult('killDuringGiasImport', {
        rows: plan.giasRows,
        schoolsBefore: before,
        schoolsAfterKill: afterKill,
        schoolsAfterRerun: afterRerun,
        rerunExitCode: rerun.code,
      });

      assert.ok(
        afterKill === before || afterKill === before + plan.giasRows,
        `after the kill the LA holds ${afterKill} schools: neither the ${before} before nor all ${before + plan.giasRows}`,
      );
      assert.equal(rerun.code, 0, rerun.err);
      assert.equal(afterRerun, before + plan.giasRows, 'run again, every school is imported once');
      assert.equal(created, plan.giasRows, 'each school added is in the audit log once');
    } finally {
      await place.remove();
    }
  });

  test(`killed during a burst of EHC steps from ${plan.ehcBurst.writers} writers, every step it acknowledged is there after a restart, each with its deadlines`, {
    timeout: 15 * 60_000,
  }, async () => {
    const place = await demoPlace('ehc-kill');
    let server: AppServer | undefined = await startServer(place);
    try {
      const target = await prepareLoad(server.url, place.password);
      const today = isoDateInLondon(new Date());
      const acknowledged: EhcWrite[] = [];
      const serverErrors: string[] = [];
      let unanswered = 0;
      let killing: Promise<void> | undefined;
      const started = performance.now();
      const kill = () => {
        killing ??= (server as AppServer).kill9();
      };
      await Promise.all(
        Array.from({ length: plan.ehcBurst.writers }, async (_, i) => {
          const api = target.team[i % target.team.length]?.api;
          for (let n = 0; !killing && n < 10_000; n++) {
            if (performance.now() - started > 120_000) kill();
            const requestId = target.requests[(i * 7919 + n * 104729) % target.requests.length] as string;
            const adviser = `Burst adviser ${i}-${n}`;
            try {
              const r = await api?.post<{ advice: { id: string; adviser: string }[] }>(
                `/api/v1/ehc/requests/${requestId}/events`,
                { corrects: null, event: { type: 'advice-requested', on: today, kind: 'health', adviser } },
              );
              if (r?.status === 201)
                acknowledged.push({
                  requestId,
                  adviser,
                  adviceId: r.json.advice.find((a) => a.adviser === adviser)?.id ?? '',
                });
              else if ((r?.status ?? 0) >= 500) serverErrors.push(JSON.stringify(r?.json));
            } catch {
              // The server died with this one in flight: it may or may not have been saved.
              unanswered++;
            }
            if (acknowledged.length >= plan.ehcBurst.killAfterAcknowledged) kill();
          }
        }),
      );
      await killing;

      server = await startServer(place);
      const checker = await new Browser(server.url).signInOrFail(teamEmails[0] as string, place.password);
      const lost = await lostWrites(
        apiClient(server.url, await checker.createToken('After the kill')),
        acknowledged,
      );
      await server.stop();
      server = undefined;
      const [drift, stored] = await withDatabase(place, async (database) => [
        await ehcDrift(database, '926'),
        await count(
          database,
          sql`SELECT count(*)::int AS n FROM ehc_events WHERE body->>'adviser' LIKE 'Burst adviser %'`,
        ),
      ]);
      recordResult('killDuringEhcWrites', {
        writers: plan.ehcBurst.writers,
        acknowledgedBeforeKill: acknowledged.length,
        inFlightAtKill: unanswered,
        // Steps in flight when the server died that were saved all the same (the answer was lost).
        savedButNotAcknowledged: stored - acknowledged.length,
        lost: lost.length,
        requestsDrifted: new Set(drift.map((d) => d.requestId)).size,
      });

      assert.deepEqual(serverErrors, []);
      assert.ok(
        acknowledged.length >= plan.ehcBurst.killAfterAcknowledged,
        'the burst got going before the kill',
      );
      assert.deepEqual(lost, [], 'every acknowledged step is there after the restart');
      assert.deepEqual(
        drift.slice(0, 5),
        [],
        'every stored summary and deadline matches the request’s events',
      );
    } finally {
      await server?.stop();
      await place.remove();
    }
  });

  test('killed during a background GIAS import, the job is taken up again after a restart and finishes once', {
    timeout: 20 * 60_000,
  }, async () => {
    const template = await demoTemplate();
    const place = await demoPlace('job-kill');
    let server: AppServer | undefined = await startServer(place);
    try {
      const admin = await new Browser(server.url).signInOrFail(administrator, place.password);
      const jobId = await uploadGias(admin, giasFileOf(plan.giasRows, 700_001));
      const running = await waitForImport(
        admin,
        jobId,
        (s) => s.status === 'running' && /Checked [\d,]+ of|Saving/.test(s.progress),
        120_000,
      );
      assert.ok(running, 'the import started');
      await server.kill9();
      server = undefined;

      const restarted = performance.now();
      const ended = (state: { status: string }) => state.status === 'succeeded' || state.status === 'failed';
      // A job whose worker stopped beating is taken up again once it has been quiet for the
      // worker's stale window (600 s, src/platform/jobs/worker.ts). The full form first gives it
      // a while to be taken up sooner; then the window's passing is stood in for by moving the
      // job's last heartbeat back past it (on PGlite, with the server stopped: one process only).
      let onItsOwn = false;
      if (plan.jobTakeUpWaitSeconds > 0) {
        server = await startServer(place);
        const browser = new Browser(server.url).withCookiesOf(admin);
        onItsOwn = Boolean(await waitForImport(browser, jobId, ended, plan.jobTakeUpWaitSeconds * 1000));
        if (!onItsOwn && databaseKind === 'pglite') {
          await server.stop();
          server = undefined;
        }
      }
      if (!onItsOwn)
        await withDatabase(place, (database) =>
          sql`UPDATE jobs SET heartbeat_at = now() - interval '11 minutes' WHERE id = ${jobId}`.execute(
            database.db,
          ),
        );
      if (!server) server = await startServer(place);
      const browser = new Browser(server.url).withCookiesOf(admin);
      const finished = onItsOwn
        ? await importState(browser, jobId)
        : await waitForImport(browser, jobId, ended, 10 * 60_000);
      const finishedMs = performance.now() - restarted;
      const state = await importState(browser, jobId);
      await server.stop();
      server = undefined;
      const stored = await withDatabase(place, async (database) => ({
        job: (
          await sql<{ status: string; attempts: number }>`
              SELECT status, attempts FROM jobs WHERE id = ${jobId}`.execute(database.db)
        ).rows[0],
        schools: await count(
          database,
          sql`SELECT count(*)::int AS n FROM establishments WHERE la_code = '926'`,
        ),
        created: await count(
          database,
          sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'school.created' AND detail->>'jobId' = ${jobId}`,
        ),
      }));
      recordResult('killDuringBackgroundJob', {
        rows: plan.giasRows,
        progressWhenKilled: running?.progress,
        takenUpOnItsOwnWithinSeconds: plan.jobTakeUpWaitSeconds
          ? onItsOwn
            ? plan.jobTakeUpWaitSeconds
            : null
          : 'not waited for',
        finishedSecondsAfterRestart: seconds(finishedMs),
        ...stored,
      });

      assert.equal(finished?.status, 'succeeded', `the job finished: ${JSON.stringify(state)}`);
      assert.equal(stored.job?.attempts, 2, 'taken up once more after the kill, and no more');
      const before = template.counts['establishments 926'] ?? 0;
      assert.equal(stored.schools, before + plan.giasRows, 'every school imported, once');
      assert.equal(stored.created, plan.giasRows, 'each school added is audited once, by the job');
    } finally {
      await server?.stop();
      await place.remove();
    }
  });
});
