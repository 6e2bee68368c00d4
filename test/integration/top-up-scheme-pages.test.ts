import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addUser,
  apiAs,
  auditEvents,
  browserAs,
  errorSummaryOf,
  listingEvents,
  tokenFor,
  unescapeHtml,
} from '../support/children.ts';

/**
 * The top-up band scheme pages: the list, proposing a scheme, its cost against the scheme in force
 * and adopting it, with Norfolk's 2018-19 mainstream bands (£1,350, £2,240, £4,044 a year). The
 * test clock stands at 2 March 2026, in 2025-26, a year of 365 days.
 */

const mainText = (html: string) =>
  unescapeHtml(
    (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html)
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

function rowOf(html: string, first: string): string[] {
  for (const row of html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)) {
    const cells = [...(row[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) =>
      mainText(c[1] ?? ''),
    );
    if (cells[0]?.startsWith(first)) return cells;
  }
  return [];
}

const fieldValue = (html: string, id: string) =>
  unescapeHtml(new RegExp(`id="${id}" name="${id}" type="text"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? '');

/** The proposal form as the browser sends it: three rows for each setting group, mainstream's filled. */
function schemeForm(
  name: string,
  [day, month, year]: [string, string, string],
  mainstream: [string, string, string][],
  overrides: Record<string, string> = {},
) {
  const form: Record<string, string> = {
    name,
    'effectiveFrom-day': day,
    'effectiveFrom-month': month,
    'effectiveFrom-year': year,
  };
  for (const group of ['mainstream', 'unit', 'special', 'post_16', 'alternative_provision']) {
    form[`rows-${group}`] = '3';
    for (let i = 0; i < 3; i++) {
      const [band, label, annual] = group === 'mainstream' ? (mainstream[i] ?? ['', '', '']) : ['', '', ''];
      form[`band-${group}-${i}-band`] = band;
      form[`band-${group}-${i}-label`] = label;
      form[`band-${group}-${i}-annual`] = annual;
    }
  }
  return { ...form, ...overrides };
}

const norfolk: [string, string, string][] = [
  ['B1', 'Band 1', '1,350'],
  ['B2', 'Band 2', '2,240'],
  ['B3', 'Band 3', '4,044'],
];

describe('the top-up band scheme pages', () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof browserAs>>;
  let approver: Awaited<ReturnType<typeof browserAs>>;
  let programme: Awaited<ReturnType<typeof browserAs>>;
  let api: ReturnType<typeof apiAs>;
  let childId: string;
  let placementId: string;
  const ids = { first: '', raised: '', lacking: '' };
  const idFrom = (location: unknown) =>
    /\/finance\/top-up-schemes\/([0-9a-f-]{36})/.exec(String(location))?.[1] ?? '';

  before(async () => {
    t = await startTestApp();
    const officerUser = await addUser(t, '926', 'finance', ['finance_officer']);
    officer = await browserAs(t, officerUser.email);
    approver = await browserAs(t, (await addUser(t, '926', 'approver', ['finance_approver'])).email);
    programme = await browserAs(t, (await addUser(t, '926', 'programme', ['programme_manager'])).email);
    api = apiAs(t, await tokenFor(t, '926', officerUser.id));
    childId = await addChild(t, '926', { forename: 'Gil', surname: 'Banded' });
  });
  after(() => t.close());

  test('with no scheme yet the list says so, and offers a proposal only to finance', async () => {
    const list = await officer.get('/finance/top-up-schemes');
    assert.equal(list.statusCode, 200);
    assert.match(mainText(list.body), /No scheme has been proposed yet, so no top-up is paid on a band/);
    assert.match(list.body, /href="\/finance\/top-up-schemes\/new"/);
    const seen = await programme.get('/finance/top-up-schemes');
    assert.equal(seen.statusCode, 200);
    assert.doesNotMatch(seen.body, /href="\/finance\/top-up-schemes\/new"/);
    assert.equal((await programme.get('/finance/top-up-schemes/new')).statusCode, 403);
    const parent = await browserAs(t, t.la.users.parent.email);
    assert.equal((await parent.get('/finance/top-up-schemes')).statusCode, 403);
  });

  test('a proposal with mistakes names each one by its box, in the order the form asks', async () => {
    const empty = await officer.post('/finance/top-up-schemes/new', schemeForm('', ['', '', ''], []));
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummaryOf(empty.body), [
      { href: '#name', text: 'Enter a name for the scheme' },
      { href: '#effectiveFrom-day', text: 'Enter the date the scheme would take effect' },
      { href: '#band-mainstream-0-band', text: 'A scheme needs at least one band' },
    ]);
    const wrong = await officer.post(
      '/finance/top-up-schemes/new',
      schemeForm(
        'Norfolk mainstream bands 2018',
        ['31', '2', '2025'],
        [
          ['', 'Band 1', '1,350'],
          ['B2', 'Band 2', '2,240 a year'],
          ['B2', 'Band 2 again', '600,000'],
        ],
        {
          'band-special-1-band': 'S1',
          'band-special-1-label': 'Special 1',
          'band-special-1-annual': '9,000',
        },
      ),
    );
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(errorSummaryOf(wrong.body), [
      { href: '#effectiveFrom-day', text: 'The date it takes effect must be a real date' },
      { href: '#band-mainstream-0-band', text: 'Mainstream schools, row 1: band must not be empty' },
      {
        href: '#band-mainstream-1-annual',
        text: 'Mainstream schools, row 2: enter an amount in pounds using numbers only, like 1,350 or 1,350.50',
      },
      {
        href: '#band-mainstream-2-band',
        text: 'Mainstream schools, row 3: band B2 is given twice for mainstream settings',
      },
      {
        href: '#band-mainstream-2-annual',
        text: 'Mainstream schools, row 3: enter an amount of £500,000 a year or less',
      },
    ]);
    assert.equal(fieldValue(wrong.body, 'band-special-1-annual'), '9,000', 'what was typed is kept');
    assert.equal((await auditEvents(t, '926', 'top-up-scheme.proposed')).length, 0);

    const more = await officer.post(
      '/finance/top-up-schemes/new',
      schemeForm('Norfolk mainstream bands 2018', ['1', '4', '2025'], norfolk, { action: 'add-rows' }),
    );
    assert.equal(more.statusCode, 200, 'more rows, nothing checked yet');
    assert.match(more.body, /name="rows-mainstream" value="6"/);
    assert.equal(fieldValue(more.body, 'band-mainstream-2-annual'), '4,044');
    assert.equal(fieldValue(more.body, 'band-mainstream-5-band'), '');
  });

  test('a scheme proposed from the form is adopted by an approver after a page saying what adopting does', async () => {
    const proposed = await officer.post(
      '/finance/top-up-schemes/new',
      schemeForm('Norfolk mainstream bands 2018', ['1', '4', '2025'], norfolk),
    );
    assert.equal(proposed.statusCode, 303, proposed.body);
    ids.first = idFrom(proposed.headers.location);
    assert.equal(proposed.headers.location, `/finance/top-up-schemes/${ids.first}?done=proposed`);

    const page = await officer.get(`/finance/top-up-schemes/${ids.first}?done=proposed`);
    assert.equal(page.statusCode, 200);
    const text = mainText(page.body);
    assert.match(text, /The scheme has been proposed\./);
    assert.match(text, /Top-up band scheme Norfolk mainstream bands 2018 Proposed/);
    assert.match(
      text,
      /It was to take effect on 1 April 2025, which has passed: adopting it now reworks top-ups from that day\./,
    );
    assert.deepEqual(rowOf(page.body, 'Mainstream schools'), [
      'Mainstream schools',
      'B1',
      'Band 1',
      '£1,350',
    ]);
    assert.match(
      text,
      /No scheme is in force on 1 April 2025, so every band is compared with nothing paid now\./,
    );
    assert.match(text, /No child has a banded top-up in 2025-26\./);
    assert.match(page.body, /href="\/finance\/top-up-schemes\/[0-9a-f-]+\/withdraw"/);
    assert.doesNotMatch(page.body, /\/adopt"/, 'a finance officer proposes; only an approver adopts');
    assert.equal((await officer.get(`/finance/top-up-schemes/${ids.first}/adopt`)).statusCode, 403);
    assert.equal(
      (await officer.post(`/finance/top-up-schemes/${ids.first}/adopt`, { version: '1' })).statusCode,
      403,
    );

    const seen = await approver.get(`/finance/top-up-schemes/${ids.first}`);
    assert.match(seen.body, new RegExp(`href="/finance/top-up-schemes/${ids.first}/adopt"`));
    const confirm = await approver.get(`/finance/top-up-schemes/${ids.first}/adopt`);
    assert.equal(confirm.statusCode, 200);
    const confirmText = mainText(confirm.body);
    assert.match(
      confirmText,
      /^Adopt Norfolk mainstream bands 2018 Norfolk mainstream bands 2018 will be in force from 1 April 2025/,
    );
    assert.match(confirmText, /1 April 2025 has passed/);
    assert.match(
      confirmText,
      /In 2025-26 the banded top-ups cost the same, from 1 April 2025 to 31 March 2026\. A full year costs the same\./,
    );
    const adopted = await approver.post(`/finance/top-up-schemes/${ids.first}/adopt`, { version: '1' });
    assert.equal(adopted.statusCode, 303, adopted.body);
    assert.equal(adopted.headers.location, `/finance/top-up-schemes/${ids.first}?done=adopted`);
    assert.equal((await auditEvents(t, '926', 'top-up-scheme.adopted')).length, 1);

    const list = await officer.get('/finance/top-up-schemes');
    assert.deepEqual(rowOf(list.body, 'Norfolk mainstream bands 2018'), [
      'Norfolk mainstream bands 2018',
      '1 April 2025',
      'In force',
      '3',
    ]);
    const again = await approver.get(`/finance/top-up-schemes/${ids.first}/adopt`);
    assert.match(mainText(again.body), /This scheme is adopted: only a proposed scheme can be adopted\./);
    assert.doesNotMatch(again.body, /name="version"/);
  });

  test('a proposal starts from the scheme in force and is costed child by child against it', async () => {
    const placement = await api.post('/api/v1/placements', {
      childId,
      providerName: 'Yare Valley Primary',
      type: 'mainstream',
      basis: 'interim',
      startOn: '2025-09-01',
      costLines: [{ kind: 'top_up', topUpBand: 'B2', effectiveFrom: '2025-09-01' }],
    });
    assert.equal(placement.statusCode, 201, placement.body);
    placementId = (placement.json() as { id: string }).id;

    const form = await officer.get('/finance/top-up-schemes/new');
    assert.match(
      mainText(form.body),
      /The bands of Norfolk mainstream bands 2018, the scheme in force today, are filled in/,
    );
    assert.equal(fieldValue(form.body, 'band-mainstream-1-band'), 'B2');
    assert.equal(fieldValue(form.body, 'band-mainstream-1-annual'), '2,240');
    assert.equal(fieldValue(form.body, 'band-mainstream-3-band'), '', 'blank rows after them');

    const proposed = await officer.post(
      '/finance/top-up-schemes/new',
      schemeForm('Band 2 raised', ['1', '1', '2026'], [norfolk[0], ['B2', 'Band 2', '2,500'], norfolk[2]] as [
        string,
        string,
        string,
      ][]),
    );
    assert.equal(proposed.statusCode, 303, proposed.body);
    ids.raised = idFrom(proposed.headers.location);

    const page = await officer.get(`/finance/top-up-schemes/${ids.raised}`);
    assert.equal(page.statusCode, 200);
    const text = mainText(page.body);
    assert.match(
      text,
      /Compared with Norfolk mainstream bands 2018, the scheme in force on 1 January 2026\./,
    );
    // A full year: £2,240 now, £2,500 proposed. In 2025-26 only 1 January (day 276) to 31 March
    // can change: 224,000 − round(224,000 × 275 / 365) = 55,233 now, 250,000 − round(250,000 ×
    // 275 / 365) = 61,644 proposed, 6,411 more (worked in top-up-schemes.test.ts).
    assert.deepEqual(rowOf(page.body, 'A full year'), ['A full year', '£2,240', '£2,500', '+£260']);
    assert.deepEqual(rowOf(page.body, 'In 2025-26'), [
      'In 2025-26, from 1 January 2026 to 31 March 2026',
      '£552.33',
      '£616.44',
      '+£64.11',
    ]);
    assert.deepEqual(rowOf(page.body, 'Gil Banded'), [
      'Gil Banded',
      'Mainstream schools',
      'B2',
      '£2,240',
      '£2,500',
      '+£260',
      '£552.33',
      '£616.44',
      '+£64.11',
    ]);
    assert.match(page.body, new RegExp(`href="/placements/${placementId}">Gil Banded</a>`));
    const viewed = await listingEvents(t, '926', 'top-up-scheme.scenario.viewed');
    assert.deepEqual(viewed.at(-1)?.child_ids, [childId], 'the names shown are in the audit log');

    // The programme sees the totals only: no child is shown, and none is read for them.
    const aggregate = await programme.get(`/finance/top-up-schemes/${ids.raised}`);
    assert.equal(aggregate.statusCode, 200);
    assert.doesNotMatch(aggregate.body, /Gil Banded|placements\/[0-9a-f]/);
    assert.match(
      mainText(aggregate.body),
      /The child-by-child figures are shown to those who work with placements\./,
    );
    assert.deepEqual(rowOf(aggregate.body, 'A full year'), ['A full year', '£2,240', '£2,500', '+£260']);
    const totalsOnly = await listingEvents(t, '926', 'top-up-scheme.scenario.viewed');
    assert.deepEqual(totalsOnly.at(-1)?.child_ids ?? [], []);
    assert.deepEqual(totalsOnly.at(-1)?.detail, { fy: '2025-26', totalsOnly: true });
  });

  test('the scenario downloads child by child for finance, in totals for anyone, each download audited', async () => {
    const url = `/finance/top-up-schemes/${ids.raised}?fy=2025-26`;
    const csv = await officer.get(`${url}&table=children&format=csv`);
    assert.equal(csv.statusCode, 200, csv.body);
    assert.match(
      String(csv.headers['content-disposition']),
      /top-up-scenario-children-2025-26-2026-03-02\.csv/,
    );
    const lines = csv.body.trim().split(/\r?\n/);
    assert.match(
      lines[0] ?? '',
      /Child,Setting,Band,Full year now \(£\),Full year proposed \(£\),Full year difference \(£\),In year now \(£\),In year proposed \(£\),In year difference \(£\)/,
    );
    assert.equal(
      lines[1],
      `Gil Banded,Mainstream schools,B2,2240,2500,260,552.33,616.44,64.11,${placementId},${childId}`,
    );
    const exported = await listingEvents(t, '926', 'top-up-scheme.scenario.exported');
    assert.deepEqual(exported.at(-1)?.child_ids, [childId]);

    assert.equal((await programme.get(`${url}&table=children&format=csv`)).statusCode, 403);
    const totals = await programme.get(`${url}&table=totals&format=xlsx`);
    assert.equal(totals.statusCode, 200);
    assert.match(String(totals.headers['content-type']), /spreadsheetml/);
    assert.equal((await officer.get(`${url}&table=everything&format=csv`)).statusCode, 400);
    assert.equal(
      (await officer.get(`/finance/top-up-schemes/${ids.first}?table=totals&format=csv`)).statusCode,
      400,
      'an adopted scheme has no scenario to download',
    );
  });

  test('a band the proposal lacks is called out, and adopting it is refused saying why; it can be withdrawn', async () => {
    const lacking = await api.post('/api/v1/finance/top-up-schemes', {
      name: 'Only band 1',
      effectiveFrom: '2026-02-01',
      bands: [{ settingGroup: 'mainstream', band: 'B1', label: 'Band 1', annualPence: 135_000 }],
    });
    assert.equal(lacking.statusCode, 201, lacking.body);
    ids.lacking = (lacking.json() as { id: string }).id;
    const page = await officer.get(`/finance/top-up-schemes/${ids.lacking}`);
    assert.match(
      mainText(page.body),
      /The proposed scheme has no band B2 for mainstream schools, which 1 top-up uses: what it would cost is unknown, so it is left out of the proposed totals\./,
    );
    assert.deepEqual(rowOf(page.body, 'Gil Banded').slice(3), [
      '£2,240',
      'No such band',
      'No such band',
      // 1 February is day 307: 224,000 − round(224,000 × 306 / 365) = 224,000 − 187,792 = 36,208.
      '£362.08',
      'No such band',
      'No such band',
    ]);

    assert.match(
      mainText(page.body),
      /Top-ups on a band the proposal lacks are counted in Now but left out of Proposed and Difference/,
    );
    const warned = await approver.get(`/finance/top-up-schemes/${ids.lacking}/adopt`);
    assert.match(mainText(warned.body), /Warning The proposed scheme has no band B2 for mainstream schools/);
    const refused = await approver.post(`/finance/top-up-schemes/${ids.lacking}/adopt`, { version: '1' });
    assert.equal(refused.statusCode, 409);
    assert.deepEqual(errorSummaryOf(refused.body), [
      {
        href: '#confirm',
        text: 'Placements use band B2 for mainstream settings, which this scheme does not have: add it to a new proposal, or move those placements to another band first',
      },
    ]);
    const confirm = await officer.get(`/finance/top-up-schemes/${ids.lacking}/withdraw`);
    assert.match(mainText(confirm.body), /Only band 1 will not be adopted\./);
    const withdrawn = await officer.post(`/finance/top-up-schemes/${ids.lacking}/withdraw`, { version: '1' });
    assert.equal(withdrawn.statusCode, 303);
    const list = await officer.get('/finance/top-up-schemes?done=withdrawn');
    assert.match(mainText(list.body), /The scheme has been withdrawn\./);
    assert.deepEqual(rowOf(list.body, 'Only band 1').slice(2), ['Withdrawn', '1']);
  });

  test('a stale adoption is refused saying what happened; the list says what waits, and bad addresses are answered', async () => {
    const list = await approver.get('/finance/top-up-schemes');
    assert.match(
      mainText(list.body),
      /1 proposed scheme is waiting for a finance approver to adopt or a finance officer to withdraw: it was to take effect on 1 January 2026, which has passed/,
    );
    const badYear = await officer.get(`/finance/top-up-schemes/${ids.raised}?fy=2026-28`);
    assert.equal(badYear.statusCode, 400);
    assert.deepEqual(errorSummaryOf(badYear.body), [
      { href: '#fy', text: 'Choose a financial year, written like 2026-27' },
    ]);
    assert.match(badYear.body, /id="fy" name="fy"/);
    const stale = await approver.post(`/finance/top-up-schemes/${ids.raised}/adopt`, { version: '9' });
    assert.equal(stale.statusCode, 409);
    assert.deepEqual(errorSummaryOf(stale.body), [
      {
        href: '#confirm',
        text: 'Someone changed this scheme since you read it (it is now at version 1). Read it again.',
      },
    ]);
    assert.equal(
      (await approver.post(`/finance/top-up-schemes/${ids.raised}/adopt`, { version: 'one' })).statusCode,
      400,
    );
    const adopted = await approver.post(`/finance/top-up-schemes/${ids.raised}/adopt`, { version: '1' });
    assert.equal(adopted.statusCode, 303);
    const rows = await officer.get('/finance/top-up-schemes');
    assert.deepEqual(rowOf(rows.body, 'Band 2 raised').slice(2), ['In force', '3']);
    assert.deepEqual(rowOf(rows.body, 'Norfolk mainstream bands 2018').slice(2), ['Replaced', '3']);

    assert.equal((await officer.get('/finance/top-up-schemes?done=__proto__')).statusCode, 200);
    assert.equal((await officer.get('/finance/top-up-schemes/not-an-id')).statusCode, 404);
    assert.equal(
      (await officer.get('/finance/top-up-schemes/6b1d2c8e-9a0f-4e43-8a53-1f6f3c1b2a10')).statusCode,
      404,
    );
    assert.equal(
      (await officer.get(`/finance/top-up-schemes/${ids.lacking}?fy=2026-28`)).statusCode,
      200,
      'a withdrawn scheme is not costed, so the year is not read',
    );
  });

  test('whatever the proposal form is sent, the answer is a page saying what to fix, never a server error', async () => {
    for (const value of ['\u0000', 'x'.repeat(5_000), '-1', '1e309', '<script>alert(1)</script>', '99', '']) {
      const r = await officer.post(
        '/finance/top-up-schemes/new',
        schemeForm(value, [value, value, value], [[value, value, value]], { 'rows-special': value }),
      );
      assert.equal(r.statusCode, 400, value.slice(0, 20));
      assert.doesNotMatch(r.body, /<script>alert/);
    }
  });
});
