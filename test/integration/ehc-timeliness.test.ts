import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addChild, apiAs, tokenFor } from '../support/children.ts';

// The test clock stands at 2 March 2026.
let t: TestApp;
let api: ReturnType<typeof apiAs>;
before(async () => {
  t = await startTestApp();
  api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
});
after(() => t.close());

interface Plan {
  kind?: 'new' | 'reassessment';
  receivedOn: string;
  assessOn?: string;
  issueOn: string;
  draftOn: string;
  finalOn: string;
  expectedFinalOn?: string;
  exception?: { from: string; to: string };
}

/** One request walked through the API to its final plan, as a caseworker would record it. */
async function issuePlan(p: Plan, child?: string) {
  const childId = child ?? (await addChild(t, t.la.code));
  const opened = await api.post('/api/v1/ehc/requests', {
    childId,
    kind: p.kind ?? 'new',
    receivedOn: p.receivedOn,
    source: 'parent',
    requestedBy: 'Pat Parent',
    consent: true,
  });
  assert.equal(opened.statusCode, 201, opened.body);
  const id = opened.json().id as string;
  const step = async (event: Record<string, unknown>) => {
    const res = await api.post(`/api/v1/ehc/requests/${id}/events`, { event });
    assert.equal(res.statusCode, 201, `${event.type}: ${res.body}`);
  };
  const expected = p.expectedFinalOn ? { expectedFinalOn: p.expectedFinalOn } : {};
  if (p.kind !== 'reassessment')
    await step({ type: 'assessment-decided', on: p.assessOn ?? p.receivedOn, outcome: 'assess' });
  if (p.exception)
    await step({ type: 'exception-recorded', reason: 'c', ...p.exception, evidence: 'Family bereavement' });
  await step({ type: 'issue-decided', on: p.issueOn, outcome: 'issue', ...expected });
  await step({ type: 'draft-served', on: p.draftOn, ...expected });
  await step({ type: 'comments-received', on: p.draftOn });
  await step({
    type: 'final-issued',
    on: p.finalOn,
    placement: { settingName: 'Dereham Neatherd High School', provision: 'mainstream' },
  });
}

test('the DfE 20-week figures for a cohort worked by hand: a plan an exception applies to is left out whether or not it was late', async () => {
  // P1: received Mon 1 Sep 2025, issued Mon 12 Jan 2026: 30 + 31 + 30 + 31 + 11 = 133 days, within 20 weeks.
  await issuePlan({
    receivedOn: '2025-09-01',
    issueOn: '2025-12-01',
    draftOn: '2025-12-08',
    finalOn: '2026-01-12',
  });
  // P2: received 1 Sep 2025, issued Mon 19 Jan 2026: 140 days, still within 20 weeks, with an
  // exception (a bereavement in October) that applies though the plan was on time.
  await issuePlan({
    receivedOn: '2025-09-01',
    issueOn: '2025-12-01',
    draftOn: '2025-12-08',
    finalOn: '2026-01-19',
    exception: { from: '2025-10-06', to: '2025-10-24' },
  });
  // P3: received Mon 4 Aug 2025, issued Mon 5 Jan 2026: 31 + 30 + 31 + 30 + 31 + 1 = 154 days, late,
  // with an exception. The 20 weeks ended Mon 22 Dec, so the draft of 15 Dec needed an expected date.
  await issuePlan({
    receivedOn: '2025-08-04',
    issueOn: '2025-12-08',
    draftOn: '2025-12-15',
    finalOn: '2026-01-05',
    expectedFinalOn: '2026-01-05',
    exception: { from: '2025-09-01', to: '2025-09-30' },
  });
  // P4: the same dates a day later, 155 days, late, and no exception.
  await issuePlan({
    receivedOn: '2025-08-04',
    issueOn: '2025-12-08',
    draftOn: '2025-12-15',
    finalOn: '2026-01-06',
    expectedFinalOn: '2026-01-06',
  });
  // P5: received Mon 2 Dec 2024, issued Wed 7 Jan 2026: 365 + 31 + 5 = 401 days, over 52 weeks.
  await issuePlan({
    receivedOn: '2024-12-02',
    assessOn: '2025-01-10',
    issueOn: '2025-11-03',
    draftOn: '2025-12-01',
    finalOn: '2026-01-07',
    expectedFinalOn: '2026-01-07',
  });
  // A re-assessment issued in 2026 is not a new plan, so the DfE leaves it out; nor is the
  // child's first plan, issued in 2023.
  const childId = await addChild(t, t.la.code);
  await issuePlan(
    { receivedOn: '2023-01-09', issueOn: '2023-04-03', draftOn: '2023-04-10', finalOn: '2023-05-15' },
    childId,
  );
  await issuePlan(
    {
      kind: 'reassessment',
      receivedOn: '2025-11-03',
      issueOn: '2026-01-05',
      draftOn: '2026-01-06',
      finalOn: '2026-01-26',
    },
    childId,
  );

  const res = await api.get('/api/v1/ehc/stats?year=2026');
  assert.equal(res.statusCode, 200, res.body);
  const { definition, ...figures } = res.json();
  assert.deepEqual(figures, {
    year: 2026,
    // All five new plans: P1 and P2 within 20 weeks (2 of 5 = 40.0%), P3 and P4 over 20 and up
    // to 52 weeks, P5 over 52 weeks.
    includingExceptions: {
      issued: 5,
      within20Weeks: 2,
      over20To52Weeks: 2,
      over52Weeks: 1,
      percentWithin20Weeks: 40,
    },
    // P2 and P3 left out, on time or not: P1 within (1 of 3 = 33.3%), P4 and P5.
    excludingExceptions: {
      issued: 3,
      within20Weeks: 1,
      over20To52Weeks: 1,
      over52Weeks: 1,
      percentWithin20Weeks: 33.3,
    },
  });
  assert.match(definition, /whether or not the plan was on time/);
});
