import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addPerson, browser, callApi, tokenFor } from '../support/providers.ts';

/**
 * A small programme worked by hand. The test clock's day is Monday 2 March 2026, and nothing has
 * started:
 *   Process (priority 1) is planned for 2 to 11 March: 10 days, it can start today and finish on
 *   the 11th. Backlog (priority 2, 5 days, planned from 5 March) waits for Process, so it can
 *   start on the 12th at the earliest, finishing on the 16th: its plan starts too early.
 *   Training (priority 1, 3 days) waits for Process too: 12 to 14 March.
 * Start order: Process, then Training before Backlog (priority 1 before 2). The programme finishes
 * on 16 March; Training can slip 2 days (start by the 14th); Process and Backlog are the critical
 * path.
 */
describe('the transformation programme', () => {
  let t: TestApp;
  let manager: { id: string; email: string };
  let managerToken: string;
  let boardToken: string;
  let programmeId: string;
  let workstream: string;
  let otherWorkstream: string;
  const ids: Record<string, string> = {};

  const project = (body: Record<string, unknown>) => ({
    workstreamId: workstream,
    name: 'Nurture provision',
    leadName: 'Head of Inclusion',
    status: 'not_started',
    priority: 3,
    rag: 'green',
    ragReason: 'Not started',
    plannedStart: '2026-06-01',
    plannedEnd: '2026-12-31',
    ...body,
  });
  const send = (method: 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${managerToken}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });

  before(async () => {
    t = await startTestApp();
    manager = await addPerson(t, t.la.code, 'manager', ['programme_manager']);
    managerToken = await tokenFor(t, manager, t.la.code);
    boardToken = await tokenFor(
      t,
      await addPerson(t, t.la.code, 'board', ['programme_board_member']),
      t.la.code,
    );
    const db = t.database.db;
    const programme = async (name: string, startsOn: string) =>
      (
        await sql<{
          id: string;
        }>`INSERT INTO programmes (la_code, name, budget_pence, manager_name, starts_on)
          VALUES (${t.la.code}, ${name}, 12000000000, 'Pat Example', ${startsOn}) RETURNING id`.execute(db)
      ).rows[0]?.id ?? '';
    const stream = async (programme: string, name: string) =>
      (
        await sql<{ id: string }>`INSERT INTO workstreams (la_code, programme_id, name, lead_name)
          VALUES (${t.la.code}, ${programme}, ${name}, 'Head of Service') RETURNING id`.execute(db)
      ).rows[0]?.id ?? '';
    const other = await programme('Other programme', '2025-04-01');
    otherWorkstream = await stream(other, 'Elsewhere');
    programmeId = await programme('Test programme', '2026-01-05');
    workstream = await stream(programmeId, 'EHCP performance improvement');
    const add = async (name: string, priority: number, from: string, to: string) => {
      ids[name] =
        (
          await sql<{
            id: string;
          }>`INSERT INTO programme_projects (la_code, programme_id, workstream_id, name,
            lead_name, status, priority, rag, rag_reason, planned_start, planned_end)
            VALUES (${t.la.code}, ${programmeId}, ${workstream}, ${name}, 'Lead', 'not_started', ${priority},
              'green', 'On track', ${from}, ${to}) RETURNING id`.execute(db)
        ).rows[0]?.id ?? '';
    };
    await add('Process', 1, '2026-03-02', '2026-03-11');
    await add('Backlog', 2, '2026-03-05', '2026-03-09');
    await add('Training', 1, '2026-03-12', '2026-03-14');
    for (const [before, after] of [
      ['Process', 'Backlog'],
      ['Process', 'Training'],
    ])
      await sql`INSERT INTO programme_project_dependencies (la_code, programme_id, before_id, after_id)
        VALUES (${t.la.code}, ${programmeId}, ${ids[before as string]}, ${ids[after as string]})`.execute(db);
  });
  after(() => t.close());

  test('the API gives the start order, the earliest dates and the critical path, worked by hand', async () => {
    const res = await callApi(t, boardToken, 'GET', '/api/v1/programme');
    assert.equal(res.statusCode, 200, res.body);
    const p = res.json();
    assert.equal(p.name, 'Test programme', 'the newest programme');
    assert.deepEqual(p.startOrder, [ids.Process, ids.Training, ids.Backlog]);
    assert.deepEqual(p.criticalPath, [ids.Process, ids.Backlog]);
    assert.equal(p.finish, '2026-03-16');
    const of = (name: string) => p.projects.find((x: { name: string }) => x.name === name);
    assert.deepEqual(
      [
        of('Backlog').schedule.earliestStart,
        of('Backlog').schedule.earliestFinish,
        of('Backlog').schedule.plannedTooEarly,
      ],
      ['2026-03-12', '2026-03-16', true],
    );
    assert.deepEqual(
      [of('Training').schedule.floatDays, of('Training').schedule.latestStart],
      [2, '2026-03-14'],
    );
    const one = await callApi(t, boardToken, 'GET', `/api/v1/programme/projects/${ids.Process}`);
    assert.equal(one.statusCode, 200, one.body);
    assert.deepEqual(one.json().waitedOnBy.sort(), [ids.Backlog, ids.Training].sort());
    // The same on the timeline page, and in its download, before any project is added below.
    const page = await browser(t, manager.email);
    const timeline = await page.get(`/programme/${programmeId}/timeline`);
    assert.equal(timeline.statusCode, 200);
    assert.match(timeline.body, /The programme can finish on 16 March 2026 at the earliest/);
    assert.match(timeline.body, /Any delay to these moves that date: Process, Backlog/);
    const timelineCsv = await page.get(`/programme/${programmeId}/timeline?format=csv`);
    assert.match(
      timelineCsv.body,
      /\n2,Training,EHCP performance improvement,In plan – not started,1,2026-03-12,2026-03-14,2026-03-12,2026-03-14,2026-03-14,2,No/,
    );
  });

  test('a dependency that would make a cycle is refused, naming it; one that does not is kept', async () => {
    const cycle = await callApi(t, managerToken, 'POST', `/api/v1/programme/${programmeId}/dependencies`, {
      beforeId: ids.Backlog,
      afterId: ids.Process,
    });
    assert.equal(cycle.statusCode, 422, cycle.body);
    assert.equal(
      cycle.json().errors[0].message,
      'This would make the projects wait for each other in a circle: Process → Backlog → Process',
    );
    const self = await callApi(t, managerToken, 'POST', `/api/v1/programme/${programmeId}/dependencies`, {
      beforeId: ids.Training,
      afterId: ids.Training,
    });
    assert.equal(self.statusCode, 422);
    const kept = await callApi(t, managerToken, 'POST', `/api/v1/programme/${programmeId}/dependencies`, {
      beforeId: ids.Training,
      afterId: ids.Backlog,
    });
    assert.equal(kept.statusCode, 204, kept.body);
    // Backlog now waits for Training too (finishing 14 March): still from the 12th? No: the 15th.
    const p = (await callApi(t, managerToken, 'GET', '/api/v1/programme')).json();
    const backlog = p.projects.find((x: { name: string }) => x.name === 'Backlog');
    assert.equal(backlog.schedule.earliestStart, '2026-03-15');
    const removed = await send(
      'DELETE',
      `/api/v1/programme/${programmeId}/dependencies?beforeId=${ids.Training}&afterId=${ids.Backlog}`,
    );
    assert.equal(removed.statusCode, 204);
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events
      WHERE action IN ('programme.dependency.added', 'programme.dependency.removed')`.execute(t.database.db);
    assert.equal(audited.rows[0]?.n, 2);
  });

  test('a project is added and changed; an end before its start, another programme’s workstream and a stale version are refused', async () => {
    const url = `/api/v1/programme/${programmeId}/projects`;
    const backwards = await callApi(t, managerToken, 'POST', url, project({ plannedEnd: '2026-05-31' }));
    assert.equal(backwards.statusCode, 422);
    assert.deepEqual(backwards.json().errors, [
      { field: 'plannedEnd', message: 'The planned end must be the same as or after the planned start' },
    ]);
    const elsewhere = await callApi(t, managerToken, 'POST', url, project({ workstreamId: otherWorkstream }));
    assert.equal(elsewhere.statusCode, 422);
    assert.equal(
      elsewhere.json().errors[0].message,
      'That workstream is not in Test programme: choose one of its own',
    );
    const made = await callApi(t, managerToken, 'POST', url, project({}));
    assert.equal(made.statusCode, 201, made.body);
    const { id } = made.json();
    const change = project({
      status: 'in_progress',
      actualStart: '2026-03-01',
      rag: 'amber',
      ragReason: 'Late',
      version: 1,
    });
    assert.equal((await send('PUT', `${url}/${id}`, change)).statusCode, 200);
    const stale = await send('PUT', `${url}/${id}`, change);
    assert.equal(stale.statusCode, 409);
    assert.match(stale.json().detail, /after version 1: it is now version 2/);
    const board = await callApi(t, boardToken, 'POST', url, project({ name: 'Board’s own' }));
    assert.equal(board.statusCode, 403, 'the board reads the programme; its manager keeps it');
  });

  test('another LA sees none of it', async () => {
    const suffolk = await addPerson(t, t.otherLa.code, 'manager', ['programme_manager']);
    const token = await tokenFor(t, suffolk, t.otherLa.code);
    assert.equal((await callApi(t, token, 'GET', '/api/v1/programme')).statusCode, 404);
    assert.equal(
      (await callApi(t, token, 'GET', `/api/v1/programme/projects/${ids.Process}`)).statusCode,
      404,
    );
  });

  test('the pages say what needs doing, and a cycle added on a project’s page is refused beside the field', async () => {
    const page = await browser(t, manager.email);
    const start = await page.get('/programme');
    assert.equal(start.statusCode, 303);
    assert.equal(start.headers.location, `/programme/${programmeId}`);
    const overview = await page.get(`/programme/${programmeId}`);
    assert.equal(overview.statusCode, 200);
    assert.match(
      overview.body,
      /Backlog is planned to start before what it waits for can finish: it can start then at the earliest<\/a> \(12 March 2026\)/,
    );
    const csv = await page.get(`/programme/${programmeId}?format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /EHCP performance improvement,Backlog,Lead,In plan – not started,2,Green/);
    const projectUrl = `/programme/${programmeId}/projects/${ids.Process}`;
    const refused = await page.post(projectUrl, `${projectUrl}/dependencies`, {
      beforeId: ids.Training ?? '',
    });
    assert.equal(refused.statusCode, 422);
    assert.match(
      refused.body,
      /href="#beforeId">This would make the projects wait for each other in a circle: Process → Training → Process/,
    );
  });

  test('the project form adds a project, refusing an end before its start beside its boxes', async () => {
    const page = await browser(t, manager.email);
    const url = `/programme/${programmeId}/projects/new`;
    const fields = {
      workstreamId: workstream,
      name: 'Phase review improvements',
      leadName: 'Head of SEN Services',
      status: 'not_started',
      priority: '2',
      rag: 'green',
      ragReason: 'Not started',
      'plannedStart-day': '1',
      'plannedStart-month': '9',
      'plannedStart-year': '2026',
      'plannedEnd-day': '31',
      'plannedEnd-month': '8',
      'plannedEnd-year': '2026',
    };
    const refused = await page.post(url, url, fields);
    assert.equal(refused.statusCode, 422);
    assert.match(
      refused.body,
      /href="#plannedEnd-day">The planned end must be the same as or after the planned start/,
    );
    const blank = await page.post(url, url, {});
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /href="#plannedStart-day">Enter the planned start/);
    assert.match(blank.body, /href="#workstreamId">Choose the workstream the project is in/);
    const made = await page.post(url, url, { ...fields, 'plannedEnd-year': '2027' });
    assert.equal(made.statusCode, 303, made.body);
    const shown = await page.get(String(made.headers.location));
    assert.match(shown.body, /The project was added/);
    assert.match(shown.body, /1 September 2026 to 31 August 2027/);
  });

  test('the risks log: a risk of 3 × 5 goes to the board until escalated; a review date in the past is refused', async () => {
    const page = await browser(t, manager.email);
    const url = `/programme/${programmeId}/risks/new`;
    const fields = {
      kind: 'risk',
      projectId: ids.Process ?? '',
      title: 'Too few coordinators for the go-live',
      likelihood: '3',
      impact: '5',
      ownerName: 'Head of SEN Services',
      mitigation: 'Agency cover agreed',
      'reviewOn-day': '1',
      'reviewOn-month': '3',
      'reviewOn-year': '2026',
    };
    // The test clock's day is 2 March 2026: a new review on 1 March is in the past.
    const past = await page.post(url, url, fields);
    assert.equal(past.statusCode, 422);
    assert.match(past.body, /href="#reviewOn-day">The next review must be today or later/);
    const blank = await page.post(url, url, { kind: 'risk' });
    assert.equal(blank.statusCode, 400);
    assert.match(
      blank.body,
      /href="#likelihood">Choose the likelihood from 1 \(very low\) to 5 \(very high\)/,
    );
    const made = await page.post(url, url, { ...fields, 'reviewOn-month': '4' });
    assert.equal(made.statusCode, 303, made.body);
    const log = await page.get(`/programme/${programmeId}/risks`);
    // 3 × 5 = 15: high, and at the board's line.
    assert.match(
      log.body,
      /Take to the board \(scored 15 or more\): R1 Too few coordinators for the go-live/,
    );
    assert.match(log.body, /15 high/);
    const row = await sql<{
      id: string;
    }>`SELECT id FROM programme_risks WHERE title = 'Too few coordinators for the go-live'`.execute(
      t.database.db,
    );
    const edit = `/programme/${programmeId}/risks/${row.rows[0]?.id}/edit`;
    const escalated = await page.post(edit, edit, {
      ...fields,
      'reviewOn-month': '4',
      escalated: 'yes',
      status: 'open',
      version: '1',
    });
    assert.equal(escalated.statusCode, 303, escalated.body);
    const after = await page.get(`/programme/${programmeId}/risks`);
    assert.match(after.body, /Escalated 2 March 2026/);
    assert.doesNotMatch(after.body, /Take to the board/);
  });

  test('costs and benefits: bad ones refused naming the field; the NPV and payback worked by hand; a measured benefit read live', async () => {
    const costs = `/api/v1/programme/${programmeId}/costs`;
    const benefits = `/api/v1/programme/${programmeId}/benefits`;
    const noYear = await callApi(t, managerToken, 'POST', costs, {
      projectId: ids.Process,
      kind: 'capital',
      plannedPence: 100_000_000,
      actualPence: 90_000_000,
    });
    assert.equal(noYear.statusCode, 400);
    assert.deepEqual(noYear.json().errors, [
      { field: 'year', message: 'Give the financial year it falls in, like 2027 for 2027-28' },
    ]);
    const ahead = await callApi(t, managerToken, 'POST', costs, {
      projectId: ids.Process,
      kind: 'capital',
      year: 2027,
      plannedPence: 1,
      actualPence: 1,
    });
    assert.equal(ahead.statusCode, 422);
    const benefit = {
      name: 'Fewer children in independent special schools',
      measure: 'Children placed in independent and non-maintained special schools',
      unit: 'count',
      direction: 'decrease',
      cashable: true,
      baseline: 2,
      baselineYear: 2025,
      target: 0,
      targetYear: 2027,
      liveMeasure: 'independent_placements',
      ownerName: 'Head of Education Finance',
      projectIds: [ids.Process],
      years: [
        { year: 2026, plannedPence: 60_000_000 },
        { year: 2027, plannedPence: 60_000_000 },
      ],
    };
    const { measure: _, ...noMeasure } = benefit;
    const refused = await callApi(t, managerToken, 'POST', benefits, { ...noMeasure, baseline: undefined });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(
      refused
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
      ['baseline', 'measure'],
    );
    const typedLive = await callApi(t, managerToken, 'POST', benefits, {
      ...benefit,
      years: [{ year: 2025, actual: 1 }],
    });
    assert.equal(typedLive.statusCode, 422);
    assert.match(typedLive.json().errors[0].message, /read from the records, not typed in/);
    assert.equal((await callApi(t, managerToken, 'POST', benefits, benefit)).statusCode, 201);
    assert.equal(
      (
        await callApi(t, managerToken, 'POST', costs, {
          projectId: ids.Process,
          kind: 'capital',
          year: 2025,
          plannedPence: 100_000_000,
        })
      ).statusCode,
      200,
    );
    // One child placed in an independent special school today (2 March 2026, in 2025-26).
    const child = await sql<{
      id: string;
    }>`INSERT INTO children (la_code, forename, surname, name_search, date_of_birth, sex)
      VALUES (${t.la.code}, 'Ivy', 'Placed', 'ivy placed', '2014-01-01', 'U') RETURNING id`.execute(
      t.database.db,
    );
    await sql`INSERT INTO placements (la_code, child_id, provider_name, placement_type, start_on, basis)
      VALUES (${t.la.code}, ${child.rows[0]?.id}, 'Broadland Independent School', 'independent_special', '2025-09-01', 'interim')`.execute(
      t.database.db,
    );
    const res = await callApi(t, boardToken, 'GET', '/api/v1/programme/benefits');
    assert.equal(res.statusCode, 200, res.body);
    const b = res.json();
    // £1,000,000 spent in 2025-26, £600,000 saved in each of 2026-27 and 2027-28, at 3.5% from
    // 2025-26: −1,000,000 + 600,000 / 1.035 + 600,000 / 1.071225 = £139,816.565148, 13,981,657p.
    // Cumulative −£1,000,000, −£400,000, +£200,000: it pays back in 2027-28.
    assert.equal(b.planned.npvPence, 13_981_657);
    assert.equal(b.planned.paybackYear, 2027);
    const fewer = b.benefits[0];
    assert.deepEqual(
      fewer.years.map((y: { year: number; actual: number | null }) => [y.year, y.actual]),
      [
        [2025, 1],
        [2026, null],
        [2027, null],
      ],
    );
    // 1 against the straight line from 2 (2025) to 0 (2027), which plans 2 in 2025: on track.
    assert.equal(fewer.status, 'on-track');
    const page = await browser(t, manager.email);
    const html = await page.get(`/programme/${programmeId}/benefits`);
    assert.equal(html.statusCode, 200);
    assert.match(html.body, /£139,816.57 as planned/);
    assert.match(html.body, /In 2027-28, as planned/);
    const csv = await page.get(`/programme/${programmeId}/benefits?table=benefits&format=csv`);
    assert.match(
      csv.body,
      /Fewer children in independent special schools,.*,Yes,Yes,2,2025-26,0,2027-28,1,2025-26,On track/,
    );
  });

  test('the board report: the first says so; once issued, the next says what changed; it downloads as PDF and XLSX', async () => {
    const page = await browser(t, manager.email);
    const url = `/programme/${programmeId}/report`;
    const first = await page.get(url);
    assert.equal(first.statusCode, 200, first.body);
    assert.match(first.body, /This is the first report: there is nothing to compare it with/);
    assert.match(first.body, /EHCP performance improvement: 0 red/);
    const past = await page.get(`${url}?on=2026-03-01`);
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /A report is for today or a board meeting to come/);
    const issued = await page.post(url, url, { on: '2026-03-02' });
    assert.equal(issued.statusCode, 303, issued.body);
    await sql`UPDATE programme_projects SET rag = 'red', rag_reason = 'Go-live slipped' WHERE id = ${ids.Process}`.execute(
      t.database.db,
    );
    // The board meets a week on, 9 March 2026: the report compares with the one issued on the 2nd.
    const next = await page.get(`${url}?on=2026-03-09`);
    assert.equal(next.statusCode, 200);
    assert.match(next.body, /What changed since the report of 2 March 2026/);
    assert.match(next.body, /<li>Process: RAG Green → Red<\/li>/);
    const pdf = await page.get(`${url}?on=2026-03-09&format=pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const xlsx = await page.get(`${url}?on=2026-03-09&format=xlsx`);
    assert.equal(xlsx.statusCode, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer);
    assert.deepEqual(
      book.worksheets.map((w) => w.name),
      ['Status', 'Changes', 'Decisions', 'Risks', 'Costs', 'Benefits'],
    );
    assert.equal(book.getWorksheet('Changes')?.getCell('A2').value, 'Process: RAG Green → Red');
    // The report of 2 March as the board was given it: before Process went red.
    const asIssued = await page.get(`/programme/${programmeId}/reports/2026-03-02`);
    assert.equal(asIssued.statusCode, 200);
    assert.match(asIssued.body, /As issued to the board on 2 March 2026/);
    assert.match(asIssued.body, /Process: in plan – not started, green \(On track\)/);
    const issuedPdf = await page.get(`/programme/${programmeId}/reports/2026-03-02?format=pdf`);
    assert.equal(issuedPdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.equal((await page.get(`/programme/${programmeId}/reports/2026-03-03`)).statusCode, 404);
  });

  test('a question put to the board is in the report until its answer is recorded', async () => {
    const url = `/api/v1/programme/${programmeId}/decisions`;
    const late = await callApi(t, managerToken, 'POST', url, {
      question: 'Release the SRB capital',
      neededBy: '2026-03-01',
    });
    assert.equal(late.statusCode, 422);
    assert.equal(late.json().errors[0].message, 'The date an answer is needed by must be today or later');
    const asked = await callApi(t, managerToken, 'POST', url, {
      question: 'Release the SRB capital',
      projectId: ids.Process,
      neededBy: '2026-03-20',
    });
    assert.equal(asked.statusCode, 201, asked.body);
    const page = await browser(t, manager.email);
    const report = await page.get(`/programme/${programmeId}/report?on=2026-03-09`);
    assert.match(report.body, /Release the SRB capital \(Process\): needed by 20 March 2026/);
    const answered = await send('PUT', `${url}/${asked.json().id}`, {
      decision: 'Released',
      decidedOn: '2026-03-02',
    });
    assert.equal(answered.statusCode, 204, answered.body);
    const after = await page.get(`/programme/${programmeId}/report?on=2026-03-09`);
    assert.doesNotMatch(after.body, /Release the SRB capital/);
    const list = await page.get(`/programme/${programmeId}/decisions`);
    assert.match(list.body, /Release the SRB capital: Released \(2 March 2026\)/);
  });

  test('work items and milestones: added, moved on and achieved; milestones that would wait in a circle refused', async () => {
    const base = `/api/v1/programme/${programmeId}/projects/${ids.Process}`;
    const item = await callApi(t, managerToken, 'POST', `${base}/work-items`, {
      title: 'Map the 20-week process',
    });
    assert.equal(item.statusCode, 201, item.body);
    assert.equal(
      (await send('PUT', `${base}/work-items/${item.json().id}`, { status: 'complete' })).statusCode,
      204,
    );
    const m1 = await callApi(t, managerToken, 'POST', `${base}/milestones`, {
      name: 'Process mapped',
      dueOn: '2026-04-01',
    });
    const m2 = await callApi(t, managerToken, 'POST', `${base}/milestones`, {
      name: 'Go-live',
      dueOn: '2026-08-01',
    });
    assert.equal(m2.statusCode, 201, m2.body);
    const links = `/api/v1/programme/${programmeId}/milestone-dependencies`;
    assert.equal(
      (await callApi(t, managerToken, 'POST', links, { beforeId: m1.json().id, afterId: m2.json().id }))
        .statusCode,
      204,
    );
    const circle = await callApi(t, managerToken, 'POST', links, {
      beforeId: m2.json().id,
      afterId: m1.json().id,
    });
    assert.equal(circle.statusCode, 422);
    assert.equal(
      circle.json().errors[0].message,
      'This would make the milestones wait for each other in a circle: Process mapped → Go-live → Process mapped',
    );
    const ahead = await send('PUT', `${base}/milestones/${m1.json().id}`, { achievedOn: '2026-03-03' });
    assert.equal(ahead.statusCode, 422, 'achieved tomorrow');
    const one = (await callApi(t, boardToken, 'GET', `/api/v1/programme/projects/${ids.Process}`)).json();
    assert.equal(
      one.workItems.find((i: { title: string }) => i.title === 'Map the 20-week process').doneOn,
      '2026-03-02',
    );
    // On the page: a work item with no title is refused beside its box; a milestone marked achieved today.
    const page = await browser(t, manager.email);
    const projectUrl = `/programme/${programmeId}/projects/${ids.Process}`;
    const items = await page.get(`${projectUrl}?table=items&format=csv`);
    assert.match(items.body, /Map the 20-week process,Complete,,2026-03-02/);
    const blank = await page.post(projectUrl, `${projectUrl}/items`, { kind: 'item', title: '' });
    assert.equal(blank.statusCode, 422);
    assert.match(blank.body, /href="#item-title">Enter the work item/);
    const achieved = await page.post(projectUrl, `${projectUrl}/items`, { achieved: m1.json().id });
    assert.equal(achieved.statusCode, 303);
    assert.match(
      (await page.get(String(achieved.headers.location))).body,
      /The milestone was marked achieved today/,
    );
  });

  test('an LA with no programme sets one up by its form, then adds a workstream; an end before the start refused', async () => {
    const suffolk = await addPerson(t, t.otherLa.code, 'setup', ['programme_manager']);
    const page = await browser(t, suffolk.email);
    const none = await page.get('/programme');
    assert.equal(none.statusCode, 200);
    assert.match(none.body, /href="\/programme\/new">Set it up/);
    const blank = await page.post('/programme/new', '/programme/new', {});
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /href="#name">Enter the programme’s name/);
    assert.match(blank.body, /href="#budget">Enter an amount in pounds, like 1,350 or 1,350.50/);
    const made = await page.post('/programme/new', '/programme/new', {
      name: 'Suffolk SEND programme',
      budget: '45,000,000',
      managerName: 'Alex Example',
      startsOn: '2026-04-01',
    });
    assert.equal(made.statusCode, 303, made.body);
    const id = String(made.headers.location).split('/').pop();
    const token = await tokenFor(t, suffolk, t.otherLa.code);
    const ws = await callApi(t, token, 'POST', `/api/v1/programme/${id}/workstreams`, {
      name: 'Inclusion',
      leadName: 'Head of Inclusion',
    });
    assert.equal(ws.statusCode, 201, ws.body);
    const p = (await callApi(t, token, 'GET', '/api/v1/programme')).json();
    assert.deepEqual(
      [p.name, p.budgetPence, p.workstreams.length],
      ['Suffolk SEND programme', 4_500_000_000, 1],
    );
    const backwards = await callApi(t, token, 'POST', '/api/v1/programme', {
      name: 'Another',
      budgetPence: 1,
      managerName: 'Alex Example',
      startsOn: '2026-04-01',
      endsOn: '2026-03-31',
    });
    assert.equal(backwards.statusCode, 422);
    assert.equal(backwards.json().errors[0].field, 'endsOn');
  });

  test('the tracker’s forms: a cost with an actual and no year, and a benefit with no measure or baseline, refused beside their boxes', async () => {
    const page = await browser(t, manager.email);
    const costUrl = `/programme/${programmeId}/costs/new`;
    const noYear = await page.post(costUrl, costUrl, {
      projectId: ids.Process ?? '',
      kind: 'revenue',
      planned: '10,000',
      actual: '9,500',
    });
    assert.equal(noYear.statusCode, 400);
    assert.match(noYear.body, /href="#year">Give the financial year it falls in, like 2027 for 2027-28/);
    const saved = await page.post(costUrl, costUrl, {
      projectId: ids.Process ?? '',
      kind: 'revenue',
      year: '2025',
      planned: '10,000',
      actual: '9,500',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    const cost = await sql<{
      planned: string;
      actual: string;
    }>`SELECT planned_pence::text AS planned, actual_pence::text AS actual
      FROM programme_costs WHERE project_id = ${ids.Process} AND kind = 'revenue' AND year = 2025`.execute(
      t.database.db,
    );
    assert.deepEqual(cost.rows[0], { planned: '1000000', actual: '950000' });
    const benefitUrl = `/programme/${programmeId}/benefits/new`;
    const blank = await page.post(benefitUrl, benefitUrl, { name: 'Shorter journeys', unit: 'minutes' });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /href="#measure">Say how the benefit is measured/);
    assert.match(blank.body, /href="#baseline">Give the baseline as a number/);
    assert.match(blank.body, /href="#projectIds">Link the benefit to at least one project/);
  });

  test('a benefit’s figures by year: the owner records a year; a typed actual for a measured benefit is refused', async () => {
    const tracker = (await callApi(t, boardToken, 'GET', '/api/v1/programme/benefits')).json();
    const fewer = tracker.benefits.find(
      (b: { name: string }) => b.name === 'Fewer children in independent special schools',
    );
    const page = await browser(t, manager.email);
    const url = `/programme/${programmeId}/benefits/${fewer.id}`;
    const shown = await page.get(url);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /Read live: Children in independent and non-maintained special schools/);
    // The form offers no actual for a measured benefit; the API refuses one.
    assert.doesNotMatch(shown.body, /name="actual"/);
    const typed = await send('PUT', `/api/v1/programme/${programmeId}/benefits/${fewer.id}/years/2025`, {
      actual: 3,
    });
    assert.equal(typed.statusCode, 422);
    const saved = await page.post(url, url, { year: '2025', actualSaving: '12,500' });
    assert.equal(saved.statusCode, 303, saved.body);
    const after = await page.get(url);
    assert.match(after.body, /£12,500/);
    const csv = await page.get(`${url}?format=csv`);
    // 2025-26: planned 2 (the baseline year), 1 child measured live, £12,500 saved.
    assert.match(csv.body, /2025-26,2,1,,12500/);
    const ahead = await page.post(url, url, { year: '2030', actualSaving: '1' });
    assert.equal(ahead.statusCode, 422);
    assert.match(
      ahead.body,
      /href="#actualSaving">A year still to come has no saving made yet: give what is planned only/,
    );
  });

  test('the programme’s details and board are changed by form, a board line with no role refused; a workstream added and renamed', async () => {
    const page = await browser(t, manager.email);
    const url = `/programme/${programmeId}/edit`;
    const form = await page.get(url);
    assert.equal(form.statusCode, 200);
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '';
    const fields = {
      name: 'Test programme',
      budget: '120,000,000',
      managerName: 'Pat Example',
      rate: '3.5',
      startsOn: '2026-01-05',
      board: 'Sam Board, Chair\nRobin Member',
      version,
    };
    const refused = await page.post(url, url, fields);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /href="#board">Line 2 of the board needs a name and a role/);
    const saved = await page.post(url, url, {
      ...fields,
      board: 'Sam Board, Chair\nRobin Member, Parent carer forum',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    const p = (await callApi(t, boardToken, 'GET', '/api/v1/programme')).json();
    assert.deepEqual(p.board, [
      { name: 'Sam Board', role: 'Chair' },
      { name: 'Robin Member', role: 'Parent carer forum' },
    ]);
    const stale = await page.post(url, url, { ...fields, board: '', version });
    assert.equal(stale.statusCode, 409);
    const add = `/programme/${programmeId}/workstreams/new`;
    const made = await page.post(add, add, {
      name: 'SEND finance recovery plan',
      leadName: 'Head of Education Finance',
    });
    assert.equal(made.statusCode, 303, made.body);
    const duplicate = await page.post(add, add, { name: 'SEND finance recovery plan', leadName: 'Someone' });
    assert.equal(duplicate.statusCode, 422);
    assert.match(duplicate.body, /There is already a workstream called SEND finance recovery plan/);
  });

  test('the risks log through the API: read, most serious first, and a bad score refused', async () => {
    const bad = await callApi(t, managerToken, 'POST', `/api/v1/programme/${programmeId}/risks`, {
      kind: 'risk',
      title: 'Capital slips',
      likelihood: 6,
      impact: 3,
      ownerName: 'Head of Infrastructure',
      mitigation: 'Monthly review',
      reviewOn: '2026-04-01',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(
      JSON.stringify(bad.json().errors),
      /Choose the likelihood from 1 \(very low\) to 5 \(very high\)/,
    );
    const made = await callApi(t, managerToken, 'POST', `/api/v1/programme/${programmeId}/risks`, {
      kind: 'issue',
      title: 'Capital slipped',
      likelihood: 5,
      impact: 4,
      ownerName: 'Head of Infrastructure',
      mitigation: 'Re-phased',
      reviewOn: '2026-04-01',
    });
    assert.equal(made.statusCode, 201, made.body);
    const list = (await callApi(t, boardToken, 'GET', `/api/v1/programme/${programmeId}/risks`)).json().risks;
    // The issue (5 × 4 = 20) before the risk logged earlier (3 × 5 = 15).
    assert.deepEqual(
      list.slice(0, 2).map((r: { ref: string; score: number }) => [r.ref, r.score]),
      [
        ['I1', 20],
        ['R1', 15],
      ],
    );
  });
});
