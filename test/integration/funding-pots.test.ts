import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { lastYearAllocations, schoolsInScope } from '../../src/modules/funding/factors/read.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { csrfFrom, startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addCluster,
  addSchool,
  addUser,
  apiAs,
  auditEvents,
  errorSummaryOf,
  tokenFor,
  unescapeHtml,
} from '../support/children.ts';
import { browser, multipartBody } from '../support/providers.ts';

/**
 * Funding pots, as a finance officer keeps them: a pot split between clusters and the centre, what
 * the central share pays for, each school's factor data (from a file, from the LA's records, or
 * carried from last year) and last year's allocations; and the API. The test clock stands at
 * 2 March 2026. Pots are for academic years: academic 2025 starts on 1 September 2025.
 */

const mainText = (html: string) =>
  unescapeHtml(
    (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html)
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

const potForm = (over: Record<string, string> = {}) => ({
  name: 'Learning Support',
  yearKind: 'academic',
  year: '2025',
  total: '2,000,000',
  delegatedPercent: '75',
  centralPercent: '25',
  previousPotId: '',
  ...over,
});

const factorHeader =
  'URN,Pupils,FSM %,IDACI A,IDACI B,IDACI C,IDACI D,IDACI E,IDACI F,Low prior attainment,SEN Support,EHC plans,Sparse';

describe('funding pots', () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof browser>>;
  let api: ReturnType<typeof apiAs>;
  let otherApi: ReturnType<typeof apiAs>;
  let otherOfficer: Awaited<ReturnType<typeof browser>>;
  let coordinator: Awaited<ReturnType<typeof browser>>;
  const school: Record<'hethersett' | 'cringleford' | 'mulbarton' | 'outside', string> = {
    hethersett: '',
    cringleford: '',
    mulbarton: '',
    outside: '',
  };
  let potId = '';

  const upload = async (url: string, csv: string, filename = 'factors.csv') => {
    const page = await officer.get(url);
    const body = multipartBody(
      { _csrf: csrfFrom(page.body) },
      { file: { filename, data: Buffer.from(csv) } },
    );
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: officer.cookie, accept: 'text/html', 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  before(async () => {
    t = await startTestApp();
    const owner = t.database.db;
    const officerUser = await addUser(t, '926', 'finance', ['finance_officer']);
    officer = await browser(t, officerUser.email);
    api = apiAs(t, await tokenFor(t, '926', officerUser.id));
    const other = await addUser(t, '935', 'finance', ['finance_officer']);
    otherOfficer = await browser(t, other.email);
    otherApi = apiAs(t, await tokenFor(t, '935', other.id));
    coordinator = await browser(t, t.la.users.coordinator.email);

    school.hethersett = await addSchool(t, '926', 'Hethersett Primary', 121_001);
    school.cringleford = await addSchool(t, '926', 'Cringleford Primary', 121_002);
    school.mulbarton = await addSchool(t, '926', 'Mulbarton Primary', 121_003);
    school.outside = await addSchool(t, '926', 'Chapel Green School', 121_004);
    await sql`UPDATE establishments SET pupils = 210 WHERE id = ${school.hethersett}`.execute(owner);
    await sql`UPDATE establishments SET pupils = 180 WHERE id = ${school.cringleford}`.execute(owner);
    // Mulbarton's record has no number on roll.
    await addCluster(t, '926', 'Wymondham', [school.hethersett, school.cringleford], officerUser.id);
    await addCluster(t, '926', 'Mulbarton', [school.mulbarton], officerUser.id);

    // Hethersett: 3 children on SEN Support, 2 with EHC plans in force naming it; 1 child with a
    // ceased plan, which does not count.
    for (let i = 0; i < 3; i++) {
      const id = await addChild(t, '926', { establishmentId: school.hethersett });
      await sql`UPDATE children SET sen_provision = 'sen_support' WHERE id = ${id}`.execute(owner);
    }
    for (const status of ['active', 'active', 'ceased']) {
      const id = await addChild(t, '926', { establishmentId: school.hethersett });
      await sql`INSERT INTO ehc_plans (la_code, child_id, status, drafted_on, issued_on, ended_on, establishment_id, setting_name, provision)
        VALUES ('926', ${id}, ${status}, '2024-01-05', '2024-02-02', ${status === 'ceased' ? '2025-07-01' : null},
          ${school.hethersett}, 'Hethersett Primary', 'mainstream')`.execute(owner);
    }
  });
  after(() => t?.close());

  test('a finance officer creates a pot: £2,000,000 at 75/25 is £1,500,000 delegated and £500,000 central', async () => {
    const res = await officer.post('/funding/pots/new', '/funding/pots/new', potForm());
    assert.equal(res.statusCode, 303, res.body);
    potId = /\/funding\/pots\/([0-9a-f-]{36})/.exec(res.headers.location ?? '')?.[1] ?? '';
    const page = mainText((await officer.get(`/funding/pots/${potId}`)).body);
    // 200,000,000p × 75% = 150,000,000p; the centre keeps the other 50,000,000p.
    assert.match(page, /Delegated to clusters \(75%\) £1,500,000/);
    assert.match(page, /Kept central \(25%\) £500,000/);
    assert.match(page, /Factor data 0 of 3 schools in a cluster on 1 September 2025/);
    assert.match(
      page,
      /Factor data missing for 3 schools: load, fill or carry it: the year started on 1 September 2025/,
    );
    assert.match(page, /Create a scenario/);
    const [event] = await auditEvents(t, '926', 'funding.pot.created');
    assert.equal(event?.entity_id, potId);
    assert.equal((event?.detail as { delegatedPence?: number } | undefined)?.delegatedPence, 150_000_000);
  });

  test('a pot form with mistakes is refused, each message by its box', async () => {
    const split = await officer.post(
      '/funding/pots/new',
      '/funding/pots/new',
      potForm({ name: 'Other', centralPercent: '20' }),
    );
    assert.equal(split.statusCode, 400);
    assert.deepEqual(errorSummaryOf(split.body), [
      { href: '#delegatedPercent', text: 'The delegated and central shares must add up to 100%, not 95%' },
      { href: '#centralPercent', text: 'The central and delegated shares must add up to 100%, not 95%' },
    ]);
    const typed = await officer.post(
      '/funding/pots/new',
      '/funding/pots/new',
      potForm({
        name: '',
        yearKind: '',
        year: '1999',
        total: '2m',
        delegatedPercent: '101',
        centralPercent: '-1',
      }),
    );
    assert.deepEqual(errorSummaryOf(typed.body), [
      { href: '#name', text: 'Enter the pot’s name, like Learning Support' },
      { href: '#yearKind', text: 'Choose whether the pot is for a financial or an academic year' },
      {
        href: '#year',
        text: 'Enter the year the pot starts in as 4 figures, from 2000 to 2100, like 2026 for 2026-27',
      },
      { href: '#total', text: 'Enter the total in pounds using numbers only, like 1,350 or 1,350.50' },
      { href: '#delegatedPercent', text: 'The delegated share must be 100% or less' },
      { href: '#centralPercent', text: 'Enter the central share as a number, like 75' },
    ]);
    const large = await officer.post(
      '/funding/pots/new',
      '/funding/pots/new',
      potForm({ name: 'Big', total: '1,000,000,000.01' }),
    );
    assert.deepEqual(errorSummaryOf(large.body), [
      { href: '#total', text: 'Enter the total of £1,000,000,000 or less' },
    ]);
    const twice = await officer.post(
      '/funding/pots/new',
      '/funding/pots/new',
      potForm({ name: 'learning support' }),
    );
    assert.deepEqual(errorSummaryOf(twice.body), [
      {
        href: '#name',
        text: 'There is already a pot called learning support for 2025-26: give this one another name',
      },
    ]);
  });

  test('the API creates a pot, refuses bad input naming each field, and lists and reads pots', async () => {
    const bad = await api.post('/api/v1/funding/pots', {
      name: 'SEND delegated funding',
      yearKind: 'calendar',
      year: 2026,
      totalPence: -5,
      delegatedPercent: 100,
      centralPercent: 0,
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(bad.json().errors, [
      { field: 'yearKind', message: 'yearKind must be financial or academic' },
      { field: 'totalPence', message: 'The total must be £0 or more' },
    ]);
    const negative = await api.post('/api/v1/funding/pots', {
      name: 'SEND delegated funding',
      yearKind: 'academic',
      year: 2026,
      totalPence: -5,
      delegatedPercent: 60,
      centralPercent: 30,
    });
    assert.equal(negative.statusCode, 400);
    assert.deepEqual(negative.json().errors, [
      { field: 'totalPence', message: 'The total must be £0 or more' },
      { field: 'delegatedPercent', message: 'The delegated and central shares must add up to 100%, not 90%' },
      { field: 'centralPercent', message: 'The central and delegated shares must add up to 100%, not 90%' },
    ]);
    const wrongPrevious = await api.post('/api/v1/funding/pots', {
      name: 'Learning Support',
      yearKind: 'financial',
      year: 2026,
      totalPence: 200_000_000,
      delegatedPercent: 75,
      centralPercent: 25,
      previousPotId: potId,
    });
    assert.equal(wrongPrevious.statusCode, 422);
    assert.deepEqual(wrongPrevious.json().errors, [
      {
        field: 'previousPotId',
        message:
          'The previous pot must be for the financial year before this one, 2025-26: Learning Support is for academic 2025-26',
      },
    ]);

    const made = await api.post('/api/v1/funding/pots', {
      name: 'Learning Support',
      yearKind: 'academic',
      year: 2026,
      // £1,000.01 at 50/50: 50,000.5p rounds half up to 50,001p delegated, 50,000p central.
      totalPence: 100_001,
      delegatedPercent: 50,
      centralPercent: 50,
      previousPotId: potId,
    });
    assert.equal(made.statusCode, 201, made.body);
    const pot = made.json();
    assert.equal(pot.delegatedPence, 50_001);
    assert.equal(pot.centralPence, 50_000);
    assert.equal(pot.yearLabel, '2026-27');
    assert.deepEqual(pot.coverage, { schoolsInScope: 3, schoolsWithData: 0, schoolsMissing: 3 });
    assert.deepEqual(
      pot.missing.map((m: { name: string }) => m.name),
      ['Mulbarton Primary', 'Cringleford Primary', 'Hethersett Primary'],
    );

    const list = await api.get('/api/v1/funding/pots');
    assert.deepEqual(
      list.json().items.map((p: { name: string; yearLabel: string }) => `${p.name} ${p.yearLabel}`),
      ['Learning Support 2026-27', 'Learning Support 2025-26'],
    );
    const one = await api.get(`/api/v1/funding/pots/${potId}`);
    assert.equal(one.json().centralPence, 50_000_000);
    assert.equal((await api.get('/api/v1/funding/pots/not-a-uuid')).statusCode, 400);
    assert.equal(
      (await api.get('/api/v1/funding/pots/00000000-0000-4000-8000-000000000000')).statusCode,
      404,
    );
  });

  test('central uses cost no more than the central share: one over is refused with the amount over', async () => {
    const url = `/funding/pots/${potId}/central-uses/new`;
    const added = await officer.post(url, url, {
      kind: 'post',
      name: 'Access Through Technology specialists',
      fte: '3.5',
      cost: '245,000',
    });
    assert.equal(added.statusCode, 303, added.body);
    const noFte = await officer.post(url, url, {
      kind: 'post',
      name: 'Disability adviser',
      fte: '',
      cost: '60,000',
    });
    assert.deepEqual(errorSummaryOf(noFte.body), [
      { href: '#fte', text: 'Enter the post’s full-time equivalent, like 1 or 0.5' },
    ]);
    // £245,000 used of £500,000 leaves £255,000; a £260,000 service is £5,000 over.
    const over = await officer.post(url, url, {
      kind: 'service',
      name: 'Equipment loans',
      fte: '',
      cost: '260,000',
    });
    assert.equal(over.statusCode, 400);
    assert.deepEqual(errorSummaryOf(over.body), [
      {
        href: '#cost',
        text: 'The central uses would cost £505,000, £5,000 more than the central share of £500,000: reduce the cost by £5,000 or more',
      },
    ]);
    assert.equal(
      (await officer.post(url, url, { kind: 'service', name: 'Equipment loans', fte: '', cost: '200,000' }))
        .statusCode,
      303,
    );
    const page = (await officer.get(`/funding/pots/${potId}`)).body;
    // £245,000 + £200,000 = £445,000 of £500,000, leaving £55,000.
    assert.match(mainText(page), /Central uses £445,000 of the central share of £500,000/);
    assert.match(
      mainText(page),
      /£55,000 of the central share of £500,000 is not yet given to a post or service/,
    );

    const detail = await api.get(`/api/v1/funding/pots/${potId}`);
    const equipment = detail.json().centralUses.find((u: { name: string }) => u.name === 'Equipment loans');
    const change = `/funding/pots/${potId}/central-uses/${equipment.id}/edit`;
    const changedOver = await officer.post(change, change, {
      kind: 'service',
      name: 'Equipment loans',
      fte: '',
      cost: '255,000.01',
    });
    assert.match(errorSummaryOf(changedOver.body)[0]?.text ?? '', /£0.01 more than the central share/);
    const remove = `/funding/pots/${potId}/central-uses/${equipment.id}/remove`;
    assert.equal((await officer.post(remove, remove, {})).statusCode, 303);
    assert.equal((await api.get(`/api/v1/funding/pots/${potId}`)).json().centralUsesPence, 24_500_000);
    assert.equal((await auditEvents(t, '926', 'funding.central-use.removed')).length, 1);
  });

  test('a factor data file with a bad row loads nothing, naming each row and column', async () => {
    const csv = [
      factorHeader,
      '121001,210,18.5,12,15,20,18,14,10,30,25,5,No',
      '999999,100,10,0,0,0,0,0,0,0,0,0,No',
      '121004,100,10,0,0,0,0,0,0,0,0,0,No',
      '121002,50,10,20,20,20,0,0,0,0,0,0,No',
      '121001,210,18.5,12,15,20,18,14,10,30,25,5,No',
      '121003,abc,10,0,0,0,0,0,0,0,0,0,maybe',
    ].join('\n');
    const res = await upload(`/funding/pots/${potId}/factors/import`, csv);
    assert.equal(res.statusCode, 400);
    const text = mainText(res.body);
    assert.match(text, /Nothing was loaded/);
    assert.match(text, /3 URN 999999 is not the URN of a school on your register; check it against GIAS/);
    assert.match(
      text,
      /4 URN 121004 is Chapel Green School, which is not in a cluster on 1 September 2025; put it in a cluster first, or take its row out/,
    );
    // 20 + 20 + 20 = 60 pupils in the bands against 50 on roll.
    assert.match(
      text,
      /5 IDACI A the number of pupils in IDACI bands A to F is 60, more than the 50 pupils on roll/,
    );
    assert.match(text, /6 URN 121001 is also on row 2/);
    assert.match(text, /7 Pupils “abc” is not a whole number/);
    assert.match(text, /7 Sparse “maybe” is not yes or no; write Yes or No/);
    const held = await sql<{ n: number }>`SELECT count(*)::int AS n FROM funding_factor_values`.execute(
      t.database.db,
    );
    assert.equal(held.rows[0]?.n, 0);
  });

  test('an Excel workbook is read as a CSV file is: the template’s example school is not one of ours', async () => {
    const template = await officer.get('/funding/factor-data-template.xlsx');
    assert.equal(template.statusCode, 200);
    const page = await officer.get(`/funding/pots/${potId}/factors/import`);
    const body = multipartBody(
      { _csrf: csrfFrom(page.body) },
      { file: { filename: 'factors.xlsx', data: template.rawPayload } },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/funding/pots/${potId}/factors/import`,
      headers: { cookie: officer.cookie, accept: 'text/html', 'content-type': body.contentType },
      payload: body.payload,
    });
    assert.equal(res.statusCode, 400);
    assert.match(mainText(res.body), /2 URN 121212 is not the URN of a school on your register/);
  });

  test('a good factor data file loads every row, and the coverage says what is left', async () => {
    const csv = [
      `School name,${factorHeader}`,
      'Hethersett,121001,210,18.5,12,15,20,18,14,10,30,25,5,No',
      'Cringleford,121002,180,9.25,2,4,6,8,10,12,20,18,2,Yes',
    ].join('\n');
    const res = await upload(`/funding/pots/${potId}/factors/import`, csv);
    assert.equal(res.statusCode, 303, mainText(res.body));
    assert.equal(res.headers.location, `/funding/pots/${potId}/factors?done=imported&schools=2`);
    const page = mainText((await officer.get(res.headers.location ?? '')).body);
    assert.match(page, /Factor data loaded from the file for 2 schools/);
    assert.match(page, /2 of 3 schools have their data/);
    assert.match(page, /Factor data missing for 1 school/);
    const home = mainText((await officer.get('/funding')).body);
    assert.match(home, /Factor data 2 of 3 schools in a cluster on 1 September 2025/);
    assert.match(home, /Factor data missing for 1 school/);
    const missing = mainText((await officer.get(`/funding/pots/${potId}/factors/missing`)).body);
    assert.match(missing, /Factor data missing for 1 school/);
    assert.match(missing, /Mulbarton Primary 121003 Mulbarton Not recorded No/);
    const [event] = await auditEvents(t, '926', 'funding.factors.imported');
    assert.deepEqual(event?.detail, { fileName: 'factors.csv', rows: 2, schools: 2 });
  });

  test('filling from records takes pupils from the school record and counts SEN Support and EHC plans', async () => {
    const url = `/funding/pots/${potId}/factors/fill`;
    const refused = await officer.post(url, url, { scope: 'all' });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(errorSummaryOf(refused.body), [
      {
        href: '#scope',
        text: 'Mulbarton Primary has no number on roll on its school record and no factor data yet: load its data from a file, or add its number of pupils to the school’s record',
      },
    ]);
    await sql`UPDATE establishments SET pupils = 95 WHERE id = ${school.mulbarton}`.execute(t.database.db);
    const filled = await officer.post(url, url, { scope: 'all' });
    assert.equal(filled.statusCode, 303, mainText(filled.body));
    const rows = await inTenant(t.database.db, { laCode: '926', userId: null }, (tx) =>
      schoolsInScope(tx, '926', potId),
    );
    const byName = new Map(rows.map((r) => [r.name, r]));
    // Hethersett: the record's 210 on roll, its 3 children on SEN Support and 2 plans in force;
    // its FSM, IDACI and the rest as the file had them.
    assert.deepEqual(byName.get('Hethersett Primary')?.factors, {
      pupils: 210,
      fsmPercent: 18.5,
      idaci: { a: 12, b: 15, c: 20, d: 18, e: 14, f: 10 },
      lowPriorAttainment: 30,
      senSupport: 3,
      ehcPlans: 2,
      sparse: false,
    });
    assert.equal(byName.get('Hethersett Primary')?.source, 'records');
    assert.deepEqual(byName.get('Mulbarton Primary')?.factors?.pupils, 95);
    assert.equal(byName.get('Mulbarton Primary')?.clusterName, 'Mulbarton');
    const [event] = await auditEvents(t, '926', 'funding.factors.filled');
    assert.deepEqual(event?.detail, { scope: 'all', schools: 3 });
  });

  test('next year’s pot carries last year’s data for the schools offered by name', async () => {
    const next = (await api.get('/api/v1/funding/pots'))
      .json()
      .items.find((p: { year: number }) => p.year === 2026);
    const csv = [factorHeader, '121001,215,17,12,15,20,18,14,10,30,25,5,No'].join('\n');
    assert.equal((await upload(`/funding/pots/${next.id}/factors/import`, csv)).statusCode, 303);
    const url = `/funding/pots/${next.id}/factors/carry`;
    const offered = mainText((await officer.get(url)).body);
    assert.match(offered, /Cringleford Primary Wymondham, URN 121002/);
    assert.match(offered, /Mulbarton Primary Mulbarton, URN 121003/);
    assert.doesNotMatch(offered, /Hethersett Primary Wymondham/);
    const none = await officer.post(url, url, {});
    assert.deepEqual(errorSummaryOf(none.body), [
      { href: '#schools', text: 'Choose the schools to carry last year’s data for' },
    ]);
    const carried = await officer.post(url, url, { schools: school.cringleford });
    assert.equal(carried.headers.location, `/funding/pots/${next.id}/factors?done=carried&schools=1`);
    const rows = await inTenant(t.database.db, { laCode: '926', userId: null }, (tx) =>
      schoolsInScope(tx, '926', next.id),
    );
    const cringleford = rows.find((r) => r.id === school.cringleford);
    assert.equal(cringleford?.source, 'last_year');
    assert.equal(cringleford?.factors?.fsmPercent, 9.25);
    assert.equal(rows.find((r) => r.id === school.mulbarton)?.factors, null);
    const again = await officer.post(url, url, { schools: school.hethersett });
    assert.deepEqual(errorSummaryOf(again.body), [
      {
        href: '#schools',
        text: 'Hethersett Primary has no data last year to carry, or has data this year already',
      },
    ]);
  });

  test('last year’s allocations come from a file, then from the previous pot’s adopted scenario', async () => {
    const next = (await api.get('/api/v1/funding/pots'))
      .json()
      .items.find((p: { year: number }) => p.year === 2026);
    const bad = await upload(
      `/funding/pots/${next.id}/baseline/import`,
      'URN,Amount £\n121001,£12.345\n121002,100',
      'last.csv',
    );
    assert.match(mainText(bad.body), /2 Amount £ “£12.345” has more than 2 decimal places/);
    const good = await upload(
      `/funding/pots/${next.id}/baseline/import`,
      'URN,Amount £\n121001,"£12,500.50"\n121002,9800',
      'last.csv',
    );
    assert.equal(good.statusCode, 303, mainText(good.body));
    const read = () =>
      inTenant(t.database.db, { laCode: '926', userId: null }, (tx) => lastYearAllocations(tx, next.id));
    assert.deepEqual(
      [...(await read())].sort(),
      [
        [school.hethersett, 1_250_050],
        [school.cringleford, 980_000],
      ].sort(),
    );
    const page = mainText((await officer.get(`/funding/pots/${next.id}/baseline`)).body);
    assert.match(page, /These were loaded from a file, as Learning Support has no adopted scenario/);
    // £12,500.50 + £9,800 = £22,300.50.
    assert.match(page, /Total £22,300.50/);
    assert.match(page, /1 school has no allocation last year/);

    // The 2025 pot's scenario is adopted, with allocations: they become 2026's last year.
    const scenario = await sql<{ id: string }>`
      INSERT INTO funding_scenarios (la_code, pot_id, name, formula, status, adopted_at)
      VALUES ('926', ${potId}, 'Pupil-led', '{}', 'adopted', now()) RETURNING id`.execute(t.database.db);
    const scenarioId = scenario.rows[0]?.id;
    const clusters = await sql<{ id: string; establishment_id: string }>`
      SELECT cluster_id AS id, establishment_id FROM cluster_memberships`.execute(t.database.db);
    for (const m of clusters.rows)
      await sql`INSERT INTO funding_allocations (la_code, scenario_id, establishment_id, cluster_id, pence, factors)
        VALUES ('926', ${scenarioId}, ${m.establishment_id}, ${m.id}, 50000000, '{}')`.execute(t.database.db);
    assert.equal((await read()).get(school.mulbarton), 50_000_000);
    const refused = await upload(
      `/funding/pots/${next.id}/baseline/import`,
      'URN,Amount £\n121001,1',
      'last.csv',
    );
    assert.equal(refused.statusCode, 409);
    assert.match(
      mainText(refused.body),
      /Last year’s allocations come from Learning Support’s adopted scenario Pupil-led: there is nothing to load/,
    );
  });

  test('a pot with an adopted scenario keeps its total and split; its name may change', async () => {
    const url = `/funding/pots/${potId}/edit`;
    const form = csrfFrom((await officer.get(url)).body);
    assert.ok(form);
    const refused = await officer.post(url, url, { ...potForm({ total: '2,100,000' }), version: '1' });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(errorSummaryOf(refused.body), [
      {
        href: '#total',
        text: 'The total and the split cannot change: the adopted scenario Pupil-led’s allocations were made from them',
      },
    ]);
    const renamed = await officer.post(url, url, {
      ...potForm({ name: 'Learning Support fund' }),
      version: '1',
    });
    assert.equal(renamed.statusCode, 303, mainText(renamed.body));
    const stale = await officer.post(url, url, {
      ...potForm({ name: 'Learning Support again' }),
      version: '1',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(
      errorSummaryOf(stale.body)[0]?.text ?? '',
      /Someone changed Learning Support fund since you read it/,
    );
    const fill = `/funding/pots/${potId}/factors/fill`;
    const locked = await officer.post(fill, fill, { scope: 'missing' });
    assert.match(
      errorSummaryOf(locked.body)[0]?.text ?? '',
      /The factor data cannot change: the adopted scenario Pupil-led/,
    );
  });

  test('the pages and tables download, and another LA sees none of it', async () => {
    const csv = await officer.get(`/funding/pots/${potId}/factors?format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /URN,School,Cluster,Pupils,FSM %/);
    assert.match(
      csv.body,
      /121001,Hethersett Primary,Wymondham,210,18.5,12,15,20,18,14,10,30,3,2,No,Filled from our records/,
    );
    assert.equal((await officer.get('/funding?format=xlsx')).statusCode, 200);
    assert.equal((await officer.get(`/funding/pots/${potId}?table=central-uses&format=csv`)).statusCode, 200);
    assert.equal((await officer.get(`/funding/pots/${potId}?table=nope&format=csv`)).statusCode, 400);
    assert.equal((await officer.get(`/funding/pots/${potId}/factors/missing?format=csv`)).statusCode, 200);
    assert.equal((await officer.get(`/funding/pots/${potId}/baseline?format=csv`)).statusCode, 200);
    assert.equal((await auditEvents(t, '926', 'funding.factors.exported')).length, 1);

    assert.equal((await otherOfficer.get(`/funding/pots/${potId}`)).statusCode, 404);
    assert.equal((await otherOfficer.get(`/funding/pots/${potId}/factors`)).statusCode, 404);
    assert.equal((await otherApi.get(`/api/v1/funding/pots/${potId}`)).statusCode, 404);
    assert.deepEqual((await otherApi.get('/api/v1/funding/pots')).json().items, []);
    assert.match(mainText((await otherOfficer.get('/funding')).body), /There are no pots yet/);
    const rows = await inTenant(t.database.db, { laCode: '935', userId: null }, (tx) =>
      schoolsInScope(tx, '935', potId),
    );
    assert.deepEqual(rows, []);
    assert.equal((await coordinator.get('/funding')).statusCode, 403);
  });
});
