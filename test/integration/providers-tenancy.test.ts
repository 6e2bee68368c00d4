import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { importGiasNow } from '../../src/modules/providers/index.ts';
import { insertPlaceLine } from '../../src/modules/providers/places/repo.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { browser, callApi, giasFixture, tokenFor } from '../support/providers.ts';

describe("one LA cannot see or touch another LA's schools and clusters", () => {
  let t: TestApp;
  let norfolk: string;
  let suffolk: string;
  let school: { id: string };
  let cluster: { id: string };

  before(async () => {
    t = await startTestApp();
    norfolk = await tokenFor(t, t.la.users.admin, t.la.code);
    suffolk = await tokenFor(t, t.otherLa.users.admin, t.otherLa.code);
    await importGiasNow(
      t.database,
      { laCode: t.la.code, userId: null, roles: ['administrator'] },
      { gias: giasFixture('edubasealldata-sample.csv') },
      () => undefined,
    );
    school = (await callApi(t, norfolk, 'GET', '/api/v1/schools/900001')).json();
    cluster = (await callApi(t, norfolk, 'POST', '/api/v1/clusters', { name: 'Breckland' })).json();
    await callApi(t, norfolk, 'POST', `/api/v1/clusters/${cluster.id}/members`, {
      urn: 900001,
      startsOn: '2024-09-01',
    });
    const special = (await callApi(t, norfolk, 'GET', '/api/v1/schools/900004')).json();
    await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
      insertPlaceLine(
        tx,
        t.la.code,
        special.id,
        {
          provision: 'special_school',
          senType: 'SLD',
          phase: 'all_through',
          lowAge: 4,
          highAge: 19,
          places: 40,
          startsOn: '2020-09-01',
          endsOn: null,
          note: null,
        },
        null,
      ),
    );
  });
  after(() => t.close());

  test("the API finds none of another LA's schools or clusters, by URN, id or search", async () => {
    assert.equal((await callApi(t, suffolk, 'GET', '/api/v1/schools/900001')).statusCode, 404);
    assert.equal((await callApi(t, suffolk, 'GET', `/api/v1/schools/${school.id}`)).statusCode, 404);
    assert.equal((await callApi(t, suffolk, 'GET', '/api/v1/schools?q=acle&status=all')).json().total, 0);
    assert.equal((await callApi(t, suffolk, 'GET', `/api/v1/clusters/${cluster.id}`)).statusCode, 404);
    assert.deepEqual((await callApi(t, suffolk, 'GET', '/api/v1/clusters')).json().items, []);
  });

  test("nor do the pages; and another LA's school cannot be changed or put in a cluster", async () => {
    const page = await browser(t, t.otherLa.users.admin.email);
    assert.equal((await page.get(`/schools/${school.id}`)).statusCode, 404);
    assert.equal((await page.get(`/clusters/${cluster.id}`)).statusCode, 404);
    assert.equal(
      (await callApi(t, suffolk, 'PATCH', `/api/v1/schools/${school.id}`, { version: 1, capacity: 1 }))
        .statusCode,
      404,
    );
    const theirs = (await callApi(t, suffolk, 'POST', '/api/v1/clusters', { name: 'Babergh' })).json();
    const join = await callApi(t, suffolk, 'POST', `/api/v1/clusters/${theirs.id}/members`, {
      establishmentId: school.id,
      startsOn: '2025-01-01',
    });
    assert.equal(join.statusCode, 422);
    assert.equal(join.json().errors[0].message, 'There is no such school in your LA');
    const into = await callApi(t, suffolk, 'POST', `/api/v1/clusters/${cluster.id}/members`, {
      urn: 900001,
      startsOn: '2025-01-01',
    });
    assert.equal(into.statusCode, 404);
  });

  test('the same cluster name and the same URN may exist in both LAs', async () => {
    const same = await callApi(t, suffolk, 'POST', '/api/v1/clusters', { name: 'Breckland' });
    assert.equal(same.statusCode, 201);
    const outOfCounty = await callApi(t, suffolk, 'POST', '/api/v1/schools', {
      urn: 900001,
      name: 'Acle Fen Primary School',
      settingKind: 'school',
    });
    assert.equal(outOfCounty.statusCode, 201, outOfCounty.body);
  });

  test('row-level security hides every providers table from the other LA, and refuses writes into it', async () => {
    for (const table of [
      'establishments',
      'designations',
      'designated_places',
      'clusters',
      'cluster_memberships',
      'cluster_hosts',
      'jobs',
    ]) {
      const seen = await inTenant(t.database.db, { laCode: t.otherLa.code, userId: null }, (tx) =>
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE la_code = ${t.la.code}`.execute(tx),
      );
      assert.equal(Number(seen.rows[0]?.n), 0, table);
    }
    await assert.rejects(
      inTenant(t.database.db, { laCode: t.otherLa.code, userId: null }, (tx) =>
        sql`INSERT INTO clusters (la_code, name) VALUES (${t.la.code}, 'Forged')`.execute(tx),
      ),
      /row-level security/,
    );
  });
});
