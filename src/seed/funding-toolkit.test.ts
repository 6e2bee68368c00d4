import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { potYear, returnDueOn } from '../modules/funding/index.ts';
import { inTenant } from '../platform/db/tenancy.ts';
import { addLa } from '../platform/las/index.ts';
import {
  type GeneratedToolkit,
  generateToolkits,
  loadToolkits,
  type ToolkitSeedInput,
} from './funding-toolkit.ts';
import { Prng } from './prng.ts';

/**
 * The demo's cluster toolkits, generated for a small LA of twelve clusters of four schools on 24
 * November 2026: the 2025 academic year's pot (1 September 2025 to 31 August 2026, returns due 30
 * September 2026) has ended, the 2026 pot's year began on 1 September 2026.
 */

const la = '926';
const today = '2026-11-24';
const id = (kind: number, n: number) =>
  `00000000-${String(kind).padStart(4, '0')}-4000-8000-${String(n).padStart(12, '0')}`;
const ended = id(0, 9001);
const running = id(0, 9002);

function smallLa(): ToolkitSeedInput {
  const clusters = Array.from({ length: 12 }, (_, c) => id(1, c + 1));
  const establishments = Array.from({ length: 48 }, (_, s) => ({
    id: id(2, s + 1),
    urn: 200_000 + s,
    name: `School ${s + 1}`,
  }));
  return {
    laCode: la,
    today,
    pots: [
      { id: ended, yearKind: 'academic', year: 2025 },
      { id: running, yearKind: 'academic', year: 2026 },
    ],
    allocations: clusters.flatMap((clusterId, c) => [
      { clusterId, potId: ended, pence: 60_000_000 + c * 1_234_567 },
      { clusterId, potId: running, pence: 62_000_000 + c * 987_654 },
    ]),
    memberships: establishments.map((e, s) => ({
      cluster_id: clusters[Math.floor(s / 4)] ?? '',
      establishment_id: e.id,
    })),
    establishments,
    children: establishments.flatMap((e, s) =>
      Array.from({ length: 3 }, (_, k) => ({
        id: id(3, s * 3 + k + 1),
        establishment_id: e.id,
      })),
    ),
    // The first cluster's first school has the LA's own head teacher; every other school gets one invented.
    heads: [{ userId: id(4, 1), establishmentId: establishments[0]?.id ?? '' }],
    hostUsers: new Map([[clusters[0] ?? '', id(4, 2)]]),
    financeOfficer: id(4, 3),
  };
}

describe('the demo’s cluster toolkits', () => {
  const input = smallLa();
  const g = generateToolkits(input, new Prng(926));
  const of = <R extends { cluster_id: string; pot_id: string }>(rows: readonly R[], pot: string) =>
    rows.filter((r) => r.pot_id === pot);

  test('the same seed makes the same toolkits', () => {
    assert.deepEqual(generateToolkits(smallLa(), new Prng(926)), g);
  });

  test('every school without a head teacher gets one, so each of the 12 panels has 4 heads', () => {
    assert.equal(g.headTeachers.length, 47);
    assert.ok(g.headTeachers.every((h) => h.roles.join() === 'head_teacher'));
    assert.equal(new Set(g.headTeachers.map((h) => h.email)).size, 47);
    assert.ok(g.decisions.every((d) => d.heads_in_cluster === 4));
  });

  test('every decision was made by a quorate panel: at least 2 of the 4 heads present', () => {
    for (const d of g.decisions) {
      const present = g.panelHeads.filter((h) => h.decision_id === d.id).length;
      assert.ok(present >= 2 && present <= 4, `${present} present`);
    }
  });

  test('every cluster has a plan for each pot, with named pupils at the line’s own school', () => {
    const pupilSchool = new Map(input.children.map((c) => [c.id, c.establishment_id]));
    for (const pot of [ended, running])
      assert.equal(new Set(of(g.planLines, pot).map((l) => l.cluster_id)).size, 12);
    for (const l of g.planLines.filter((x) => x.kind === 'named_pupil')) {
      const schools = g.lineSchools.filter((s) => s.plan_line_id === l.id).map((s) => s.establishment_id);
      assert.deepEqual(schools, [pupilSchool.get(l.child_id ?? '')]);
    }
  });

  test('spend falls within its pot’s year, no later than today, at one of its line’s schools', () => {
    const yearOf = { [ended]: potYear('academic', 2025), [running]: potYear('academic', 2026) };
    for (const s of g.spend) {
      const y = yearOf[s.pot_id];
      assert.ok(y && s.spent_on >= y.startsOn && s.spent_on <= y.endsOn && s.spent_on <= today, s.spent_on);
      const schools = g.lineSchools
        .filter((x) => x.plan_line_id === s.plan_line_id)
        .map((x) => x.establishment_id);
      assert.ok(schools.includes(s.establishment_id));
    }
    // The 2026 year has run 85 days of 365 (1 September to 24 November): its spend has only begun.
    const spent = (pot: string) => of(g.spend, pot).reduce((sum, s) => sum + s.amount_pence, 0);
    assert.ok(spent(running) > 0 && spent(running) < spent(ended) / 2);
  });

  test('the ended year has a return from every cluster: one sent back, one still with the LA, ten accepted', () => {
    const statuses = of(g.returns, ended).map((r) => r.status);
    assert.equal(statuses.length, 12);
    // One in ten of 12, rounded, is 1 still with the LA; the first is sent back; the rest accepted.
    assert.deepEqual(
      [statuses.filter((s) => s === 'returned').length, statuses.filter((s) => s === 'submitted').length],
      [1, 1],
    );
    assert.equal(statuses.filter((s) => s === 'accepted').length, 10);
    assert.equal(of(g.returns, running).length, 0, 'the running year has no return yet');
  });

  test('each return’s figures are its toolkit’s: the spend added up, the carry-forward the allocation less it', () => {
    for (const r of g.returns) {
      const spent = g.spend
        .filter((s) => s.cluster_id === r.cluster_id && s.pot_id === r.pot_id)
        .reduce((sum, s) => sum + s.amount_pence, 0);
      const planned = g.planLines
        .filter((l) => l.cluster_id === r.cluster_id && l.pot_id === r.pot_id)
        .reduce((sum, l) => sum + l.planned_pence, 0);
      const allocation = input.allocations.find(
        (a) => a.clusterId === r.cluster_id && a.potId === r.pot_id,
      )?.pence;
      assert.equal(r.spent_pence, spent);
      assert.equal(r.planned_pence, planned);
      assert.equal(r.allocation_pence, allocation);
      assert.equal(r.carry_forward_pence, (allocation ?? 0) - spent);
      assert.ok(r.submitted_on > '2026-08-31' && r.submitted_on <= today);
    }
    // Due 30 September 2026, a month after the year's end: most were sent by then.
    assert.equal(returnDueOn(potYear('academic', 2025)), '2026-09-30');
    assert.ok(of(g.returns, ended).filter((r) => r.submitted_on <= '2026-09-30').length >= 9);
  });

  test('the running year has a few decisions so far, none after today', () => {
    const so = of(g.decisions, running);
    assert.ok(so.length >= 1 && so.length <= 12 * 3);
    assert.ok(so.every((d) => d.held_on >= '2026-09-01' && d.held_on <= today));
  });
});

describe('the demo’s toolkits load as the database keeps them', () => {
  let db: TestDatabase;
  let g: GeneratedToolkit;
  const input = smallLa();

  before(async () => {
    db = await createTestDatabase();
    await addLa(db, { code: la, name: 'Norfolk (test)' });
    g = generateToolkits(input, new Prng(926));
    const run = (q: { execute: (d: typeof db.db) => Promise<unknown> }) => q.execute(db.db);
    for (const e of input.establishments)
      await run(sql`INSERT INTO establishments (id, la_code, urn, name, name_search, setting_kind)
        VALUES (${e.id}, ${la}, ${e.urn}, ${e.name}, ${e.name.toLowerCase()}, 'school')`);
    for (const c of new Set(input.memberships.map((m) => m.cluster_id)))
      await run(
        sql`INSERT INTO clusters (id, la_code, name) VALUES (${c}, ${la}, ${`Cluster ${c.slice(-2)}`})`,
      );
    for (const m of input.memberships)
      await run(sql`INSERT INTO cluster_memberships (la_code, cluster_id, establishment_id, starts_on)
        VALUES (${la}, ${m.cluster_id}, ${m.establishment_id}, '2020-09-01')`);
    for (const c of input.children)
      await run(sql`INSERT INTO children (id, la_code, forename, surname, name_search, date_of_birth, sex, establishment_id)
        VALUES (${c.id}, ${la}, 'Pupil', 'Example', 'pupil example', '2016-01-01', 'F', ${c.establishment_id})`);
    for (const u of [...input.heads.map((h) => h.userId), ...input.hostUsers.values(), input.financeOfficer])
      await run(sql`INSERT INTO users (id, la_code, email, name, roles, password_hash)
        VALUES (${u}, ${la}, ${`${u}@example.org`}, 'Someone', ${['head_teacher']}, 'x')`);
    for (const p of input.pots)
      await run(sql`INSERT INTO funding_pots (id, la_code, name, year_kind, year, total_pence, delegated_percent,
          central_percent, delegated_pence, central_pence)
        VALUES (${p.id}, ${la}, 'SEND', ${p.yearKind}, ${p.year}, 0, 100, 0, 0, 0)`);
    await inTenant(db.db, { laCode: la, userId: null }, (tx) => loadToolkits(tx, g, 'no-known-password'));
  });
  after(() => db?.drop());

  test('every row is written, and each invented head teacher is linked to their school', async () => {
    const count = async (table: string) =>
      Number(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db.db)).rows[0]
          ?.n,
      );
    assert.equal(await count('cluster_plan_lines'), g.planLines.length);
    assert.equal(await count('cluster_panel_decisions'), g.decisions.length);
    assert.equal(await count('cluster_spend'), g.spend.length);
    assert.equal(await count('cluster_returns'), 12);
    const heads = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM establishment_staff WHERE role = 'headteacher'`.execute(db.db);
    assert.equal(heads.rows[0]?.n, 47);
  });

  test('a loaded toolkit whose return is with the LA is frozen', async () => {
    const frozen = g.returns.find((r) => r.status === 'submitted');
    assert.ok(frozen);
    await assert.rejects(
      sql`DELETE FROM cluster_spend WHERE cluster_id = ${frozen.cluster_id} AND pot_id = ${frozen.pot_id}`.execute(
        db.db,
      ),
      /the toolkit cannot be changed/,
    );
  });
});
