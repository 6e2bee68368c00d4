import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addChild, addUser, apiAs, auditEvents, listingEvents, tokenFor } from '../support/children.ts';

interface Problem {
  status: number;
  errors?: { field: string; message: string }[];
}
interface DeadlineJson {
  step: string;
  subjectId: string | null;
  dueOn: string;
  doneOn: string | null;
  status: string;
  daysLate: number | null;
}
interface RequestJson {
  id: string;
  version: number;
  stage: string;
  deadlines: DeadlineJson[];
  nextDue: DeadlineJson | null;
  advice: { id: string; receivedOn: string | null }[];
  consultations: { id: string }[];
  events: { id: string; type: string; corrects: string | null; correctedBy: string | null }[];
  plan: {
    status: string;
    issuedOn: string | null;
    lastReviewedOn: string | null;
    placement: { settingName: string } | null;
  } | null;
  transfer: { previousLa: { code: string; name: string }; oldLaAwareOn: string; movedOn: string } | null;
}

// The test clock stands at 2 March 2026.
describe('EHC API: requests, steps, refusals, corrections and the figures', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiAs>;
  before(async () => {
    t = await startTestApp();
    api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
  });
  after(() => t.close());

  const open = async (childId: string, body: Record<string, unknown> = {}) => {
    const res = await api.post('/api/v1/ehc/requests', {
      childId,
      receivedOn: '2025-09-01',
      source: 'parent',
      requestedBy: 'Pat Parent',
      consent: true,
      ...body,
    });
    return res;
  };
  const step = async (id: string, event: Record<string, unknown>, corrects: string | null = null) =>
    api.post(`/api/v1/ehc/requests/${id}/events`, { event, corrects });
  const ok = async (res: Awaited<ReturnType<typeof step>>) => {
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as RequestJson;
  };
  const refusal = (res: Awaited<ReturnType<typeof step>>, status: number, field: string, message: RegExp) => {
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const e = (res.json() as Problem).errors?.find((x) => x.field === field);
    assert.ok(e, `names ${field}: ${res.body}`);
    assert.match(e.message, message);
  };
  const due = (r: RequestJson, s: string) => r.deadlines.find((d) => d.step === s);

  test('a request walks the whole process to an active plan, every step dated and checked', async () => {
    const childId = await addChild(t, t.la.code);
    const opened = await open(childId);
    assert.equal(opened.statusCode, 201, opened.body);
    let r = opened.json() as RequestJson;
    assert.equal(opened.headers.location, `/api/v1/ehc/requests/${r.id}`);
    assert.equal(r.stage, 'deciding-whether-to-assess');
    // 1 September 2025 + 6 weeks = 13 October; + 20 weeks (140 days) = 19 January 2026.
    assert.deepEqual(
      [due(r, 'decide-whether-to-assess')?.dueOn, due(r, 'decide-whether-to-assess')?.status],
      ['2025-10-13', 'missed'],
    );
    assert.equal(due(r, 'final-plan')?.dueOn, '2026-01-19');
    assert.equal(r.nextDue?.step, 'decide-whether-to-assess');

    r = await ok(await step(r.id, { type: 'assessment-decided', on: '2025-10-10', outcome: 'assess' }));
    assert.equal(due(r, 'decide-whether-to-assess')?.status, 'met');
    r = await ok(
      await step(r.id, {
        type: 'advice-requested',
        on: '2025-10-13',
        kind: 'psychological',
        adviser: 'EP service',
      }),
    );
    const adviceId = r.advice[0]?.id ?? '';
    assert.equal(r.deadlines.find((d) => d.step === 'advice')?.dueOn, '2025-11-24');
    r = await ok(await step(r.id, { type: 'advice-received', on: '2025-11-28', adviceId }));
    const advice = r.deadlines.find((d) => d.step === 'advice');
    assert.deepEqual([advice?.status, advice?.daysLate], ['missed', 4]);
    r = await ok(await step(r.id, { type: 'issue-decided', on: '2025-12-01', outcome: 'issue' }));
    r = await ok(await step(r.id, { type: 'draft-served', on: '2025-12-02' }));
    assert.equal(r.plan?.status, 'draft');
    r = await ok(
      await step(r.id, { type: 'setting-consulted', on: '2025-12-03', settingName: 'Sheringham Woodfields' }),
    );
    r = await ok(
      await step(r.id, {
        type: 'consultation-answered',
        on: '2025-12-10',
        consultationId: r.consultations[0]?.id,
        outcome: 'can-meet-needs',
      }),
    );
    r = await ok(
      await step(r.id, {
        type: 'final-issued',
        on: '2026-01-15',
        placement: { settingName: 'Sheringham Woodfields', provision: 'special' },
      }),
    );
    assert.equal(r.stage, 'issued');
    assert.deepEqual([due(r, 'final-plan')?.status, due(r, 'final-plan')?.doneOn], ['met', '2026-01-15']);
    assert.deepEqual([r.plan?.status, r.plan?.placement?.settingName], ['active', 'Sheringham Woodfields']);
    // The appeal window on the final plan: 2 months from 15 January 2026 is Sunday 15 March, so
    // it runs to the next working day, Monday 16 March (HESC r12(2)).
    assert.equal(r.deadlines.find((d) => d.step === 'appeal-window')?.dueOn, '2026-03-16');
    assert.equal(r.nextDue, null);

    // A child has one plan: a new request for this child is refused, and so is a second active plan in the database.
    refusal(await open(childId, { receivedOn: '2026-02-01' }), 422, 'kind', /already has an EHC plan/);
    await assert.rejects(
      sql`INSERT INTO ehc_plans (la_code, child_id, status, drafted_on, issued_on, setting_name, provision)
        VALUES (${t.la.code}, ${childId}, 'active', '2026-02-01', '2026-02-20', 'Another school', 'mainstream')`.execute(
        t.database.db,
      ),
      /ehc_plans_one_active_idx/,
    );
    // A re-assessment of it is allowed, and issuing its plan replaces the old one.
    const re = await open(childId, { kind: 'reassessment', receivedOn: '2026-02-02' });
    assert.equal(re.statusCode, 201, re.body);
    assert.equal(due(re.json(), 'final-plan')?.dueOn, '2026-05-11');
  });

  test('steps out of order, in the future, before the step they follow or missing what the law needs are refused', async () => {
    const childId = await addChild(t, t.la.code);
    const r = (await open(childId)).json() as RequestJson;
    refusal(
      await step(r.id, { type: 'issue-decided', on: '2025-10-01', outcome: 'issue' }),
      422,
      'event.type',
      /follows a decision to assess/,
    );
    refusal(
      await step(r.id, { type: 'draft-served', on: '2025-10-01' }),
      422,
      'event.type',
      /only after a decision to issue/,
    );
    refusal(
      await step(r.id, { type: 'assessment-decided', on: '2026-03-03', outcome: 'assess' }),
      422,
      'event.on',
      /cannot be in the future/,
    );
    refusal(
      await step(r.id, { type: 'assessment-decided', on: '2025-08-31', outcome: 'assess' }),
      422,
      'event.on',
      /on or after the request was received \(2025-09-01\)/,
    );
    refusal(
      await step(r.id, { type: 'assessment-decided', on: '2025-10-01', outcome: 'refuse' }),
      422,
      'event.reasons',
      /reasons for refusing/,
    );
    refusal(
      await step(r.id, { type: 'exception-recorded', reason: 'c', from: '2025-09-10', to: '2025-10-10' }),
      422,
      'event.evidence',
      /needs its evidence/,
    );
    await ok(await step(r.id, { type: 'assessment-decided', on: '2025-10-01', outcome: 'assess' }));
    await ok(await step(r.id, { type: 'issue-decided', on: '2025-12-01', outcome: 'issue' }));
    const drafted = await ok(await step(r.id, { type: 'draft-served', on: '2025-12-02' }));
    refusal(
      await step(r.id, { type: 'final-issued', on: '2026-01-10' }),
      422,
      'event.placement',
      /must name the placement/,
    );
    refusal(
      await step(r.id, {
        type: 'final-issued',
        on: '2025-12-10',
        placement: { settingName: 'Somewhere', provision: 'mainstream' },
      }),
      422,
      'event.on',
      /until 2025-12-16 to comment/,
    );
    // Nothing refused was written.
    assert.equal(drafted.events.length, 4);
    const again = (await api.get(`/api/v1/ehc/requests/${r.id}`)).json() as RequestJson;
    assert.equal(again.events.length, 4);
  });

  test('bad input names the field; unknown requests and other LAs are not found', async () => {
    const childId = await addChild(t, t.la.code);
    for (const [body, field] of [
      [{ childId: 'nope' }, 'childId'],
      [{ childId, receivedOn: '2025-02-30' }, 'receivedOn'],
      [{ childId, source: 'neighbour' }, 'source'],
      [{ childId, consent: 'perhaps' }, 'consent'],
    ] as const) {
      const res = await open(childId, body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.ok(
        (res.json() as Problem).errors?.some((e) => e.field === field),
        res.body,
      );
    }
    refusal(await open('00000000-0000-4000-8000-000000000000'), 400, 'childId', /no child with this ID/);
    refusal(await open(childId, { receivedOn: '2026-03-03' }), 422, 'receivedOn', /future/);
    const r = (await open(childId)).json() as RequestJson;
    refusal(await open(childId), 409, 'childId', /already has a request in progress/);
    const bad = await api.post(`/api/v1/ehc/requests/${r.id}/events`, {
      event: { type: 'lunch', on: '2025-10-01' },
    });
    assert.equal(bad.statusCode, 400);
    const stale = await api.post(`/api/v1/ehc/requests/${r.id}/events`, {
      version: r.version + 5,
      event: { type: 'assessment-decided', on: '2025-10-01', outcome: 'assess' },
    });
    refusal(stale, 409, 'version', /changed since you read it/);

    const other = apiAs(t, await tokenFor(t, t.otherLa.code, t.otherLa.users.coordinator.id));
    assert.equal((await other.get(`/api/v1/ehc/requests/${r.id}`)).statusCode, 404);
    assert.equal((await api.get('/api/v1/ehc/requests/not-a-uuid')).statusCode, 400);
    const parent = apiAs(t, await tokenFor(t, t.la.code, t.la.users.parent.id));
    assert.equal((await parent.get(`/api/v1/ehc/requests/${r.id}`)).statusCode, 403);
  });

  test('a correction is a new event: the history is kept and the deadlines follow the corrected date', async () => {
    const childId = await addChild(t, t.la.code);
    let r = (await open(childId)).json() as RequestJson;
    r = await ok(await step(r.id, { type: 'assessment-decided', on: '2025-10-20', outcome: 'assess' }));
    assert.equal(due(r, 'decide-whether-to-assess')?.status, 'missed');
    const wrong = r.events.find((e) => e.type === 'assessment-decided')?.id ?? '';
    r = await ok(
      await step(r.id, { type: 'assessment-decided', on: '2025-10-09', outcome: 'assess' }, wrong),
    );
    assert.deepEqual(
      [due(r, 'decide-whether-to-assess')?.status, due(r, 'decide-whether-to-assess')?.doneOn],
      ['met', '2025-10-09'],
    );
    assert.equal(r.events.length, 3);
    assert.equal(r.events.find((e) => e.id === wrong)?.correctedBy, r.events[2]?.id);
    refusal(
      await step(r.id, { type: 'assessment-decided', on: '2025-10-08', outcome: 'assess' }, wrong),
      422,
      'corrects',
      /already been corrected/,
    );
    const reads = await auditEvents(t, t.la.code, 'ehc.event.corrected');
    assert.ok(reads.some((a) => a.entity_id === r.id && a.child_id === childId));
  });

  test('the caseload is the coordinator’s open requests, soonest due first, flagged overdue or due within 7 days', async () => {
    const coordinator = await addUser(t, t.la.code, 'caseworker', ['ehc_coordinator']);
    const mine = apiAs(t, await tokenFor(t, t.la.code, coordinator.id));
    // Received 1 Feb 2026: decision due 15 March (later). Received 15 Jan: due 26 Feb (overdue).
    // Received 25 Jan: due 8 March, within 7 days of 2 March.
    const ids: Record<string, string> = {};
    for (const receivedOn of ['2026-02-01', '2026-01-15', '2026-01-25']) {
      const res = await mine.post('/api/v1/ehc/requests', {
        childId: await addChild(t, t.la.code),
        receivedOn,
        source: 'school',
        requestedBy: 'SENCo',
        consent: true,
      });
      assert.equal(res.statusCode, 201, res.body);
      ids[receivedOn] = res.json().id;
    }
    const caseload = (await mine.get('/api/v1/ehc/caseload')).json() as {
      items: { id: string; urgency: string; nextDue: { on: string } }[];
    };
    assert.deepEqual(
      caseload.items.map((i) => [i.id, i.nextDue.on, i.urgency]),
      [
        [ids['2026-01-15'], '2026-02-26', 'overdue'],
        [ids['2026-01-25'], '2026-03-08', 'due-within-7-days'],
        [ids['2026-02-01'], '2026-03-15', 'later'],
      ],
    );
    const listed = (await listingEvents(t, t.la.code, 'ehc.request.listed')).filter(
      (a) => a.user_id === coordinator.id,
    );
    assert.equal(listed.length, 1, 'one event for the whole caseload');
    assert.equal(listed[0]?.child_ids?.length, 3, 'naming each of the three children listed');
  });

  test('a plan transferring in runs from the day the old LA became aware, and becomes this LA’s plan', async () => {
    const childId = await addChild(t, t.la.code);
    const transfer = { previousLaCode: '935', oldLaAwareOn: '2026-01-05', movedOn: '2026-01-12' };
    const transferIn = (over: Record<string, unknown>) =>
      open(childId, { kind: 'transfer-in', receivedOn: '2026-01-07', source: 'other', ...over });
    refusal(await transferIn({}), 422, 'transfer', /needs the LA the plan comes from/);
    refusal(
      await transferIn({ transfer: { ...transfer, previousLaCode: '999' } }),
      400,
      'transfer.previousLaCode',
      /an English LA code/,
    );
    refusal(
      await transferIn({ transfer: { ...transfer, previousLaCode: t.la.code } }),
      422,
      'transfer.previousLaCode',
      /cannot be your own LA/,
    );
    refusal(
      await transferIn({ transfer: { ...transfer, oldLaAwareOn: '2026-03-03' } }),
      422,
      'transfer.oldLaAwareOn',
      /cannot be in the future/,
    );
    refusal(await open(childId, { transfer }), 422, 'transfer', /Only a plan transferring in/);

    const r = await ok(await transferIn({ transfer }));
    assert.deepEqual(r.transfer, {
      previousLa: { code: '935', name: 'Suffolk' },
      oldLaAwareOn: '2026-01-05',
      movedOn: '2026-01-12',
    });
    // Aware Mon 5 Jan 2026, moved 12 Jan: 15 working days beginning with 5 Jan end Fri 23 Jan.
    assert.equal(due(r, 'plan-transferred')?.dueOn, '2026-01-23');
    refusal(
      await step(r.id, { type: 'plan-transferred', on: '2026-01-20', planIssuedOn: '2024-03-01' }),
      422,
      'event.placement',
      /Name the placement/,
    );
    const done = await ok(
      await step(r.id, {
        type: 'plan-transferred',
        on: '2026-01-20',
        planIssuedOn: '2024-03-01',
        lastReviewedOn: '2025-02-20',
        placement: { settingName: 'Sheringham Woodfields', provision: 'special' },
      }),
    );
    assert.equal(due(done, 'plan-transferred')?.status, 'met');
    // Transferred Tue 20 Jan: the family is told within 6 weeks, by Tue 3 Mar 2026.
    assert.equal(due(done, 'family-told-of-transfer')?.dueOn, '2026-03-03');
    assert.deepEqual(
      [done.plan?.status, done.plan?.issuedOn, done.plan?.lastReviewedOn, done.plan?.placement?.settingName],
      ['active', '2024-03-01', '2025-02-20', 'Sheringham Woodfields'],
    );
    const stored = await sql<{ previous_la_code: string }>`SELECT previous_la_code FROM ehc_requests
      WHERE id = ${r.id}`.execute(t.database.db);
    assert.equal(stored.rows[0]?.previous_la_code, '935');
  });

  test('a manager allocates work; a coordinator may not', async () => {
    const manager = await addUser(t, t.la.code, 'manager', ['send_team_manager']);
    const boss = apiAs(t, await tokenFor(t, t.la.code, manager.id));
    const r = (await open(await addChild(t, t.la.code))).json() as RequestJson;
    const res = await boss.put(`/api/v1/ehc/requests/${r.id}/coordinator`, { coordinatorId: manager.id });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().coordinator.id, manager.id);
    refusal(
      await boss.put(`/api/v1/ehc/requests/${r.id}/coordinator`, { coordinatorId: t.la.users.parent.id }),
      400,
      'coordinatorId',
      /must be an active EHC coordinator/,
    );
    const denied = await api.put(`/api/v1/ehc/requests/${r.id}/coordinator`, { coordinatorId: null });
    assert.equal(denied.statusCode, 403);
    const dash = await boss.get('/api/v1/ehc/dashboard?year=2026');
    assert.equal(dash.statusCode, 200, dash.body);
    const d = dash.json();
    assert.ok(
      d.allocation.some((a: { coordinator: { id: string } | null }) => a.coordinator?.id === manager.id),
    );
    assert.equal(
      d.open.total,
      d.allocation.reduce((s: number, a: { open: number }) => s + a.open, 0),
    );
    assert.equal((await boss.get('/api/v1/ehc/dashboard?year=1999')).statusCode, 400);
  });
});
