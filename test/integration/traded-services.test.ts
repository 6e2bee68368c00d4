import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addCluster,
  addSchool,
  addUser,
  apiAs,
  auditEvents,
  browserAs,
  errorSummaryOf,
  tokenFor,
  unescapeHtml,
} from '../support/children.ts';

/**
 * Traded services end to end on a real database: the finance team keeps the catalogue and its
 * prices, a head teacher orders for their school and a cluster host for their cluster, an adviser
 * records deliveries, and the reports' figures are worked by hand below. The test clock stands at
 * 2 March 2026, in the academic year 2025-26 (1 September 2025 to 31 August 2026).
 *
 * Schools, with their pupils on roll: Dereham Infant (A) 180, Dereham Junior (B) 240, Toftwood
 * Primary (C) 95 in Dereham cluster; Swaffham Primary (D) 600 and Sporle Primary (E) 70 in Swaffham
 * cluster. All five are in a cluster on 1 September 2025.
 */

const mainText = (html: string) =>
  unescapeHtml(
    (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html)
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

/** The cells of the table row whose first cell starts with `first`, as read. */
function rowOf(html: string, first: string, within?: string): string[] {
  const scope = within
    ? (new RegExp(`aria-label="${within}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '')
    : html;
  for (const row of scope.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)) {
    const cells = [...(row[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) =>
      mainText(c[1] ?? ''),
    );
    if (cells[0]?.startsWith(first)) return cells;
  }
  return [];
}

const epForm = {
  name: 'Educational Psychology day',
  unit: 'day',
  description:
    'A day of an educational psychologist’s time: consultation, assessment and training for staff.',
  team: 'Educational Psychology and Specialist Support',
};

/** A prices form as the browser sends it: a row a band (from, to, price) and the cluster price. */
function pricesForm(
  version: string,
  bands: [string, string, string][],
  cluster = '',
): Record<string, string> {
  const form: Record<string, string> = { version, rows: String(bands.length), cluster, action: 'save' };
  bands.forEach(([from, to, price], i) => {
    form[`band-${i}-from`] = from;
    form[`band-${i}-to`] = to;
    form[`band-${i}-price`] = price;
  });
  return form;
}

describe('traded services', () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof browserAs>>;
  let adviser: Awaited<ReturnType<typeof browserAs>>;
  let headBrowser: Awaited<ReturnType<typeof browserAs>>;
  let head: ReturnType<typeof apiAs>;
  let headOfB: ReturnType<typeof apiAs>;
  let headOfE: ReturnType<typeof apiAs>;
  let host: ReturnType<typeof apiAs>;
  let finance: ReturnType<typeof apiAs>;
  let otherLa: ReturnType<typeof apiAs>;
  let senco: ReturnType<typeof apiAs>;
  const school: Record<'A' | 'B' | 'C' | 'D' | 'E', string> = { A: '', B: '', C: '', D: '', E: '' };
  let dereham = '';
  let swaffham = '';
  let ep = '';
  let att = '';
  let outreach = '';
  /** Orders placed below, by what they are. */
  const order = { headEp: '', headAtt: '', clusterEp: '', clusterNextYear: '', toCancel: '' };

  const linkHead = (userId: string, establishmentId: string) =>
    sql`INSERT INTO establishment_staff (la_code, user_id, establishment_id, role)
      VALUES ('926', ${userId}, ${establishmentId}, 'headteacher')`.execute(t.database.db);

  before(async () => {
    t = await startTestApp();
    const rolls = { A: 180, B: 240, C: 95, D: 600, E: 70 };
    const names = {
      A: 'Dereham Infant',
      B: 'Dereham Junior',
      C: 'Toftwood Primary',
      D: 'Swaffham Primary',
      E: 'Sporle Primary',
    };
    let urn = 121_001;
    for (const k of ['A', 'B', 'C', 'D', 'E'] as const) {
      school[k] = await addSchool(t, '926', names[k], urn++);
      await sql`UPDATE establishments SET pupils = ${rolls[k]} WHERE id = ${school[k]}`.execute(
        t.database.db,
      );
    }
    const officerUser = await addUser(t, '926', 'finance', ['finance_officer']);
    const adviserUser = await addUser(t, '926', 'ep', ['adviser']);
    const headUser = await addUser(t, '926', 'head', ['head_teacher']);
    const headBUser = await addUser(t, '926', 'headb', ['head_teacher']);
    const headEUser = await addUser(t, '926', 'heade', ['head_teacher']);
    const hostUser = await addUser(t, '926', 'host', ['cluster_host']);
    const otherHost = await addUser(t, '926', 'host2', ['cluster_host']);
    const sencoUser = await addUser(t, '926', 'senco', ['senco']);
    const otherLaUser = await addUser(t, '935', 'finance', ['finance_officer']);
    await linkHead(headUser.id, school.A);
    await linkHead(headBUser.id, school.B);
    await linkHead(headEUser.id, school.E);
    dereham = await addCluster(t, '926', 'Dereham', [school.A, school.B, school.C], hostUser.id);
    swaffham = await addCluster(t, '926', 'Swaffham', [school.D, school.E], otherHost.id);
    officer = await browserAs(t, officerUser.email);
    adviser = await browserAs(t, adviserUser.email);
    headBrowser = await browserAs(t, headUser.email);
    head = apiAs(t, await tokenFor(t, '926', headUser.id));
    headOfB = apiAs(t, await tokenFor(t, '926', headBUser.id));
    headOfE = apiAs(t, await tokenFor(t, '926', headEUser.id));
    host = apiAs(t, await tokenFor(t, '926', hostUser.id));
    finance = apiAs(t, await tokenFor(t, '926', officerUser.id));
    senco = apiAs(t, await tokenFor(t, '926', sencoUser.id));
    otherLa = apiAs(t, await tokenFor(t, '935', otherLaUser.id));
  });
  after(() => t?.close());

  describe('the catalogue', () => {
    test('a finance officer adds a service; a name, a unit and a description are asked for', async () => {
      const refused = await officer.post('/traded/services/new', {
        name: ' ',
        unit: '',
        description: '',
        team: '',
      });
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(errorSummaryOf(refused.body), [
        { href: '#name', text: 'Enter the service’s name' },
        { href: '#unit', text: 'unit must be one of day, half_day, hour, assessment, package' },
        { href: '#description', text: 'Enter what the service is' },
        { href: '#team', text: 'Enter the team that delivers it' },
      ]);
      const added = await officer.post('/traded/services/new', epForm);
      assert.equal(added.statusCode, 303, added.body);
      ep = /\/traded\/services\/([0-9a-f-]{36})/.exec(added.headers.location as string)?.[1] ?? '';
      const page = await officer.get(`/traded/services/${ep}?done=created`);
      assert.match(mainText(page.body), /The service has been added/);
      assert.match(mainText(page.body), /Not priced for 2025-26, so it cannot be ordered for that year/);
      const again = await officer.post('/traded/services/new', {
        ...epForm,
        name: 'educational psychology DAY',
      });
      assert.equal(again.statusCode, 400);
      assert.deepEqual(errorSummaryOf(again.body), [
        {
          href: '#name',
          text: 'There is already a service called educational psychology DAY: give this one another name',
        },
      ]);
      const created = await auditEvents(t, '926', 'traded.service.created');
      assert.equal(created.length, 1);
      assert.equal(created[0]?.entity_id, ep);
      const more = await officer.post('/traded/services/new', {
        name: 'Access Through Technology assessment',
        unit: 'assessment',
        description: 'An assessment of the technology a pupil needs to learn, with a report for the school.',
        team: 'Access Through Technology',
      });
      att = /\/traded\/services\/([0-9a-f-]{36})/.exec(more.headers.location as string)?.[1] ?? '';
      assert.ok(att);
    });

    test('bands with a gap or an overlap are refused naming the pupils', async () => {
      const gap = await officer.post(
        `/traded/services/${ep}/prices/2025-26`,
        pricesForm('0', [
          ['0', '99', '500'],
          ['150', '', '460'],
        ]),
      );
      assert.equal(gap.statusCode, 400);
      assert.deepEqual(errorSummaryOf(gap.body), [
        {
          href: '#band-1-from',
          text: 'Band 2: the bands leave a gap: none covers 100 to 149 pupils. Start this band at 100',
        },
      ]);
      const overlap = await officer.post(
        `/traded/services/${ep}/prices/2025-26`,
        pricesForm('0', [
          ['0', '250', '500'],
          ['200', '', '460'],
        ]),
      );
      assert.deepEqual(errorSummaryOf(overlap.body), [
        {
          href: '#band-1-from',
          text: 'Band 2: the bands overlap: 200 to 250 pupils are in two bands. Start this band at 251',
        },
      ]);
      const typed = await officer.post(
        `/traded/services/${ep}/prices/2025-26`,
        pricesForm('0', [['0', 'lots', 'five hundred']]),
      );
      assert.deepEqual(errorSummaryOf(typed.body), [
        { href: '#band-0-to', text: 'Band 1: enter the pupils as a whole number, like 250' },
        {
          href: '#band-0-price',
          text: 'Band 1 price: enter an amount in pounds using numbers only, like 1,350 or 1,350.50',
        },
      ]);
      const last = await officer.post(
        `/traded/services/${ep}/prices/2025-26`,
        pricesForm('0', [['0', '999', '500']]),
      );
      assert.deepEqual(errorSummaryOf(last.body), [
        {
          href: '#band-0-to',
          text: 'Band 1: the bands leave a gap: none covers 1,000 pupils or more. Leave the last band’s upper end blank',
        },
      ]);
      assert.equal((await auditEvents(t, '926', 'traded.prices.set')).length, 0);
    });

    test('prices are set by size band for each year, with a cluster price for 2026-27', async () => {
      const set = await officer.post(
        `/traded/services/${ep}/prices/2025-26`,
        pricesForm('0', [
          ['0', '199', '500'],
          ['200', '499', '460'],
          ['500', '', '420'],
        ]),
      );
      assert.equal(set.statusCode, 303, set.body);
      // The next year's form starts from this year's bands.
      const next = await officer.get(`/traded/services/${ep}/prices/2026-27`);
      assert.match(mainText(next.body), /The bands of 2025-26 are filled in/);
      const setNext = await officer.post(
        `/traded/services/${ep}/prices/2026-27`,
        pricesForm(
          '0',
          [
            ['0', '199', '520'],
            ['200', '499', '480'],
            ['500', '', '440'],
          ],
          '450',
        ),
      );
      assert.equal(setNext.statusCode, 303, setNext.body);
      const attSet = await officer.post(
        `/traded/services/${att}/prices/2025-26`,
        pricesForm('0', [['0', '', '375']]),
      );
      assert.equal(attSet.statusCode, 303, attSet.body);
      // A stale version is refused rather than overwriting what someone else saved.
      const stale = await officer.post(
        `/traded/services/${att}/prices/2025-26`,
        pricesForm('0', [['0', '', '380']]),
      );
      assert.equal(stale.statusCode, 409);
      assert.match(
        mainText(stale.body),
        /Someone set the 2025-26 prices of Access Through Technology assessment while you were writing them/,
      );
      // A past year's prices stand as orders were placed at them.
      assert.equal((await officer.get(`/traded/services/${ep}/prices/2024-25`)).statusCode, 404);

      const page = await officer.get(`/traded/services/${ep}`);
      assert.deepEqual(rowOf(page.body, '200 to 499 pupils', 'Prices for 2025-26'), [
        '200 to 499 pupils',
        '£460 a day',
      ]);
      assert.deepEqual(rowOf(page.body, 'A cluster', 'Prices for 2026-27'), ['A cluster', '£450 a day']);
      const api = await head.get('/api/v1/traded/services');
      assert.equal(api.statusCode, 200);
      const epJson = api.json().items.find((s: { id: string }) => s.id === ep);
      assert.deepEqual(epJson.prices[0], {
        year: '2025-26',
        clusterUnitPence: null,
        bands: [
          { fromPupils: 0, toPupils: 199, unitPence: 50_000 },
          { fromPupils: 200, toPupils: 499, unitPence: 46_000 },
          { fromPupils: 500, toPupils: null, unitPence: 42_000 },
        ],
      });
      const events = await auditEvents(t, '926', 'traded.prices.set');
      assert.equal(events.length, 3);
      assert.deepEqual(
        (events[1]?.detail as { after?: { clusterUnitPence: number } } | undefined)?.after?.clusterUnitPence,
        45_000,
      );
    });

    test('a service taken out of the catalogue keeps its prices; a stale change is refused', async () => {
      const added = await officer.post('/traded/services/new', {
        name: 'Autism outreach',
        unit: 'package',
        description: 'A term’s outreach from the autism team.',
        team: 'Autism Outreach',
      });
      outreach = /\/traded\/services\/([0-9a-f-]{36})/.exec(added.headers.location as string)?.[1] ?? '';
      await officer.post(
        `/traded/services/${outreach}/prices/2025-26`,
        pricesForm('0', [['0', '', '1,450']]),
      );
      const withdrawn = await officer.post(`/traded/services/${outreach}/edit`, {
        name: 'Autism outreach',
        unit: 'package',
        description: 'A term’s outreach from the autism team.',
        team: 'Autism Outreach',
        offered: 'no',
        version: '1',
      });
      assert.equal(withdrawn.statusCode, 303, withdrawn.body);
      const stale = await officer.post(`/traded/services/${outreach}/edit`, {
        name: 'Autism outreach package',
        unit: 'package',
        description: 'A term’s outreach.',
        team: 'Autism Outreach',
        offered: 'yes',
        version: '1',
      });
      assert.equal(stale.statusCode, 409);
      assert.match(
        mainText(stale.body),
        /Someone changed Autism outreach since you read it \(it is now at version 2\)/,
      );
      const changed = await auditEvents(t, '926', 'traded.service.changed');
      assert.deepEqual(
        changed.map((e) => (e.detail as { after: { offered: boolean } }).after.offered),
        [false],
      );
    });

    test('a head teacher sees their school’s price a unit; someone who neither buys nor sells is refused', async () => {
      const home = await headBrowser.get('/traded');
      assert.equal(home.statusCode, 200);
      // Dereham Infant has 180 pupils: the 0 to 199 band, £500 a day this year and £520 next.
      assert.deepEqual(rowOf(home.body, 'Educational Psychology day', 'Prices for Dereham Infant'), [
        'Educational Psychology day',
        '£500 a day',
        '£520 a day',
        'Order Educational Psychology day for Dereham Infant',
      ]);
      assert.match(
        mainText(home.body),
        /2 services are priced for 2026-27|One service is priced for 2026-27/,
      );
      assert.equal((await senco.get('/api/v1/traded/services')).statusCode, 403);
    });
  });

  describe('orders', () => {
    test('a head teacher orders 4 days for their school from its own budget: 4 × £500 = £2,000', async () => {
      const res = await head.post('/api/v1/traded/orders', {
        serviceId: ep,
        year: '2025-26',
        establishmentId: school.A,
        units: 4,
        paidFrom: 'school_budget',
      });
      assert.equal(res.statusCode, 201, res.body);
      const o = res.json();
      order.headEp = o.id;
      assert.equal(o.customer.name, 'Dereham Infant');
      assert.equal(o.pupilsOnRoll, 180);
      assert.deepEqual(o.band, { fromPupils: 0, toPupils: 199 });
      assert.equal(o.unitPence, 50_000);
      assert.equal(o.totalPence, 200_000);
      assert.equal(o.orderedOn, '2026-03-02');
      assert.equal(o.remainingUnits, 4);
    });

    test('a head teacher orders through the page: 2 assessments at £375 from delegated funding', async () => {
      const form = await headBrowser.get(`/traded/orders/new?service=${att}`);
      assert.equal(form.statusCode, 200);
      assert.match(mainText(form.body), /£375 an assessment for Dereham Infant/);
      const refused = await headBrowser.post('/traded/orders/new', {
        service: att,
        for: `school:${school.A}`,
        year: '2025-26',
        units: 'two',
      });
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(errorSummaryOf(refused.body), [
        { href: '#units', text: 'Enter how many assessments as a number, like 3' },
        { href: '#paidFrom', text: 'Choose how the school pays' },
      ]);
      const placed = await headBrowser.post('/traded/orders/new', {
        service: att,
        for: `school:${school.A}`,
        year: '2025-26',
        units: '2',
        paidFrom: 'delegated_send',
      });
      assert.equal(placed.statusCode, 303, placed.body);
      order.headAtt = /\/traded\/orders\/([0-9a-f-]{36})/.exec(placed.headers.location as string)?.[1] ?? '';
      const page = await headBrowser.get(`/traded/orders/${order.headAtt}?done=placed`);
      const text = mainText(page.body);
      assert.match(text, /Your order has been placed/);
      assert.match(text, /Total £750/);
      assert.match(text, /Paid from Delegated SEND funding/);
    });

    test('a host orders for their cluster: by the band of its schools’ rolls, or the cluster price', async () => {
      // 2025-26 has no cluster price: 180 + 240 + 95 = 515 pupils, the 500-or-more band, 3 × £420 = £1,260.
      const thisYear = await host.post('/api/v1/traded/orders', {
        serviceId: ep,
        year: '2025-26',
        clusterId: dereham,
        units: 3,
      });
      assert.equal(thisYear.statusCode, 201, thisYear.body);
      const o = thisYear.json();
      order.clusterEp = o.id;
      assert.equal(o.customer.name, 'Dereham');
      assert.equal(o.pupilsOnRoll, 515);
      assert.equal(o.priceBasis, 'band');
      assert.equal(o.unitPence, 42_000);
      assert.equal(o.totalPence, 126_000);
      assert.equal(o.paidFrom, 'delegated_send');
      assert.deepEqual(
        o.schools.map((s: { name: string; pupils: number }) => [s.name, s.pupils]),
        [
          ['Dereham Infant', 180],
          ['Dereham Junior', 240],
          ['Toftwood Primary', 95],
        ],
      );
      // 2026-27 has a cluster price of £450: 6 × £450 = £2,700, however many pupils.
      const nextYear = await host.post('/api/v1/traded/orders', {
        serviceId: ep,
        year: '2026-27',
        clusterId: dereham,
        units: 6,
        paidFrom: 'delegated_send',
      });
      assert.equal(nextYear.statusCode, 201, nextYear.body);
      order.clusterNextYear = nextYear.json().id;
      assert.equal(nextYear.json().priceBasis, 'cluster_price');
      assert.equal(nextYear.json().totalPence, 270_000);
    });

    test('each bad order is refused by field', async () => {
      const base = {
        serviceId: ep,
        year: '2025-26',
        establishmentId: school.A,
        units: 1,
        paidFrom: 'school_budget',
      };
      const fieldOf = async (api: ReturnType<typeof apiAs>, body: Record<string, unknown>) => {
        const res = await api.post('/api/v1/traded/orders', body);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        return res.json().errors;
      };
      assert.deepEqual(await fieldOf(head, { ...base, serviceId: att, year: '2026-27' }), [
        {
          field: 'year',
          message: 'Access Through Technology assessment has no prices for 2026-27: choose 2025-26',
        },
      ]);
      assert.deepEqual(await fieldOf(head, { ...base, year: '2024-25' }), [
        { field: 'year', message: '2024-25 ended on 31 August 2025: choose a year that has not ended' },
      ]);
      assert.deepEqual(await fieldOf(head, { ...base, serviceId: outreach }), [
        { field: 'serviceId', message: 'Autism outreach is no longer offered: choose another service' },
      ]);
      assert.deepEqual(await fieldOf(head, { ...base, units: 0 }), [
        { field: 'units', message: 'Enter how many days: a number more than 0' },
      ]);
      assert.deepEqual(await fieldOf(head, { ...base, units: -2 }), [
        { field: 'units', message: 'Enter how many days: a number more than 0' },
      ]);
      assert.deepEqual(await fieldOf(head, { ...base, units: 1.5 }), [
        { field: 'units', message: 'Days are whole: enter a whole number of days, like 3' },
      ]);
      assert.deepEqual(await fieldOf(head, { ...base, paidFrom: undefined }), [
        { field: 'paidFrom', message: 'Choose how the school pays: school_budget or delegated_send' },
      ]);
      assert.deepEqual(
        await fieldOf(host, {
          serviceId: ep,
          year: '2025-26',
          clusterId: dereham,
          units: 1,
          paidFrom: 'school_budget',
        }),
        [
          {
            field: 'paidFrom',
            message: 'A cluster pays from its delegated SEND funding: choose delegated SEND funding',
          },
        ],
      );
      assert.deepEqual(await fieldOf(head, { ...base, clusterId: dereham }), [
        {
          field: 'establishmentId',
          message: 'Give establishmentId for a school’s order or clusterId for a cluster’s, one of them',
        },
      ]);
      assert.deepEqual(await fieldOf(head, { ...base, year: '2025-2026' }), [
        { field: 'year', message: 'year must be an academic year like 2026-27, from 2000-01 to 2100-01' },
      ]);
      assert.deepEqual(await fieldOf(head, { ...base, serviceId: 'ep' }), [
        { field: 'serviceId', message: 'serviceId must be a service ID (a UUID)' },
      ]);
      assert.deepEqual(await fieldOf(head, { ...base, units: 'four' }), [
        { field: 'units', message: 'units must be a number, like 3' },
      ]);
      // Another school, or a cluster the person does not host, is not found: not theirs to order for.
      const notTheirs = await head.post('/api/v1/traded/orders', { ...base, establishmentId: school.D });
      assert.equal(notTheirs.statusCode, 404);
      const notHosted = await host.post('/api/v1/traded/orders', {
        serviceId: ep,
        year: '2025-26',
        clusterId: swaffham,
        units: 1,
      });
      assert.equal(notHosted.statusCode, 404);
      const notAHost = await head.post('/api/v1/traded/orders', {
        serviceId: ep,
        year: '2025-26',
        clusterId: dereham,
        units: 1,
      });
      assert.equal(notAHost.statusCode, 404);
      assert.equal((await senco.post('/api/v1/traded/orders', base)).statusCode, 403);
      // Nothing half-written: still the four orders placed above.
      const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM traded_orders`.execute(
        t.database.db,
      );
      assert.equal(count.rows[0]?.n, 4);
    });
  });

  describe('delivery', () => {
    const deliver = (orderId: string, fields: Record<string, string>) =>
      adviser.post(`/traded/orders/${orderId}/deliveries/new`, {
        deliveredBy: 'Dr Sam Patel',
        notes: '',
        ...fields,
      });
    const date = (iso: string) => ({
      'deliveredOn-day': String(Number(iso.slice(8, 10))),
      'deliveredOn-month': String(Number(iso.slice(5, 7))),
      'deliveredOn-year': iso.slice(0, 4),
    });

    test('an adviser records deliveries; more than remains is refused saying how many remain', async () => {
      assert.equal((await deliver(order.headEp, { ...date('2025-10-14'), units: '2' })).statusCode, 303);
      const tooMany = await deliver(order.headEp, { ...date('2026-01-20'), units: '3' });
      assert.equal(tooMany.statusCode, 400);
      assert.deepEqual(errorSummaryOf(tooMany.body), [
        {
          href: '#units',
          text: 'Only 2 days of the 4 days ordered remain to be delivered: record 2 days or fewer',
        },
      ]);
      const future = await deliver(order.headEp, { ...date('2026-03-03'), units: '1' });
      assert.deepEqual(errorSummaryOf(future.body), [
        { href: '#deliveredOn-day', text: 'The date it was delivered must be today or in the past' },
      ]);
      const half = await deliver(order.headEp, { ...date('2026-01-20'), units: '0.5' });
      assert.deepEqual(errorSummaryOf(half.body), [
        { href: '#units', text: 'Days are whole: enter a whole number of days, like 3' },
      ]);
      const blank = await deliver(order.headEp, { units: '', deliveredBy: ' ' });
      assert.deepEqual(errorSummaryOf(blank.body), [
        { href: '#deliveredOn-day', text: 'Enter the date it was delivered' },
        { href: '#units', text: 'Enter how many days were delivered as a number, like 1' },
      ]);
      assert.equal((await deliver(order.headEp, { ...date('2026-01-20'), units: '1' })).statusCode, 303);
      assert.equal((await deliver(order.clusterEp, { ...date('2026-02-10'), units: '1' })).statusCode, 303);

      const page = await headBrowser.get(`/traded/orders/${order.headEp}`);
      const text = mainText(page.body);
      // 3 of 4 days at £500: £1,500 delivered, 1 day still to deliver.
      assert.match(text, /Delivered 3 days, worth £1,500/);
      assert.match(text, /Still to deliver 1 day/);
      assert.deepEqual(rowOf(page.body, '14 October 2025', 'Deliveries'), [
        '14 October 2025',
        '2 days',
        'Dr Sam Patel',
        '£1,000',
        '',
      ]);
      assert.equal((await auditEvents(t, '926', 'traded.delivery.recorded')).length, 3);
      // A head teacher may not record deliveries.
      const asHead = await headBrowser.post(`/traded/orders/${order.headEp}/deliveries/new`, {
        ...date('2026-01-21'),
        units: '1',
        deliveredBy: 'Me',
      });
      assert.equal(asHead.statusCode, 403);
    });

    test('an order is cancelled only before anything is delivered', async () => {
      const placed = await head.post('/api/v1/traded/orders', {
        serviceId: ep,
        year: '2025-26',
        establishmentId: school.A,
        units: 1,
        paidFrom: 'school_budget',
      });
      order.toCancel = placed.json().id;
      const cancelled = await headBrowser.post(`/traded/orders/${order.toCancel}/cancel`, {
        version: '1',
        reason: 'Ordered twice by mistake',
      });
      assert.equal(cancelled.statusCode, 303, cancelled.body);
      assert.match(
        mainText((await headBrowser.get(`/traded/orders/${order.toCancel}`)).body),
        /Cancelled On 2 March 2026: Ordered twice by mistake/,
      );
      const delivered = await headBrowser.post(`/traded/orders/${order.headEp}/cancel`, { version: '1' });
      assert.equal(delivered.statusCode, 409);
      assert.deepEqual(errorSummaryOf(delivered.body), [
        {
          href: '#cancel',
          text: '3 days have been delivered against this order, so it can no longer be cancelled',
        },
      ]);
      const late = await deliver(order.toCancel, { ...date('2026-02-01'), units: '1' });
      assert.deepEqual(errorSummaryOf(late.body), [
        { href: '#units', text: 'This order was cancelled, so nothing can be delivered against it' },
      ]);
      assert.equal((await auditEvents(t, '926', 'traded.order.cancelled')).length, 1);
    });

    test('a head sees their own and their cluster’s orders, and no other school’s', async () => {
      const ids = async (api: ReturnType<typeof apiAs>) =>
        (await api.get('/api/v1/traded/orders?year=2025-26'))
          .json()
          .items.map((o: { id: string }) => o.id)
          .sort();
      assert.deepEqual(
        await ids(head),
        [order.headEp, order.headAtt, order.clusterEp, order.toCancel].sort(),
      );
      // Dereham Junior is in the cluster's order only.
      assert.deepEqual(await ids(headOfB), [order.clusterEp]);
      assert.deepEqual(await ids(headOfE), []);
      assert.deepEqual(await ids(host), [order.clusterEp]);
      assert.equal((await headOfE.get('/api/v1/traded/orders?year=2025-26')).statusCode, 200);
      const asE = await browserAs(t, 'heade.926@example.org');
      assert.equal((await asE.get(`/traded/orders/${order.headEp}`)).statusCode, 404);
      assert.equal((await asE.get(`/traded/orders/${order.headEp}/cancel`)).statusCode, 404);
      assert.equal((await finance.get('/api/v1/traded/orders?year=2026-27')).json().items.length, 1);
    });
  });

  describe('reports', () => {
    before(async () => {
      // 2025-26's academic-year pots: £40,000 at 75% (£30,000 delegated) and £13,600 at 75%
      // (£10,200): £40,200 delegated in all. A financial-year pot is not the academic year's.
      const pot = (name: string, kind: string, total: number, delegated: number) =>
        sql`INSERT INTO funding_pots (la_code, name, year_kind, year, total_pence, delegated_percent,
          central_percent, delegated_pence, central_pence)
          VALUES ('926', ${name}, ${kind}, 2025, ${total}, 75, 25, ${delegated}, ${total - delegated})`.execute(
          t.database.db,
        );
      await pot('SEND funding', 'academic', 4_000_000, 3_000_000);
      await pot('Learning Support', 'academic', 1_360_000, 1_020_000);
      await pot('High needs (financial)', 'financial', 10_000_000, 7_500_000);
    });

    test('buy-back: delegated orders against the delegated total of the year’s pots', async () => {
      // Paid from delegated funding: the head's 2 assessments (£750) and the cluster's 3 days
      // (£1,260): £2,010 of £40,200 is 5%. Delivered: the cluster's 1 day, £420, 1.04%.
      // By service: EP £1,260 (3.13%), ATT £750 (1.87%).
      const res = await finance.get('/api/v1/traded/reports/buy-back?year=2025-26');
      assert.equal(res.statusCode, 200);
      const b = res.json();
      assert.equal(b.delegatedTotalPence, 4_020_000);
      assert.equal(b.orderedPence, 201_000);
      assert.equal(b.deliveredPence, 42_000);
      assert.equal(b.percent, 5);
      assert.equal(b.deliveredPercent, 1.04);
      assert.deepEqual(
        b.services.map((s: { name: string; orders: number; orderedPence: number; percent: number }) => [
          s.name,
          s.orders,
          s.orderedPence,
          s.percent,
        ]),
        [
          ['Access Through Technology assessment', 1, 75_000, 1.87],
          ['Educational Psychology day', 1, 126_000, 3.13],
        ],
      );
      assert.equal((await head.get('/api/v1/traded/reports/buy-back')).statusCode, 403);
      const bad = await finance.get('/api/v1/traded/reports/buy-back?year=twenty');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'year');
    });

    test('uptake and income by hand on the reports page', async () => {
      const page = await officer.get('/traded/reports?year=2025-26');
      assert.equal(page.statusCode, 200);
      const text = mainText(page.body);
      assert.match(
        text,
        /£2,010 of the £40,200 delegated to clusters in 2025-26 comes back to the LA as orders: 5%/,
      );
      // EP: Dereham Infant directly, and the cluster's three schools: 3 of the 5 schools in a
      // cluster on 1 September 2025 (60%); 4 + 3 = 7 days ordered, 2 + 1 + 1 = 4 delivered.
      assert.deepEqual(rowOf(page.body, 'Educational Psychology day', 'Uptake by service, 2025-26'), [
        'Educational Psychology day',
        '2',
        '3 of 5',
        '60%',
        '7 days',
        '4 days',
      ]);
      assert.deepEqual(rowOf(page.body, 'Access Through Technology', 'Uptake by service, 2025-26'), [
        'Access Through Technology assessment',
        '1',
        '1 of 5',
        '20%',
        '2 assessments',
        '0 assessments',
      ]);
      // Ordered in March 2026: £2,000 + £750 + £1,260 = £4,010 (the cancelled order left out).
      // Delivered: October £1,000 (2 days at £500), January £500, February £420 (at the cluster's £420).
      assert.deepEqual(rowOf(page.body, 'October 2025', 'Income by month, 2025-26'), [
        'October 2025',
        '£0',
        '£1,000',
      ]);
      assert.deepEqual(rowOf(page.body, 'February 2026', 'Income by month, 2025-26'), [
        'February 2026',
        '£0',
        '£420',
      ]);
      assert.deepEqual(rowOf(page.body, 'March 2026', 'Income by month, 2025-26'), [
        'March 2026',
        '£4,010',
        '£0',
      ]);
      assert.deepEqual(rowOf(page.body, 'Total', 'Income by month, 2025-26'), ['Total', '£4,010', '£1,920']);
      assert.match(page.body, /<svg[^>]*role="img"/);
      const csv = await officer.get('/traded/reports?year=2025-26&table=uptake&format=csv');
      assert.equal(csv.statusCode, 200);
      assert.match(csv.body, /Educational Psychology day,2,3,5,60,7,4/);
      const exported = await auditEvents(t, '926', 'traded.table.exported');
      assert.deepEqual((exported.at(-1)?.detail as { filters?: unknown } | undefined)?.filters, {
        table: 'traded-uptake',
        year: '2025-26',
      });
      const badTable = await officer.get('/traded/reports?year=2025-26&table=nothing&format=csv');
      assert.equal(badTable.statusCode, 400);
    });

    test('the LA’s home shows the orders waiting for delivery, oldest first', async () => {
      const home = await officer.get('/traded');
      assert.equal(home.statusCode, 200);
      const text = mainText(home.body);
      assert.match(text, /4 orders are waiting for delivery/);
      assert.deepEqual(rowOf(home.body, '2 March 2026', 'Orders waiting for delivery').slice(1, 3), [
        'Educational Psychology day',
        'Dereham Infant',
      ]);
      assert.match(text, /1 service has no prices for 2026-27.*Access Through Technology assessment/);
      const csv = await officer.get('/traded?table=awaiting&format=csv');
      assert.equal(csv.statusCode, 200);
      assert.equal(csv.body.trim().split('\n').length, 5);
    });
  });

  test('a mistyped year, table or ID in an address is answered, never a server error', async () => {
    const orders = await officer.get('/traded/orders?year=next');
    assert.equal(orders.statusCode, 400);
    assert.deepEqual(errorSummaryOf(orders.body), [
      { href: '#year', text: 'Choose an academic year, written like 2026-27' },
    ]);
    assert.equal((await officer.get('/traded/reports?year=2025')).statusCode, 400);
    assert.equal((await officer.get('/traded?table=secrets&format=csv')).statusCode, 400);
    assert.equal((await officer.get('/traded?table=orders&format=pdf')).statusCode, 400);
    assert.equal((await officer.get('/traded/services/not-an-id')).statusCode, 404);
    assert.equal((await officer.get(`/traded/services/${ep}/prices/next-year`)).statusCode, 404);
    assert.equal((await officer.get('/traded/orders/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    const unknown = await headBrowser.get('/traded/orders/new?service=00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.statusCode, 404);
    assert.match(mainText(unknown.body), /The service you followed a link to is not on offer/);
  });

  test('another LA sees none of it', async () => {
    assert.deepEqual((await otherLa.get('/api/v1/traded/services')).json().items, []);
    assert.deepEqual((await otherLa.get('/api/v1/traded/orders?year=2025-26')).json().items, []);
    const b = (await otherLa.get('/api/v1/traded/reports/buy-back?year=2025-26')).json();
    assert.equal(b.orderedPence, 0);
    assert.equal(b.delegatedTotalPence, null);
    const asOther = await browserAs(t, 'finance.935@example.org');
    assert.equal((await asOther.get(`/traded/orders/${order.headEp}`)).statusCode, 404);
    assert.equal((await asOther.get(`/traded/services/${ep}`)).statusCode, 404);
    // Even reading the tables directly as the app, another LA's rows are not there.
    const rows = await t.database.db.transaction().execute(async (tx) => {
      await sql`SELECT set_config('role', 'opensend_app', true), set_config('app.la_code', '935', true)`.execute(
        tx,
      );
      return sql<{ n: number }>`SELECT count(*)::int AS n FROM traded_orders`.execute(tx);
    });
    assert.equal(rows.rows[0]?.n, 0);
  });
});
