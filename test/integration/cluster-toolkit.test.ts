import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { csrfFrom, signInCookies, startTestApp, type TestApp } from '../support/app.ts';
import { apiAs, errorSummaryOf, listingEvents, tokenFor, unescapeHtml } from '../support/children.ts';
import { addToolkitLa } from '../support/toolkit.ts';

/**
 * The SEND Cluster Toolkit, as a cluster's host, its head teachers, another cluster's host and
 * the LA's finance officer use it, on the small LA of test/support/toolkit.ts: Alder cluster of
 * four schools and Elm cluster of two, one pot (SEND, academic year 2025: 1 September 2025 to 31
 * August 2026, return due 30 September 2026) whose adopted scenario's allocations are inserted
 * directly, and a second pot (2026-27, financial) not yet adopted. The test clock starts on
 * 2 March 2026, within the year.
 *
 * Alder cluster's allocation, worked by hand: Alder Primary £10,000 + Birch Primary £12,000 +
 * Cedar Primary £8,000 + Damson Academy £10,000.01 = £40,000.01 (4,000,001p).
 */

const la = '926';

/** What a person reads in an answer's main part: the text, without tags, white space collapsed. */
const mainText = (html: string) =>
  unescapeHtml(
    (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html)
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

const errorsOf = (html: string) => Object.fromEntries(errorSummaryOf(html).map((e) => [e.href, e.text]));

describe('the SEND Cluster Toolkit', () => {
  let t: TestApp;
  let alder: string; // cluster
  let elm: string; // cluster
  let pot: string;
  let unadopted: string;
  const school: Record<string, string> = {};
  const user: Record<string, { id: string; email: string }> = {};
  let ava: string; // a pupil at Alder Primary
  let ben: string; // a pupil at Birch Primary
  let base: string;

  /** A person signed in through the browser, posting forms with repeated fields (checkboxes) as a browser does. */
  async function as(who: string) {
    const cookie = await signInCookies(t.app, user[who]?.email ?? '');
    const get = (url: string) =>
      t.app.inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } });
    return {
      get,
      async post(url: string, fields: Record<string, string | string[]>) {
        const csrf = csrfFrom((await get('/account/password')).body);
        const body = new URLSearchParams({ _csrf: csrf });
        for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
        return t.app.inject({
          method: 'POST',
          url,
          headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
          payload: body.toString(),
        });
      },
    };
  }

  before(async () => {
    t = await startTestApp();
    const made = await addToolkitLa(t, la);
    ({ alder, elm, pot, unadopted, ava, ben } = made);
    Object.assign(school, made.school);
    Object.assign(user, made.user, { parent: t.la.users.parent });
    base = `/cluster-funding/${alder}/pots/${pot}`;
  });
  after(() => t.close());

  /** A plan line's form as the browser sends it. */
  const lineForm = (over: Record<string, string | string[]> = {}) => ({
    kind: 'intervention',
    schoolIds: [school.alder ?? '', school.birch ?? ''],
    description: 'Reading recovery, two teaching assistants',
    planned: '15,000',
    'startsOn-day': '1',
    'startsOn-month': '9',
    'startsOn-year': '2025',
    'endsOn-day': '31',
    'endsOn-month': '8',
    'endsOn-year': '2026',
    ...over,
  });

  test('the host’s home lists their cluster’s pots: the adopted one with its allocation, the other not yet adopted', async () => {
    const host = await as('host');
    const home = await host.get('/cluster-funding');
    assert.equal(home.statusCode, 200, home.body);
    const text = mainText(home.body);
    assert.match(text, /Alder cluster You host this cluster\./);
    assert.match(text, /SEND 2025-26 Allocation £40,000\.01, planned £0, spent £0\./);
    assert.match(text, /SEND 2026-27 Allocations for 2026-27 are not yet adopted by the LA\./);
    assert.doesNotMatch(text, /Elm cluster/);
    assert.match(home.body, /href="\/cluster-funding"[^>]*>[^<]*<strong[^>]*>Cluster funding/);
  });

  test('before adoption the pot’s pages say there is no allocation, and nothing can be planned', async () => {
    const host = await as('host');
    const page = await host.get(`/cluster-funding/${alder}/pots/${unadopted}`);
    assert.equal(page.statusCode, 200);
    assert.match(mainText(page.body), /Allocations for 2026-27 are not yet adopted by the LA\./);
    const plan = await host.post(`/cluster-funding/${alder}/pots/${unadopted}/plan/new`, lineForm());
    assert.equal(plan.statusCode, 409);
    assert.match(
      mainText(plan.body),
      /Allocations for 2026-27 are not yet adopted by the LA: the toolkit for SEND opens once they are\./,
    );
  });

  test('the dashboard tells the host to write the plan, and when the return is due', async () => {
    const host = await as('host');
    const page = await host.get(base);
    assert.equal(page.statusCode, 200, page.body);
    const text = mainText(page.body);
    assert.match(text, /What is yours to do Write the spending plan\./);
    // The year ends 31 August 2026; a month on is 30 September 2026.
    assert.match(
      text,
      /Submit the end-of-year return by 30 September 2026, once the year ends on 31 August 2026\./,
    );
    assert.match(text, /Allocation £40,000\.01 Planned £0/);
    assert.match(
      text,
      /Alder Primary £10,000 Birch Primary £12,000 Cedar Primary £8,000 Damson Academy £10,000\.01/,
    );
  });

  test('the host plans an intervention, a named pupil’s support and shared staff; over the allocation is warned, not refused', async () => {
    const host = await as('host');
    const added = await host.post(`${base}/plan/new`, lineForm());
    assert.equal(added.statusCode, 303, added.body);
    assert.equal(added.headers.location, `${base}/plan?saved=added`);

    // A named pupil's line: the school first, then its pupils to choose from, each listing audited.
    const choose = await host.get(`${base}/plan/new?kind=named_pupil`);
    assert.match(mainText(choose.body), /Which school is the pupil at\?/);
    const form = await host.get(`${base}/plan/new?kind=named_pupil&school=${school.alder}`);
    assert.equal(form.statusCode, 200);
    assert.match(mainText(form.body), /Ava Brook, born 27 March 2015/);
    assert.doesNotMatch(mainText(form.body), /Ben Carr/);
    const listed = await listingEvents(t, la, 'funding.toolkit.pupils-listed');
    assert.deepEqual(listed.at(-1)?.child_ids, [ava]);
    assert.equal(listed.at(-1)?.user_id, user.host?.id);
    const pupil = await host.post(
      `${base}/plan/new`,
      lineForm({
        kind: 'named_pupil',
        schoolIds: school.alder ?? '',
        childId: ava,
        description: 'One-to-one support, 10 hours a week',
        planned: '12000',
      }),
    );
    assert.equal(pupil.statusCode, 303, pupil.body);
    const staff = await host.post(
      `${base}/plan/new`,
      lineForm({
        kind: 'shared_staff',
        schoolIds: [school.cedar ?? '', school.damson ?? ''],
        description: 'Family support worker',
        planned: '£18,000.01',
      }),
    );
    assert.equal(staff.statusCode, 303, staff.body);

    const plan = await host.get(`${base}/plan?saved=added`);
    const text = mainText(plan.body);
    // 1,500,000 + 1,200,000 + 1,800,001 = 4,500,001p; less the 4,000,001p allocation, 500,000p over.
    assert.match(text, /The plan is £5,000 more than the allocation\./);
    assert.match(text, /Allocation £40,000\.01; planned £45,000\.01\./);
    assert.match(text, /One-to-one support, 10 hours a week AB, Alder Primary/);
    assert.match(plan.body, /Download the spending plan for 2025-26 as <\/span>CSV/);
    const reads = await listingEvents(t, la, 'funding.toolkit.pupils-read');
    assert.deepEqual(reads.at(-1)?.child_ids, [ava]);
  });

  test('a plan line’s bad input is refused, each box named', async () => {
    const host = await as('host');
    const bad = await host.post(
      `${base}/plan/new`,
      lineForm({
        schoolIds: [],
        description: '',
        planned: 'fifteen thousand',
        'startsOn-year': '2024',
        'endsOn-day': '',
      }),
    );
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(errorsOf(bad.body), {
      '#schoolIds': 'Select the school or schools the line is for',
      '#description': 'Enter what the money is for',
      '#planned': 'The amount planned: enter an amount in pounds using numbers only, like 1,350 or 1,350.50',
      '#startsOn-day': 'The start date must be within 2025-26 (1 September 2025 to 31 August 2026)',
      '#endsOn-day': 'The end date must include a day',
    });
    const backwards = await host.post(
      `${base}/plan/new`,
      lineForm({
        'endsOn-month': '12',
        'endsOn-year': '2025',
        'endsOn-day': '1',
        'startsOn-month': '1',
        'startsOn-year': '2026',
      }),
    );
    assert.deepEqual(errorsOf(backwards.body), {
      '#endsOn-day': 'The end date must be the same as or after the start date',
    });
    // A pupil at Birch cannot be named on a line for Alder Primary, nor a school outside the cluster.
    const wrongPupil = await host.post(
      `${base}/plan/new`,
      lineForm({ kind: 'named_pupil', schoolIds: school.alder ?? '', childId: ben }),
    );
    assert.deepEqual(errorsOf(wrongPupil.body), {
      '#childId': 'Select a pupil at Alder Primary from the list',
    });
    const outside = await host.post(`${base}/plan/new`, lineForm({ schoolIds: school.elm ?? '' }));
    assert.deepEqual(errorsOf(outside.body), { '#schoolIds': 'Select the schools from the cluster’s list' });
    const noPupil = await host.post(
      `${base}/plan/new`,
      lineForm({ kind: 'named_pupil', schoolIds: school.alder ?? '' }),
    );
    assert.deepEqual(errorsOf(noPupil.body), { '#childId': 'Select the pupil' });
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cluster_plan_lines`.execute(
      t.database.db,
    );
    assert.equal(count.rows[0]?.n, 3, 'nothing half-written');
  });

  test('a panel with fewer than half the heads present is refused as inquorate', async () => {
    const host = await as('host');
    const form = await host.get(`${base}/panel/new?school=${school.birch}`);
    assert.equal(form.statusCode, 200, form.body);
    assert.match(mainText(form.body), /At least half of the cluster’s 4 head teachers must be present/);
    const decision = {
      schoolId: school.birch ?? '',
      'heldOn-day': '2',
      'heldOn-month': '2',
      'heldOn-year': '2026',
      headIds: [user.alder?.id ?? ''],
      purpose: 'Speech and language therapy for a group of six pupils',
      asked: '2,500',
      outcome: 'agreed_different_amount',
      agreed: '2,000',
      reasons: 'Agreed for two terms; the third to be reviewed',
      planEffect: 'new_line',
      lineKind: 'intervention',
    };
    const inquorate = await host.post(`${base}/panel/new`, decision);
    assert.equal(inquorate.statusCode, 400);
    assert.deepEqual(errorsOf(inquorate.body), {
      '#headIds': '1 of 4 heads was present; at least 2 are needed',
    });

    const quorate = await host.post(`${base}/panel/new`, {
      ...decision,
      headIds: [user.alder?.id ?? '', user.birch?.id ?? ''],
    });
    assert.equal(quorate.statusCode, 303, quorate.body);
    const panel = mainText((await host.get(`${base}/panel`)).body);
    assert.match(panel, /2 February 2026, 2 of 4 heads Birch Primary Speech and language therapy/);
    assert.match(panel, /£2,500 Agreed at a different amount Agreed for two terms/);
    // The agreed £2,000 made a new line, from the panel's day to the year's end.
    const plan = mainText((await host.get(`${base}/plan`)).body);
    assert.match(
      plan,
      /Speech and language therapy for a group of six pupils Birch Primary 2 February 2026 to 31 August 2026 £2,000 £0 £2,000/,
    );
    assert.match(plan, /The plan is £7,000 more than the allocation\./);
  });

  test('a decision’s bad input is refused, each box named', async () => {
    const host = await as('host');
    const bad = await host.post(`${base}/panel/new`, {
      schoolId: school.birch ?? '',
      'heldOn-day': '3',
      'heldOn-month': '3',
      'heldOn-year': '2026',
      headIds: [user.alder?.id ?? '', user.elm?.id ?? ''],
      purpose: '',
      asked: '0',
      outcome: 'agreed_different_amount',
      agreed: '',
      reasons: '',
      planEffect: 'add_to_line',
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(errorsOf(bad.body), {
      '#heldOn-day': 'The date the panel met must be today or in the past',
      '#purpose': 'Enter what the school asked for',
      '#asked': 'The amount asked for must be more than £0',
      '#agreed': 'The amount agreed: enter an amount in pounds, like 1,350 or 1,350.50',
      '#reasons': 'Enter the panel’s reasons',
      '#planLineId': 'Select the line to add the amount agreed to',
    });
    // With the rest right, a head of another cluster's school is not one of this panel's heads.
    const stranger = await host.post(`${base}/panel/new`, {
      schoolId: school.birch ?? '',
      'heldOn-day': '2',
      'heldOn-month': '3',
      'heldOn-year': '2026',
      headIds: [user.alder?.id ?? '', user.elm?.id ?? ''],
      purpose: 'Outreach from a special school',
      asked: '900',
      outcome: 'declined',
      reasons: 'The outreach service is already commissioned centrally',
    });
    assert.deepEqual(errorsOf(stranger.body), {
      '#headIds': 'Select the heads present from the cluster’s list',
    });
    const declined = await host.post(`${base}/panel/new`, {
      schoolId: school.birch ?? '',
      'heldOn-day': '2',
      'heldOn-month': '3',
      'heldOn-year': '2026',
      headIds: [user.alder?.id ?? '', user.birch?.id ?? '', user.cedar?.id ?? ''],
      purpose: 'Outreach from a special school',
      asked: '900',
      outcome: 'declined',
      reasons: 'The outreach service is already commissioned centrally',
    });
    assert.equal(declined.statusCode, 303, declined.body);
  });

  test('spend is recorded against lines; a line spending more than it planned is shown over', async () => {
    const host = await as('host');
    const lines = await sql<{
      id: string;
      description: string;
    }>`SELECT id, description FROM cluster_plan_lines`.execute(t.database.db);
    const lineId = (d: string) => lines.rows.find((l) => l.description.startsWith(d))?.id ?? '';
    const pupilLine = lineId('One-to-one');
    const spend = (over: Record<string, string>) =>
      host.post(`${base}/spend/new`, {
        planLineId: pupilLine,
        schoolId: school.alder ?? '',
        'spentOn-day': '30',
        'spentOn-month': '11',
        'spentOn-year': '2025',
        amount: '6,000',
        description: 'Autumn term invoice',
        ...over,
      });
    assert.equal((await spend({})).statusCode, 303);
    assert.equal(
      (
        await spend({
          'spentOn-day': '27',
          'spentOn-month': '2',
          'spentOn-year': '2026',
          amount: '7,500',
          description: 'Spring term invoice',
        })
      ).statusCode,
      303,
    );
    const reading = await host.post(`${base}/spend/new`, {
      planLineId: lineId('Reading'),
      schoolId: school.birch ?? '',
      'spentOn-day': '15',
      'spentOn-month': '1',
      'spentOn-year': '2026',
      amount: '9000',
      description: 'Training and books',
    });
    assert.equal(reading.statusCode, 303, reading.body);

    const bad = await spend({
      schoolId: school.birch ?? '',
      'spentOn-month': '3',
      'spentOn-day': '3',
      'spentOn-year': '2026',
    });
    assert.deepEqual(errorsOf(bad.body), { '#spentOn-day': 'The date spent must be today or in the past' });
    const outside = await spend({ 'spentOn-year': '2025', 'spentOn-month': '8', 'spentOn-day': '31' });
    assert.deepEqual(errorsOf(outside.body), {
      '#spentOn-day': 'The date spent must be within 2025-26 (1 September 2025 to 31 August 2026)',
    });
    const wrongSchool = await spend({ schoolId: school.birch ?? '' });
    assert.deepEqual(errorsOf(wrongSchool.body), { '#schoolId': 'Select one of the line’s schools' });
    const nothing = await spend({ amount: '0', description: '' });
    assert.deepEqual(errorsOf(nothing.body), {
      '#amount': 'The amount spent must be more than £0',
      '#description': 'Enter what the money was spent on',
    });

    const page = mainText((await host.get(`${base}/spend`)).body);
    // Spent: 600,000 + 750,000 + 900,000 = 2,250,000p; balance 4,000,001 − 2,250,000 = 1,750,001p.
    assert.match(page, /Allocation £40,000\.01; spent £22,500; balance to carry forward £17,500\.01\./);
    // The pupil's line: 1,350,000 spent of 1,200,000 planned, 150,000 over.
    assert.match(
      page,
      /Support for a named pupil: One-to-one support, 10 hours a week \(AB, Alder Primary\) £12,000 £13,500 £1,500 over/,
    );
    // The plan's total: 4,700,001 planned (with the £2,000 agreed line) less 2,250,000 spent, 2,450,001 left.
    assert.match(page, /Total £47,000\.01 £22,500 £24,500\.01/);

    const dashboard = mainText((await host.get(base)).body);
    assert.match(dashboard, /Record the spend for 1 agreed decision\./);
    assert.match(dashboard, /1 line has spent £1,500 more than planned: check the plan\./);
    assert.match(dashboard, /Spent £22,500 \(56\.2% of the allocation\)/);
  });

  test('heads read their cluster: their own school’s pupils by initials, others’ only by school; they change nothing', async () => {
    const alderHead = await as('alder');
    const cedarHead = await as('cedar');
    const own = await alderHead.get(`${base}/plan`);
    assert.equal(own.statusCode, 200);
    assert.match(mainText(own.body), /AB, Alder Primary/);
    assert.doesNotMatch(own.body, /href="[^"]*\/plan\/[0-9a-f-]{36}"/, 'no Change links for a head');
    const reads = await listingEvents(t, la, 'funding.toolkit.pupils-read');
    assert.equal(reads.at(-1)?.user_id, user.alder?.id);
    assert.deepEqual(reads.at(-1)?.child_ids, [ava]);
    const other = mainText((await cedarHead.get(`${base}/plan`)).body);
    assert.match(other, /A pupil at Alder Primary/);
    assert.doesNotMatch(other, /AB,|Ava/);
    assert.match(mainText((await cedarHead.get(base)).body), /What the host has to do/);
    assert.equal((await cedarHead.post(`${base}/plan/new`, lineForm())).statusCode, 403);
  });

  test('a cluster that is not theirs is not found: for another host, another cluster’s head and a parent', async () => {
    for (const who of ['otherHost', 'elm', 'parent']) {
      const person = await as(who);
      for (const path of ['', '/plan', '/panel', '/spend', '/return'])
        assert.equal((await person.get(`${base}${path}`)).statusCode, 404, `${who} ${path}`);
    }
    const otherHost = await as('otherHost');
    assert.equal((await otherHost.post(`${base}/plan/new`, lineForm())).statusCode, 404);
    const api = apiAs(t, await tokenFor(t, la, user.otherHost?.id ?? ''));
    assert.equal((await api.get(`/api/v1/clusters/${alder}/toolkit?potId=${pot}`)).statusCode, 404);
    assert.equal((await api.get(`/api/v1/clusters/${elm}/toolkit?potId=${pot}`)).statusCode, 200);
  });

  test('the API gives the toolkit to the host with the pupil named, and to the LA without', async () => {
    const hostApi = apiAs(t, await tokenFor(t, la, user.host?.id ?? ''));
    const r = await hostApi.get(`/api/v1/clusters/${alder}/toolkit?potId=${pot}`);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.allocationPence, 4_000_001);
    assert.deepEqual(body.figures, {
      plannedPence: 4_700_001,
      agreedPence: 200_000,
      spentPence: 2_250_000,
      balancePence: 1_750_001,
      overAllocationPence: 700_000,
      overspendPence: 0,
    });
    const pupilLine = body.planLines.find((l: { kind: string }) => l.kind === 'named_pupil');
    assert.deepEqual(pupilLine.pupil, { childId: ava, name: 'Ava Brook', initials: 'AB' });
    assert.equal(body.return.status, 'not_due');
    assert.equal(body.return.dueOn, '2026-09-30');

    const laApi = apiAs(t, await tokenFor(t, la, user.finance?.id ?? ''));
    const asLa = (await laApi.get(`/api/v1/clusters/${alder}/toolkit?potId=${pot}`)).json();
    const line = asLa.planLines.find((l: { kind: string }) => l.kind === 'named_pupil');
    assert.equal(line.pupil, null);
    assert.equal(line.namedPupil, true);
    const bad = await laApi.get(`/api/v1/clusters/${alder}/toolkit?potId=next-year`);
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].field, 'potId');
  });

  test('the LA sees every cluster for the pot, with filters and downloads', async () => {
    const finance = await as('finance');
    const page = await finance.get(`/funding/clusters?potId=${pot}`);
    assert.equal(page.statusCode, 200, page.body);
    const text = mainText(page.body);
    // Alder: 2,250,000 of 4,000,001 spent is 56.2%; Elm: nothing of 5,999,999.
    assert.match(
      text,
      /Alder cluster Host: Alder cluster host £40,000\.01 £47,000\.01 £22,500 56\.2% Not due/,
    );
    assert.match(text, /Elm cluster Host: Elm cluster host £59,999\.99 £0 £0 0% Not due/);
    assert.match(text, /Total of 2 clusters £100,000 £47,000\.01 £22,500 22\.5% /);
    assert.match(page.body, new RegExp(`href="/cluster-funding/${alder}/pots/${pot}"`));
    const filtered = mainText((await finance.get(`/funding/clusters?potId=${pot}&name=elm`)).body);
    assert.doesNotMatch(filtered, /Alder cluster Host/);
    const csv = await finance.get(`/funding/clusters?potId=${pot}&format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /Alder cluster,Alder cluster host,4,40000\.01,47000\.01,22500,/);
    const badStatus = await finance.get(`/funding/clusters?potId=${pot}&status=lost`);
    assert.equal(badStatus.statusCode, 400);
    assert.deepEqual(errorsOf(badStatus.body), { '#status': 'Choose the return status from the list' });
    // The LA reads a cluster's pages, but not the pupil.
    const plan = mainText((await finance.get(`${base}/plan`)).body);
    assert.match(plan, /A pupil at Alder Primary/);
    const host = await as('host');
    assert.equal((await host.get('/funding/clusters')).statusCode, 403);
  });

  test('the return waits for the year’s end; it is refused without commentary; once sent the toolkit is frozen', async () => {
    const early = await as('host');
    const tooSoon = await early.post(`${base}/return`, { commentary: 'c', impact: 'i', version: '0' });
    assert.equal(tooSoon.statusCode, 409);
    assert.match(mainText(tooSoon.body), /send it once the year ends on 31 August 2026/);

    // 2 March 2026 09:00 to 10 September 2026 09:00: 192 days.
    t.clock.advance(192 * 24 * 60);
    const host = await as('host');
    const dashboard = mainText((await host.get(base)).body);
    assert.match(dashboard, /Submit the end-of-year return by 30 September 2026\./);
    const blank = await host.post(`${base}/return`, { commentary: ' ', impact: '', version: '0' });
    assert.equal(blank.statusCode, 400);
    assert.deepEqual(errorsOf(blank.body), {
      '#commentary': 'Enter your commentary on the year’s spending',
      '#impact': 'Enter the impact the spending had',
    });
    const sent = await host.post(`${base}/return`, {
      commentary: 'Most of the plan was delivered.\nThe family support worker started late.',
      impact: 'Reading ages rose by 14 months on average.',
      version: '0',
    });
    assert.equal(sent.statusCode, 303, sent.body);
    const row = await sql<
      Record<string, unknown>
    >`SELECT status, allocation_pence, planned_pence, agreed_pence,
        spent_pence, carry_forward_pence, submitted_on::text FROM cluster_returns`.execute(t.database.db);
    // As worked above: allocated 4,000,001, planned 4,700,001, agreed 200,000, spent 2,250,000, 1,750,001 to carry.
    assert.deepEqual(row.rows[0], {
      status: 'submitted',
      allocation_pence: 4_000_001,
      planned_pence: 4_700_001,
      agreed_pence: 200_000,
      spent_pence: 2_250_000,
      carry_forward_pence: 1_750_001,
      submitted_on: '2026-09-10',
    });
    const frozen = await host.post(`${base}/plan/new`, lineForm());
    assert.equal(frozen.statusCode, 409);
    assert.match(
      mainText(frozen.body),
      /The 2025-26 end-of-year return was submitted on 10 September 2026: the toolkit for SEND cannot be changed while the LA checks it\./,
    );
    const again = await host.post(`${base}/return`, { commentary: 'c', impact: 'i', version: '1' });
    assert.equal(again.statusCode, 409);
    // The database refuses too, whatever the code does.
    await assert.rejects(
      sql`UPDATE cluster_plan_lines SET planned_pence = 1`.execute(t.database.db),
      /the toolkit cannot be changed/,
    );
  });

  test('the LA sends the return back with a reason; the host corrects it and sends it again; the LA accepts it', async () => {
    const finance = await as('finance');
    const list = mainText((await finance.get(`/funding/clusters?potId=${pot}`)).body);
    assert.match(list, /1 end-of-year return is waiting for you to accept or send back\./);
    // Elm has sent nothing; it is due, not yet overdue, on 10 September.
    assert.match(list, /Elm cluster Host: Elm cluster host £59,999\.99 £0 £0 0% Due/);
    const noReason = await finance.post(`${base}/return/decision`, {
      decision: 'return',
      reason: '',
      version: '1',
    });
    assert.deepEqual(errorsOf(noReason.body), {
      '#reason': 'Enter why the return is sent back, so the host knows what to correct',
    });
    const back = await finance.post(`${base}/return/decision`, {
      decision: 'return',
      reason: 'Say what the family support worker achieved',
      version: '1',
    });
    assert.equal(back.statusCode, 303, back.body);

    const host = await as('host');
    assert.match(
      mainText((await host.get(base)).body),
      /The LA sent the end-of-year return back: “Say what the family support worker achieved” Correct it and submit it again\./,
    );
    const corrected = await host.post(`${base}/return`, {
      commentary: 'Most of the plan was delivered.',
      impact: 'Reading ages rose by 14 months; the family support worker saw 12 families.',
      version: '2',
    });
    assert.equal(corrected.statusCode, 303, corrected.body);
    const accepted = await finance.post(`${base}/return/decision`, { decision: 'accept', version: '3' });
    assert.equal(accepted.statusCode, 303, accepted.body);
    const page = mainText((await host.get(`${base}/return`)).body);
    assert.match(page, /Accepted Due by 30 September 2026/);
    assert.match(
      page,
      /Submitted on 10 September 2026 by host \(926\) Sent back on 10 September 2026 by finance \(926\): “Say what the family support worker achieved” Submitted on 10 September 2026 by host \(926\) Accepted on 10 September 2026 by finance \(926\)/,
    );
    assert.match(page, /Nothing: the LA accepted the return\./);

    // 10 September to 1 October 2026: 21 days, and Elm's return, due by 30 September, is overdue.
    t.clock.advance(21 * 24 * 60);
    const later = await as('finance');
    const text = mainText((await later.get(`/funding/clusters?potId=${pot}`)).body);
    assert.match(text, /Alder cluster .* Accepted/);
    assert.match(text, /1 cluster has not sent the return due by 30 September 2026: chase their hosts\./);
  });

  test('every change is in the audit log', async () => {
    const r = await sql<{ action: string; n: number }>`SELECT action, count(*)::int AS n FROM audit_events
      WHERE action LIKE 'funding.toolkit.%' AND action NOT LIKE '%pupils%' GROUP BY action ORDER BY action`.execute(
      t.database.db,
    );
    assert.deepEqual(Object.fromEntries(r.rows.map((x) => [x.action, x.n])), {
      'funding.toolkit.decision.recorded': 2,
      'funding.toolkit.plan-line.added': 3,
      'funding.toolkit.return.accepted': 1,
      'funding.toolkit.return.returned': 1,
      'funding.toolkit.return.submitted': 2,
      'funding.toolkit.spend.recorded': 3,
    });
  });
});
