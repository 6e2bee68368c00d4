import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { connect, type Database } from '../../src/platform/db/connect.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { type CliWorkspace, cliWorkspace } from '../support/cli.ts';
import { childEnv, freePort, signInOverHttp, startCli, startServer } from '../support/processes.ts';

/**
 * A seed completes or leaves nothing. Each test stops a real process with kill -9 while it writes
 * (no handler runs, nothing is flushed), then runs it again and finds the whole of what it makes.
 * On PGlite by default; on PostgreSQL when DATABASE_URL is set.
 */
describe('seeding stopped by kill -9 leaves nothing, and running it again finishes it', () => {
  let ws: CliWorkspace;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    ws = await cliWorkspace('seed-crash');
    env = childEnv({ DATA_DIR: ws.dataDir, DATABASE_URL: ws.databaseUrl });
  });
  after(() => ws.remove());

  async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
    const database = await connect(
      ws.databaseUrl ? { databaseUrl: ws.databaseUrl } : { dataDir: path.join(ws.dataDir, 'pglite') },
    );
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }
  const countIn = (database: Database, la: string, table: string) =>
    inTenant(database.db, { laCode: la, userId: null }, async (tx) =>
      Number(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(tx)).rows[0]?.n,
      ),
    );
  const requestsIn = (database: Database, status: string) =>
    inTenant(database.db, { laCode: '926', userId: null }, async (tx) =>
      Number(
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM portal_requests WHERE status = ${status}`.execute(tx)
        ).rows[0]?.n,
      ),
    );
  const usersIn = (database: Database, la: string, heads: boolean) =>
    inTenant(database.db, { laCode: la, userId: null }, async (tx) =>
      Number(
        (
          await sql<{ n: number }>`SELECT count(*)::int AS n FROM users
            WHERE (roles = ARRAY['head_teacher']) = ${heads}`.execute(tx)
        ).rows[0]?.n,
      ),
    );
  const staffIn = (database: Database, la: string) => usersIn(database, la, false);
  const headsIn = (database: Database, la: string) => usersIn(database, la, true);
  /**
   * On PostgreSQL, what the server is doing in the workspace's database: the killed process's
   * sessions end when the server next reads from them, and a start that waits says on what.
   */
  async function activity(): Promise<{ pid: number; state: string; wait: string; query: string }[]> {
    if (!ws.databaseUrl) return [];
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
      const r = await c.query(
        `SELECT pid, coalesce(state, '') AS state, coalesce(wait_event_type || ':' || wait_event, '') AS wait,
           left(query, 200) AS query
         FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'`,
        [new URL(ws.databaseUrl).pathname.slice(1)],
      );
      return r.rows;
    } finally {
      await c.end();
    }
  }
  async function untilGone() {
    for (let i = 0; i < 120 && (await activity()).length > 0; i++) await sleep(500);
    assert.deepEqual(await activity(), [], "the killed process's sessions ended");
  }
  async function waitOrSay(running: { waitFor(p: RegExp, ms: number): Promise<void> }, pattern: RegExp) {
    try {
      await running.waitFor(pattern, 300_000);
    } catch (e) {
      throw new Error(
        `${(e as Error).message}\nthe database was doing:\n${JSON.stringify(await activity(), null, 1)}`,
      );
    }
  }
  const count = (database: Database, query: string) =>
    sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(query)}`
      .execute(database.db)
      .then((r) => Number(r.rows[0]?.n));

  test('the first start killed while it writes the demo leaves an empty database; the next start makes the whole demo, and its sign-in works', async () => {
    const first = startServer({ ...env, PORT: String(await freePort()) });
    await first.waitFor(/Writing the demo LAs to the database/, 300_000);
    await sleep(1000);
    assert.equal(first.child.exitCode, null, 'still writing when killed');
    first.child.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');
    await untilGone();

    const port = await freePort();
    const second = startServer({ ...env, PORT: String(port) });
    try {
      await waitOrSay(second, /Press Ctrl\+C to stop/);
      assert.match(
        second.stdout(),
        /First start: creating the demo LAs/,
        'the killed start left no LA behind',
      );
      const password = /password for all: (\S+)\)/.exec(second.stdout())?.[1] ?? '';
      assert.match(
        fs.readFileSync(path.join(ws.dataDir, 'demo-sign-in.txt'), 'utf8'),
        new RegExp(`password for all: ${password}\\)`),
      );
      assert.match(
        second.stdout(),
        /Online: 3 requests for help wait for triage; 3 pieces of advice are asked of the adviser; 1 consultation waits for the SENCo's school; the parent follows a review of their child’s plan\./,
      );
      const base = `http://127.0.0.1:${port}`;
      for (const email of ['admin@norfolk.demo.opensend.test', 'admin@suffolk.demo.opensend.test']) {
        const cookie = await signInOverHttp(base, email, password);
        const home = await fetch(`${base}/`, { headers: { cookie } });
        assert.equal(home.status, 200, email);
      }
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }

    await withDatabase(async (database) => {
      assert.equal(await count(database, 'las'), 2);
      assert.equal(await count(database, 'las WHERE seeded_at IS NOT NULL'), 2);
      // Norfolk: 12,147 children with plans, and those asked about who have none: 2,500 requests a
      // year (12,147 × 2,500 / 12,147) × 1.35 = 3,375; 12,147 + 3,375 = 15,522.
      assert.equal(await countIn(database, '926', 'children'), 15_522);
      // Suffolk: 400 with plans; round(400 × 2,500 / 12,147) = round(82.3) = 82 requests a year,
      // round(82 × 1.35) = round(110.7) = 111 without; 400 + 111 = 511.
      assert.equal(await countIn(database, '935', 'children'), 511);
      // Norfolk: the thirteen people of the demo and five more caseworkers. Suffolk: its administrator,
      // and the SEND team invented for it: max(2, round(82 / 420)) = 2 coordinators, ceil(2 / 10) = 1 manager.
      assert.equal(await staffIn(database, '926'), 18);
      assert.equal(await staffIn(database, '935'), 4);
      // And a head teacher for every school in a cluster, so each cluster's panel has its heads.
      for (const la of ['926', '935'])
        assert.equal(await headsIn(database, la), await countIn(database, la, 'cluster_memberships'), la);
      // Online work waiting, made through the portals' own use cases: the demo parent's request for
      // help and the SENCo's two (for pupils with no open request), one more of the SENCo's for an
      // assessment, opened as an EHC request; advice asked of the adviser on three requests being
      // assessed; one consultation put to the SENCo's school.
      assert.equal(await requestsIn(database, 'triage'), 3);
      assert.equal(await requestsIn(database, 'opened'), 1);
      assert.equal(await countIn(database, '926', 'portal_advice'), 3);
    });
  });

  test('`opensend seed` killed while it writes leaves no LA; the same command run again makes the whole LA', async () => {
    const args = ['seed', '--la', '940', '--children', '3000', '--seed', '7'];
    const first = startCli(args, env);
    await first.waitFor(/writing LA 940/, 300_000);
    await sleep(300);
    assert.equal(first.child.exitCode, null, 'still writing when killed');
    first.child.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');
    await untilGone();

    const again = startCli(args, env);
    const { code } = await again.exited;
    assert.equal(code, 0, again.stderr());
    assert.match(again.stdout(), /Seeded 1 LA in/);
    await withDatabase(async (database) => {
      // 3,000 with plans; round(3,000 × 2,500 / 12,147) = round(617.4) = 617 requests a year,
      // round(617 × 1.35) = round(832.95) = 833 without; 3,000 + 833 = 3,833.
      assert.equal(await countIn(database, '940', 'children'), 3_833);
      assert.equal(await count(database, "las WHERE code = '940' AND seeded_at IS NOT NULL"), 1);
    });
  });
});
