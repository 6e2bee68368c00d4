import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { addDays } from '../../src/platform/kernel/days.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addChild, apiAs, tokenFor } from '../support/children.ts';

describe('EHC tables: tenancy in the database, and the DfE figures from SQL', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('every table with an la_code has row-level security enabled, forced and a policy', async () => {
    const r = await sql<{ table: string; rls: boolean; forced: boolean; policies: number }>`
      SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
        (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'la_code' AND NOT a.attisdropped)
        -- The two routing tables hold only which LA an email or an invitation link belongs to, read
        -- before any LA is known; nothing else about a person is in them.
        AND c.relname NOT IN ('user_directory', 'invitation_directory')`.execute(t.database.db);
    const names = r.rows.map((x) => x.table);
    for (const table of [
      'ehc_requests',
      'ehc_events',
      'ehc_deadlines',
      'ehc_plans',
      'ehc_plan_sections',
      'la_terms',
    ])
      assert.ok(names.includes(table), table);
    for (const row of r.rows) assert.ok(row.rls && row.forced && row.policies > 0, JSON.stringify(row));
  });

  test("one LA's requests, events and deadlines are invisible to another, and events cannot be rewritten", async () => {
    const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    const res = await api.post('/api/v1/ehc/requests', {
      childId: await addChild(t, t.la.code),
      receivedOn: '2026-01-05',
      source: 'school',
      requestedBy: 'SENCo',
      consent: true,
    });
    assert.equal(res.statusCode, 201, res.body);
    for (const table of ['ehc_requests', 'ehc_events', 'ehc_deadlines']) {
      const n = await inTenant(t.database.db, { laCode: t.otherLa.code, userId: null }, (tx) =>
        sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(tx),
      );
      assert.equal(n.rows[0]?.n, 0, table);
    }
    await assert.rejects(
      inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
        sql`UPDATE ehc_events SET body = '{}'::jsonb`.execute(tx),
      ),
      /permission denied/,
    );
    await assert.rejects(
      inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
        sql`DELETE FROM ehc_events`.execute(tx),
      ),
      /permission denied/,
    );
  });

  test('the stats API keeps the DfE’s laws for any set of plans: bands sum to the plans issued, excluding never exceeds including', async () => {
    const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    const plan = fc.record({
      receivedOn: fc.integer({ min: 0, max: 900 }).map((n) => addDays('2023-06-01', n)),
      // Around the 140- and 364-day edges as well as anywhere.
      days: fc.oneof(fc.constantFrom(139, 140, 141, 363, 364, 365), fc.integer({ min: 20, max: 500 })),
      week20Exception: fc.boolean(),
      kind: fc.constantFrom('new', 'new', 'new', 'reassessment'),
    });
    type Bands = {
      issued: number;
      within20Weeks: number;
      over20To52Weeks: number;
      over52Weeks: number;
      percentWithin20Weeks: number | null;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(plan, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(2024, 2025),
        async (plans, year) => {
          await sql`DELETE FROM ehc_requests WHERE la_code = ${t.la.code} AND is_demo`.execute(t.database.db);
          const childId = await addChild(t, t.la.code);
          for (const p of plans)
            await sql`INSERT INTO ehc_requests (la_code, child_id, kind, source, received_on, stage, final_issued_on,
              week20_exception, closed_on, is_demo)
            VALUES (${t.la.code}, ${childId}, ${p.kind}, 'parent', ${p.receivedOn}, 'issued',
              ${addDays(p.receivedOn, p.days)}, ${p.week20Exception}, ${addDays(p.receivedOn, p.days)}, true)`.execute(
              t.database.db,
            );
          const res = await api.get(`/api/v1/ehc/stats?year=${year}`);
          assert.equal(res.statusCode, 200, res.body);
          const got = res.json() as { includingExceptions: Bands; excludingExceptions: Bands };
          const newInYear = plans.filter(
            (p) => p.kind === 'new' && addDays(p.receivedOn, p.days).startsWith(String(year)),
          );
          const inc = got.includingExceptions;
          const exc = got.excludingExceptions;
          assert.equal(inc.issued, newInYear.length, 'every new plan issued in the year, and nothing else');
          assert.equal(exc.issued, newInYear.filter((p) => !p.week20Exception).length);
          for (const b of [inc, exc]) {
            assert.equal(b.within20Weeks + b.over20To52Weeks + b.over52Weeks, b.issued);
            if (b.issued === 0) assert.equal(b.percentWithin20Weeks, null);
            else {
              assert.ok(
                b.percentWithin20Weeks !== null &&
                  b.percentWithin20Weeks >= 0 &&
                  b.percentWithin20Weeks <= 100,
              );
              assert.ok(Math.abs(b.percentWithin20Weeks - (100 * b.within20Weeks) / b.issued) <= 0.05);
            }
          }
          for (const band of ['within20Weeks', 'over20To52Weeks', 'over52Weeks'] as const)
            assert.ok(exc[band] <= inc[band], band);
        },
      ),
      { numRuns: 25 },
    );
    for (const bad of ['year=1999', 'year=twenty', 'year=2025.5'])
      assert.equal((await api.get(`/api/v1/ehc/stats?${bad}`)).statusCode, 400, bad);
  });
});
