import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { closuresBetween, type EventBody, replay, summarise } from '../../src/modules/ehc/index.ts';
import { inTenant, withoutTenant } from '../../src/platform/db/tenancy.ts';
import { englandAndWalesCalendar } from '../../src/platform/kernel/bank-holidays.ts';
import { SeedError, seed } from '../../src/seed/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const today = '2026-11-24';

describe('the demo data generator writes a whole LA, inside its tenancy', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await seed(db, {
      scale: 'norfolk',
      seed: 5,
      la: { code: '940', name: 'Test (demo)' },
      children: 600,
      today,
    });
    await seed(db, {
      scale: 'norfolk',
      seed: 6,
      la: { code: '941', name: 'Other (demo)' },
      children: 200,
      today,
    });
  });
  after(() => db.drop());

  const count = (la: string, table: string, where = sql`true`) =>
    inTenant(db.db, { laCode: la, userId: null }, async (tx) => {
      const r = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(tx);
      return Number(r.rows[0]?.n);
    });
  const withPlans = sql`sen_provision = 'ehc_plan'`;

  test('each LA sees its own children, schools and clusters only', async () => {
    assert.equal(await count('940', 'children', withPlans), 600);
    assert.equal(await count('941', 'children', withPlans), 200);
    // Those who asked for an assessment and have no plan (yet) are on SEN Support.
    assert.ok((await count('940', 'children')) > 600);
    assert.ok((await count('940', 'establishments')) > 20);
    assert.ok((await count('940', 'clusters')) > 2);
    assert.ok((await count('940', 'people')) >= 600);
    assert.equal(
      await withoutTenant(db.db, async (tx) =>
        Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM children`.execute(tx)).rows[0]?.n),
      ),
      0,
    );
  });

  test('every child is marked as demo data, and every record links up', async () => {
    const r = await inTenant(db.db, { laCode: '940', userId: null }, (tx) =>
      sql<{ demo: number; orphans: number; noNeed: number }>`SELECT
        count(*) FILTER (WHERE is_demo)::int AS demo,
        count(*) FILTER (WHERE establishment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM establishments e WHERE e.id = c.establishment_id))::int AS orphans,
        count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM child_sen_needs n WHERE n.child_id = c.id AND n.rank = 1))::int AS "noNeed"
        FROM children c`.execute(tx),
    );
    const all = await count('940', 'children');
    assert.deepEqual(r.rows[0], { demo: all, orphans: 0, noNeed: 0 });
  });

  test('seeding an LA that already exists is refused before anything is written', async () => {
    await assert.rejects(
      seed(db, { scale: 'norfolk', seed: 9, la: { code: '940', name: 'Again' }, children: 10 }),
      SeedError,
    );
    assert.equal(await count('940', 'children', withPlans), 600);
  });

  test('three years of EHC requests, each stored as the engine works out its events, one active plan per child with a plan', async () => {
    const rows = await inTenant(db.db, { laCode: '940', userId: null }, async (tx) => {
      const r = await sql<{
        id: string;
        stage: string;
        closed_on: string | null;
        final_issued_on: string | null;
        week20_exception: boolean;
        bodies: EventBody[];
      }>`SELECT r.id, r.stage, to_char(r.closed_on, 'YYYY-MM-DD') AS closed_on,
          to_char(r.final_issued_on, 'YYYY-MM-DD') AS final_issued_on, r.week20_exception,
          (SELECT json_agg(e.body ORDER BY e.seq) FROM ehc_events e WHERE e.request_id = r.id) AS bodies
        FROM ehc_requests r`.execute(tx);
      return r.rows;
    });
    // About 2,500 requests a year for Norfolk's 12,147 plans: 600 plans give about 120 a year.
    assert.ok(rows.length > 300 && rows.length < 450, String(rows.length));
    const engine = { today, calendar: englandAndWalesCalendar, closures: [] };
    const terms = await inTenant(
      db.db,
      { laCode: '940', userId: null },
      async (tx) =>
        (
          await sql<{
            s: string;
            e: string;
          }>`SELECT to_char(starts_on, 'YYYY-MM-DD') s, to_char(ends_on, 'YYYY-MM-DD') e FROM la_terms`.execute(
            tx,
          )
        ).rows,
    );
    const closures = closuresBetween(terms.map((t) => ({ startsOn: t.s, endsOn: t.e })));
    for (const r of rows) {
      assert.equal(r.bodies[0]?.type, 'request-received', r.id);
      const facts = replay(r.bodies.map((body, i) => ({ id: String(i), corrects: null, body }))).facts;
      assert.ok(facts);
      const s = summarise(facts, { ...engine, closures });
      assert.deepEqual(
        [s.stage, s.closedOn, s.finalIssuedOn, s.week20Exception],
        [r.stage, r.closed_on, r.final_issued_on, r.week20_exception],
        r.id,
      );
    }
    const stages = new Set(rows.map((r) => r.stage));
    for (const stage of ['deciding-whether-to-assess', 'assessing', 'drafting', 'issued', 'refused'])
      assert.ok(stages.has(stage), stage);
    assert.equal((await count('940', 'ehc_plans', sql`status = 'active'`)) <= 600, true);
    assert.ok((await count('940', 'ehc_plans', sql`status = 'active'`)) > 590);
  });

  test('every request decided for a plan has its plan as the service keeps it, with sections written, and the LA its letter details', async () => {
    const r = await inTenant(db.db, { laCode: '940', userId: null }, (tx) =>
      sql<{
        mismatched: number;
        drafts: number;
        withSections: number;
        sectionless: number;
        settings: number;
      }>`SELECT
        (SELECT count(*) FROM ehc_requests q LEFT JOIN ehc_plans p ON p.request_id = q.id
          WHERE (q.issue_outcome = 'issue') <> (p.id IS NOT NULL)
             OR (q.final_issued_on IS NOT NULL AND q.kind <> 'transfer-in' AND p.status NOT IN ('active', 'replaced'))
             OR (q.issue_outcome = 'issue' AND q.final_issued_on IS NULL AND p.status <> 'draft'))::int AS mismatched,
        (SELECT count(*) FROM ehc_plans WHERE status = 'draft')::int AS drafts,
        (SELECT count(DISTINCT plan_id) FROM ehc_plan_sections)::int AS "withSections",
        (SELECT count(*) FROM ehc_plans p WHERE p.request_id IS NOT NULL AND p.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM ehc_requests q WHERE q.id = p.request_id AND q.kind = 'transfer-in')
          AND (SELECT count(DISTINCT section) FROM ehc_plan_sections s WHERE s.plan_id = p.id) <> 11)::int AS sectionless,
        (SELECT count(*) FROM ehc_letter_settings)::int AS settings`.execute(tx),
    );
    const row = r.rows[0];
    assert.ok(row);
    assert.equal(row.mismatched, 0, 'a plan exists exactly for the requests decided for one');
    assert.ok(row.drafts > 0, 'some drafts are being written');
    assert.ok(row.withSections > 100, String(row.withSections));
    assert.equal(row.sectionless, 0, 'every issued plan has sections A to K but I');
    assert.equal(row.settings, 1);
  });
});
