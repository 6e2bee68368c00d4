import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { apiClient, Browser } from './support/client.ts';
import { count, withDatabase } from './support/direct.ts';
import { giasFileOf } from './support/gias-file.ts';
import { uploadGias } from './support/imports.ts';
import { clearUpOwnRun, type DemoPlace, demoPlace } from './support/places.ts';
import { recordResult } from './support/results.ts';
import { type AppServer, killAllServers, startServer } from './support/server.ts';
import { databaseKind, form, plan } from './support/settings.ts';

/**
 * Two app processes on one PostgreSQL database, as behind a load balancer: what one does, the
 * other honours. Each process remembers a checked session or token for up to 30 seconds
 * (src/platform/auth/token-cache.ts), so the other may accept one for that long after it ends;
 * the checks allow 31 seconds and report how long it took.
 */
const cacheLifetimeMs = 30_000;
const skip = databaseKind === 'postgresql' ? false : 'two processes share a database only on PostgreSQL';

const coordinator = 'coordinator@norfolk.demo.opensend.test';
const administrator = 'admin@norfolk.demo.opensend.test';

/** Asks until `refused` says the answer is a refusal; how long that took, or undefined if never. */
async function msUntilRefused(
  ask: () => Promise<number>,
  refused: (status: number) => boolean,
  withinMs: number,
) {
  const started = performance.now();
  while (performance.now() - started <= withinMs) {
    if (refused(await ask())) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

describe(`two app processes on one PostgreSQL database (${form} form)`, { skip }, () => {
  let place: DemoPlace;
  let a: AppServer;
  let b: AppServer;
  before(async () => {
    place = await demoPlace('two-processes');
    [a, b] = await Promise.all([startServer(place), startServer(place)]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await killAllServers();
    await place?.remove();
    await clearUpOwnRun();
  });

  test('a session from A works on B; signed out on A, and a token revoked on A, B refuses them within the cache lifetime', {
    timeout: 5 * 60_000,
  }, async () => {
    const onA = await new Browser(a.url).signInOrFail(coordinator, place.password);
    const onB = new Browser(b.url).withCookiesOf(onA);
    const page = async (browser: Browser) => (await browser.get('/account/password')).status;
    assert.equal(await page(onB), 200, 'the session made on A is good on B');

    const tokenOwner = await new Browser(a.url).signInOrFail(coordinator, place.password);
    const token = await tokenOwner.createToken('Used on both');
    const me = async (server: AppServer) => (await apiClient(server.url, token).get('/api/v1/me')).status;
    assert.equal(await me(b), 200, 'the token made on A is good on B');
    // Both are now in B's cache: the worst case for noticing the end of either.

    assert.equal(await onA.signOut(), 303);
    assert.equal(await tokenOwner.revokeToken('Used on both'), 303);
    assert.notEqual(await page(new Browser(a.url).withCookiesOf(onB)), 200, 'A refuses the session at once');
    assert.equal(await me(a), 401, 'A refuses the token at once');
    const [sessionMs, tokenMs] = await Promise.all([
      msUntilRefused(
        () => page(onB),
        (s) => s !== 200,
        cacheLifetimeMs + 1_000,
      ),
      msUntilRefused(
        () => me(b),
        (s) => s === 401,
        cacheLifetimeMs + 1_000,
      ),
    ]);
    recordResult('twoProcessesSignOutAndRevoke', {
      cacheLifetimeMs,
      sessionRefusedOnBAfterMs: sessionMs === undefined ? null : Math.round(sessionMs),
      tokenRefusedOnBAfterMs: tokenMs === undefined ? null : Math.round(tokenMs),
    });
    assert.ok(sessionMs !== undefined, 'B refuses the signed-out session within 31 s');
    assert.ok(tokenMs !== undefined, 'B refuses the revoked token within 31 s');
  });

  test(`${plan.sharedJobs} GIAS imports queued on A and B each run exactly once`, {
    timeout: 10 * 60_000,
  }, async () => {
    const rows = 50;
    const adminOnA = await new Browser(a.url).signInOrFail(administrator, place.password);
    const adminOnB = new Browser(b.url).withCookiesOf(adminOnA);
    const before = await withDatabase(place, (database) =>
      count(database, sql`SELECT count(*)::int AS n FROM establishments WHERE la_code = '926'`),
    );
    const ids: string[] = [];
    for (let k = 0; k < plan.sharedJobs; k++)
      ids.push(await uploadGias(k % 2 ? adminOnB : adminOnA, giasFileOf(rows, 710_000 + k * 100)));

    const jobs = () =>
      withDatabase(
        place,
        async (database) =>
          (
            await sql<{ id: string; status: string; attempts: number; created: number }>`
              SELECT id, status, attempts,
                (SELECT count(*)::int FROM audit_events e
                  WHERE e.action = 'school.created' AND e.detail->>'jobId' = jobs.id::text) AS created
              FROM jobs WHERE id = ANY(${ids}::uuid[]) ORDER BY created_at`.execute(database.db)
          ).rows,
      );
    let seen = await jobs();
    const deadline = performance.now() + 5 * 60_000;
    while (
      seen.some((j) => j.status === 'queued' || j.status === 'running') &&
      performance.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 500));
      seen = await jobs();
    }
    const after = await withDatabase(place, (database) =>
      count(database, sql`SELECT count(*)::int AS n FROM establishments WHERE la_code = '926'`),
    );
    recordResult('twoProcessesJobs', {
      jobs: ids.length,
      rowsEach: rows,
      outcomes: seen.map((j) => ({ status: j.status, attempts: j.attempts, schoolsCreated: j.created })),
    });

    assert.deepEqual(
      seen.map((j) => [j.status, j.attempts, j.created]),
      ids.map(() => ['succeeded', 1, rows]),
      'each job claimed once, finished, and added its schools once',
    );
    assert.equal(after, before + ids.length * rows);
  });
});
