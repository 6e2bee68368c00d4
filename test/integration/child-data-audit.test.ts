import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { csrfFrom, signInCookies, startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addParentCarer,
  addUser,
  apiAs,
  newChildJson,
  tokenFor,
  upnFor,
} from '../support/children.ts';
import { letterSettings, openEhcRequest } from '../support/ehc.ts';
import { multipartBody, waitForJob } from '../support/providers.ts';

/**
 * Every answer that carries a child's data is in the audit log (DESIGN §4): a read, a change, an
 * export, and a refusal that tells something of the record (its version, what changed since, its
 * plan). Each route of the children and EHC modules is called here, and the events the request
 * recorded (matched by its request id) must name the child. A route added without a case here
 * fails the first test.
 */

const modulePaths = /^\/(api\/v1\/)?(children|ehc|placements|finance)(\/|$)/;

interface Case {
  /** The route as registered: method and pattern. */
  route: string;
  /** What the case shows, as the test's name for it. */
  what: string;
  url: string;
  body?: Record<string, unknown>;
  /** The child the answer speaks of, when it carries a child's data. */
  about?: () => string;
  /** Whether the answer is a page (session cookie, CSRF token) or the API (bearer token). */
  via: 'page' | 'api';
}

const parentForm = {
  forename: 'Petra',
  surname: 'Parentson',
  relationship: 'mother',
  parentalResponsibility: 'yes',
  livesWith: 'yes',
  mainContact: 'yes',
  email: 'petra@example.org',
  preferredContact: 'email',
  preferredLanguage: 'English',
  needsInterpreter: 'no',
};

// The test clock stands at 2 March 2026.
describe('every answer carrying a child’s data is audited', () => {
  let t: TestApp;
  let token: string;
  let cookie: string;
  let csrf: string;
  let managerId: string;
  const ids = {
    audrey: '',
    ursula: '',
    person: '',
    request: '',
    placement: '',
    line: '',
    gone: '',
    scheme: '',
    import: '',
    letter: '',
    rhoda: '',
    plan: '',
    review: '',
    reviewLetter: '',
  };
  const audreyUpn = upnFor('926', 801);
  const ursulaUpn = upnFor('926', 802);

  before(async () => {
    t = await startTestApp();
    const manager = await addUser(t, t.la.code, 'manager', ['send_team_manager', 'ehc_coordinator']);
    managerId = manager.id;
    token = await tokenFor(t, t.la.code, manager.id);
    cookie = await signInCookies(t.app, manager.email);
    csrf = csrfFrom((await t.app.inject({ url: '/account/password', headers: { cookie } })).body);
    ids.audrey = await addChild(t, t.la.code, { forename: 'Audrey', surname: 'Auditson', upn: audreyUpn });
    ids.ursula = await addChild(t, t.la.code, { forename: 'Ursula', surname: 'Upnholder', upn: ursulaUpn });
    ids.person = await addParentCarer(t, t.la.code, ids.audrey, { forename: 'Pat', surname: 'Parentson' });
    const api = apiAs(t, token);
    assert.equal(
      (await api.put('/api/v1/ehc/letter-settings', { ...letterSettings, version: 0 })).statusCode,
      200,
    );
    ids.request = await openEhcRequest(api, ids.audrey, '2025-09-01', [
      { type: 'assessment-decided', on: '2025-10-01', outcome: 'assess' },
      { type: 'issue-decided', on: '2025-12-01', outcome: 'issue' },
      { type: 'draft-served', on: '2025-12-02' },
    ]);
    const letter = await api.post(`/api/v1/ehc/requests/${ids.request}/letters`, {
      kind: 'decision-to-assess',
      method: 'post',
      sentOn: '2025-10-02',
    });
    assert.equal(letter.statusCode, 201, letter.body);
    ids.letter = (letter.json() as { id: string }).id;
    // Versions to go stale: the child's record and section A of the draft plan move on to 2.
    const changed = await api.patch(`/api/v1/children/${ids.audrey}`, {
      version: 1,
      homePostcode: 'NR2 1AA',
    });
    assert.equal(changed.statusCode, 200);
    const section = `/api/v1/ehc/requests/${ids.request}/plan/sections/A`;
    for (const [version, content] of [
      [0, 'Audrey likes drawing.'],
      [1, 'Audrey likes drawing and music.'],
    ] as const)
      assert.equal((await api.put(section, { version, content })).statusCode, 200);
    // A placement of Audrey's at version 1 (its cases send a stale version 9), with one cost line;
    // and one of Ursula's to remove.
    const placement = await api.post('/api/v1/placements', {
      childId: ids.audrey,
      providerName: 'Audit Academy',
      type: 'mainstream',
      basis: 'interim',
      startOn: '2025-09-01',
      costLines: [{ kind: 'top_up', amountPence: 224_000, per: 'year', effectiveFrom: '2025-09-01' }],
    });
    assert.equal(placement.statusCode, 201, placement.body);
    const made = placement.json() as { id: string; costLines: { id: string }[] };
    ids.placement = made.id;
    ids.line = made.costLines[0]?.id ?? '';
    const other = await api.post('/api/v1/placements', {
      childId: ids.ursula,
      providerName: 'Upn School',
      type: 'mainstream',
      basis: 'interim',
      startOn: '2025-09-01',
    });
    ids.gone = (other.json() as { id: string }).id;
    const scheme = await sql<{ id: string }>`INSERT INTO top_up_schemes (la_code, name, effective_from)
      VALUES (${t.la.code}, 'Proposed bands', '2026-09-01') RETURNING id`.execute(t.database.db);
    ids.scheme = scheme.rows[0]?.id ?? '';
    // A placements import refused for a row naming Audrey with a misspelt surname: its report
    // quotes her record.
    const upload = multipartBody(
      { _csrf: csrf },
      {
        file: {
          filename: 'placements.csv',
          data: Buffer.from(
            `UPN,Surname,Forename,Date of birth,Setting name,Placement type,Start date,EHC plan or interim\r\n${audreyUpn},Auditsen,Audrey,27/03/2015,Audit Academy,Mainstream,01/09/2026,Interim\r\n`,
          ),
        },
      },
    );
    const queued = await t.app.inject({
      method: 'POST',
      url: '/placements/import',
      headers: { cookie, accept: 'text/html', 'content-type': upload.contentType },
      payload: upload.payload,
    });
    assert.equal(queued.statusCode, 303, queued.body.slice(0, 300));
    ids.import = String(queued.headers.location).split('/').pop() ?? '';
    assert.equal((await waitForJob(t, t.la.code, ids.import)).status, 'failed');

    // Rhoda's plan, made 20 May 2025, reviewed and kept as it is on 2 February 2026, the decision
    // sent. She is in Year 3, with no phase transfer coming.
    ids.rhoda = await addChild(t, t.la.code, {
      forename: 'Rhoda',
      surname: 'Reviewson',
      upn: upnFor('926', 803),
      dateOfBirth: '2017-03-27',
    });
    const issued = await openEhcRequest(api, ids.rhoda, '2025-01-06', [
      { type: 'assessment-decided', on: '2025-02-10', outcome: 'assess' },
      { type: 'issue-decided', on: '2025-02-10', outcome: 'issue' },
      { type: 'draft-served', on: '2025-04-10' },
      {
        type: 'final-issued',
        on: '2025-05-20',
        placement: { settingName: 'Audit Academy', provision: 'mainstream' },
      },
    ]);
    ids.plan = ((await api.get(`/api/v1/ehc/requests/${issued}`)).json() as { plan: { id: string } }).plan.id;
    const review = await api.post(`/api/v1/ehc/plans/${ids.plan}/reviews`, {});
    assert.equal(review.statusCode, 201, review.body);
    ids.review = (review.json() as { id: string }).id;
    for (const step of [
      { type: 'invited', on: '2026-01-05', meetingOn: '2026-01-19', invitees: ['Parent'] },
      { type: 'meeting-held', on: '2026-01-19' },
      { type: 'decided', on: '2026-02-02', outcome: 'maintain', reasons: '' },
    ]) {
      const r = await api.post(`/api/v1/ehc/reviews/${ids.review}/steps`, { step });
      assert.equal(r.statusCode, 201, r.body);
    }
    const sent = await api.post(`/api/v1/ehc/reviews/${ids.review}/letters`, {
      kind: 'review-decision',
      method: 'post',
      sentOn: '2026-02-02',
    });
    assert.equal(sent.statusCode, 201, sent.body);
    ids.reviewLetter = (sent.json() as { id: string }).id;
    // Ursula's plan was made before the LA used OpenSEND: issued 1 February 2025, its review was
    // due by 31 January 2026 and is overdue, so the review lists show her.
    await sql`INSERT INTO ehc_plans (la_code, child_id, status, drafted_on, issued_on, setting_name, provision, next_review_due)
      VALUES (${t.la.code}, ${ids.ursula}, 'active', '2025-02-01', '2025-02-01', 'Upn School', 'mainstream', '2026-01-31')`.execute(
      t.database.db,
    );
  });
  after(() => t.close());

  const audrey = () => ids.audrey;
  const ursula = () => ids.ursula;
  const rhoda = () => ids.rhoda;

  const cases: Case[] = [
    // The high needs position and budget are sums: no child's data.
    {
      route: 'GET /api/v1/finance/position',
      what: 'the position',
      url: '/api/v1/finance/position',
      via: 'api',
    },
    // Totals are sums, except by child, which names each child on the page or in the file.
    {
      route: 'GET /api/v1/finance/totals',
      what: 'the spend by Ofsted grade',
      url: '/api/v1/finance/totals?fy=2025-26&by=ofsted',
      via: 'api',
    },
    {
      route: 'GET /api/v1/finance/totals',
      what: 'the spend child by child',
      url: '/api/v1/finance/totals?fy=2025-26&by=child',
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/finance/budgets/:fy',
      what: 'no budget yet',
      url: '/api/v1/finance/budgets/2025-26',
      via: 'api',
    },
    {
      route: 'PUT /api/v1/finance/budgets/:fy',
      what: 'not the manager’s to set',
      url: '/api/v1/finance/budgets/2025-26',
      body: { version: 0, allocationPence: 1, lines: [] },
      via: 'api',
    },
    {
      route: 'GET /api/v1/finance/expected-costs',
      what: 'expected costs',
      url: '/api/v1/finance/expected-costs',
      via: 'api',
    },
    {
      route: 'PUT /api/v1/finance/expected-costs',
      what: 'not the manager’s to set',
      url: '/api/v1/finance/expected-costs',
      body: { items: [] },
      via: 'api',
    },
    // Top-up schemes: a scenario lists the children on each band (none here are banded).
    {
      route: 'GET /api/v1/finance/top-up-schemes',
      what: 'the schemes',
      url: '/api/v1/finance/top-up-schemes',
      via: 'api',
    },
    {
      route: 'POST /api/v1/finance/top-up-schemes',
      what: 'not the manager’s to propose',
      url: '/api/v1/finance/top-up-schemes',
      body: {},
      via: 'api',
    },
    {
      route: 'GET /api/v1/finance/top-up-schemes/:id',
      what: 'a scheme',
      url: '/api/v1/finance/top-up-schemes/{scheme}',
      via: 'api',
    },
    {
      route: 'GET /api/v1/finance/top-up-schemes/:id/scenario',
      what: 'its scenario',
      url: '/api/v1/finance/top-up-schemes/{scheme}/scenario',
      via: 'api',
    },
    {
      route: 'POST /api/v1/finance/top-up-schemes/:id/adopt',
      what: 'not the manager’s to adopt',
      url: '/api/v1/finance/top-up-schemes/{scheme}/adopt',
      body: { version: 1 },
      via: 'api',
    },
    {
      route: 'POST /api/v1/finance/top-up-schemes/:id/withdraw',
      what: 'not the manager’s to withdraw',
      url: '/api/v1/finance/top-up-schemes/{scheme}/withdraw',
      body: { version: 1 },
      via: 'api',
    },
    // The high needs pages: sums, and no child; a proposal's scenario names the banded children
    // (none here: Audrey's top-up is an agreed amount, not a band).
    { route: 'GET /finance', what: 'the position', url: '/finance', via: 'page' },
    {
      route: 'GET /finance/totals',
      what: 'the spend by type',
      url: '/finance/totals?fy=2025-26&by=type',
      via: 'page',
    },
    {
      route: 'GET /finance/totals',
      what: 'the spend child by child',
      url: '/finance/totals?fy=2025-26&by=child',
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /finance/totals',
      what: 'the spend child by child, downloaded',
      url: '/finance/totals?fy=2025-26&by=child&format=xlsx',
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /finance/budgets/:fy',
      what: 'a year without a budget',
      url: '/finance/budgets/2025-26',
      via: 'page',
    },
    {
      route: 'POST /finance/budgets/:fy',
      what: 'not the manager’s to set',
      url: '/finance/budgets/2025-26',
      body: {},
      via: 'page',
    },
    {
      route: 'GET /finance/expected-costs',
      what: 'expected costs',
      url: '/finance/expected-costs',
      via: 'page',
    },
    {
      route: 'POST /finance/expected-costs',
      what: 'not the manager’s to set',
      url: '/finance/expected-costs',
      body: {},
      via: 'page',
    },
    {
      route: 'GET /finance/top-up-schemes',
      what: 'the schemes',
      url: '/finance/top-up-schemes',
      via: 'page',
    },
    {
      route: 'GET /finance/top-up-schemes/new',
      what: 'not the manager’s to propose',
      url: '/finance/top-up-schemes/new',
      via: 'page',
    },
    {
      route: 'POST /finance/top-up-schemes/new',
      what: 'not the manager’s to propose',
      url: '/finance/top-up-schemes/new',
      body: {},
      via: 'page',
    },
    {
      route: 'GET /finance/top-up-schemes/:id',
      what: 'a proposal and its scenario',
      url: '/finance/top-up-schemes/{scheme}',
      via: 'page',
    },
    {
      route: 'GET /finance/top-up-schemes/:id',
      what: 'its scenario child by child, downloaded',
      url: '/finance/top-up-schemes/{scheme}?table=children&format=csv',
      via: 'page',
    },
    {
      route: 'GET /finance/top-up-schemes/:id/adopt',
      what: 'not the manager’s to adopt',
      url: '/finance/top-up-schemes/{scheme}/adopt',
      via: 'page',
    },
    {
      route: 'POST /finance/top-up-schemes/:id/adopt',
      what: 'not the manager’s to adopt',
      url: '/finance/top-up-schemes/{scheme}/adopt',
      body: { version: '1' },
      via: 'page',
    },
    {
      route: 'GET /finance/top-up-schemes/:id/withdraw',
      what: 'not the manager’s to withdraw',
      url: '/finance/top-up-schemes/{scheme}/withdraw',
      via: 'page',
    },
    {
      route: 'POST /finance/top-up-schemes/:id/withdraw',
      what: 'not the manager’s to withdraw',
      url: '/finance/top-up-schemes/{scheme}/withdraw',
      body: { version: '1' },
      via: 'page',
    },
    // The placements API: a placement is a part of the child's record.
    {
      route: 'GET /api/v1/placements',
      what: 'the list',
      url: '/api/v1/placements?childId={audrey}',
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/placements',
      what: 'a download',
      url: '/api/v1/placements?format=xlsx',
      about: audrey,
      via: 'api',
    },
    {
      route: 'POST /api/v1/placements',
      what: 'a placement refused',
      url: '/api/v1/placements',
      body: {
        childId: '{audrey}',
        providerName: 'Somewhere',
        type: 'mainstream',
        basis: 'interim',
        startOn: '2025-10-01',
      },
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/placements/:id',
      what: 'a placement',
      url: '/api/v1/placements/{placement}',
      about: audrey,
      via: 'api',
    },
    {
      route: 'PATCH /api/v1/placements/:id',
      what: 'a stale change',
      url: '/api/v1/placements/{placement}',
      body: { version: 9, expectedEndOn: '2027-07-20' },
      about: audrey,
      via: 'api',
    },
    {
      route: 'POST /api/v1/placements/:id/cost-lines',
      what: 'a stale cost line',
      url: '/api/v1/placements/{placement}/cost-lines',
      body: {
        version: 9,
        costLines: [{ kind: 'fee', amountPence: 100, per: 'year', effectiveFrom: '2025-09-01' }],
      },
      about: audrey,
      via: 'api',
    },
    {
      route: 'PATCH /api/v1/placements/:id/cost-lines/:lineId',
      what: 'a stale end',
      url: '/api/v1/placements/{placement}/cost-lines/{line}',
      body: { version: 9, effectiveTo: '2026-03-31' },
      about: audrey,
      via: 'api',
    },
    {
      route: 'DELETE /api/v1/placements/:id/cost-lines/:lineId',
      what: 'a stale removal',
      url: '/api/v1/placements/{placement}/cost-lines/{line}?version=9',
      about: audrey,
      via: 'api',
    },
    {
      route: 'POST /api/v1/placements/:id/approval',
      what: 'a decision refused',
      url: '/api/v1/placements/{placement}/approval',
      body: { version: 9, decision: 'approve' },
      via: 'api',
    },
    {
      route: 'POST /api/v1/placements/:id/confirmation',
      what: 'a stale confirmation',
      url: '/api/v1/placements/{placement}/confirmation',
      body: { version: 9, costsComplete: true },
      about: audrey,
      via: 'api',
    },
    {
      route: 'DELETE /api/v1/placements/:id',
      what: 'a removal',
      url: '/api/v1/placements/{gone}?version=1',
      about: ursula,
      via: 'api',
    },
    // The placements pages: each shows the child's name, so each is a read of their record.
    {
      route: 'GET /placements',
      what: 'the list',
      url: '/placements?type=mainstream',
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /placements',
      what: 'a download',
      url: '/placements?type=mainstream&format=csv',
      about: audrey,
      via: 'page',
    },
    { route: 'GET /placements/new', what: 'the form to find a child', url: '/placements/new', via: 'page' },
    {
      route: 'GET /placements/new',
      what: 'a child found by UPN',
      url: `/placements/new?upn=${audreyUpn}`,
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /placements/new',
      what: 'the form for a child',
      url: '/placements/new?childId={audrey}',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /placements/new',
      what: 'the form again with its errors',
      url: '/placements/new',
      body: { childId: '{audrey}' },
      about: audrey,
      via: 'page',
    },
    // The placements import: its form and templates name no child; a report of a row's problems
    // can quote the record of the child the row names.
    { route: 'GET /placements/import', what: 'the upload form', url: '/placements/import', via: 'page' },
    {
      route: 'GET /placements/import/template.csv',
      what: 'the CSV template',
      url: '/placements/import/template.csv',
      via: 'page',
    },
    {
      route: 'GET /placements/import/template.xlsx',
      what: 'the workbook template',
      url: '/placements/import/template.xlsx',
      via: 'page',
    },
    {
      route: 'POST /placements/import',
      what: 'an upload without a file',
      url: '/placements/import',
      body: {},
      via: 'page',
    },
    {
      route: 'GET /placements/import/:id',
      what: 'a report quoting a child’s record',
      url: '/placements/import/{import}',
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /placements/import/:id',
      what: 'its problems downloaded',
      url: '/placements/import/{import}?format=csv',
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /placements/:id',
      what: 'a placement',
      url: '/placements/{placement}',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /placements/:id/approval',
      what: 'a decision by someone who does not approve',
      url: '/placements/{placement}/approval',
      body: { version: '1', decision: 'approve' },
      via: 'page',
    },
    {
      route: 'POST /placements/:id/confirmation',
      what: 'a stale confirmation, shown as it is',
      url: '/placements/{placement}/confirmation',
      body: { version: '9', confirm: 'costs' },
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /placements/:id/change',
      what: 'the change form',
      url: '/placements/{placement}/change',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /placements/:id/change',
      what: 'a stale change, shown as it is',
      url: '/placements/{placement}/change',
      body: {
        version: '9',
        'startOn-day': '1',
        'startOn-month': '9',
        'startOn-year': '2025',
        attendance: 'full',
      },
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /placements/:id/delete',
      what: 'the removal page',
      url: '/placements/{placement}/delete',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /placements/:id/delete',
      what: 'a stale removal',
      url: '/placements/{placement}/delete',
      body: { version: '9' },
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /placements/:id/cost-lines/new',
      what: 'the cost line form',
      url: '/placements/{placement}/cost-lines/new',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /placements/:id/cost-lines/new',
      what: 'a stale cost line',
      url: '/placements/{placement}/cost-lines/new',
      body: {
        version: '9',
        kind: 'fee',
        amountOrBand: 'amount',
        amount: '100',
        per: 'year',
        'effectiveFrom-day': '1',
        'effectiveFrom-month': '9',
        'effectiveFrom-year': '2025',
      },
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /placements/:id/cost-lines/:lineId/end',
      what: 'the form to end a line',
      url: '/placements/{placement}/cost-lines/{line}/end',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /placements/:id/cost-lines/:lineId/end',
      what: 'a stale end',
      url: '/placements/{placement}/cost-lines/{line}/end',
      body: { version: '9', 'effectiveTo-day': '31', 'effectiveTo-month': '3', 'effectiveTo-year': '2026' },
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /placements/:id/cost-lines/:lineId/remove',
      what: 'the removal page',
      url: '/placements/{placement}/cost-lines/{line}/remove',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /placements/:id/cost-lines/:lineId/remove',
      what: 'a stale removal',
      url: '/placements/{placement}/cost-lines/{line}/remove',
      body: { version: '9' },
      about: audrey,
      via: 'page',
    },
    // The children module's API.
    {
      route: 'GET /api/v1/children',
      what: 'a search',
      url: '/api/v1/children?q=auditson',
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/children',
      what: 'a download',
      url: '/api/v1/children?q=auditson&format=csv',
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/children/:id',
      what: 'a record',
      url: '/api/v1/children/{audrey}',
      about: audrey,
      via: 'api',
    },
    {
      route: 'POST /api/v1/children',
      what: 'a new child refused for a UPN another child has',
      url: '/api/v1/children',
      body: newChildJson({ upn: ursulaUpn }),
      about: ursula,
      via: 'api',
    },
    {
      route: 'PATCH /api/v1/children/:id',
      what: 'a change with nothing to change',
      url: '/api/v1/children/{audrey}',
      body: { version: 2 },
      about: audrey,
      via: 'api',
    },
    {
      route: 'PATCH /api/v1/children/:id',
      what: 'a stale change',
      url: '/api/v1/children/{audrey}',
      body: { version: 1, forename: 'Audra' },
      about: audrey,
      via: 'api',
    },
    {
      route: 'PATCH /api/v1/children/:id',
      what: 'a change the record refuses',
      url: '/api/v1/children/{audrey}',
      body: { version: 2, upnUnknownReason: 'UN1' },
      about: audrey,
      via: 'api',
    },
    {
      route: 'PATCH /api/v1/children/:id',
      what: "another child's UPN",
      url: '/api/v1/children/{audrey}',
      body: { version: 2, upn: ursulaUpn },
      about: ursula,
      via: 'api',
    },
    {
      route: 'GET /api/v1/children/:id/capacity',
      what: 'who decides',
      url: '/api/v1/children/{audrey}/capacity',
      about: audrey,
      via: 'api',
    },
    {
      route: 'PUT /api/v1/children/:id/capacity',
      what: 'a capacity record refused',
      url: '/api/v1/children/{audrey}/capacity',
      body: {
        lacksCapacity: true,
        assessedOn: '2026-02-01',
        actingPersonId: '6b1d2c8e-9a0f-4e43-8a53-1f6f3c1b2a10',
        actingAs: 'deputy',
        notes: '',
        version: 0,
      },
      about: audrey,
      via: 'api',
    },
    // The children module's pages.
    { route: 'GET /children', what: 'the list', url: '/children?q=auditson', about: audrey, via: 'page' },
    { route: 'GET /children/new', what: 'the empty form', url: '/children/new', via: 'page' },
    {
      route: 'POST /children/new',
      what: 'a new child refused for a UPN another child has',
      url: '/children/new',
      body: {
        forename: 'Newby',
        surname: 'Newchild',
        'dateOfBirth-day': '1',
        'dateOfBirth-month': '9',
        'dateOfBirth-year': '2016',
        sex: 'F',
        upn: ursulaUpn,
      },
      about: ursula,
      via: 'page',
    },
    { route: 'GET /children/:id', what: 'the record', url: '/children/{audrey}', about: audrey, via: 'page' },
    {
      route: 'GET /children/:id/edit',
      what: 'the change form',
      url: '/children/{audrey}/edit',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /children/:id/edit',
      what: 'a stale change, shown with the record as it is',
      url: '/children/{audrey}/edit',
      body: {
        forename: 'Audra',
        surname: 'Other',
        'dateOfBirth-day': '27',
        'dateOfBirth-month': '3',
        'dateOfBirth-year': '2015',
        sex: 'F',
        version: '1',
      },
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /children/:id/parents/new',
      what: 'the form to add a parent',
      url: '/children/{audrey}/parents/new',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /children/:id/parents/new',
      what: 'the form again with its errors',
      url: '/children/{audrey}/parents/new',
      body: { forename: '' },
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /children/:id/parents/:personId/edit',
      what: 'the form to change a parent',
      url: '/children/{audrey}/parents/{person}/edit',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /children/:id/parents/:personId/edit',
      what: 'a stale change to a parent, shown as they are',
      url: '/children/{audrey}/parents/{person}/edit',
      body: { ...parentForm, version: '7' },
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /children/:id/decisions',
      what: 'who decides',
      url: '/children/{audrey}/decisions',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /children/:id/decisions',
      what: 'the form again with its errors',
      url: '/children/{audrey}/decisions',
      body: { version: '0' },
      about: audrey,
      via: 'page',
    },
    // The EHC module's API.
    {
      route: 'POST /api/v1/ehc/requests',
      what: 'a second request refused, naming the open one',
      url: '/api/v1/ehc/requests',
      body: {
        childId: '{audrey}',
        receivedOn: '2026-02-01',
        source: 'parent',
        requestedBy: 'Pat Parentson',
        consent: true,
      },
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/requests/:id',
      what: 'a request',
      url: '/api/v1/ehc/requests/{request}',
      about: audrey,
      via: 'api',
    },
    {
      route: 'POST /api/v1/ehc/requests/:id/events',
      what: 'a stale step, naming the version',
      url: '/api/v1/ehc/requests/{request}/events',
      body: {
        version: 1,
        corrects: null,
        event: { type: 'setting-consulted', on: '2026-01-05', settingName: 'Dereham Juniors' },
      },
      about: audrey,
      via: 'api',
    },
    {
      route: 'POST /api/v1/ehc/requests/:id/events',
      what: 'a step out of order',
      url: '/api/v1/ehc/requests/{request}/events',
      body: { corrects: null, event: { type: 'assessment-decided', on: '2025-10-02', outcome: 'assess' } },
      about: audrey,
      via: 'api',
    },
    {
      route: 'PUT /api/v1/ehc/requests/:id/coordinator',
      what: 'an allocation',
      url: '/api/v1/ehc/requests/{request}/coordinator',
      body: { coordinatorId: '{manager}' },
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/requests',
      what: 'a list',
      url: '/api/v1/ehc/requests?q=auditson',
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/caseload',
      what: 'a caseload',
      url: '/api/v1/ehc/caseload',
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/stats',
      what: 'figures, naming no one',
      url: '/api/v1/ehc/stats?year=2025',
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/dashboard',
      what: 'the dashboard',
      url: '/api/v1/ehc/dashboard?year=2025',
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/reviews',
      what: 'a list of reviews',
      url: '/api/v1/ehc/reviews?childId={ursula}',
      about: ursula,
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/reviews/stats',
      what: 'review figures, naming no one',
      url: '/api/v1/ehc/reviews/stats',
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/requests/:id/plan',
      what: 'a plan',
      url: '/api/v1/ehc/requests/{request}/plan',
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/requests/:id/plan/sections/:section',
      what: "a section's history",
      url: '/api/v1/ehc/requests/{request}/plan/sections/A',
      about: audrey,
      via: 'api',
    },
    {
      route: 'PUT /api/v1/ehc/requests/:id/plan/sections/:section',
      what: 'a section with nothing changed',
      url: '/api/v1/ehc/requests/{request}/plan/sections/A',
      body: { version: 2, content: 'Audrey likes drawing and music.' },
      about: audrey,
      via: 'api',
    },
    {
      route: 'PUT /api/v1/ehc/requests/:id/plan/sections/:section',
      what: 'a stale section, naming its version and writer',
      url: '/api/v1/ehc/requests/{request}/plan/sections/A',
      body: { version: 1, content: 'Audrey likes running.' },
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/requests/:id/documents/:kind',
      what: 'a letter downloaded',
      url: '/api/v1/ehc/requests/{request}/documents/decision-to-assess',
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/requests/:id/documents/:kind',
      what: 'a letter the request has not reached',
      url: '/api/v1/ehc/requests/{request}/documents/final-plan-notice',
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/requests/:id/letters',
      what: 'the letters sent',
      url: '/api/v1/ehc/requests/{request}/letters',
      about: audrey,
      via: 'api',
    },
    {
      route: 'POST /api/v1/ehc/requests/:id/letters',
      what: 'a letter sent',
      url: '/api/v1/ehc/requests/{request}/letters',
      body: { kind: 'decision-to-issue', method: 'portal', sentOn: '2025-12-01' },
      about: audrey,
      via: 'api',
    },
    {
      route: 'POST /api/v1/ehc/requests/:id/letters',
      what: 'a letter dated before its step, refused with the step’s date',
      url: '/api/v1/ehc/requests/{request}/letters',
      body: { kind: 'decision-to-assess', method: 'post', sentOn: '2025-09-30' },
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/requests/:id/letters/:letterId',
      what: 'a letter as sent',
      url: '/api/v1/ehc/requests/{request}/letters/{letter}',
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/requests/:id/letters/:letterId/pdf',
      what: 'a letter as sent, as PDF',
      url: '/api/v1/ehc/requests/{request}/letters/{letter}/pdf',
      about: audrey,
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/letter-settings',
      what: "the LA's details",
      url: '/api/v1/ehc/letter-settings',
      via: 'api',
    },
    {
      route: 'PUT /api/v1/ehc/letter-settings',
      what: "the LA's details refused",
      url: '/api/v1/ehc/letter-settings',
      body: { version: 0 },
      via: 'api',
    },
    // The EHC module's pages.
    {
      route: 'GET /ehc/requests/:id/plan',
      what: 'the plan',
      url: '/ehc/requests/{request}/plan',
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /ehc/requests/:id/plan/:section',
      what: 'a section to write',
      url: '/ehc/requests/{request}/plan/B',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /ehc/requests/:id/plan/:section',
      what: 'a stale section, shown as it is',
      url: '/ehc/requests/{request}/plan/A',
      body: { version: '1', content: 'Audrey likes running.' },
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /ehc/requests/:id/plan/:section/history',
      what: "a section's history",
      url: '/ehc/requests/{request}/plan/A/history',
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /ehc/requests/:id/documents/:kind',
      what: 'a letter',
      url: '/ehc/requests/{request}/documents/decision-to-assess',
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /ehc/requests/:id/documents/:kind/pdf',
      what: 'a letter as PDF',
      url: '/ehc/requests/{request}/documents/decision-to-assess/pdf',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /ehc/requests/:id/letters',
      what: 'the letter again with the send form’s errors',
      url: '/ehc/requests/{request}/letters',
      body: { kind: 'decision-to-assess' },
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /ehc/requests/:id/letters/:letterId',
      what: 'a letter as sent',
      url: '/ehc/requests/{request}/letters/{letter}',
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /ehc/requests/:id/letters/:letterId/pdf',
      what: 'a letter as sent, as PDF',
      url: '/ehc/requests/{request}/letters/{letter}/pdf',
      about: audrey,
      via: 'page',
    },
    { route: 'GET /ehc/letters', what: "the LA's details", url: '/ehc/letters', via: 'page' },
    {
      route: 'POST /ehc/letters',
      what: "the LA's details refused",
      url: '/ehc/letters',
      body: { version: '1' },
      via: 'page',
    },
    {
      route: 'GET /ehc/requests/new',
      what: 'the form to open a request',
      url: '/ehc/requests/new?childId={audrey}',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /ehc/requests/new',
      what: 'the form again',
      url: '/ehc/requests/new',
      body: { childId: '{audrey}', action: 'change' },
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /ehc/requests/:id',
      what: 'a request',
      url: '/ehc/requests/{request}',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /ehc/requests/:id/coordinator',
      what: 'an allocation',
      url: '/ehc/requests/{request}/coordinator',
      body: { coordinatorId: '{manager}' },
      about: audrey,
      via: 'page',
    },
    {
      route: 'GET /ehc/requests/:id/steps/:type',
      what: 'a step form',
      url: '/ehc/requests/{request}/steps/setting-consulted',
      about: audrey,
      via: 'page',
    },
    {
      route: 'POST /ehc/requests/:id/steps/:type',
      what: 'a step form again',
      url: '/ehc/requests/{request}/steps/setting-consulted',
      body: { action: 'change' },
      about: audrey,
      via: 'page',
    },
    { route: 'GET /ehc', what: 'the caseload', url: '/ehc', about: audrey, via: 'page' },
    {
      route: 'GET /ehc/requests',
      what: 'the list',
      url: '/ehc/requests?q=auditson',
      about: audrey,
      via: 'page',
    },
    { route: 'GET /ehc/dashboard', what: 'the dashboard', url: '/ehc/dashboard?year=2025', via: 'page' },
    // Reviews: every answer speaks of the child whose plan is reviewed.
    {
      route: 'GET /api/v1/ehc/reviews/:id',
      what: 'a review',
      url: '/api/v1/ehc/reviews/{review}',
      about: rhoda,
      via: 'api',
    },
    {
      route: 'POST /api/v1/ehc/reviews/:id/steps',
      what: 'a step already recorded, refused',
      url: '/api/v1/ehc/reviews/{review}/steps',
      body: { step: { type: 'meeting-held', on: '2026-02-02' } },
      about: rhoda,
      via: 'api',
    },
    {
      route: 'POST /api/v1/ehc/children/:childId/transfer-out',
      what: 'a move dated to come, refused',
      url: '/api/v1/ehc/children/{rhoda}/transfer-out',
      body: { toLaCode: '935', on: '2026-03-09' },
      about: rhoda,
      via: 'api',
    },
    {
      route: 'GET /api/v1/ehc/reviews/:id/letters',
      what: 'the review’s letters sent',
      url: '/api/v1/ehc/reviews/{review}/letters',
      about: rhoda,
      via: 'api',
    },
    {
      route: 'POST /api/v1/ehc/reviews/:id/letters',
      what: 'a review letter sent',
      url: '/api/v1/ehc/reviews/{review}/letters',
      body: { kind: 'review-decision', method: 'portal', sentOn: '2026-02-03' },
      about: rhoda,
      via: 'api',
    },
    {
      route: 'GET /ehc/reviews/:id',
      what: 'a review',
      url: '/ehc/reviews/{review}',
      about: rhoda,
      via: 'page',
    },
    {
      route: 'GET /ehc/reviews/:id/steps/:type',
      what: 'a review step’s form',
      url: '/ehc/reviews/{review}/steps/amendments-proposed',
      about: rhoda,
      via: 'page',
    },
    {
      route: 'POST /ehc/reviews/:id/steps/:type',
      what: 'a review step refused',
      url: '/ehc/reviews/{review}/steps/meeting-held',
      body: {},
      about: rhoda,
      via: 'page',
    },
    {
      route: 'GET /ehc/reviews/:id/letters/:kind',
      what: 'a review letter',
      url: '/ehc/reviews/{review}/letters/review-decision',
      about: rhoda,
      via: 'page',
    },
    {
      route: 'GET /ehc/reviews/:id/letters/:kind/pdf',
      what: 'a review letter as PDF',
      url: '/ehc/reviews/{review}/letters/review-decision/pdf',
      about: rhoda,
      via: 'page',
    },
    {
      route: 'POST /ehc/reviews/:id/letters',
      what: 'a review letter’s sending refused',
      url: '/ehc/reviews/{review}/letters',
      body: { kind: 'review-decision' },
      about: rhoda,
      via: 'page',
    },
    {
      route: 'GET /ehc/reviews/:id/sent/:letterId',
      what: 'a review letter as sent',
      url: '/ehc/reviews/{review}/sent/{reviewLetter}',
      about: rhoda,
      via: 'page',
    },
    {
      route: 'GET /ehc/reviews/:id/sent/:letterId/pdf',
      what: 'a review letter as sent, as PDF',
      url: '/ehc/reviews/{review}/sent/{reviewLetter}/pdf',
      about: rhoda,
      via: 'page',
    },
    {
      route: 'GET /ehc/children/:childId/transfer-out',
      what: 'the form for a move away',
      url: '/ehc/children/{rhoda}/transfer-out',
      about: rhoda,
      via: 'page',
    },
    {
      route: 'POST /ehc/children/:childId/transfer-out',
      what: 'a move away refused',
      url: '/ehc/children/{rhoda}/transfer-out',
      body: {},
      about: rhoda,
      via: 'page',
    },
    {
      route: 'GET /ehc/plans/:planId/review',
      what: 'a plan with no review under way',
      url: '/ehc/plans/{plan}/review',
      about: rhoda,
      via: 'page',
    },
    {
      route: 'POST /ehc/plans/:planId/review',
      what: 'a plan’s next review begun',
      url: '/ehc/plans/{plan}/review',
      body: {},
      about: rhoda,
      via: 'page',
    },
    {
      route: 'POST /api/v1/ehc/plans/:planId/reviews',
      what: 'a second review under way, refused',
      url: '/api/v1/ehc/plans/{plan}/reviews',
      body: {},
      about: rhoda,
      via: 'api',
    },
    {
      route: 'GET /ehc/reviews',
      what: 'the overdue reviews',
      url: '/ehc/reviews?show=overdue',
      about: ursula,
      via: 'page',
    },
    {
      route: 'GET /ehc/reviews',
      what: 'the overdue reviews downloaded',
      url: '/ehc/reviews?show=overdue&format=csv',
      about: ursula,
      via: 'page',
    },
    {
      route: 'GET /ehc/reviews',
      what: 'the completion figures, naming no one',
      url: '/ehc/reviews?show=completion',
      via: 'page',
    },
    { route: 'GET /ehc/terms', what: 'the term dates', url: '/ehc/terms', via: 'page' },
    { route: 'POST /ehc/terms', what: 'term dates refused', url: '/ehc/terms', body: {}, via: 'page' },
    {
      route: 'POST /ehc/terms/:id/delete',
      what: 'no such term',
      url: '/ehc/terms/6b1d2c8e-9a0f-4e43-8a53-1f6f3c1b2a10/delete',
      body: {},
      via: 'page',
    },
  ];

  const fill = (text: string) =>
    text
      .replaceAll('{placement}', ids.placement)
      .replaceAll('{line}', ids.line)
      .replaceAll('{gone}', ids.gone)
      .replaceAll('{scheme}', ids.scheme)
      .replaceAll('{import}', ids.import)
      .replaceAll('{audrey}', ids.audrey)
      .replaceAll('{ursula}', ids.ursula)
      .replaceAll('{person}', ids.person)
      .replaceAll('{request}', ids.request)
      .replaceAll('{letter}', ids.letter)
      .replaceAll('{rhoda}', ids.rhoda)
      .replaceAll('{plan}', ids.plan)
      .replaceAll('{reviewLetter}', ids.reviewLetter)
      .replaceAll('{review}', ids.review)
      .replaceAll('{manager}', managerId);

  const matches = (route: string, method: string, url: string) => {
    const [m, pattern = ''] = route.split(' ');
    const re = new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
    return m === method && re.test(url.split('?')[0] ?? '');
  };

  async function call(c: Case) {
    const [method = 'GET'] = c.route.split(' ');
    const url = fill(c.url);
    assert.ok(matches(c.route, method, url), `${url} is not ${c.route}`);
    const payload = c.body && JSON.parse(fill(JSON.stringify(c.body)));
    if (c.via === 'api')
      return t.app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });
    return t.app.inject({
      method: method as 'GET',
      url,
      headers: {
        cookie,
        accept: 'text/html',
        ...(payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(payload ? { payload: new URLSearchParams({ _csrf: csrf, ...payload }).toString() } : {}),
    });
  }

  async function eventsOf(requestId: string) {
    const found = await sql<{ action: string; child_id: string | null; child_ids: string[] | null }>`
      SELECT action, child_id, child_ids FROM audit_events WHERE request_id = ${requestId} ORDER BY id`.execute(
      t.database.db,
    );
    return found.rows;
  }

  test('every route of the children and EHC modules has a case here', () => {
    const routes = t.app.routeTable
      .filter((r) => r.method !== 'HEAD' && modulePaths.test(r.url))
      .map((r) => `${String(r.method)} ${r.url}`);
    const covered = new Set(cases.map((c) => c.route));
    assert.deepEqual(
      routes.filter((r) => !covered.has(r)),
      [],
      'a route without a case: add one saying whether its answers carry a child’s data',
    );
    assert.ok(routes.length >= 50, `${routes.length} routes`);
  });

  for (const c of cases)
    test(`${c.route}: ${c.what}`, async () => {
      const res = await call(c);
      assert.ok(res.statusCode < 500, `${res.statusCode}: ${res.body.slice(0, 300)}`);
      const events = await eventsOf(String(res.headers['x-request-id']));
      const named = (id: string) => events.some((e) => e.child_id === id || e.child_ids?.includes(id));
      // Whatever a case expects, an answer that shows a child's name or UPN must be audited against them.
      const body = res.rawPayload.toString('latin1');
      for (const [id, marks] of [
        [ids.audrey, ['Auditson', audreyUpn]],
        [ids.ursula, ['Upnholder', ursulaUpn]],
      ] as const)
        if (marks.some((m) => body.includes(m) && !(c.body && JSON.stringify(c.body).includes(m))))
          assert.ok(named(id), `${res.statusCode} shows ${marks[0]} but recorded ${JSON.stringify(events)}`);
      if (c.about)
        assert.ok(
          named(c.about()),
          `${res.statusCode} ${res.body.slice(0, 200)} recorded ${JSON.stringify(events)}`,
        );
    });
});
