import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { bandProblems } from '../modules/funding/index.ts';
import { inTenant } from '../platform/db/tenancy.ts';
import { norfolkPlaces } from './catalogue.ts';
import { generateTraded, loadTraded, type TradedSeedInput } from './funding-traded.ts';
import { type GeneratedLa, generateLa, type LaPlan } from './generate.ts';
import { seed } from './index.ts';
import { Prng } from './prng.ts';

/**
 * The demo's traded services, generated on 24 November 2026: 2025-26 is over, 2026-27 under way
 * (1 September 2026 to 31 August 2027, 84 days in).
 */

const today = '2026-11-24';
const flat = (e: number, n: number) => ({ latitude: 52 + n / 1e7, longitude: e / 1e7 });
const plan: LaPlan = {
  code: '926',
  name: 'Norfolk (demo)',
  children: 300,
  schools: 80,
  specialSchools: 3,
  srbs: 5,
  places: norfolkPlaces.slice(0, 9),
  urnBase: 900_001,
  censusYear: 2026,
};
const la: GeneratedLa = generateLa(plan, new Prng(7), flat);
const input = (day = today): TradedSeedInput => ({
  laCode: '926',
  today: day,
  establishments: la.establishments,
  clusters: la.clusters,
  memberships: la.memberships,
});
const g = generateTraded(input(), new Prng(926));
const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

test('six services, each priced for 2025-26 and 2026-27 by four bands that cover every school', () => {
  assert.deepEqual(
    g.services.map((s) => [s.name, s.unit]),
    [
      ['Educational Psychology day', 'day'],
      ['Educational Psychology half day', 'half_day'],
      ['Specialist teacher support', 'hour'],
      ['Access Through Technology assessment', 'assessment'],
      ['Autism outreach', 'package'],
      ['SEND training package', 'package'],
    ],
  );
  for (const s of g.services)
    for (const year of [2025, 2026]) {
      const bands = g.bands
        .filter((b) => b.service_id === s.id && b.year === year)
        .map((b) => ({ fromPupils: b.from_pupils, toPupils: b.to_pupils, unitPence: b.unit_pence }));
      assert.equal(bands.length, 4);
      assert.deepEqual(bandProblems(bands), [], `${s.name} ${year}`);
    }
  const ep = g.services[0]?.id;
  const pence = (year: number) =>
    g.bands.filter((b) => b.service_id === ep && b.year === year).map((b) => b.unit_pence);
  assert.deepEqual(pence(2025), [56_000, 53_000, 50_000, 47_000]);
  // 3% dearer to the pound: 576.80 → £577, 545.90 → £546, £515, 484.10 → £484.
  assert.deepEqual(pence(2026), [57_700, 54_600, 51_500, 48_400]);
  assert.deepEqual(
    g.prices.filter((p) => p.service_id === ep).map((p) => [p.year, p.cluster_unit_pence]),
    [
      [2025, null],
      [2026, 48_000],
    ],
  );
});

test('about half the schools in clusters order each year, and some clusters order from delegated funding', () => {
  const mainstream = new Set(
    la.establishments.filter((e) => e.setting_kind === 'school' && !e.is_special).map((e) => e.id),
  );
  const inClusters = new Set(
    la.memberships.map((m) => m.establishment_id).filter((id) => mainstream.has(id)),
  );
  for (const year of [2025, 2026]) {
    const buying = new Set(
      g.orders.filter((o) => o.year === year && o.customer_kind === 'school').map((o) => o.establishment_id),
    );
    const share = buying.size / inClusters.size;
    assert.ok(share > 0.35 && share < 0.65, `${year}: ${buying.size} of ${inClusters.size}`);
    const clusters = g.orders.filter((o) => o.year === year && o.customer_kind === 'cluster');
    assert.ok(clusters.length >= 1, `${year} has cluster orders`);
    assert.ok(clusters.every((o) => o.paid_from === 'delegated_send'));
  }
  // 2026-27's cluster orders for EP days are at the cluster price, £480 a day.
  const ep = g.services[0]?.id;
  const clusterEp = g.orders.filter(
    (o) => o.year === 2026 && o.customer_kind === 'cluster' && o.service_id === ep,
  );
  assert.ok(
    clusterEp.length > 0 &&
      clusterEp.every((o) => o.unit_pence === 48_000 && o.price_basis === 'cluster_price'),
  );
});

test('each order is priced by its band and costs its units at that price', () => {
  for (const o of g.orders) {
    const band = g.bands.find(
      (b) =>
        b.service_id === o.service_id &&
        b.year === o.year &&
        b.from_pupils <= o.pupils_on_roll &&
        (b.to_pupils === null || o.pupils_on_roll <= b.to_pupils),
    );
    if (o.price_basis === 'band') assert.equal(o.unit_pence, band?.unit_pence);
    // Half hours can come to a half penny, rounded up.
    assert.ok(Math.abs(o.total_pence - o.unit_pence * o.units) <= 0.5, o.id);
    const rolls = g.orderSchools.filter((s) => s.order_id === o.id).reduce((sum, s) => sum + s.pupils, 0);
    assert.equal(rolls, o.pupils_on_roll);
    assert.ok(o.ordered_on >= `${o.year}-06-01` && o.ordered_on <= today, o.ordered_on);
  }
});

test('deliveries run through each year up to today, never more than ordered, none against a cancelled order', () => {
  for (const o of g.orders) {
    const mine = g.deliveries.filter((d) => d.order_id === o.id);
    if (o.status === 'cancelled') {
      assert.equal(mine.length, 0);
      continue;
    }
    assert.ok(mine.reduce((s, d) => s + d.units, 0) <= o.units);
    for (const d of mine) {
      assert.ok(d.delivered_on >= `${o.year}-09-01` && d.delivered_on >= o.ordered_on, d.delivered_on);
      assert.ok(d.delivered_on <= today && d.delivered_on <= `${o.year + 1}-08-31`, d.delivered_on);
      const weekday = new Date(`${d.delivered_on}T00:00:00Z`).getUTCDay();
      assert.ok(weekday >= 1 && weekday <= 5, `${d.delivered_on} is a school day`);
    }
  }
  const share = (year: number) => {
    const live = g.orders.filter((o) => o.year === year && o.status === 'ordered');
    const ordered = live.reduce((s, o) => s + o.units, 0);
    const ids = new Set(live.map((o) => o.id));
    const delivered = g.deliveries.filter((d) => ids.has(d.order_id)).reduce((s, d) => s + d.units, 0);
    return delivered / ordered;
  };
  // 2025-26 is over: most of it delivered. 2026-27 is 84 of 364 days in: about a fifth.
  assert.ok(share(2025) > 0.75, `2025-26 ${share(2025)}`);
  const through = days('2026-09-01', today) / days('2026-09-01', '2027-08-31');
  assert.ok(share(2026) > through * 0.5 && share(2026) < through * 1.3, `2026-27 ${share(2026)}`);
});

test('the same seed and day make the same orders; before June 2025 there are none yet', () => {
  assert.deepEqual(generateTraded(input(), new Prng(926)), g);
  const early = generateTraded(input('2025-05-31'), new Prng(926));
  assert.equal(early.services.length, 6);
  assert.equal(early.orders.length, 0);
});

describe('loaded into the database', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.drop());

  test('the database takes every row: no delivery over its order, the LA’s own rows only', async () => {
    const [seeded] = await seed(db, {
      scale: 'norfolk',
      seed: 5,
      la: { code: '940', name: 'Test (demo)' },
      children: 150,
      today,
      withoutFunding: true,
    });
    assert.ok(seeded);
    const rows = generateTraded(
      {
        laCode: '940',
        today,
        establishments: seeded.data.establishments,
        clusters: seeded.data.clusters,
        memberships: seeded.data.memberships,
      },
      new Prng(940),
    );
    await inTenant(db.db, { laCode: '940', userId: null }, (tx) => loadTraded(tx, rows));
    const counts = await inTenant(db.db, { laCode: '940', userId: null }, (tx) =>
      sql<{ orders: number; deliveries: number; over: number }>`SELECT
        (SELECT count(*)::int FROM traded_orders) AS orders,
        (SELECT count(*)::int FROM traded_deliveries) AS deliveries,
        (SELECT count(*)::int FROM traded_orders o WHERE o.units <
          (SELECT coalesce(sum(units), 0) FROM traded_deliveries d WHERE d.order_id = o.id)) AS over`.execute(
        tx,
      ),
    );
    assert.deepEqual(counts.rows[0], {
      orders: rows.orders.length,
      deliveries: rows.deliveries.length,
      over: 0,
    });
    assert.ok(rows.orders.length > 10);
  });
});
