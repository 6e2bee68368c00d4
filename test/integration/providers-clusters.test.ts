import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { establishmentIdsForClusterHost, importGiasNow } from '../../src/modules/providers/index.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addPerson, browser, callApi, giasFixture, tokenFor } from '../support/providers.ts';

describe('clusters, their schools and their hosts', () => {
  let t: TestApp;
  let token: string;
  let breckland: string;
  let norwich: string;

  before(async () => {
    t = await startTestApp();
    token = await tokenFor(t, t.la.users.admin, t.la.code);
    await importGiasNow(
      t.database,
      { laCode: t.la.code, userId: null, roles: ['administrator'] },
      { gias: giasFixture('edubasealldata-sample.csv') },
      () => undefined,
    );
  });
  after(() => t.close());

  const fields = (res: { json(): { errors?: { field: string; message: string }[] } }) =>
    Object.fromEntries((res.json().errors ?? []).map((e) => [e.field, e.message]));
  const join = (clusterId: string, body: Record<string, unknown>) =>
    callApi(t, token, 'POST', `/api/v1/clusters/${clusterId}/members`, body);

  test('clusters are created by form and API; a second with the same name is refused', async () => {
    const admin = await browser(t, t.la.users.admin.email);
    const res = await admin.post('/clusters/new', '/clusters', { name: 'Breckland' });
    assert.equal(res.statusCode, 303);
    breckland = String(res.headers.location).split('/')[2]?.split('?')[0] ?? '';
    const api = await callApi(t, token, 'POST', '/api/v1/clusters', { name: 'Norwich North' });
    assert.equal(api.statusCode, 201, api.body);
    norwich = api.json().id;
    const again = await callApi(t, token, 'POST', '/api/v1/clusters', { name: 'breckland' });
    assert.equal(again.statusCode, 422);
    assert.equal(fields(again).name, 'There is already a cluster called breckland');
    const blank = await admin.post('/clusters/new', '/clusters', { name: '' });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /href="#name">Enter the name of the cluster/);
  });

  test('a school joins a cluster from a date, by URN', async () => {
    const res = await join(breckland, { urn: 900001, startsOn: '2024-09-01' });
    assert.equal(res.statusCode, 201, res.body);
    const admin = await browser(t, t.la.users.admin.email);
    const form = await admin.post(`/clusters/${breckland}/members/new`, `/clusters/${breckland}/members`, {
      urn: '900002',
      'startsOn-day': '1',
      'startsOn-month': '9',
      'startsOn-year': '2024',
    });
    assert.equal(form.statusCode, 303, form.body.slice(0, 1500));
    const cluster = (await callApi(t, token, 'GET', `/api/v1/clusters/${breckland}`)).json();
    assert.deepEqual(
      cluster.members.map((m: { urn: number; startsOn: string; endsOn: null }) => [
        m.urn,
        m.startsOn,
        m.endsOn,
      ]),
      [
        [900001, '2024-09-01', null],
        [900002, '2024-09-01', null],
      ],
    );
  });

  test('a school in one cluster is refused by another, naming the school and its cluster', async () => {
    const res = await join(norwich, { urn: 900001, startsOn: '2025-09-01' });
    assert.equal(res.statusCode, 422);
    assert.equal(
      fields(res).urn,
      'Acle Fen Primary School (URN 900001) is in Breckland from 1 September 2024. A school is in one cluster at a time: move it, or end that membership first',
    );
    const admin = await browser(t, t.la.users.admin.email);
    const page = await admin.post(`/clusters/${norwich}/members/new`, `/clusters/${norwich}/members`, {
      urn: '900001',
      'startsOn-day': '1',
      'startsOn-month': '9',
      'startsOn-year': '2025',
    });
    assert.equal(page.statusCode, 400);
    assert.match(
      page.body,
      /href="#urn">Acle Fen Primary School \(URN 900001\) is in Breckland from 1 September 2024/,
    );
    const again = await join(breckland, { urn: 900001, startsOn: '2025-01-01' });
    assert.equal(
      fields(again).urn,
      'Acle Fen Primary School (URN 900001) is already in Breckland from 1 September 2024',
    );
  });

  test('the database itself refuses two memberships at once, whatever the code asks', async () => {
    const acle = (await callApi(t, token, 'GET', '/api/v1/schools/900001')).json();
    await assert.rejects(
      inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
        sql`INSERT INTO cluster_memberships (la_code, cluster_id, establishment_id, starts_on)
          VALUES (${t.la.code}, ${norwich}, ${acle.id}, '2025-09-01')`.execute(tx),
      ),
      /exclusion constraint|conflicting key value/,
    );
  });

  test('moving a school ends its old membership the day the new one starts', async () => {
    const res = await join(norwich, { urn: 900001, startsOn: '2025-09-01', move: true });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().movedFrom, 'Breckland');
    const acle = (await callApi(t, token, 'GET', '/api/v1/schools/900001')).json();
    const page = await (await browser(t, t.la.users.coordinator.email)).get(`/schools/${acle.id}`);
    assert.match(page.body, /Breckland<\/a><\/td>\s*<td[^>]*>From 1 September 2024 until 1 September 2025/);
    assert.match(page.body, /Norwich North<\/a><\/td>\s*<td[^>]*>From 1 September 2025/);
    const from = (await callApi(t, token, 'GET', `/api/v1/clusters/${breckland}`)).json();
    assert.deepEqual(
      from.pastMembers.map((m: { urn: number }) => m.urn),
      [900001],
    );
  });

  test('a school is moved from its own page by choosing the cluster', async () => {
    const special = (await callApi(t, token, 'GET', '/api/v1/schools/900004')).json();
    const admin = await browser(t, t.la.users.admin.email);
    const put = await admin.post(`/schools/${special.id}/cluster`, `/schools/${special.id}/cluster`, {
      clusterId: breckland,
      'startsOn-day': '1',
      'startsOn-month': '1',
      'startsOn-year': '2025',
    });
    assert.equal(put.statusCode, 303);
    const noCluster = await admin.post(`/schools/${special.id}/cluster`, `/schools/${special.id}/cluster`, {
      clusterId: '',
      'startsOn-day': '1',
      'startsOn-month': '1',
      'startsOn-year': '2026',
    });
    assert.equal(noCluster.statusCode, 400);
    assert.match(noCluster.body, /href="#clusterId">Choose a cluster/);
    const early = await admin.post(`/schools/${special.id}/cluster`, `/schools/${special.id}/cluster`, {
      clusterId: norwich,
      'startsOn-day': '1',
      'startsOn-month': '9',
      'startsOn-year': '2024',
    });
    assert.equal(early.statusCode, 400);
    assert.match(
      early.body,
      /href="#clusterId">Marshland Special School \(URN 900004\) is in Breckland from 1 January 2025/,
    );
  });

  test('a membership is ended on a date after it began', async () => {
    const cluster = (await callApi(t, token, 'GET', `/api/v1/clusters/${breckland}`)).json();
    const aedan = cluster.members.find((m: { urn: number }) => m.urn === 900002);
    const admin = await browser(t, t.la.users.admin.email);
    const url = `/clusters/${breckland}/members/${aedan.membershipId}/end`;
    const early = await admin.post(url, url, {
      'endsOn-day': '1',
      'endsOn-month': '1',
      'endsOn-year': '2024',
    });
    assert.equal(early.statusCode, 400);
    assert.match(
      early.body,
      /href="#endsOn-day">Date it leaves the cluster must be after 1 September 2024, when it joined/,
    );
    const ok = await admin.post(url, url, { 'endsOn-day': '31', 'endsOn-month': '8', 'endsOn-year': '2025' });
    assert.equal(ok.statusCode, 303);
  });

  test('the host is nominated on a date and agreed by the headteachers on a later one', async () => {
    const host = await addPerson(t, t.la.code, 'host', ['cluster_host', 'senco']);
    const admin = await browser(t, t.la.users.admin.email);
    const url = `/clusters/${norwich}/host`;
    const otherLas = await admin.post(url, url, {
      name: 'Harper Host',
      email: t.otherLa.users.admin.email,
      'nominatedOn-day': '1',
      'nominatedOn-month': '9',
      'nominatedOn-year': '2025',
    });
    assert.equal(otherLas.statusCode, 400);
    assert.match(
      otherLas.body,
      /href="#email">There is no OpenSEND user with the email address admin\.935@example\.org in your LA/,
    );
    const backwards = await admin.post(url, url, {
      name: 'Harper Host',
      'nominatedOn-day': '10',
      'nominatedOn-month': '9',
      'nominatedOn-year': '2025',
      'agreedOn-day': '1',
      'agreedOn-month': '9',
      'agreedOn-year': '2025',
    });
    assert.equal(backwards.statusCode, 400);
    assert.match(
      backwards.body,
      /href="#agreedOn-day">Date the headteachers agreed must be on or after the date nominated/,
    );
    const nominated = await admin.post(url, url, {
      name: 'Harper Host',
      email: host.email,
      urn: '900003',
      'nominatedOn-day': '1',
      'nominatedOn-month': '9',
      'nominatedOn-year': '2025',
    });
    assert.equal(nominated.statusCode, 303, nominated.body.slice(0, 1000));
    const list = await admin.get('/clusters');
    assert.match(
      list.body,
      /Norwich North<\/a><\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>\s*Harper Host[\s\S]*?Not yet agreed/,
    );
    const agree = `/clusters/${norwich}/host/agreement`;
    const agreed = await admin.post(agree, agree, {
      'agreedOn-day': '20',
      'agreedOn-month': '9',
      'agreedOn-year': '2025',
    });
    assert.equal(agreed.statusCode, 303);
    const cluster = (await callApi(t, token, 'GET', `/api/v1/clusters/${norwich}`)).json();
    assert.equal(cluster.host.name, 'Harper Host');
    assert.equal(cluster.host.userId, host.id);
    assert.equal(cluster.host.establishmentName, 'Café Lane Academy');
    assert.equal(cluster.host.nominatedOn, '2025-09-01');
    assert.equal(cluster.host.agreedOn, '2025-09-20');
    const acle = (await callApi(t, token, 'GET', '/api/v1/schools/900001')).json();
    const hosted = await inTenant(t.database.db, { laCode: t.la.code, userId: host.id }, (tx) =>
      establishmentIdsForClusterHost(tx, host.id, '2025-10-01'),
    );
    assert.deepEqual(hosted, [acle.id], "the host sees the cluster's schools");

    const successor = await admin.post(url, url, {
      name: 'Jordan Next',
      'nominatedOn-day': '1',
      'nominatedOn-month': '9',
      'nominatedOn-year': '2026',
    });
    assert.equal(successor.statusCode, 303);
    // Today is 2 March 2026: Harper Host is the host until Jordan Next's term starts on 1 September.
    const after = (await callApi(t, token, 'GET', `/api/v1/clusters/${norwich}`)).json();
    assert.deepEqual([after.host.name, after.host.endsOn], ['Harper Host', '2026-09-01']);
    assert.deepEqual(
      after.nextHosts.map((h: { name: string; nominatedOn: string }) => [h.name, h.nominatedOn]),
      [['Jordan Next', '2026-09-01']],
    );
    assert.deepEqual(after.pastHosts, []);
    const page = await admin.get(`/clusters/${norwich}`);
    assert.match(page.body, /From 1 September 2026, Jordan Next will be the cluster host\./);
    assert.match(
      (await admin.get('/clusters')).body,
      /Norwich North<\/a><\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>\s*Harper Host/,
    );
    assert.match((await admin.get(agree)).body, /agreement to Jordan Next as cluster host/);
  });

  test('every change is in the audit log', async () => {
    const r = await sql<{ action: string }>`SELECT DISTINCT action FROM audit_events
      WHERE la_code = ${t.la.code} AND entity_type = 'cluster' ORDER BY action`.execute(t.database.db);
    assert.deepEqual(
      r.rows.map((x) => x.action),
      [
        'cluster.created',
        'cluster.host.agreed',
        'cluster.host.nominated',
        'cluster.member.added',
        'cluster.member.ended',
      ],
    );
  });

  test('the cluster pages and the API show members with dates and the host', async () => {
    const reader = await browser(t, t.la.users.coordinator.email);
    const page = await reader.get(`/clusters/${norwich}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Norwich North<\/h1>/);
    assert.match(page.body, /Member schools now \(1\)/);
    assert.doesNotMatch(page.body, /Add a school to this cluster/, 'a reader is not offered changes');
    const list = (await callApi(t, token, 'GET', '/api/v1/clusters')).json();
    assert.deepEqual(
      list.items.map((c: { name: string; memberCount: number }) => [c.name, c.memberCount]),
      [
        ['Breckland', 1],
        ['Norwich North', 1],
      ],
    );
    assert.equal(
      (await callApi(t, token, 'GET', '/api/v1/clusters/00000000-0000-4000-8000-000000000000')).statusCode,
      404,
    );
    const bad = await callApi(t, token, 'POST', `/api/v1/clusters/${norwich}/members`, {
      startsOn: '2025-13-01',
    });
    assert.equal(bad.statusCode, 400);
    const f = fields(bad);
    assert.equal(f.urn, 'Enter the URN of the school');
    assert.equal(f.startsOn, 'Date it joins the cluster must be a real date');
  });
});
