import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { isoDateInLondon, longDate } from '../../src/platform/kernel/dates.ts';
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
 * Draft scenarios for a cluster funding pot, compared school by school with last year and with
 * each other, adopted by a finance approver, and their statements published to the schools and
 * clusters they are about. The LA is small enough to work out by hand: six schools in two clusters,
 * a pot of £120,000 of which 75%, £90,000, is delegated to clusters, for 2026-27 (the schools in
 * scope are those in a cluster on 1 April 2026).
 *
 *   school                      cluster  pupils  SEN Support  EHC plans  last year
 *   Aldborough Primary (100001) North      100        10          0       £10,000
 *   Blickling Infants  (100002) North      200        20          1       £14,000
 *   Cawston Juniors    (100003) North      300        30          2       £21,000
 *   Dereham Academy    (100004) South      150        10          0       £12,000
 *   Erpingham School   (100005) South      250        20          5       £20,000
 *   Foulsham Primary   (100006) South      200        10          0       none
 *
 * "Pupils and lump sum": £5,000 per school (6 × £5,000 = £30,000), and pupils weighted 100% for
 * the £60,000 left: 1,200 pupils, £50 a pupil. A £10,000, B £15,000, C £20,000, D £12,500,
 * E £17,500, F £15,000: £90,000 to the penny, no rounding.
 * "SEN Support": SEN Support pupils weighted 100%: 100 of them, £900 each. A £9,000, B £18,000,
 * C £27,000, D £9,000, E £18,000, F £9,000.
 */

const mainText = (html: string) =>
  unescapeHtml(
    (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html)
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

/** The cells of the table row (in the table captioned `caption`) whose first cell is `first`. */
function rowOf(html: string, caption: string, first: string): string[] {
  const table = new RegExp(`<caption[^>]*>${caption}</caption>([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  for (const row of table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)) {
    const cells = [...(row[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) =>
      mainText(c[1] ?? ''),
    );
    if (cells[0] === first) return cells;
  }
  return [];
}

const schools = [
  {
    name: 'Aldborough Primary',
    urn: 100001,
    cluster: 'North',
    pupils: 100,
    sen: 10,
    ehc: 0,
    last: 1_000_000,
  },
  { name: 'Blickling Infants', urn: 100002, cluster: 'North', pupils: 200, sen: 20, ehc: 1, last: 1_400_000 },
  { name: 'Cawston Juniors', urn: 100003, cluster: 'North', pupils: 300, sen: 30, ehc: 2, last: 2_100_000 },
  { name: 'Dereham Academy', urn: 100004, cluster: 'South', pupils: 150, sen: 10, ehc: 0, last: 1_200_000 },
  { name: 'Erpingham School', urn: 100005, cluster: 'South', pupils: 250, sen: 20, ehc: 5, last: 2_000_000 },
  { name: 'Foulsham Primary', urn: 100006, cluster: 'South', pupils: 200, sen: 10, ehc: 0, last: null },
] as const;

/** The form as the browser sends it: every factor not used unless given. */
function scenarioForm(fields: Record<string, string>): Record<string, string> {
  return { version: '0', method: 'schools', withinSame: 'same', ...fields };
}
const pupilsAndLumpSum = scenarioForm({
  name: 'Pupils and lump sum',
  'terms-lumpSum-kind': 'perUnit',
  'terms-lumpSum-perUnit': '5,000',
  'terms-pupils-kind': 'weight',
  'terms-pupils-weight': '100',
});
const senSupport = scenarioForm({
  name: 'SEN Support',
  'terms-senSupport-kind': 'weight',
  'terms-senSupport-weight': '100',
});

describe('funding scenarios: drafts, comparison, adoption and statements', () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof browserAs>>;
  let approver: Awaited<ReturnType<typeof browserAs>>;
  let headOfA: Awaited<ReturnType<typeof browserAs>>;
  let headOfD: Awaited<ReturnType<typeof browserAs>>;
  let hostOfSouth: Awaited<ReturnType<typeof browserAs>>;
  let api: ReturnType<typeof apiAs>;
  let hostApi: ReturnType<typeof apiAs>;
  let headApi: ReturnType<typeof apiAs>;
  let potId = '';
  const ids: Record<string, string> = {};
  const clusterIds: Record<string, string> = {};
  let firstId = '';
  let secondId = '';

  const addFactors = (establishmentId: string, s: (typeof schools)[number]) =>
    sql`INSERT INTO funding_factor_values (la_code, pot_id, establishment_id, pupils, fsm_percent, sen_support, ehc_plans, source)
      VALUES ('926', ${potId}, ${establishmentId}, ${s.pupils}, 20, ${s.sen}, ${s.ehc}, 'entered')`.execute(
      t.database.db,
    );

  before(async () => {
    t = await startTestApp();
    const officerUser = await addUser(t, '926', 'finance', ['finance_officer']);
    officer = await browserAs(t, officerUser.email);
    approver = await browserAs(t, (await addUser(t, '926', 'approver', ['finance_approver'])).email);
    api = apiAs(t, await tokenFor(t, '926', officerUser.id));
    for (const s of schools) ids[s.name] = await addSchool(t, '926', s.name, s.urn);
    const hostNorth = await addUser(t, '926', 'host-north', ['cluster_host']);
    const hostSouth = await addUser(t, '926', 'host-south', ['cluster_host']);
    const byCluster = (c: string) => schools.filter((s) => s.cluster === c).map((s) => ids[s.name] as string);
    clusterIds.North = await addCluster(t, '926', 'North', byCluster('North'), hostNorth.id);
    clusterIds.South = await addCluster(t, '926', 'South', byCluster('South'), hostSouth.id);
    const head = async (local: string, school: string) => {
      const user = await addUser(t, '926', local, ['head_teacher']);
      await sql`INSERT INTO establishment_staff (la_code, user_id, establishment_id, role)
        VALUES ('926', ${user.id}, ${ids[school]}, 'headteacher')`.execute(t.database.db);
      return user;
    };
    const headA = await head('head-a', 'Aldborough Primary');
    headOfA = await browserAs(t, headA.email);
    headOfD = await browserAs(t, (await head('head-d', 'Dereham Academy')).email);
    hostOfSouth = await browserAs(t, hostSouth.email);
    hostApi = apiAs(t, await tokenFor(t, '926', hostSouth.id));
    headApi = apiAs(t, await tokenFor(t, '926', headA.id));
    // £120,000 split 75/25: £90,000 delegated to clusters, £30,000 kept centrally.
    const pot = await sql<{
      id: string;
    }>`INSERT INTO funding_pots (la_code, name, year_kind, year, total_pence,
        delegated_percent, central_percent, delegated_pence, central_pence)
      VALUES ('926', 'SEND', 'financial', 2026, 12000000, 75, 25, 9000000, 3000000) RETURNING id`.execute(
      t.database.db,
    );
    potId = pot.rows[0]?.id ?? '';
    // Foulsham's data is left out for now: the comparison must name it.
    for (const s of schools) {
      if (s.name !== 'Foulsham Primary') await addFactors(ids[s.name] as string, s);
      if (s.last !== null)
        await sql`INSERT INTO funding_baselines (la_code, pot_id, establishment_id, pence)
          VALUES ('926', ${potId}, ${ids[s.name]}, ${s.last})`.execute(t.database.db);
    }
  });
  after(() => t.close());

  test('a finance officer saves a draft while a school has no factor data, and its page names that school', async () => {
    const form = await officer.get(`/funding/pots/${potId}/scenarios/new`);
    assert.equal(form.statusCode, 200, form.body);
    assert.match(mainText(form.body), /SEND delegates £90,000 to clusters in 2026-27/);
    const saved = await officer.post(`/funding/pots/${potId}/scenarios/new`, pupilsAndLumpSum);
    assert.equal(saved.statusCode, 303, saved.body);
    firstId =
      /\/funding\/scenarios\/([0-9a-f-]{36})\?done=created/.exec(saved.headers.location ?? '')?.[1] ?? '';
    assert.ok(firstId);
    const [created] = await auditEvents(t, '926', 'funding.scenario.created');
    assert.equal(created?.entity_id, firstId);

    const page = await officer.get(saved.headers.location ?? '');
    assert.equal(page.statusCode, 200);
    const text = mainText(page.body);
    assert.match(text, /The draft scenario has been saved\./);
    assert.match(
      text,
      /One school has no factor data for SEND 2026-27, so no draft can be worked out until it has\./,
    );
    assert.deepEqual(rowOf(page.body, 'Schools with no factor data', 'Foulsham Primary'), [
      'Foulsham Primary',
      '100006',
      'South',
    ]);
    assert.match(
      page.body,
      new RegExp(
        `href="/funding/pots/${potId}/factors">Enter their data, or carry forward last year’s figures`,
      ),
    );
    assert.doesNotMatch(text, /Winners and losers/);

    // The API will not work a draft out with a school missing either, and says which.
    const refused = await api.get(`/api/v1/funding/scenarios/${firstId}/allocations`);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().detail, /Foulsham Primary/);
    assert.deepEqual(refused.json().errors, [
      { field: 'schools', message: 'Foulsham Primary has no factor data' },
    ]);
  });

  test('with every school’s data in, the comparison gives each school and cluster against last year, worked out by hand', async () => {
    await addFactors(ids['Foulsham Primary'] as string, schools[5]);
    const second = await officer.post(`/funding/pots/${potId}/scenarios/new`, senSupport);
    assert.equal(second.statusCode, 303, second.body);
    secondId = /\/funding\/scenarios\/([0-9a-f-]{36})/.exec(second.headers.location ?? '')?.[1] ?? '';

    const page = await officer.get(`/funding/scenarios/${firstId}`);
    assert.equal(page.statusCode, 200);
    const html = page.body;
    // Last year against this scenario; then SEN Support's figures and the difference.
    assert.deepEqual(rowOf(html, 'By school', 'Aldborough Primary'), [
      'Aldborough Primary',
      '100001',
      'North',
      '£10,000',
      '£10,000',
      '£0',
      '0.0%',
      '£9,000',
      '+£1,000',
    ]);
    // +£1,000 on £14,000 = 7.14%.
    assert.deepEqual(rowOf(html, 'By school', 'Blickling Infants'), [
      'Blickling Infants',
      '100002',
      'North',
      '£14,000',
      '£15,000',
      '+£1,000',
      '+7.1%',
      '£18,000',
      '\u2212£3,000',
    ]);
    // −£1,000 on £21,000 = −4.76%.
    assert.deepEqual(rowOf(html, 'By school', 'Cawston Juniors'), [
      'Cawston Juniors',
      '100003',
      'North',
      '£21,000',
      '£20,000',
      '\u2212£1,000',
      '\u22124.8%',
      '£27,000',
      '\u2212£7,000',
    ]);
    // −£2,500 on £20,000 = −12.5%.
    assert.deepEqual(rowOf(html, 'By school', 'Erpingham School'), [
      'Erpingham School',
      '100005',
      'South',
      '£20,000',
      '£17,500',
      '\u2212£2,500',
      '\u221212.5%',
      '£18,000',
      '\u2212£500',
    ]);
    assert.deepEqual(rowOf(html, 'By school', 'Foulsham Primary'), [
      'Foulsham Primary',
      '100006',
      'South',
      'None',
      '£15,000',
      'Not applicable',
      'Not applicable',
      '£9,000',
      '+£6,000',
    ]);
    // North: £45,000 both years. South: £45,000 against £32,000 (Foulsham had none): +£13,000, +40.6%;
    // SEN Support gives South £36,000.
    assert.deepEqual(rowOf(html, 'By cluster', 'North'), [
      'North',
      '3',
      '£45,000',
      '£45,000',
      '£0',
      '0.0%',
      '£54,000',
      '\u2212£9,000',
    ]);
    assert.deepEqual(rowOf(html, 'By cluster', 'South'), [
      'South',
      '3',
      '£32,000',
      '£45,000',
      '+£13,000',
      '+40.6%',
      '£36,000',
      '+£9,000',
    ]);
    const text = mainText(html);
    assert.match(
      text,
      /Of 6 schools, 2 gain, 2 lose and 1 stays the same; 1 school had no allocation last year\./,
    );
    // Biggest gains: Blickling +£1,000, Dereham +£500 (4.2%); losses: Erpingham −£2,500, Cawston −£1,000.
    assert.deepEqual(rowOf(html, 'The biggest gains', 'Dereham Academy'), [
      'Dereham Academy',
      '£12,000',
      '£12,500',
      '+£500',
      '+4.2%',
    ]);
    const losses = [
      ...(
        /<caption[^>]*>The biggest losses<\/caption>[\s\S]*?<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(
          html,
        )?.[1] ?? ''
      ).matchAll(/<tr class="govuk-table__row">\s*<t[dh][^>]*>([^<]+)</g),
    ].map((m) => m[1]?.trim());
    assert.deepEqual(losses, ['Erpingham School', 'Cawston Juniors']);
    // One school in each band it falls in: Erpingham −12.5%, Cawston −4.8%, Aldborough none,
    // Dereham +4.2%, Blickling +7.1%, Foulsham new.
    const band = (label: string) => rowOf(html, 'Schools by change from last year', label)[1];
    assert.equal(band('Falls by more than 10%'), '1');
    assert.equal(band('Falls by more than 2%, up to 5%'), '1');
    assert.equal(band('Falls by up to 2%'), '0');
    assert.equal(band('No change'), '1');
    assert.equal(band('Rises by more than 2%, up to 5%'), '1');
    assert.equal(band('Rises by more than 5%, up to 10%'), '1');
    assert.equal(band('No allocation last year'), '1');
    assert.match(html, /<svg[^>]*role="img"[^>]*aria-labelledby="bands-title bands-desc"/);
    assert.match(
      html,
      /<title id="bands-title">Schools by change from last year under Pupils and lump sum<\/title>/,
    );
  });

  test('the person chooses which drafts to compare: with none chosen, only last year is shown', async () => {
    const page = await officer.get(`/funding/scenarios/${firstId}?chosen=1`);
    assert.deepEqual(rowOf(page.body, 'By school', 'Aldborough Primary'), [
      'Aldborough Primary',
      '100001',
      'North',
      '£10,000',
      '£10,000',
      '£0',
      '0.0%',
    ]);
    const chosen = await officer.get(`/funding/scenarios/${firstId}?chosen=1&with=${secondId}`);
    assert.equal(rowOf(chosen.body, 'By school', 'Aldborough Primary').length, 9);
  });

  test('every table downloads as CSV and XLSX, and a table that does not exist is refused by name', async () => {
    const csv = await officer.get(`/funding/scenarios/${firstId}?table=schools&format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    assert.equal(
      lines[0],
      'School,URN,Cluster,Last year (£),Pupils and lump sum (£),Change (£),Change %,SEN Support (£),Less SEN Support (£)',
    );
    // Blickling: £14,000 → £15,000, +£1,000, 7.1% (to one place, as tenths).
    assert.ok(
      lines.includes('Blickling Infants,100002,North,14000,15000,1000,7.1,18000,-3000'),
      lines.join('\n'),
    );
    for (const table of ['clusters', 'gains', 'losses', 'distribution']) {
      const xlsx = await officer.get(`/funding/scenarios/${firstId}?table=${table}&format=xlsx`);
      assert.equal(xlsx.statusCode, 200, table);
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK', table);
    }
    const bad = await officer.get(`/funding/scenarios/${firstId}?table=children&format=csv`);
    assert.equal(bad.statusCode, 400);
    const exported = await auditEvents(t, '926', 'funding.scenario.exported');
    assert.equal(exported.length, 5);
  });

  test('each bad formula is refused by the box it is about, in the words the engine uses', async () => {
    const refusedWith = async (fields: Record<string, string>) => {
      const r = await officer.post(
        `/funding/pots/${potId}/scenarios/new`,
        scenarioForm({ name: 'Trial', ...fields }),
      );
      assert.equal(r.statusCode, 400, r.body.slice(0, 300));
      return errorSummaryOf(r.body);
    };
    assert.deepEqual(await refusedWith({ 'terms-pupils-kind': 'weight', 'terms-pupils-weight': '60' }), [
      { href: '#terms', text: 'The weights add up to 60%: make them add up to 100%' },
    ]);
    assert.deepEqual(
      await refusedWith({
        'terms-pupils-kind': 'weight',
        'terms-pupils-weight': '100',
        schoolFloor: '5',
        schoolCap: '2',
      }),
      [
        {
          href: '#schoolFloor',
          text: 'The floor (5%) is above the cap (2%): make the floor the same as the cap or lower',
        },
      ],
    );
    // Last year's allocations add up to £77,000 (Foulsham had none): a +20% floor needs £92,400,
    // £2,400 more than the £90,000 to share.
    assert.deepEqual(
      await refusedWith({ 'terms-pupils-kind': 'weight', 'terms-pupils-weight': '100', schoolFloor: '20' }),
      [
        {
          href: '#schoolFloor',
          text: "The floor of 20% needs £92,400 for the 5 schools with last year's allocations, £2,400 more than the £90,000 to share: lower the floor",
        },
      ],
    );
    // Pupils at 200%, EHC plans at −100%: Erpingham has 250 of the 1,200 pupils and 5 of the 8
    // plans, so its share of the pot is 2 × 250/1,200 − 5/8 = 0.417 − 0.625 = −0.208: below nothing.
    assert.deepEqual(
      await refusedWith({
        'terms-pupils-kind': 'weight',
        'terms-pupils-weight': '200',
        'terms-ehcPlans-kind': 'weight',
        'terms-ehcPlans-weight': '-100',
      }),
      [
        {
          href: '#terms',
          text: 'The formula gives one of the schools less than nothing (Erpingham School): change the weights or amounts so that none is negative',
        },
      ],
    );
    // £20,000 a school is £120,000 for six: £30,000 more than the pot.
    assert.deepEqual(
      await refusedWith({
        'terms-lumpSum-kind': 'perUnit',
        'terms-lumpSum-perUnit': '20,000',
        'terms-pupils-kind': 'weight',
        'terms-pupils-weight': '100',
      }),
      [
        {
          href: '#terms',
          text: 'The £ per unit factors need £120,000, which is £30,000 more than the £90,000 to share: lower the amounts per unit',
        },
      ],
    );
    assert.deepEqual(
      await refusedWith({
        'terms-lumpSum-kind': 'perUnit',
        'terms-lumpSum-perUnit': 'five thousand',
        schoolCap: 'ten',
      }),
      [
        {
          href: '#terms-lumpSum-perUnit',
          text: 'Lump sum: enter an amount in pounds using numbers only, like 1,350 or 1,350.50',
        },
        {
          href: '#schoolCap',
          text: 'The cap for each school: enter a percentage using numbers, like −2 or 5, with up to 2 decimal places',
        },
      ],
    );
    assert.deepEqual(
      await refusedWith({ name: ' ', 'terms-pupils-kind': 'weight', 'terms-pupils-weight': '100' }),
      [{ href: '#name', text: 'Enter a name for the scenario' }],
    );
    assert.deepEqual(await refusedWith({}), [{ href: '#terms', text: 'Add at least one factor' }]);
    assert.deepEqual(await refusedWith({ ...senSupport }), [
      { href: '#name', text: 'SEND already has a scenario called SEN Support: give this one another name' },
    ]);
    assert.equal((await auditEvents(t, '926', 'funding.scenario.created')).length, 2);
  });

  test('a draft is changed from its form, and a change to a version someone else changed is refused', async () => {
    const form = await officer.get(`/funding/scenarios/${secondId}/edit`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /id="terms-senSupport-weight"[^>]* value="100"/);
    const changed = await officer.post(`/funding/scenarios/${secondId}/edit`, {
      ...senSupport,
      version: '1',
      name: 'Needs-led',
    });
    assert.equal(changed.statusCode, 303, changed.body);
    const stale = await officer.post(`/funding/scenarios/${secondId}/edit`, { ...senSupport, version: '1' });
    assert.equal(stale.statusCode, 409);
    assert.match(errorSummaryOf(stale.body)[0]?.text ?? '', /Someone changed Needs-led since you opened it/);
    const [event] = await auditEvents(t, '926', 'funding.scenario.changed');
    const detail = event?.detail as { before: { name: string }; after: { name: string } } | undefined;
    assert.deepEqual([detail?.before.name, detail?.after.name], ['SEN Support', 'Needs-led']);
  });

  test('the API lists a pot’s scenarios, gives one, and its allocations in exactly the agreed shape', async () => {
    const missing = await api.get('/api/v1/funding/scenarios');
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().errors[0].field, 'potId');
    const malformed = await api.get('/api/v1/funding/scenarios?potId=pot-1');
    assert.deepEqual(malformed.json().errors, [
      { field: 'potId', message: 'potId must be a funding pot ID (a UUID)' },
    ]);
    const list = await api.get(`/api/v1/funding/scenarios?potId=${potId}`);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list
        .json()
        .scenarios.map((s: { name: string; status: string; year: string }) => [s.name, s.status, s.year]),
      [
        ['Needs-led', 'draft', '2026-27'],
        ['Pupils and lump sum', 'draft', '2026-27'],
      ],
    );
    const one = await api.get(`/api/v1/funding/scenarios/${firstId}`);
    assert.deepEqual(one.json().formula.terms, [
      { factor: 'pupils', kind: 'weight', value: 100 },
      { factor: 'lumpSum', kind: 'perUnit', value: 500_000 },
    ]);
    assert.equal((await api.get('/api/v1/funding/scenarios/nope')).statusCode, 400);
    assert.equal((await api.get(`/api/v1/funding/scenarios/${potId}`)).statusCode, 404);
    const allocations = await api.get(`/api/v1/funding/scenarios/${firstId}/allocations`);
    assert.equal(allocations.statusCode, 200);
    // No damping set, so neither floorPercent nor capPercent.
    assert.deepEqual(allocations.json(), {
      potPence: 9_000_000,
      schools: [
        { urn: 100001, clusterId: clusterIds.North, allocationPence: 1_000_000, lastYearPence: 1_000_000 },
        { urn: 100002, clusterId: clusterIds.North, allocationPence: 1_500_000, lastYearPence: 1_400_000 },
        { urn: 100003, clusterId: clusterIds.North, allocationPence: 2_000_000, lastYearPence: 2_100_000 },
        { urn: 100004, clusterId: clusterIds.South, allocationPence: 1_250_000, lastYearPence: 1_200_000 },
        { urn: 100005, clusterId: clusterIds.South, allocationPence: 1_750_000, lastYearPence: 2_000_000 },
        { urn: 100006, clusterId: clusterIds.South, allocationPence: 1_500_000, lastYearPence: null },
      ],
    });
    assert.equal((await hostApi.get(`/api/v1/funding/scenarios?potId=${potId}`)).statusCode, 403);
  });

  test('a finance approver adopts one draft: its allocations are stored, it is locked, and no other can be adopted', async () => {
    assert.equal((await officer.get(`/funding/scenarios/${firstId}/adopt`)).statusCode, 403);
    const confirm = await approver.get(`/funding/scenarios/${firstId}/adopt`);
    assert.equal(confirm.statusCode, 200);
    assert.match(mainText(confirm.body), /Schools 6 Clusters 2 Shared between them £90,000/);
    const adopted = await approver.post(`/funding/scenarios/${firstId}/adopt`, { version: '1' });
    assert.equal(adopted.statusCode, 303, adopted.body);
    const stored = await sql<{ name: string; pence: number; last_year_pence: number | null; pupils: number }>`
      SELECT e.name, a.pence, a.last_year_pence, (a.factors->>'pupils')::int AS pupils
      FROM funding_allocations a JOIN establishments e ON e.id = a.establishment_id
      WHERE a.scenario_id = ${firstId} ORDER BY e.name`.execute(t.database.db);
    assert.deepEqual(
      stored.rows.map((r) => [
        r.name,
        Number(r.pence),
        r.last_year_pence === null ? null : Number(r.last_year_pence),
        r.pupils,
      ]),
      [
        ['Aldborough Primary', 1_000_000, 1_000_000, 100],
        ['Blickling Infants', 1_500_000, 1_400_000, 200],
        ['Cawston Juniors', 2_000_000, 2_100_000, 300],
        ['Dereham Academy', 1_250_000, 1_200_000, 150],
        ['Erpingham School', 1_750_000, 2_000_000, 250],
        ['Foulsham Primary', 1_500_000, null, 200],
      ],
    );
    const [event] = await auditEvents(t, '926', 'funding.scenario.adopted');
    assert.equal((event?.detail as { totalPence: number } | undefined)?.totalPence, 9_000_000);

    // The other draft stays a draft, but cannot be adopted for the same pot.
    const other = await approver.get(`/funding/scenarios/${secondId}/adopt`);
    assert.match(
      mainText(other.body),
      /Pupils and lump sum was adopted for SEND 2026-27 on .*: a pot has one adopted scenario\./,
    );
    const refused = await approver.post(`/funding/scenarios/${secondId}/adopt`, { version: '2' });
    assert.equal(refused.statusCode, 409);
    assert.match(
      errorSummaryOf(refused.body)[0]?.text ?? '',
      /a pot has one adopted scenario, whose allocations schools are paid/,
    );
    const status = await sql<{
      status: string;
    }>`SELECT status FROM funding_scenarios WHERE id = ${secondId}`.execute(t.database.db);
    assert.equal(status.rows[0]?.status, 'draft');
  });

  test('an adopted scenario is refused any change, saying when it was adopted, and the database refuses too', async () => {
    const at = await sql<{
      adopted_at: Date;
    }>`SELECT adopted_at FROM funding_scenarios WHERE id = ${firstId}`.execute(t.database.db);
    const on = longDate(isoDateInLondon(at.rows[0]?.adopted_at as Date));
    const message = `This scenario was adopted on ${on} and cannot be changed. Copy it to make a new draft.`;
    const form = await officer.get(`/funding/scenarios/${firstId}/edit`);
    assert.equal(form.statusCode, 409);
    assert.match(mainText(form.body), new RegExp(message.replace('.', '\\.')));
    assert.match(form.body, new RegExp(`href="/funding/pots/${potId}/scenarios/new\\?from=${firstId}"`));
    const post = await officer.post(`/funding/scenarios/${firstId}/edit`, {
      ...pupilsAndLumpSum,
      version: '2',
    });
    assert.equal(post.statusCode, 409);
    assert.equal(errorSummaryOf(post.body)[0]?.text, message);
    const withdraw = await officer.post(`/funding/scenarios/${firstId}/withdraw`, { version: '2' });
    assert.equal(withdraw.statusCode, 409);
    await assert.rejects(
      sql`UPDATE funding_scenarios SET name = 'Renamed' WHERE id = ${firstId}`.execute(t.database.db),
      /an adopted scenario cannot be changed/,
    );
    await assert.rejects(
      sql`UPDATE funding_allocations SET pence = 0 WHERE scenario_id = ${firstId}`.execute(t.database.db),
      /allocations cannot be changed/,
    );
    // Copying it starts a new draft with its formula.
    const copy = await officer.get(`/funding/pots/${potId}/scenarios/new?from=${firstId}`);
    assert.match(copy.body, /value="Copy of Pupils and lump sum"/);
    assert.match(copy.body, /id="terms-lumpSum-perUnit"[^>]* value="5,000"/);
  });

  test('statements are visible only once published, and only to their own school and cluster', async () => {
    const aStatement = `/funding/scenarios/${firstId}/schools/${ids['Aldborough Primary']}`;
    const northStatement = `/funding/scenarios/${firstId}/clusters/${clusterIds.North}`;
    const southStatement = `/funding/scenarios/${firstId}/clusters/${clusterIds.South}`;
    assert.equal((await headOfA.get(aStatement)).statusCode, 404);
    assert.equal((await hostOfSouth.get(southStatement)).statusCode, 404);
    assert.doesNotMatch(mainText((await headOfA.get('/funding/statements')).body), /Aldborough Primary/);
    assert.match(
      mainText((await headOfA.get('/')).body),
      /Your funding statements Nothing yet: the LA has not published a funding statement for your school or cluster\./,
    );
    // Finance reads it before publishing.
    const preview = await officer.get(aStatement);
    assert.equal(preview.statusCode, 200);
    assert.match(mainText(preview.body), /Date Not yet published/);

    assert.equal(
      (await officer.post(`/funding/scenarios/${firstId}/publish`, { version: '2' })).statusCode,
      403,
    );
    const published = await approver.post(`/funding/scenarios/${firstId}/publish`, { version: '2' });
    assert.equal(published.statusCode, 303, published.body);

    const mine = await headOfA.get(aStatement);
    assert.equal(mine.statusCode, 200);
    const text = mainText(mine.body);
    assert.match(text, /Aldborough Primary: SEND allocation for 2026-27/);
    // £10,000 both years: the lump sum £5,000 and 100 pupils at £50, £5,000; nothing from damping.
    assert.match(
      text,
      /Allocation for 2026-27 £10,000 Allocation last year £10,000 Change from last year £0 \(0\.0%\)/,
    );
    assert.match(text, /Pupils on roll £5,000 \(100% of the weighted share, by 100 pupils\)/);
    assert.match(text, /Lump sum £5,000 \(£5,000 per school, every school\)/);
    assert.match(text, /Damping and rounding £0/);
    assert.match(text, /North’s 3 schools were allocated £45,000 between them\./);
    assert.equal((await headOfA.get(northStatement)).statusCode, 200);
    assert.equal((await headOfA.get(southStatement)).statusCode, 404);
    assert.equal(
      (await headOfA.get(`/funding/scenarios/${firstId}/schools/${ids['Dereham Academy']}`)).statusCode,
      404,
    );
    assert.equal((await headOfD.get(aStatement)).statusCode, 404);
    const south = await hostOfSouth.get(southStatement);
    assert.equal(south.statusCode, 200);
    // £12,500 + £17,500 + £15,000 = £45,000; last year £12,000 + £20,000 = £32,000.
    assert.match(
      mainText(south.body),
      /Allocation for 2026-27 £45,000 Allocation last year £32,000 Change from last year \+£13,000 \(\+40\.6%\)/,
    );
    assert.equal((await hostOfSouth.get(northStatement)).statusCode, 404);
    assert.equal((await hostOfSouth.get(aStatement)).statusCode, 404);

    assert.match(
      mainText((await headOfA.get('/')).body),
      /The LA has published 1 statement for your school and 1 for your cluster, the latest on/,
    );
    assert.doesNotMatch(mainText((await officer.get('/')).body), /Your funding statements/);
    const list = mainText((await headOfA.get('/funding/statements')).body);
    assert.match(
      list,
      /Your school .* Aldborough Primary SEND 2026-27 £10,000 \d+ \w+ 20\d\d Download this table: .* Your cluster/,
    );
    assert.match(list, /Your cluster .* North SEND 2026-27 £45,000/);
    assert.doesNotMatch(list, /South/);
    const listed = await headOfA.get('/funding/statements?table=schools&format=csv');
    assert.equal(listed.statusCode, 200);
    assert.match(
      listed.body,
      /\r\nAldborough Primary,SEND 2026-27,Pupils and lump sum,10000,\d{4}-\d{2}-\d{2}\r\n$/,
    );
    assert.equal((await headOfA.get('/funding/statements?table=everyone&format=csv')).statusCode, 400);

    const pdf = await headOfA.get(`${aStatement}.pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const xlsx = await headOfA.get(`${aStatement}.xlsx`);
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
    assert.equal((await headOfD.get(`${aStatement}.pdf`)).statusCode, 404);
    const reads = await auditEvents(t, '926', 'funding.statement.read');
    assert.ok(reads.length >= 4);
    const exports = await auditEvents(t, '926', 'funding.statement.exported');
    assert.deepEqual(
      exports.map((e) => (e.detail as { format: string }).format),
      ['csv', 'pdf', 'xlsx'],
    );
    assert.equal((await auditEvents(t, '926', 'funding.scenario.published')).length, 1);
  });

  test('a cluster’s allocation through the API: for finance, its host, and the heads of its schools only', async () => {
    const southUrl = `/api/v1/clusters/${clusterIds.South}/allocation`;
    const seen = await hostApi.get(southUrl);
    assert.equal(seen.statusCode, 200);
    const body = seen.json();
    assert.equal(body.clusterName, 'South');
    assert.deepEqual(
      body.allocations.map((a: { potName: string; year: string; pence: number; lastYearPence: number }) => [
        a.potName,
        a.year,
        a.pence,
        a.lastYearPence,
      ]),
      [['SEND', '2026-27', 4_500_000, 3_200_000]],
    );
    assert.deepEqual(
      body.allocations[0].schools.map((s: { urn: number; allocationPence: number }) => [
        s.urn,
        s.allocationPence,
      ]),
      [
        [100004, 1_250_000],
        [100005, 1_750_000],
        [100006, 1_500_000],
      ],
    );
    assert.equal((await headApi.get(southUrl)).statusCode, 404);
    assert.equal((await headApi.get(`/api/v1/clusters/${clusterIds.North}/allocation`)).statusCode, 200);
    assert.equal((await api.get(southUrl)).statusCode, 200);
    const bad = await api.get('/api/v1/clusters/north/allocation');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].field, 'id');
  });

  test('a draft is withdrawn from its confirmation page and can no longer be changed', async () => {
    const confirm = await officer.get(`/funding/scenarios/${secondId}/withdraw`);
    assert.equal(confirm.statusCode, 200);
    const withdrawn = await officer.post(`/funding/scenarios/${secondId}/withdraw`, { version: '2' });
    assert.equal(withdrawn.statusCode, 303, withdrawn.body);
    const form = await officer.get(`/funding/scenarios/${secondId}/edit`);
    assert.equal(form.statusCode, 409);
    assert.match(
      mainText(form.body),
      /This scenario was withdrawn and cannot be changed\. Copy it to make a new draft\./,
    );
    assert.equal((await auditEvents(t, '926', 'funding.scenario.withdrawn')).length, 1);
  });
});
