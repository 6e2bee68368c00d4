import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addSchool,
  addUser,
  apiAs,
  auditEvents,
  listingEvents,
  tokenFor,
} from '../support/children.ts';

/**
 * Placements through /api/v1/placements: made with their cost lines, what they commit in each
 * financial year, approval by a second person, and every kind of bad input. The test clock
 * stands at 2 March 2026, in financial year 2025-26, so costs are worked out to 31 March 2028.
 */

interface Placement {
  id: string;
  version: number;
  approval: string;
  peakAnnualCostPence: number;
  annualCostTodayPence: number;
  costLines: { id: string; kind: string }[];
  byFinancialYear: { fy: string; committedPence: number; byPayer: Record<string, number> }[];
}

interface Problem {
  status: number;
  errors?: { field: string; message: string }[];
  detail?: string;
}

describe('placements through the API', () => {
  let t: TestApp;
  let finance: ReturnType<typeof apiAs>;
  let approver: ReturnType<typeof apiAs>;
  let otherApprover: ReturnType<typeof apiAs>;
  let coordinator: ReturnType<typeof apiAs>;
  let suffolk: ReturnType<typeof apiAs>;
  let financeId: string;
  let approverId: string;
  let special: string;
  let childWithPlan: string;
  let childInterim: string;
  const deleteAs = (token: string, url: string) =>
    t.app.inject({ method: 'DELETE', url, headers: { authorization: `Bearer ${token}` } });
  let financeToken: string;

  before(async () => {
    t = await startTestApp();
    const officer = await addUser(t, '926', 'finance', ['finance_officer']);
    const approving = await addUser(t, '926', 'approver', ['finance_approver']);
    const approving2 = await addUser(t, '926', 'approver2', ['finance_approver']);
    financeId = officer.id;
    approverId = approving.id;
    financeToken = await tokenFor(t, '926', officer.id);
    finance = apiAs(t, financeToken);
    approver = apiAs(t, await tokenFor(t, '926', approving.id));
    otherApprover = apiAs(t, await tokenFor(t, '926', approving2.id));
    coordinator = apiAs(t, await tokenFor(t, '926', t.la.users.coordinator.id));
    const suffolkFinance = await addUser(t, '935', 'finance', ['finance_officer']);
    suffolk = apiAs(t, await tokenFor(t, '935', suffolkFinance.id));
    special = await addSchool(t, '926', 'Chapel Green School', 145678);
    childWithPlan = await addChild(t, '926', { forename: 'Ada', surname: 'Placed' });
    childInterim = await addChild(t, '926', { forename: 'Ben', surname: 'Interim' });
    await sql`INSERT INTO ehc_plans (la_code, child_id, status, drafted_on, issued_on, establishment_id, setting_name, provision)
      VALUES ('926', ${childWithPlan}, 'active', '2026-01-05', '2026-02-02', ${special}, 'Chapel Green School', 'special')`.execute(
      t.database.db,
    );
  });
  after(() => t.close());

  test('a special school placement from September commits its place funding and top-up, day by day, to each year', async () => {
    const r = await finance.post('/api/v1/placements', {
      childId: childWithPlan,
      establishmentId: special,
      type: 'maintained_special',
      startOn: '2026-09-01',
      costLines: [
        { kind: 'place_funding', amountPence: 1_000_000, per: 'year', effectiveFrom: '2026-09-01' },
        { kind: 'top_up', amountPence: 1_500_000, per: 'year', effectiveFrom: '2026-09-01' },
      ],
    });
    assert.equal(r.statusCode, 201, r.body);
    const p = r.json() as Placement;
    assert.equal(r.headers.location, `/api/v1/placements/${p.id}`);
    // £10,000 + £15,000 a year is under the £50,000 threshold: committed without a second person.
    assert.equal(p.approval, 'not_needed');
    assert.equal(p.peakAnnualCostPence, 2_500_000);
    // 2026-27 has 365 days (February 2027 has 28). 1 April to 31 August is 30+31+30+31+31 = 153
    // days, so 1 September is day 154 and the placement accrues days 154..365:
    //   place: 1,000,000 − round(1,000,000 × 153 / 365) = 1,000,000 − round(419,178.08) = 580,822
    //   top-up: 1,500,000 − round(1,500,000 × 153 / 365) = 1,500,000 − round(628,767.12) = 871,233
    // together 1,452,055 pence. 2027-28 is a whole year of both: 2,500,000. Nothing after 2027-28
    // (this year, 2025-26, and the next two), and nothing in 2025-26, before it starts.
    assert.deepEqual(
      p.byFinancialYear.map((y) => [y.fy, y.committedPence, y.byPayer]),
      [
        ['2026-27', 1_452_055, { high_needs: 1_452_055 }],
        ['2027-28', 2_500_000, { high_needs: 2_500_000 }],
      ],
    );
    // Not started on 2 March 2026: it costs nothing today.
    assert.equal(p.annualCostTodayPence, 0);

    const read = await coordinator.get(`/api/v1/placements/${p.id}`);
    assert.equal(read.statusCode, 200, read.body);
    const viewed = await auditEvents(t, '926', 'placement.viewed');
    assert.equal(
      viewed.at(-1)?.child_id,
      childWithPlan,
      'reading a placement is a read of the child’s record',
    );
    const created = await auditEvents(t, '926', 'placement.created');
    assert.equal(created.at(-1)?.child_id, childWithPlan);
  });

  test('a health share and an ESFA-funded place are outside the high needs block', async () => {
    const academy = await addSchool(t, '926', 'Fen Rivers Academy', 145679);
    const child = await addChild(t, '926', { forename: 'Cal', surname: 'Shared' });
    const r = await finance.post('/api/v1/placements', {
      childId: child,
      establishmentId: academy,
      type: 'academy_special',
      basis: 'interim',
      startOn: '2026-04-01',
      endOn: '2027-03-31',
      costLines: [
        {
          kind: 'place_funding',
          amountPence: 1_000_000,
          per: 'year',
          funder: 'esfa',
          effectiveFrom: '2026-04-01',
        },
        {
          kind: 'top_up',
          amountPence: 4_000_000,
          per: 'year',
          healthSharePercent: 25,
          effectiveFrom: '2026-04-01',
        },
      ],
    });
    assert.equal(r.statusCode, 201, r.body);
    const p = r.json() as Placement;
    // The whole of 2026-27: the ESFA's £10,000 place; the £40,000 top-up is 75% education
    // (£30,000) and 25% health (£10,000). Ended on 31 March 2027: nothing in 2027-28.
    assert.deepEqual(
      p.byFinancialYear.map((y) => [y.fy, y.byPayer]),
      [['2026-27', { esfa_direct: 1_000_000, health: 1_000_000, high_needs: 3_000_000 }]],
    );
  });

  test('a weekly fee over the threshold waits for a finance approver who did not enter it', async () => {
    const child = await addChild(t, '926', { forename: 'Dee', surname: 'Independent' });
    const r = await finance.post('/api/v1/placements', {
      childId: child,
      providerName: 'Broadland Independent School',
      type: 'independent_special',
      basis: 'interim',
      startOn: '2026-01-05',
      residentialWeeks: 38,
      costLines: [
        { kind: 'fee', amountPence: 150_000, per: 'week', unitsPerYear: 38, effectiveFrom: '2026-01-05' },
      ],
    });
    assert.equal(r.statusCode, 201, r.body);
    const p = r.json() as Placement;
    // £1,500 a week for 38 weeks is £57,000 a year, over the £50,000 threshold.
    assert.equal(p.peakAnnualCostPence, 5_700_000);
    assert.equal(p.approval, 'awaiting');

    const byOfficer = await finance.post(`/api/v1/placements/${p.id}/approval`, {
      version: p.version,
      decision: 'approve',
    });
    assert.equal(byOfficer.statusCode, 403, 'a finance officer does not approve');

    const noReason = await approver.post(`/api/v1/placements/${p.id}/approval`, {
      version: p.version,
      decision: 'reject',
    });
    assert.equal(noReason.statusCode, 400);
    assert.equal((noReason.json() as Problem).errors?.[0]?.field, 'note');

    const approved = await approver.post(`/api/v1/placements/${p.id}/approval`, {
      version: p.version,
      decision: 'approve',
      note: 'Agreed at panel on 2 March',
    });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal((approved.json() as Placement).approval, 'approved');
    // Decided at the app's clock (the tests' stands at 09:00 on 2 March 2026), not the machine's.
    const decided = await sql<{
      at: Date;
    }>`SELECT approval_decided_at AS at FROM placements WHERE id = ${p.id}`.execute(t.database.db);
    assert.equal(decided.rows[0]?.at.toISOString(), '2026-03-02T09:00:00.000Z');
    const events = await auditEvents(t, '926', 'placement.approved');
    assert.equal(events.at(-1)?.child_id, child);

    // The approver raises the fee: it waits again, and now the approver who raised it may not decide.
    const raised = await approver.post(`/api/v1/placements/${p.id}/cost-lines`, {
      version: (approved.json() as Placement).version,
      costLines: [{ kind: 'transport', amountPence: 900_000, per: 'year', effectiveFrom: '2026-04-01' }],
    });
    assert.equal(raised.statusCode, 200, raised.body);
    const again = raised.json() as Placement;
    // £57,000 + £9,000 transport = £66,000 a year from 1 April, more than the £57,000 approved.
    assert.equal(again.peakAnnualCostPence, 6_600_000);
    assert.equal(again.approval, 'awaiting');
    const own = await approver.post(`/api/v1/placements/${p.id}/approval`, {
      version: again.version,
      decision: 'approve',
    });
    assert.equal(own.statusCode, 403);
    const other = await otherApprover.post(`/api/v1/placements/${p.id}/approval`, {
      version: again.version,
      decision: 'approve',
    });
    assert.equal(other.statusCode, 200, other.body);
  });

  test('a second full-time placement on the same days is refused, naming the first; part time is allowed', async () => {
    const child = await addChild(t, '926', { forename: 'Eve', surname: 'Twice' });
    const first = await finance.post('/api/v1/placements', {
      childId: child,
      establishmentId: special,
      type: 'maintained_special',
      basis: 'interim',
      startOn: '2025-09-01',
    });
    assert.equal(first.statusCode, 201, first.body);
    const clash = await finance.post('/api/v1/placements', {
      childId: child,
      providerName: 'Another Place',
      type: 'independent_special',
      basis: 'interim',
      startOn: '2026-01-05',
    });
    assert.equal(clash.statusCode, 409);
    const problem = clash.json() as Problem;
    assert.equal(problem.errors?.[0]?.field, 'startOn');
    assert.match(
      problem.errors?.[0]?.message ?? '',
      /already has a full-time placement at Chapel Green School from 2025-09-01 with no end date/,
    );

    const partTime = await finance.post('/api/v1/placements', {
      childId: child,
      providerName: 'Tuition Centre',
      type: 'eotas',
      basis: 'interim',
      fte: 0.4,
      startOn: '2026-01-05',
    });
    assert.equal(partTime.statusCode, 201, partTime.body);

    // Ending the first the day before lets a full-time placement follow it.
    const ended = await finance.patch(`/api/v1/placements/${(first.json() as Placement).id}`, {
      version: (first.json() as Placement).version,
      endOn: '2026-01-04',
    });
    assert.equal(ended.statusCode, 200, ended.body);
    const next = await finance.post('/api/v1/placements', {
      childId: child,
      providerName: 'Another Place',
      type: 'independent_special',
      basis: 'interim',
      startOn: '2026-01-05',
    });
    assert.equal(next.statusCode, 201, next.body);
    const changed = await auditEvents(t, '926', 'placement.changed');
    assert.deepEqual(changed.at(-1)?.detail, { before: { endOn: null }, after: { endOn: '2026-01-04' } });
  });

  test('bad input is refused naming the field, and nothing is written', async () => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM placements`.execute(t.database.db);
    const base = {
      childId: childInterim,
      providerName: 'Somewhere',
      type: 'mainstream',
      basis: 'interim',
      startOn: '2026-09-01',
    };
    const cases: [string, Record<string, unknown>, number, string, RegExp][] = [
      ['an end before the start', { ...base, endOn: '2026-08-31' }, 400, 'endOn', /same as or after startOn/],
      [
        'a negative amount',
        {
          ...base,
          costLines: [{ kind: 'fee', amountPence: -100, per: 'year', effectiveFrom: '2026-09-01' }],
        },
        400,
        'costLines.0.amountPence',
        /0 or more/,
      ],
      [
        'a cost line without an effective date',
        { ...base, costLines: [{ kind: 'fee', amountPence: 100, per: 'year' }] },
        400,
        'costLines.0.effectiveFrom',
        /enter the date the cost line takes effect/,
      ],
      [
        'over £500,000 a year without confirmation',
        {
          ...base,
          costLines: [{ kind: 'fee', amountPence: 50_000_001, per: 'year', effectiveFrom: '2026-09-01' }],
        },
        400,
        'costLines.0.amountPence',
        /£500,000\.01 a year is more than £500,000: check the amount, and confirm it/,
      ],
      [
        'an unknown setting',
        { ...base, providerName: undefined, establishmentId: '00000000-0000-4000-8000-000000000000' },
        400,
        'establishmentId',
        /no school or setting with this ID/,
      ],
      [
        'neither setting nor provider',
        { ...base, providerName: undefined },
        400,
        'establishmentId',
        /establishmentId .* or providerName/,
      ],
      ['an unknown type', { ...base, type: 'boarding' }, 400, 'type', /type must be one of mainstream/],
      [
        'a weekly fee without weeks',
        { ...base, costLines: [{ kind: 'fee', amountPence: 100, per: 'week', effectiveFrom: '2026-09-01' }] },
        400,
        'costLines.0.unitsPerYear',
        /how many weeks a year/,
      ],
      ['a plan the child has not got', { ...base, basis: 'ehc_plan' }, 400, 'basis', /no EHC plan in force/],
      [
        'a band with no scheme',
        { ...base, costLines: [{ kind: 'top_up', topUpBand: 'B3', effectiveFrom: '2026-09-01' }] },
        400,
        'costLines.0.topUpBand',
        /No adopted top-up scheme has band B3/,
      ],
      ['an FTE over 1', { ...base, fte: 1.5 }, 400, 'fte', /1 or less/],
      [
        'a start before costs are kept',
        { ...base, startOn: '1999-09-01' },
        400,
        'startOn',
        /between 1 April 2000/,
      ],
    ];
    for (const [what, body, status, field, message] of cases) {
      const r = await finance.post('/api/v1/placements', body);
      assert.equal(r.statusCode, status, `${what}: ${r.body}`);
      const problem = r.json() as Problem;
      const error = problem.errors?.find((e) => e.field === field);
      assert.ok(error, `${what}: ${r.body}`);
      assert.match(error.message, message, what);
    }
    const confirmed = await finance.post('/api/v1/placements', {
      ...base,
      confirmLargeAmounts: true,
      costLines: [{ kind: 'fee', amountPence: 50_000_001, per: 'year', effectiveFrom: '2026-09-01' }],
    });
    assert.equal(confirmed.statusCode, 201, 'confirmed, a large amount is taken');
    const afterCount = await sql<{ n: number }>`SELECT count(*)::int AS n FROM placements`.execute(
      t.database.db,
    );
    assert.equal(afterCount.rows[0]?.n, (before.rows[0]?.n ?? 0) + 1, 'only the confirmed one was written');
  });

  test('a stale version is refused; a placement entered in error is removed, and the log keeps what it was', async () => {
    const child = await addChild(t, '926', { forename: 'Fay', surname: 'Mistake' });
    const made = (
      await finance.post('/api/v1/placements', {
        childId: child,
        providerName: 'Wrong School',
        type: 'mainstream',
        basis: 'interim',
        startOn: '2026-09-01',
      })
    ).json() as Placement;
    const stale = await finance.patch(`/api/v1/placements/${made.id}`, {
      version: made.version + 5,
      expectedEndOn: '2027-07-20',
    });
    assert.equal(stale.statusCode, 409);
    assert.match((stale.json() as Problem).detail ?? '', new RegExp(`now at version ${made.version}`));
    const gone = await deleteAs(financeToken, `/api/v1/placements/${made.id}?version=${made.version}`);
    assert.equal(gone.statusCode, 204, gone.body);
    assert.equal((await finance.get(`/api/v1/placements/${made.id}`)).statusCode, 404);
    const deleted = await auditEvents(t, '926', 'placement.deleted');
    assert.equal(deleted.at(-1)?.child_id, child);
    assert.match(JSON.stringify(deleted.at(-1)?.detail), /Wrong School/);
  });

  test('the list is filtered, counts what each costs this year, and is one audit event naming every child', async () => {
    const r = await finance.get('/api/v1/placements?approval=approved');
    assert.equal(r.statusCode, 200, r.body);
    const list = r.json() as { items: { childName: string; approval: string }[]; total: number };
    assert.equal(list.total, 1);
    assert.equal(list.items[0]?.childName, 'Dee Independent');
    const listed = await listingEvents(t, '926', 'placement.listed');
    assert.equal(listed.at(-1)?.child_ids?.length, 1);
    const csv = await finance.get('/api/v1/placements?format=csv&fy=2026-27');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body.split('\n')[0] ?? '', /Cost in 2026-27 \(£\)/);
    assert.match(
      csv.body,
      /Ada Placed,Chapel Green School,Maintained special school,2026-09-01,,,1,Committed,14520\.55/,
    );
    const bad = await finance.get('/api/v1/placements?fy=2026-28');
    assert.equal(bad.statusCode, 400);
    const far = await finance.get('/api/v1/finance/position?fy=2150-51');
    assert.equal(far.statusCode, 400, 'costs are kept to 2100-01: a later year is refused, not a 500');
    assert.match(far.body, /from 2000-01 to 2100-01/);
    assert.match(bad.body, /fy must be a financial year like 2026-27/);
  });

  test('another LA sees none of them, and roles without placements get 403', async () => {
    const r = await finance.get('/api/v1/placements?limit=1');
    const id = (r.json() as { items: { id: string }[] }).items[0]?.id;
    assert.ok(id);
    assert.equal((await suffolk.get(`/api/v1/placements/${id}`)).statusCode, 404);
    assert.equal(((await suffolk.get('/api/v1/placements')).json() as { total: number }).total, 0);
    const parent = apiAs(t, await tokenFor(t, '926', t.la.users.parent.id));
    assert.equal((await parent.get('/api/v1/placements')).statusCode, 403);
    assert.equal((await coordinator.post('/api/v1/placements', {})).statusCode, 403);
    // The database keeps the rule too: whoever entered a placement never decides on it.
    await assert.rejects(
      sql`UPDATE placements SET approval_decided_by = ${financeId} WHERE entered_by = ${financeId}`.execute(
        t.database.db,
      ),
      /check constraint/,
    );
    assert.ok(approverId);
  });
});
