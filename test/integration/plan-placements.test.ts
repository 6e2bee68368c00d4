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
  browserAs,
  errorSummaryOf,
  tokenFor,
} from '../support/children.ts';

/**
 * A final EHC plan's named placement becomes a placement: issuing a plan through the EHC API
 * makes (or names) the child's placement at the setting it names, in the same transaction, ends
 * the one elsewhere the day before, and follows corrections of the plan. The test clock stands at
 * 2 March 2026, in financial year 2025-26 (365 days: February 2026 has 28), so costs are worked
 * out to 31 March 2028.
 */

interface Placement {
  id: string;
  version: number;
  childId: string;
  establishmentId: string | null;
  providerName: string | null;
  settingName: string;
  type: string;
  startOn: string;
  endOn: string | null;
  basis: string;
  planId: string | null;
  approval: string;
  plan: { link: string; planId: string; changedSincePlan: boolean } | null;
  costsToConfirm: boolean;
  typeToConfirm: boolean;
  planCheck: string | null;
  costLines: {
    id: string;
    kind: string;
    amountPence: number;
    funder: string;
    effectiveFrom: string;
    fromPlan: boolean;
  }[];
  byFinancialYear: { fy: string; committedPence: number; byPayer: Record<string, number> }[];
}
interface RequestJson {
  id: string;
  plan: {
    id: string;
    status: string;
    placement: { settingName: string; startOn: string | null } | null;
  } | null;
  events: { id: string; type: string; correctedBy: string | null }[];
}

type Api = ReturnType<typeof apiAs>;

/** A special school on the register: maintained, or an academy whose places the ESFA funds. */
async function addSpecialSchool(t: TestApp, name: string, urn: number, academy = false): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO establishments (la_code, urn, name, name_search, setting_kind, type_name, type_group, phase, is_special)
    VALUES ('926', ${urn}, ${name}, ${name.toLowerCase()}, 'school',
      ${academy ? 'Academy special converter' : 'Community special school'},
      ${academy ? 'Academies' : 'Special schools'}, 'Not applicable', true)
    RETURNING id`.execute(t.database.db);
  return r.rows[0]?.id ?? '';
}

/**
 * A request for a new assessment received 1 October 2025, decided for a plan and its draft served
 * on 6 January 2026: the family's 15 days to comment end on 21 January, so a final plan may follow.
 */
async function draftPlan(coordinator: Api, childId: string): Promise<string> {
  const opened = await coordinator.post('/api/v1/ehc/requests', {
    childId,
    receivedOn: '2025-10-01',
    source: 'parent',
    requestedBy: 'Pat Parent',
    consent: true,
  });
  assert.equal(opened.statusCode, 201, opened.body);
  const id = (opened.json() as { id: string }).id;
  for (const event of [
    { type: 'assessment-decided', on: '2025-11-10', outcome: 'assess' },
    { type: 'issue-decided', on: '2026-01-05', outcome: 'issue' },
    { type: 'draft-served', on: '2026-01-06' },
  ]) {
    const r = await coordinator.post(`/api/v1/ehc/requests/${id}/events`, { event, corrects: null });
    assert.equal(r.statusCode, 201, r.body);
  }
  return id;
}

async function step(
  api: Api,
  requestId: string,
  event: Record<string, unknown>,
  corrects: string | null = null,
) {
  const r = await api.post(`/api/v1/ehc/requests/${requestId}/events`, { event, corrects });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as RequestJson;
}

/** The request's final-issued event in force, to correct it. */
const finalEvent = (r: RequestJson) =>
  r.events.find((e) => (e.type === 'final-issued' || e.type === 'plan-transferred') && !e.correctedBy)?.id ??
  null;

describe('a final EHC plan’s named placement becomes a placement', () => {
  let t: TestApp;
  let coordinator: Api;
  let finance: Api;
  let financeId: string;
  let chapelGreen: string;
  let fenRivers: string;
  let fenside: string;

  before(async () => {
    t = await startTestApp();
    coordinator = apiAs(t, await tokenFor(t, '926', t.la.users.coordinator.id));
    const officer = await addUser(t, '926', 'finance', ['finance_officer']);
    financeId = officer.id;
    finance = apiAs(t, await tokenFor(t, '926', officer.id));
    chapelGreen = await addSpecialSchool(t, 'Chapel Green School', 145678);
    fenRivers = await addSpecialSchool(t, 'Fen Rivers Academy', 145679, true);
    fenside = await addSchool(t, '926', 'Fenside Primary', 121212);
  });
  after(() => t.close());

  const placementsOf = async (childId: string): Promise<Placement[]> => {
    const list = await finance.get(`/api/v1/placements?childId=${childId}&limit=100`);
    assert.equal(list.statusCode, 200, list.body);
    const items = (list.json() as { items: { id: string }[] }).items;
    return Promise.all(
      items.map(async (i) => (await finance.get(`/api/v1/placements/${i.id}`)).json() as Placement),
    );
  };
  const only = async (childId: string) => {
    const all = await placementsOf(childId);
    assert.equal(all.length, 1, JSON.stringify(all));
    return all[0] as Placement;
  };
  const named = (
    establishmentId: string | null,
    settingName: string,
    provision: string,
    startOn?: string,
  ) => ({
    establishmentId,
    settingName,
    provision,
    ...(startOn ? { startOn } : {}),
  });

  test('issuing a final plan naming a maintained special school makes the placement there from the issue day, with its place funding', async () => {
    const childId = await addChild(t, '926', { forename: 'Ada', surname: 'Issued' });
    const requestId = await draftPlan(coordinator, childId);
    const r = await step(coordinator, requestId, {
      type: 'final-issued',
      on: '2026-02-02',
      placement: named(chapelGreen, 'Chapel Green School', 'special'),
    });
    const p = await only(childId);
    assert.deepEqual(
      [p.establishmentId, p.type, p.startOn, p.endOn, p.basis, p.planId, p.approval],
      [chapelGreen, 'maintained_special', '2026-02-02', null, 'ehc_plan', r.plan?.id, 'not_needed'],
    );
    assert.deepEqual(p.plan, { link: 'made', planId: r.plan?.id, changedSincePlan: false });
    assert.deepEqual([p.costsToConfirm, p.typeToConfirm, p.planCheck], [true, false, null]);
    // £10,000 a place at a maintained special school, paid by the LA (DESIGN §3.2), from the start.
    assert.deepEqual(
      p.costLines.map((l) => [l.kind, l.amountPence, l.funder, l.effectiveFrom, l.fromPlan]),
      [['place_funding', 1_000_000, 'la', '2026-02-02', true]],
    );
    // 2 February 2026 is day 308 of 2025-26 (April to January is 306 days), so the place accrues
    // days 308 to 365: 1,000,000 − round(1,000,000 × 307/365) = 1,000,000 − 841,096 = 158,904.
    // 2026-27 and 2027-28 are whole years.
    assert.deepEqual(
      p.byFinancialYear.map((y) => [y.fy, y.committedPence, y.byPayer]),
      [
        ['2025-26', 158_904, { high_needs: 158_904 }],
        ['2026-27', 1_000_000, { high_needs: 1_000_000 }],
        ['2027-28', 1_000_000, { high_needs: 1_000_000 }],
      ],
    );
    // A system change, audited as made by the coordinator who recorded the plan.
    const made = (await auditEvents(t, '926', 'placement.made-from-plan')).at(-1);
    assert.deepEqual(
      [made?.user_id, made?.child_id, made?.entity_id],
      [t.la.users.coordinator.id, childId, p.id],
    );
    assert.equal((made?.detail as { request?: string } | undefined)?.request, requestId);
  });

  test('a plan naming the day its placement starts makes it from that day; an academy’s place is the ESFA’s', async () => {
    const childId = await addChild(t, '926', { forename: 'Ben', surname: 'September' });
    const requestId = await draftPlan(coordinator, childId);
    const r = await step(coordinator, requestId, {
      type: 'final-issued',
      on: '2026-02-16',
      placement: named(fenRivers, 'Fen Rivers Academy', 'special', '2026-04-13'),
    });
    assert.equal(r.plan?.placement?.startOn, '2026-04-13', 'the plan keeps the day it names');
    const p = await only(childId);
    assert.deepEqual([p.type, p.startOn], ['academy_special', '2026-04-13']);
    // 13 April 2026 is day 13 of 2026-27: 1,000,000 − round(1,000,000 × 12/365) = 1,000,000 −
    // 32,877 = 967,123, all of it the ESFA's, paid to the academy directly.
    assert.deepEqual(
      p.byFinancialYear.map((y) => [y.fy, y.byPayer]),
      [
        ['2026-27', { esfa_direct: 967_123 }],
        ['2027-28', { esfa_direct: 1_000_000 }],
      ],
    );
  });

  test('a plan naming the setting the child is already placed at names that placement rather than making a second', async () => {
    const childId = await addChild(t, '926', { forename: 'Cal', surname: 'Already' });
    const interim = await finance.post('/api/v1/placements', {
      childId,
      establishmentId: chapelGreen,
      type: 'maintained_special',
      basis: 'interim',
      startOn: '2025-09-01',
      costLines: [
        { kind: 'place_funding', amountPence: 1_000_000, per: 'year', effectiveFrom: '2025-09-01' },
        { kind: 'top_up', amountPence: 1_213_200, per: 'year', effectiveFrom: '2025-09-01' },
      ],
    });
    assert.equal(interim.statusCode, 201, interim.body);
    const requestId = await draftPlan(coordinator, childId);
    const r = await step(coordinator, requestId, {
      type: 'final-issued',
      on: '2026-02-02',
      // Named in words only, as the EHC pages record it: the one register entry of that name.
      placement: named(null, 'chapel green school', 'special'),
    });
    const p = await only(childId);
    assert.equal(p.id, (interim.json() as Placement).id);
    assert.deepEqual(
      [p.basis, p.planId, p.plan?.link, p.startOn, p.costLines.length, p.costsToConfirm],
      ['ehc_plan', r.plan?.id, 'named', '2025-09-01', 2, false],
    );
    assert.equal((await auditEvents(t, '926', 'placement.named-in-plan')).at(-1)?.entity_id, p.id);
  });

  test('a full-time placement elsewhere ends the day before the one the plan names; its costs end with it', async () => {
    const childId = await addChild(t, '926', { forename: 'Dee', surname: 'Moving' });
    const school = await finance.post('/api/v1/placements', {
      childId,
      establishmentId: fenside,
      type: 'mainstream',
      basis: 'interim',
      startOn: '2025-09-01',
      costLines: [{ kind: 'top_up', amountPence: 404_400, per: 'year', effectiveFrom: '2025-09-01' }],
    });
    assert.equal(school.statusCode, 201, school.body);
    // £4,044 a year from 1 September 2025 (day 154 of 2025-26) to 31 March:
    //   404,400 − round(404,400 × 153/365) = 404,400 − 169,516 = 234,884.
    assert.equal((school.json() as Placement).byFinancialYear[0]?.committedPence, 234_884);
    const requestId = await draftPlan(coordinator, childId);
    const r = await step(coordinator, requestId, {
      type: 'final-issued',
      on: '2026-02-02',
      placement: named(chapelGreen, 'Chapel Green School', 'special'),
    });
    const [special, mainstream] = await placementsOf(childId);
    assert.deepEqual([special?.establishmentId, special?.startOn], [chapelGreen, '2026-02-02']);
    assert.deepEqual(
      [mainstream?.establishmentId, mainstream?.endOn, mainstream?.plan],
      [fenside, '2026-02-01', { link: 'ended', planId: r.plan?.id, changedSincePlan: false }],
    );
    // Now to 1 February (day 307): round(404,400 × 307/365) − 169,516 = 340,139 − 169,516 = 170,623.
    assert.deepEqual(
      mainstream?.byFinancialYear.map((y) => [y.fy, y.committedPence]),
      [['2025-26', 170_623]],
    );
    assert.equal((await auditEvents(t, '926', 'placement.ended-for-plan')).at(-1)?.entity_id, mainstream?.id);

    // Corrected to 16 February (day 322): the placement made moves, its place funding with it, and
    // the school's last day becomes 15 February (day 321).
    //   special: 1,000,000 − round(1,000,000 × 321/365) = 1,000,000 − 879,452 = 120,548;
    //   school: round(404,400 × 321/365) − 169,516 = 355,650 − 169,516 = 186,134.
    const moved = await step(
      coordinator,
      requestId,
      {
        type: 'final-issued',
        on: '2026-02-16',
        placement: named(chapelGreen, 'Chapel Green School', 'special'),
      },
      finalEvent(r),
    );
    const [special2, mainstream2] = await placementsOf(childId);
    assert.equal(special2?.id, special?.id, 'moved, not made again');
    assert.deepEqual(
      [
        special2?.startOn,
        special2?.costLines.map((l) => l.effectiveFrom),
        special2?.byFinancialYear[0]?.committedPence,
      ],
      ['2026-02-16', ['2026-02-16'], 120_548],
    );
    assert.deepEqual(
      [mainstream2?.endOn, mainstream2?.byFinancialYear[0]?.committedPence],
      ['2026-02-15', 186_134],
    );

    // Corrected to name the academy instead: the placement at Chapel Green goes, one at Fen
    // Rivers is made, and the school still ends the day before.
    const elsewhere = await step(
      coordinator,
      requestId,
      {
        type: 'final-issued',
        on: '2026-02-16',
        placement: named(fenRivers, 'Fen Rivers Academy', 'special'),
      },
      finalEvent(moved),
    );
    const [academy, mainstream3] = await placementsOf(childId);
    assert.deepEqual(
      [academy?.establishmentId, academy?.type, academy?.startOn, mainstream3?.endOn],
      [fenRivers, 'academy_special', '2026-02-16', '2026-02-15'],
    );
    assert.equal((await auditEvents(t, '926', 'placement.removed-with-plan')).at(-1)?.entity_id, special?.id);

    // Taken back (the final plan corrected to the family's comments): the academy placement goes
    // and the school runs on as it did, with its whole year's cost again.
    await step(
      coordinator,
      requestId,
      { type: 'comments-received', on: '2026-01-20', preferredSetting: 'Fen Rivers Academy' },
      finalEvent(elsewhere),
    );
    const back = await only(childId);
    assert.deepEqual(
      [back.id, back.endOn, back.plan, back.basis, back.byFinancialYear[0]?.committedPence],
      [mainstream?.id, null, null, 'interim', 234_884],
    );
  });

  test('a plan cannot end a placement elsewhere that starts on or after its day: nothing is made, and that one is flagged', async () => {
    const childId = await addChild(t, '926', { forename: 'Eve', surname: 'Entered' });
    const entered = await finance.post('/api/v1/placements', {
      childId,
      establishmentId: fenside,
      type: 'mainstream',
      basis: 'interim',
      startOn: '2026-02-02',
    });
    assert.equal(entered.statusCode, 201, entered.body);
    const requestId = await draftPlan(coordinator, childId);
    await step(coordinator, requestId, {
      type: 'final-issued',
      on: '2026-02-02',
      placement: named(chapelGreen, 'Chapel Green School', 'special'),
    });
    const p = await only(childId);
    assert.deepEqual(
      [p.establishmentId, p.endOn, p.planCheck],
      [fenside, null, 'plan_names_another_setting'],
    );
  });

  test('a placement a person changed is left as it is when the plan is corrected, and flagged until they check it', async () => {
    const childId = await addChild(t, '926', { forename: 'Fay', surname: 'Edited' });
    const requestId = await draftPlan(coordinator, childId);
    const r = await step(coordinator, requestId, {
      type: 'final-issued',
      on: '2026-02-02',
      placement: named(chapelGreen, 'Chapel Green School', 'special'),
    });
    const made = await only(childId);
    // The finance officer enters its top-up: its costs are confirmed, and it is theirs now.
    const topped = await finance.post(`/api/v1/placements/${made.id}/cost-lines`, {
      version: made.version,
      costLines: [{ kind: 'top_up', amountPence: 1_213_200, per: 'year', effectiveFrom: '2026-02-02' }],
    });
    assert.equal(topped.statusCode, 200, topped.body);
    assert.deepEqual(
      [(topped.json() as Placement).costsToConfirm, (topped.json() as Placement).plan?.changedSincePlan],
      [false, true],
    );
    const moved = await step(
      coordinator,
      requestId,
      {
        type: 'final-issued',
        on: '2026-02-16',
        placement: named(chapelGreen, 'Chapel Green School', 'special'),
      },
      finalEvent(r),
    );
    let p = await only(childId);
    assert.deepEqual([p.startOn, p.planCheck], ['2026-02-02', 'plan_changed']);
    await step(
      coordinator,
      requestId,
      { type: 'comments-received', on: '2026-01-20', preferredSetting: 'Chapel Green School' },
      finalEvent(moved),
    );
    p = await only(childId);
    assert.deepEqual([p.id, p.startOn, p.planCheck, p.plan], [made.id, '2026-02-02', 'plan_withdrawn', null]);
    assert.ok((await auditEvents(t, '926', 'placement.flagged-by-plan')).some((e) => e.entity_id === p.id));

    const checked = await finance.post(`/api/v1/placements/${p.id}/confirmation`, {
      version: p.version,
      planChangeChecked: true,
    });
    assert.equal(checked.statusCode, 200, checked.body);
    assert.equal((checked.json() as Placement).planCheck, null);
    const confirmed = (await auditEvents(t, '926', 'placement.confirmed')).at(-1);
    assert.deepEqual([confirmed?.user_id, confirmed?.entity_id], [financeId, p.id]);
  });

  test('a provider the plan names in words only is a provider without a URN, its type to confirm, then its place funding', async () => {
    const childId = await addChild(t, '926', { forename: 'Gus', surname: 'Unnamed' });
    const requestId = await draftPlan(coordinator, childId);
    await step(coordinator, requestId, {
      type: 'final-issued',
      on: '2026-02-02',
      placement: named(null, 'Education otherwise than in school', 'other'),
    });
    const p = await only(childId);
    assert.deepEqual(
      [p.establishmentId, p.providerName, p.type, p.typeToConfirm, p.costsToConfirm, p.costLines],
      [null, 'Education otherwise than in school', 'eotas', true, true, []],
    );
    const tooSoon = await finance.post(`/api/v1/placements/${p.id}/confirmation`, {
      version: p.version,
      costsComplete: true,
    });
    assert.equal(tooSoon.statusCode, 400, tooSoon.body);
    assert.match(tooSoon.body, /Confirm the placement’s type first/);
    const typed = await finance.post(`/api/v1/placements/${p.id}/confirmation`, {
      version: p.version,
      type: 'specialist_post_16',
      providerName: 'Oak Tree Specialist College',
    });
    assert.equal(typed.statusCode, 200, typed.body);
    const after = typed.json() as Placement;
    // A specialist post-16 place is £6,000, paid by the ESFA directly.
    assert.deepEqual(
      [after.type, after.typeToConfirm, after.providerName, after.costsToConfirm],
      ['specialist_post_16', false, 'Oak Tree Specialist College', true],
    );
    assert.deepEqual(
      after.costLines.map((l) => [l.kind, l.amountPence, l.funder, l.effectiveFrom]),
      [['place_funding', 600_000, 'esfa', '2026-02-02']],
    );
    const again = await finance.post(`/api/v1/placements/${p.id}/confirmation`, {
      version: after.version,
      type: 'eotas',
    });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /not waiting to be confirmed/);
    const complete = await finance.post(`/api/v1/placements/${p.id}/confirmation`, {
      version: after.version,
      costsComplete: true,
    });
    assert.equal(complete.statusCode, 200, complete.body);
    assert.equal((complete.json() as Placement).costsToConfirm, false);
  });

  test('a re-assessment’s plan naming the same school names the placement the first plan made; taken back, it is the first plan’s again', async () => {
    const childId = await addChild(t, '926', { forename: 'Hal', surname: 'Reassessed' });
    const first = await draftPlan(coordinator, childId);
    const firstPlan = await step(coordinator, first, {
      type: 'final-issued',
      on: '2026-02-02',
      placement: named(chapelGreen, 'Chapel Green School', 'special'),
    });
    const opened = await coordinator.post('/api/v1/ehc/requests', {
      childId,
      kind: 'reassessment',
      receivedOn: '2026-02-09',
      source: 'school',
      requestedBy: 'Chapel Green School',
      consent: true,
    });
    assert.equal(opened.statusCode, 201, opened.body);
    const re = (opened.json() as { id: string }).id;
    await step(coordinator, re, { type: 'issue-decided', on: '2026-02-10', outcome: 'issue' });
    await step(coordinator, re, { type: 'draft-served', on: '2026-02-11' });
    const second = await step(coordinator, re, {
      type: 'final-issued',
      on: '2026-02-27',
      placement: named(chapelGreen, 'Chapel Green School', 'special'),
    });
    let p = await only(childId);
    assert.deepEqual(
      [p.startOn, p.planId, p.plan?.link, p.plan?.planId],
      ['2026-02-02', second.plan?.id, 'named', second.plan?.id],
    );
    await step(
      coordinator,
      re,
      { type: 'comments-received', on: '2026-02-20', preferredSetting: 'Chapel Green School' },
      finalEvent(second),
    );
    p = await only(childId);
    assert.deepEqual(
      [p.startOn, p.planId, p.plan?.link, p.plan?.planId],
      ['2026-02-02', firstPlan.plan?.id, 'made', firstPlan.plan?.id],
    );
  });

  test('a plan transferred in naming a school makes the placement from the day it transferred', async () => {
    const childId = await addChild(t, '926', { forename: 'Ivy', surname: 'Transferred' });
    const opened = await coordinator.post('/api/v1/ehc/requests', {
      childId,
      kind: 'transfer-in',
      receivedOn: '2026-01-07',
      source: 'other',
      requestedBy: 'Suffolk SEND team',
      consent: true,
      transfer: { previousLaCode: '935', oldLaAwareOn: '2026-01-05', movedOn: '2026-01-12' },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    const id = (opened.json() as { id: string }).id;
    await step(coordinator, id, {
      type: 'plan-transferred',
      on: '2026-01-20',
      planIssuedOn: '2024-03-01',
      placement: named(chapelGreen, 'Chapel Green School', 'special'),
    });
    const p = await only(childId);
    assert.deepEqual([p.startOn, p.type, p.plan?.link], ['2026-01-20', 'maintained_special', 'made']);
  });

  test('the final plan’s page form asks when the placement starts, and the placement starts then', async () => {
    const childId = await addChild(t, '926', { forename: 'Jay', surname: 'Paged' });
    const requestId = await draftPlan(coordinator, childId);
    const browser = await browserAs(t, t.la.users.coordinator.email);
    const url = `/ehc/requests/${requestId}/steps/final-issued`;
    const form = await browser.get(url);
    assert.match(form.body, /When does the placement start, if the plan names a day\?/);
    const fields = {
      'on-day': '2',
      'on-month': '2',
      'on-year': '2026',
      settingName: 'Chapel Green School',
      provision: 'special',
      'placementStartOn-day': '1',
      'placementStartOn-month': '9',
      'placementStartOn-year': '2026',
      action: 'confirm',
    };
    const early = await browser.post(url, { ...fields, 'placementStartOn-year': '2025' });
    assert.equal(early.statusCode, 400);
    assert.deepEqual(errorSummaryOf(early.body), [
      {
        href: '#placementStartOn-day',
        text: 'The placement cannot start before the plan is issued (2026-02-02): leave the start out to start it that day',
      },
    ]);
    const done = await browser.post(url, fields);
    assert.equal(done.statusCode, 303, done.body);
    const p = await only(childId);
    assert.deepEqual([p.establishmentId, p.startOn], [chapelGreen, '2026-09-01']);
  });

  test('bad input: a placement starting before the plan, and confirmations with nothing to confirm, name the field', async () => {
    const childId = await addChild(t, '926', { forename: 'Jo', surname: 'Refused' });
    const requestId = await draftPlan(coordinator, childId);
    const early = await coordinator.post(`/api/v1/ehc/requests/${requestId}/events`, {
      event: {
        type: 'final-issued',
        on: '2026-02-02',
        placement: named(chapelGreen, 'Chapel Green School', 'special', '2026-01-30'),
      },
      corrects: null,
    });
    assert.equal(early.statusCode, 422, early.body);
    assert.match(early.body, /event\.placement\.startOn/);
    assert.match(early.body, /cannot start before the plan is issued \(2026-02-02\)/);
    assert.deepEqual(await placementsOf(childId), [], 'nothing written');
    const typo = await coordinator.post(`/api/v1/ehc/requests/${requestId}/events`, {
      event: {
        type: 'final-issued',
        on: '2026-02-02',
        placement: named(chapelGreen, 'Chapel Green School', 'special', '2062-09-01'),
      },
      corrects: null,
    });
    assert.equal(typo.statusCode, 422, typo.body);
    assert.match(typo.body, /within a year of the plan being issued/);

    await step(coordinator, requestId, {
      type: 'final-issued',
      on: '2026-02-02',
      placement: named(chapelGreen, 'Chapel Green School', 'special'),
    });
    const p = await only(childId);
    const confirm = (body: Record<string, unknown>) =>
      finance.post(`/api/v1/placements/${p.id}/confirmation`, { version: p.version, ...body });
    const nothing = await confirm({});
    assert.equal(nothing.statusCode, 400, nothing.body);
    assert.match(nothing.body, /Say what you confirm/);
    const noCheck = await confirm({ planChangeChecked: true });
    assert.equal(noCheck.statusCode, 400);
    assert.match(noCheck.body, /not flagged for a change to its EHC plan/);
    const provider = await confirm({ providerName: 'Someone' });
    assert.equal(provider.statusCode, 400);
    assert.match(provider.body, /Give the type with the provider’s name/);
    const stale = await finance.post(`/api/v1/placements/${p.id}/confirmation`, {
      version: p.version + 5,
      costsComplete: true,
    });
    assert.equal(stale.statusCode, 409, stale.body);
    const coordinatorMay = await coordinator.post(`/api/v1/placements/${p.id}/confirmation`, {
      version: p.version,
      costsComplete: true,
    });
    assert.equal(coordinatorMay.statusCode, 403, 'a coordinator reads placements but does not confirm them');
  });

  test('the finance officer sees the placements from plans to confirm: a count, a filter and the placement’s page', async () => {
    const officer = await browserAs(t, `finance.926@example.org`);
    const list = await officer.get('/placements');
    assert.equal(list.statusCode, 200);
    const count = Number(/(\d+) placements from EHC plans have something to confirm/.exec(list.body)?.[1]);
    const api = await finance.get('/api/v1/placements?toConfirm=true&limit=100');
    const items = api.json() as { items: { id: string; toConfirm: boolean }[]; total: number };
    assert.ok(count > 0 && count === items.total, `${count} in the banner, ${items.total} to confirm`);
    assert.ok(items.items.every((i) => i.toConfirm));
    const filtered = await officer.get('/placements?plan=to-confirm');
    assert.equal(filtered.statusCode, 200);
    assert.match(filtered.body, new RegExp(`${items.total} placements`));
    assert.match(filtered.body, /To confirm/);
    const bad = await officer.get('/placements?plan=everything');
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(errorSummaryOf(bad.body), [
      { href: '#plan', text: 'plan must be to-confirm, or left out' },
    ]);

    const childId = await addChild(t, '926', { forename: 'Kit', surname: 'Paged' });
    const requestId = await draftPlan(coordinator, childId);
    await step(coordinator, requestId, {
      type: 'final-issued',
      on: '2026-02-02',
      placement: named(null, 'Horizon Home Tuition', 'other'),
    });
    const p = await only(childId);
    const page = await officer.get(`/placements/${p.id}`);
    assert.match(page.body, /Made from an EHC plan: to confirm/);
    assert.match(page.body, /Confirm the type/);
    assert.match(page.body, /It costs nothing more/);
    const noType = await officer.post(`/placements/${p.id}/confirmation`, {
      version: String(p.version),
      confirm: 'type',
    });
    assert.equal(noType.statusCode, 400);
    assert.deepEqual(errorSummaryOf(noType.body), [{ href: '#type', text: 'Select the type of placement' }]);
    const typed = await officer.post(`/placements/${p.id}/confirmation`, {
      version: String(p.version),
      confirm: 'type',
      type: 'eotas',
      providerName: '',
    });
    assert.equal(typed.statusCode, 303, typed.body);
    const done = await officer.post(`/placements/${p.id}/confirmation`, {
      version: String(p.version + 1),
      confirm: 'costs',
    });
    assert.equal(done.statusCode, 303, done.body);
    const shown = await officer.get(String(done.headers.location));
    assert.match(shown.body, /The placement’s costs are confirmed/);
    assert.doesNotMatch(shown.body, /Made from an EHC plan: to confirm/);
  });
});

describe('the high needs forecast keeps a plan from its draft to the day its costs are entered', () => {
  let t: TestApp;
  let coordinator: Api;
  let finance: Api;

  before(async () => {
    t = await startTestApp();
    coordinator = apiAs(t, await tokenFor(t, '926', t.la.users.coordinator.id));
    const officer = await addUser(t, '926', 'finance', ['finance_officer']);
    finance = apiAs(t, await tokenFor(t, '926', officer.id));
    await addSpecialSchool(t, 'Chapel Green School', 145678);
    const costs = await finance.put('/api/v1/finance/expected-costs', {
      items: [{ placementType: 'maintained_special', annualPence: 2_500_000 }],
    });
    assert.equal(costs.statusCode, 200, costs.body);
  });
  after(() => t.close());

  interface Line {
    code: string;
    committedPence: number;
    expectedStartersPence: number;
    forecastPence: number;
  }
  const specialSchools = async () => {
    const r = await finance.get('/api/v1/finance/position?fy=2026-27');
    assert.equal(r.statusCode, 200, r.body);
    const p = r.json() as { lines: Line[]; placementsToConfirm: number };
    const line = p.lines.find((l) => l.code === 'special_schools');
    return [
      line?.committedPence ?? 0,
      line?.expectedStartersPence ?? 0,
      line?.forecastPence ?? 0,
      p.placementsToConfirm,
    ];
  };

  test('being finalised, issued with costs to confirm, then costed: the forecast follows without a gap', async () => {
    const childId = await addChild(t, '926', { forename: 'Lou', surname: 'Forecast' });
    const opened = await coordinator.post('/api/v1/ehc/requests', {
      childId,
      receivedOn: '2025-11-03',
      source: 'parent',
      requestedBy: 'Pat Parent',
      consent: true,
    });
    const id = (opened.json() as { id: string }).id;
    await step(coordinator, id, { type: 'assessment-decided', on: '2025-12-08', outcome: 'assess' });
    await step(coordinator, id, { type: 'issue-decided', on: '2026-01-20', outcome: 'issue' });
    await step(coordinator, id, { type: 'draft-served', on: '2026-01-26' });
    await step(coordinator, id, {
      type: 'setting-consulted',
      on: '2026-01-27',
      settingName: 'Chapel Green School',
    });
    // Being finalised: due 20 weeks from 3 November 2025, on 23 March 2026, before 2026-27 starts,
    // so an expected starter for the whole year at £25,000.
    assert.deepEqual(await specialSchools(), [0, 2_500_000, 2_500_000, 0]);

    const issued = await step(coordinator, id, {
      type: 'final-issued',
      on: '2026-03-02',
      placement: { establishmentId: null, settingName: 'Chapel Green School', provision: 'special' },
    });
    // Issued today: its £10,000 place funding is committed for the whole of 2026-27, and the rest
    // of the £25,000 expected cost, 2,500,000 − 1,000,000 = 1,500,000, is still expected.
    assert.deepEqual(await specialSchools(), [1_000_000, 1_500_000, 2_500_000, 1]);
    // The spend by type counts it as the position does: £10,000 committed and £15,000 expected,
    // a forecast of £25,000 with Chapel Green School.
    const byType = await finance.get('/api/v1/finance/totals?fy=2026-27&by=type');
    assert.equal(byType.statusCode, 200, byType.body);
    const special = (
      byType.json() as {
        items: {
          key: string;
          committedPence: number;
          expectedStartersPence: number;
          forecastPence: number;
        }[];
      }
    ).items.find((g) => g.key === 'maintained_special');
    assert.deepEqual(
      [special?.committedPence, special?.expectedStartersPence, special?.forecastPence],
      [1_000_000, 1_500_000, 2_500_000],
    );

    const list = await finance.get(`/api/v1/placements?childId=${childId}`);
    const placementId = (list.json() as { items: { id: string }[] }).items[0]?.id;
    const p = (await finance.get(`/api/v1/placements/${placementId}`)).json() as Placement;
    assert.equal(p.planId, issued.plan?.id);
    const topped = await finance.post(`/api/v1/placements/${p.id}/cost-lines`, {
      version: p.version,
      costLines: [{ kind: 'top_up', amountPence: 1_213_200, per: 'year', effectiveFrom: '2026-03-02' }],
    });
    assert.equal(topped.statusCode, 200, topped.body);
    // Its costs entered: £10,000 + £12,132 = 2,213,200 committed for 2026-27, nothing expected.
    assert.deepEqual(await specialSchools(), [2_213_200, 0, 2_213_200, 0]);
  });
});
