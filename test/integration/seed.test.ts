import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { check, closuresBetween, type EventBody, replay, summarise } from '../../src/modules/ehc/index.ts';
import { horizonFy, recomputePlacementCosts } from '../../src/modules/placements/index.ts';
import { placeLineProblems } from '../../src/modules/providers/places/domain/places.ts';
import { placeLinesFrom } from '../../src/modules/providers/places/repo.ts';
import { createApiToken } from '../../src/platform/auth/service.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { inTenant, withoutTenant } from '../../src/platform/db/tenancy.ts';
import { englandAndWalesCalendar } from '../../src/platform/kernel/bank-holidays.ts';
import { SeedError, type SeededLa, type SeedOptions, seed, seedTogether } from '../../src/seed/index.ts';
import { password, signInCookies, testClock } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const today = '2026-11-24';

describe('the demo data generator writes a whole LA, inside its tenancy', () => {
  let db: TestDatabase;
  let other: SeededLa | undefined;
  before(async () => {
    db = await createTestDatabase();
    await seed(db, {
      scale: 'norfolk',
      seed: 5,
      la: { code: '940', name: 'Test (demo)' },
      children: 600,
      today,
    });
    [other] = await seed(db, {
      scale: 'norfolk',
      seed: 6,
      la: { code: '941', name: 'Other (demo)' },
      children: 200,
      today,
      users: [
        { email: 'kim.lowe@other.example.org', name: 'Kim Lowe', roles: ['ehc_coordinator'], password },
        { email: 'pat.ellis@other.example.org', name: 'Pat Ellis', roles: ['send_team_manager'], password },
      ],
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

  test('each special school, unit and resourced provision has places for each need it is designated for', async () => {
    const r = await inTenant(db.db, { laCode: '940', userId: null }, async (tx) => ({
      counts: (
        await sql<{ designations: number; lines: number; unmatched: number; otherAges: number }>`SELECT
          (SELECT count(*) FROM designations)::int AS designations,
          (SELECT count(*) FROM designated_places)::int AS lines,
          (SELECT count(*) FROM designations d WHERE NOT EXISTS (SELECT 1 FROM designated_places p
            WHERE p.establishment_id = d.establishment_id AND p.provision = d.provision AND p.sen_type = d.sen_type))::int AS unmatched,
          (SELECT count(*) FROM designated_places p JOIN establishments e ON e.id = p.establishment_id
            WHERE p.low_age <> e.statutory_low_age OR p.high_age <> e.statutory_high_age)::int AS "otherAges"`.execute(
          tx,
        )
      ).rows[0],
      lines: await placeLinesFrom(tx, '2014-09-01'),
    }));
    assert.ok((r.counts?.designations ?? 0) > 0, JSON.stringify(r.counts));
    assert.deepEqual(r.counts, { ...r.counts, lines: r.counts?.designations, unmatched: 0, otherAges: 0 });
    for (const line of r.lines) {
      assert.deepEqual(placeLineProblems(line), [], JSON.stringify(line));
      assert.equal(line.startsOn, '2014-09-01');
      assert.ok(line.places > 0);
    }
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
      const history = r.bodies.map((body, i) => ({ id: String(i), corrects: null, body }));
      // Each generated step is one the service itself would have accepted after those before it.
      for (const [i, e] of history.entries())
        assert.equal(
          check(history.slice(0, i), e, today),
          undefined,
          `${r.id} step ${i + 1}: ${e.body.type}`,
        );
      const facts = replay(history).facts;
      assert.ok(facts);
      const s = summarise(facts, { ...engine, closures });
      assert.deepEqual(
        [s.stage, s.closedOn, s.finalIssuedOn, s.week20Exception],
        [r.stage, r.closed_on, r.final_issued_on, r.week20_exception],
        r.id,
      );
    }
    const transfers = rows.filter(
      (r) => r.bodies[0]?.type === 'request-received' && r.bodies[0].kind === 'transfer-in',
    );
    assert.ok(transfers.length > 0, 'some plans transfer in');
    for (const r of transfers) {
      const first = r.bodies[0];
      assert.ok(first?.type === 'request-received' && first.transfer, r.id);
      assert.notEqual(first.transfer.previousLaCode, '940', 'a plan transfers in from another LA');
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

  test('an LA seeded with no one to sign in has a SEND team of its own: two coordinators and a manager', async () => {
    // 600 plans make 600 x 2,500 / 12,147 = 123 requests a year: too few for one caseworker of
    // Norfolk's six (2,500 / 6, about 420 each), so the least a team has, two, with one manager.
    const team = await inTenant(db.db, { laCode: '940', userId: null }, async (tx) =>
      // Head teachers are invented too, so each cluster's panel has heads: not the SEND team.
      (
        await sql<{ name: string; roles: string[] }>`SELECT name, roles FROM users
          WHERE roles <> ARRAY['head_teacher'] ORDER BY name`.execute(tx)
      ).rows.map((u) => u.roles.join()),
    );
    assert.deepEqual(team.sort(), ['ehc_coordinator', 'ehc_coordinator', 'send_team_manager']);
    const audited = await inTenant(db.db, { laCode: '940', userId: null }, async (tx) =>
      Number(
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM audit_events
            WHERE action = 'user.created' AND NOT detail->'roles' @> '["head_teacher"]'`.execute(tx)
        ).rows[0]?.n,
      ),
    );
    assert.equal(audited, 3, 'each is in the audit log as created');
  });

  test('every step names who recorded it, on the day it happened: the coordinator, or a manager for a decision', async () => {
    for (const la of ['940', '941']) {
      const r = await inTenant(db.db, { laCode: la, userId: null }, (tx) =>
        sql<{
          steps: number;
          nobody: number;
          byCoordinator: number;
          byManager: number;
          byAnyoneElse: number;
          wrongDay: number;
          outOfOrder: number;
          unallocated: number;
        }>`SELECT
          count(*)::int AS steps,
          count(*) FILTER (WHERE e.recorded_by IS NULL)::int AS nobody,
          count(*) FILTER (WHERE e.recorded_by = q.coordinator_id)::int AS "byCoordinator",
          count(*) FILTER (WHERE e.recorded_by <> q.coordinator_id AND 'send_team_manager' = ANY(u.roles)
            AND e.type IN ('assessment-decided', 'issue-decided'))::int AS "byManager",
          count(*) FILTER (WHERE e.recorded_by <> q.coordinator_id AND NOT ('send_team_manager' = ANY(u.roles)
            AND e.type IN ('assessment-decided', 'issue-decided')))::int AS "byAnyoneElse",
          count(*) FILTER (WHERE e.recorded_at::date
            <> coalesce(e.body->>'on', e.body->'exception'->>'from')::date)::int AS "wrongDay",
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ehc_events l WHERE l.request_id = e.request_id
            AND l.seq > e.seq AND l.recorded_at <= e.recorded_at))::int AS "outOfOrder",
          (SELECT count(*) FROM ehc_requests WHERE coordinator_id IS NULL)::int AS unallocated
        FROM ehc_events e JOIN ehc_requests q ON q.id = e.request_id LEFT JOIN users u ON u.id = e.recorded_by`.execute(
          tx,
        ),
      );
      const row = r.rows[0];
      assert.ok(row, la);
      assert.deepEqual(
        [row.nobody, row.byAnyoneElse, row.wrongDay, row.outOfOrder, row.unallocated],
        [0, 0, 0, 0, 0],
        la,
      );
      assert.ok(row.byManager > 0, `${la}: a manager recorded some decisions`);
      assert.ok(row.byCoordinator > 0.8 * row.steps, `${la}: coordinators recorded most steps`);
    }
  });

  test('the people given to sign in are created and are the ones who record the LA’s work', async () => {
    const kim = other?.users.get('kim.lowe@other.example.org');
    const pat = other?.users.get('pat.ellis@other.example.org');
    assert.ok(kim && pat);
    const r = await inTenant(db.db, { laCode: '941', userId: null }, (tx) =>
      sql<{ who: string; n: number }>`SELECT recorded_by::text AS who, count(*)::int AS n FROM ehc_events
        GROUP BY recorded_by UNION ALL
        SELECT 'users', count(*)::int FROM users WHERE roles <> ARRAY['head_teacher']`.execute(tx),
    );
    const by = new Map(r.rows.map((x) => [x.who, x.n]));
    assert.equal(by.get('users'), 2, 'no team invented beside them');
    assert.deepEqual([...by.keys()].sort(), [kim, pat, 'users'].sort());
  });

  test('plan sections are written by the request’s coordinator, with some revisions by a manager', async () => {
    const r = await inTenant(db.db, { laCode: '940', userId: null }, (tx) =>
      sql<{ first: number; firstByCoordinator: number; revised: number; revisedByManager: number }>`SELECT
        count(*) FILTER (WHERE s.version = 1)::int AS first,
        count(*) FILTER (WHERE s.version = 1 AND s.written_by = q.coordinator_id)::int AS "firstByCoordinator",
        count(*) FILTER (WHERE s.version = 2)::int AS revised,
        count(*) FILTER (WHERE s.version = 2 AND 'send_team_manager' = ANY(u.roles))::int AS "revisedByManager"
        FROM ehc_plan_sections s JOIN ehc_plans p ON p.id = s.plan_id JOIN ehc_requests q ON q.id = p.request_id
        JOIN users u ON u.id = s.written_by`.execute(tx),
    );
    const row = r.rows[0];
    assert.ok(row);
    assert.equal(row.firstByCoordinator, row.first);
    assert.ok(row.revisedByManager > 0 && row.revisedByManager < row.revised, JSON.stringify(row));
  });

  test('a request’s page shows who recorded each step of its history', async () => {
    const app = await buildApp({
      config: loadConfig({ SEED_DEMO: 'false' }),
      database: db,
      clock: testClock(new Date(`${today}T10:00:00Z`)),
    });
    try {
      const cookie = await signInCookies(app, 'kim.lowe@other.example.org');
      const id = await inTenant(db.db, { laCode: '941', userId: null }, async (tx) => {
        const q = await sql<{ id: string }>`SELECT id FROM ehc_requests
          WHERE final_issued_on IS NOT NULL AND kind = 'new' ORDER BY received_on LIMIT 1`.execute(tx);
        return q.rows[0]?.id;
      });
      const page = await app.inject({ method: 'GET', url: `/ehc/requests/${id}`, headers: { cookie } });
      assert.equal(page.statusCode, 200);
      const history = page.body.slice(page.body.indexOf('History of the request'));
      assert.match(history, /Kim Lowe, \d{1,2} [A-Z][a-z]+ 20\d\d/);
      assert.doesNotMatch(history, /Unknown/);
    } finally {
      await app.close();
    }
  });
});

describe('LAs seeded together commit together or not at all', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.drop());

  const owned = async (table: string) =>
    Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db.db)).rows[0]
        ?.n,
    );
  const small = (code: string, seedNumber: number, users: SeedOptions['users'] = []) => ({
    scale: 'norfolk' as const,
    seed: seedNumber,
    la: { code, name: `LA ${code} (demo)` },
    children: 40,
    today,
    users,
  });

  test('a failure after every LA is written, in the same transaction, leaves no LA, user or audit event', async () => {
    await assert.rejects(
      seedTogether(db, [small('950', 1), small('951', 2)], {
        async finish() {
          throw new Error('the disk filled up');
        },
      }),
      /the disk filled up/,
    );
    assert.equal(await owned('las'), 0);
    assert.equal(await owned('user_directory'), 0);
  });

  test('a person whose email already signs someone in is refused, and neither LA is written', async () => {
    const person = { email: 'sam.taken@example.org', name: 'Sam Taken', roles: ['administrator'], password };
    await seedTogether(db, [small('952', 3, [person])]);
    await assert.rejects(
      seedTogether(db, [small('953', 4), small('954', 5, [{ ...person, email: 'Sam.Taken@example.org' }])]),
      (err: unknown) =>
        err instanceof SeedError &&
        /A user with email sam\.taken@example\.org already exists/.test(err.message),
    );
    assert.deepEqual(
      (await sql<{ code: string }>`SELECT code FROM las ORDER BY code`.execute(db.db)).rows.map(
        (r) => r.code,
      ),
      ['952'],
    );
  });

  test('a national seed refuses an LA that exists but was not made by the same national seed', async () => {
    // 952 is no LA of England's, so national cannot meet it; 926 is, and exists from another seed.
    await seedTogether(db, [small('926', 6)]);
    await assert.rejects(seed(db, { scale: 'national', seed: 1 }), /LA 926 already exists/);
  });
});

describe('the generator’s placements and high needs budget, as the service and the API see them', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let officer: Record<string, string>;
  let approver: Record<string, string>;
  const la = '942';
  before(async () => {
    db = await createTestDatabase();
    const [seeded] = await seed(db, {
      scale: 'norfolk',
      seed: 11,
      la: { code: la, name: 'Finance (demo)' },
      children: 800,
      today,
      users: [
        {
          email: 'fran.officer@finance.example.org',
          name: 'Fran Officer',
          roles: ['finance_officer'],
          password,
        },
        {
          email: 'abe.approver@finance.example.org',
          name: 'Abe Approver',
          roles: ['finance_approver'],
          password,
        },
      ],
    });
    const bearer = async (email: string) => {
      const userId = seeded?.users.get(email) ?? '';
      const { token } = await createApiToken(
        db,
        { userId, laCode: la },
        { name: 'seed tests', days: 1 },
        { ip: null, requestId: 'test', now: new Date(`${today}T09:00:00Z`) },
      );
      return { authorization: `Bearer ${token}` };
    };
    officer = await bearer('fran.officer@finance.example.org');
    approver = await bearer('abe.approver@finance.example.org');
    app = await buildApp({
      config: loadConfig({ SEED_DEMO: 'false' }),
      database: db,
      clock: testClock(new Date(`${today}T10:00:00Z`)),
    });
  });
  after(async () => {
    await app.close();
    await db.drop();
  });
  const get = async (url: string, headers: Record<string, string>) => {
    const r = await app.inject({ method: 'GET', url, headers });
    assert.equal(r.statusCode, 200, r.body);
    return r.json();
  };

  test('the costs stored for every placement are the ones the service stores when it works them out again', async () => {
    const stored = (tx: Parameters<Parameters<typeof inTenant>[2]>[0]) =>
      sql<{ row: string }>`SELECT concat_ws('|', placement_id, fy, budget_line, payer, committed_pence) AS row
        FROM placement_costs ORDER BY 1`.execute(tx);
    const [before, after, placements] = await inTenant(db.db, { laCode: la, userId: null }, async (tx) => {
      const was = (await stored(tx)).rows.map((r) => r.row);
      const ids = (await sql<{ id: string }>`SELECT id FROM placements`.execute(tx)).rows.map((r) => r.id);
      // Through this financial year and the next two, as every change to a placement does.
      await recomputePlacementCosts(tx, la, ids, horizonFy(today));
      return [was, (await stored(tx)).rows.map((r) => r.row), ids.length];
    });
    assert.ok(
      placements > 800,
      `one for each of the 800 children with plans, and some before: ${placements}`,
    );
    assert.ok(before.length > placements);
    assert.deepEqual(after, before);
  });

  test('the finance officer sees this year’s position over budget by a few per cent, with the ESFA’s part outside it and the months so far', async () => {
    const p = (await get('/api/v1/finance/position', officer)) as {
      fy: string;
      budgetSet: boolean;
      esfaDirectPence: number;
      totals: { budgetPence: number; forecastPence: number; variancePence: number };
      lines: { code: string; inBudget: boolean }[];
      outsideBlock: { esfaDirectPence: number; transportPence: number };
      unpricedStarters: unknown[];
      trend: { takenOn: string; budgetPence: number; forecastPence: number }[];
    };
    assert.equal(p.fy, '2026-27');
    assert.equal(p.budgetSet, true);
    assert.ok(
      p.lines.every((l) => l.inBudget),
      'every cost against a line of the budget',
    );
    const over = -p.totals.variancePence / p.totals.budgetPence;
    assert.ok(over > 0 && over < 0.12, `over by ${over}`);
    // The budget's ESFA part is what placements cost the ESFA this year, to the nearest £1,000.
    assert.ok(
      p.esfaDirectPence > 0 && Math.abs(p.esfaDirectPence - p.outsideBlock.esfaDirectPence) <= 50_000,
    );
    assert.ok(p.outsideBlock.transportPence > 0);
    assert.deepEqual(p.unpricedStarters, [], 'every expected starter priced');
    // The first of each month from April to October as generated, then today's, taken by this look.
    assert.deepEqual(
      p.trend.map((s) => s.takenOn),
      [
        '2026-04-01',
        '2026-05-01',
        '2026-06-01',
        '2026-07-01',
        '2026-08-01',
        '2026-09-01',
        '2026-10-01',
        today,
      ],
    );
    assert.equal(p.trend.at(-1)?.forecastPence, p.totals.forecastPence);
    const overs = p.trend.map((s) => s.forecastPence / s.budgetPence);
    assert.ok((overs.at(-1) ?? 0) > (overs[0] ?? 0), 'the overspend has grown since April');
    const last = (await get('/api/v1/finance/position?fy=2025-26', officer)) as { budgetSet: boolean };
    assert.equal(last.budgetSet, true);
  });

  test('a placement waiting for approval is approved by the finance approver, and then counts as committed', async () => {
    const waiting = (await get('/api/v1/placements?approval=awaiting', officer)) as {
      items: { id: string; fyPence: number }[];
    };
    assert.equal(waiting.items.length, 1, 'max(1, round(6 × 800 / 12,147)) = max(1, 0) = 1');
    const [first] = waiting.items;
    assert.ok(first);
    const before = (await get('/api/v1/finance/position', officer)) as {
      totals: { committedPence: number; awaitingApprovalPence: number };
    };
    assert.ok(before.totals.awaitingApprovalPence > 0);
    const decided = await app.inject({
      method: 'POST',
      url: `/api/v1/placements/${first.id}/approval`,
      headers: approver,
      payload: { version: 1, decision: 'approve' },
    });
    assert.equal(decided.statusCode, 200, decided.body);
    const after = (await get('/api/v1/finance/position', officer)) as typeof before;
    assert.equal(after.totals.awaitingApprovalPence, 0);
    assert.equal(
      after.totals.committedPence,
      before.totals.committedPence + before.totals.awaitingApprovalPence,
    );
  });
});
