import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addChild, addUser, apiAs, auditEvents, listingEvents, tokenFor } from '../support/children.ts';

/**
 * Top-up band schemes through /api/v1/finance/top-up-schemes, with Norfolk's 2018-19 mainstream
 * bands (£1,350, £2,240, £4,044 a year). The test clock stands at 2 March 2026, in 2025-26, a
 * year of 365 days (February 2026 has 28).
 */

interface Scheme {
  id: string;
  version: number;
  status: string;
}

describe('top-up band schemes: proposed, costed against the one in force, adopted', () => {
  let t: TestApp;
  let officer: ReturnType<typeof apiAs>;
  let approver: ReturnType<typeof apiAs>;
  let placementId: string;
  let childId: string;
  const norfolk2018 = {
    name: 'Norfolk mainstream bands 2018',
    effectiveFrom: '2025-04-01',
    bands: [
      { settingGroup: 'mainstream', band: 'B1', label: 'Band 1', annualPence: 135_000 },
      { settingGroup: 'mainstream', band: 'B2', label: 'Band 2', annualPence: 224_000 },
      { settingGroup: 'mainstream', band: 'B3', label: 'Band 3', annualPence: 404_400 },
    ],
  };
  const committed2025 = async () => {
    const p = (await officer.get(`/api/v1/placements/${placementId}`)).json() as {
      byFinancialYear: { fy: string; committedPence: number }[];
    };
    return p.byFinancialYear.find((y) => y.fy === '2025-26')?.committedPence;
  };

  before(async () => {
    t = await startTestApp();
    officer = apiAs(
      t,
      await tokenFor(t, '926', (await addUser(t, '926', 'finance', ['finance_officer'])).id),
    );
    approver = apiAs(
      t,
      await tokenFor(t, '926', (await addUser(t, '926', 'approver', ['finance_approver'])).id),
    );
    childId = await addChild(t, '926', { forename: 'Gil', surname: 'Banded' });
  });
  after(() => t.close());

  test('a scheme is proposed by finance, adopted only by an approver, and then prices band top-ups', async () => {
    const proposed = await officer.post('/api/v1/finance/top-up-schemes', norfolk2018);
    assert.equal(proposed.statusCode, 201, proposed.body);
    const scheme = proposed.json() as Scheme;
    assert.equal(scheme.status, 'proposed');
    assert.equal(
      (await officer.post(`/api/v1/finance/top-up-schemes/${scheme.id}/adopt`, { version: 1 })).statusCode,
      403,
    );
    const adopted = await approver.post(`/api/v1/finance/top-up-schemes/${scheme.id}/adopt`, {
      version: scheme.version,
    });
    assert.equal(adopted.statusCode, 200, adopted.body);
    assert.equal((adopted.json() as Scheme).status, 'adopted');
    // Adopted at the app's clock (the tests' stands at 09:00 on 2 March 2026), not the machine's.
    assert.equal((adopted.json() as { adoptedAt: string }).adoptedAt, '2026-03-02T09:00:00.000Z');
    assert.equal((await auditEvents(t, '926', 'top-up-scheme.adopted')).length, 1);

    const placement = await officer.post('/api/v1/placements', {
      childId,
      providerName: 'Yare Valley Primary',
      type: 'mainstream',
      basis: 'interim',
      startOn: '2025-09-01',
      costLines: [{ kind: 'top_up', topUpBand: 'B2', effectiveFrom: '2025-09-01' }],
    });
    assert.equal(placement.statusCode, 201, placement.body);
    placementId = (placement.json() as { id: string }).id;
    // Band 2, £2,240 a year, from 1 September 2025 (day 154 of 365: 153 days before it) to 31 March:
    // 224,000 − round(224,000 × 153 / 365) = 224,000 − round(93,895.89) = 224,000 − 93,896 = 130,104.
    assert.equal(await committed2025(), 130_104);
  });

  test('a new proposal is costed child by child against the scheme in force, then adopted from its date', async () => {
    const raised = await officer.post('/api/v1/finance/top-up-schemes', {
      name: 'Band 2 raised',
      effectiveFrom: '2026-01-01',
      bands: [
        { settingGroup: 'mainstream', band: 'B1', label: 'Band 1', annualPence: 135_000 },
        { settingGroup: 'mainstream', band: 'B2', label: 'Band 2', annualPence: 250_000 },
        { settingGroup: 'mainstream', band: 'B3', label: 'Band 3', annualPence: 404_400 },
      ],
    });
    assert.equal(raised.statusCode, 201, raised.body);
    const scheme = raised.json() as Scheme;
    const r = await officer.get(`/api/v1/finance/top-up-schemes/${scheme.id}/scenario?fy=2025-26`);
    assert.equal(r.statusCode, 200, r.body);
    const scenario = r.json() as {
      comparedWith: string;
      rows: { childName: string; band: string; [k: string]: unknown }[];
      totals: Record<string, number>;
    };
    assert.equal(scenario.comparedWith, 'Norfolk mainstream bands 2018');
    // A full year: £2,240 now, £2,500 proposed, £260 more. In 2025-26 only 1 January to 31 March
    // can differ: 1 January is day 276 (275 days before it: 30+31+30+31+31+30+31+30+31), so
    //   current  224,000 − round(224,000 × 275 / 365) = 224,000 − round(168,767.12) = 55,233
    //   proposed 250,000 − round(250,000 × 275 / 365) = 250,000 − round(188,356.16) = 61,644
    // a difference of 6,411.
    assert.deepEqual(scenario.rows, [
      {
        placementId,
        childId,
        childName: 'Gil Banded',
        settingGroup: 'mainstream',
        band: 'B2',
        fullYearCurrentPence: 224_000,
        fullYearProposedPence: 250_000,
        fullYearDifferencePence: 26_000,
        inYearCurrentPence: 55_233,
        inYearProposedPence: 61_644,
        inYearDifferencePence: 6_411,
      },
    ]);
    assert.equal(scenario.totals.inYearDifferencePence, 6_411);
    const viewed = await listingEvents(t, '926', 'top-up-scheme.scenario.viewed');
    assert.deepEqual(viewed.at(-1)?.child_ids, [childId], 'the scenario names the children it shows');

    // The programme sees the high needs budget as aggregates: the same totals, no child named.
    const programme = apiAs(
      t,
      await tokenFor(t, '926', (await addUser(t, '926', 'programme', ['programme_manager'])).id),
    );
    const totalsOnly = await programme.get(`/api/v1/finance/top-up-schemes/${scheme.id}/scenario?fy=2025-26`);
    assert.equal(totalsOnly.statusCode, 200, totalsOnly.body);
    const aggregate = totalsOnly.json() as typeof scenario & { childByChild: boolean };
    assert.equal(aggregate.childByChild, false);
    assert.deepEqual(aggregate.rows, []);
    assert.deepEqual(aggregate.totals, scenario.totals);
    assert.equal((await listingEvents(t, '926', 'top-up-scheme.scenario.viewed')).at(-1)?.child_ids, null);

    const adopted = await approver.post(`/api/v1/finance/top-up-schemes/${scheme.id}/adopt`, {
      version: scheme.version,
    });
    assert.equal(adopted.statusCode, 200, adopted.body);
    // After adoption the year is 1 September to 31 December at £2,240 (days 154..275):
    // round(224,000 × 275 / 365) − round(224,000 × 153 / 365) = 168,767 − 93,896 = 74,871; then
    // 1 January to 31 March at £2,500: 61,644. Together 136,515: 130,104 + the 6,411 shown.
    assert.equal(await committed2025(), 136_515);
  });

  test('bad schemes are refused naming the field; a scheme lacking a band in use is not adopted', async () => {
    const dup = await officer.post('/api/v1/finance/top-up-schemes', {
      name: 'Twice',
      effectiveFrom: '2026-09-01',
      bands: [
        { settingGroup: 'mainstream', band: 'B1', label: 'Band 1', annualPence: 100 },
        { settingGroup: 'mainstream', band: 'B1', label: 'Band 1 again', annualPence: 200 },
      ],
    });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /bands\.1\.band/);
    assert.match(dup.body, /Band B1 is given twice for mainstream settings/);
    for (const [body, field] of [
      [{ ...norfolk2018, bands: [] }, 'bands'],
      [{ ...norfolk2018, effectiveFrom: '2026-02-30' }, 'effectiveFrom'],
      [
        { ...norfolk2018, bands: [{ settingGroup: 'mainstream', band: 'B1', label: 'B', annualPence: -1 }] },
        'bands.0.annualPence',
      ],
      [
        { ...norfolk2018, bands: [{ settingGroup: 'independent', band: 'B1', label: 'B', annualPence: 1 }] },
        'bands.0.settingGroup',
      ],
    ] as const) {
      const r = await officer.post('/api/v1/finance/top-up-schemes', body);
      assert.equal(r.statusCode, 400, r.body);
      assert.ok(
        (r.json() as { errors: { field: string }[] }).errors.some((e) => e.field === field),
        r.body,
      );
    }
    const lacking = (
      await officer.post('/api/v1/finance/top-up-schemes', {
        name: 'No band 2',
        effectiveFrom: '2026-09-01',
        bands: [{ settingGroup: 'mainstream', band: 'B1', label: 'Band 1', annualPence: 135_000 }],
      })
    ).json() as Scheme;
    const refused = await approver.post(`/api/v1/finance/top-up-schemes/${lacking.id}/adopt`, {
      version: lacking.version,
    });
    assert.equal(refused.statusCode, 409);
    assert.match(
      refused.body,
      /Placements use band B2 for mainstream settings, which this scheme does not have/,
    );
    const withdrawn = await officer.post(`/api/v1/finance/top-up-schemes/${lacking.id}/withdraw`, {
      version: lacking.version,
    });
    assert.equal(withdrawn.statusCode, 200);
    assert.equal((withdrawn.json() as Scheme).status, 'withdrawn');
    const list = (await officer.get('/api/v1/finance/top-up-schemes')).json() as { items: Scheme[] };
    assert.deepEqual(
      list.items.map((s) => s.status),
      ['withdrawn', 'adopted', 'adopted'],
      'newest first: September 2026, January 2026, April 2025',
    );
  });
});
