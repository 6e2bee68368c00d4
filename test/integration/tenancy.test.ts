import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createApiToken } from '../../src/platform/auth/service.ts';
import { inTenant, withoutTenant } from '../../src/platform/db/tenancy.ts';
import { signInCookies, startTestApp, type TestApp } from '../support/app.ts';

describe('tenancy: each LA sees only its own rows', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    await signInCookies(t.app, t.la.users.admin.email);
    await signInCookies(t.app, t.otherLa.users.admin.email);
    for (const la of [t.la, t.otherLa]) {
      await createApiToken(
        t.database,
        { userId: la.users.admin.id, laCode: la.code },
        { name: 'setup', days: 1 },
        { ip: null, requestId: 'test', now: t.clock() },
      );
    }
  });
  after(() => t.close());

  const tenantTables = ['users', 'sessions', 'api_tokens', 'audit_events'] as const;

  test('a query as the application role without an LA set sees no tenant rows at all', async () => {
    for (const table of tenantTables) {
      const asOwner = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(
        t.database.db,
      );
      assert.ok(Number(asOwner.rows[0]?.n) > 0, `${table} has rows to hide`);
      const n = await withoutTenant(t.database.db, (tx) =>
        sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(tx),
      );
      assert.equal(Number(n.rows[0]?.n), 0, `${table} must show nothing without app.la_code`);
    }
  });

  test('with an LA set, every tenant table shows only that LA', async () => {
    for (const table of tenantTables) {
      const codes = await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
        sql<{ la_code: string }>`SELECT DISTINCT la_code FROM ${sql.table(table)}`.execute(tx),
      );
      assert.deepEqual(
        codes.rows.map((r) => r.la_code),
        [t.la.code],
        table,
      );
    }
  });

  test("one LA cannot write rows into another LA's tables", async () => {
    await assert.rejects(
      inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
        tx
          .insertInto('audit_events')
          .values({ la_code: t.otherLa.code, user_id: null, action: 'forged', entity_type: 'user' })
          .execute(),
      ),
      /row-level security/,
    );
    await assert.rejects(
      inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
        tx
          .updateTable('users')
          .set({ la_code: t.otherLa.code })
          .where('id', '=', t.la.users.parent.id)
          .execute(),
      ),
      /row-level security/,
    );
  });

  test("one LA cannot change or read another LA's user by id", async () => {
    const r = await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
      tx
        .updateTable('users')
        .set({ name: 'Hijacked' })
        .where('id', '=', t.otherLa.users.admin.id)
        .executeTakeFirst(),
    );
    assert.equal(Number(r.numUpdatedRows), 0);
    const seen = await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
      tx.selectFrom('users').select('id').where('id', '=', t.otherLa.users.admin.id).execute(),
    );
    assert.equal(seen.length, 0);
  });

  test("an administrator's audit search through the API shows only their LA's events", async () => {
    const mine = await createApiToken(
      t.database,
      { userId: t.la.users.admin.id, laCode: t.la.code },
      { name: 'test', days: 1 },
      { ip: null, requestId: 'test', now: t.clock() },
    );
    const res = await t.app.inject({
      url: `/api/v1/audit?userId=${t.otherLa.users.admin.id}`,
      headers: { authorization: `Bearer ${mine.token}` },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().items.length, 0, "the other LA's admin's sign-in is invisible");
    const all = await t.app.inject({
      url: '/api/v1/audit?limit=200',
      headers: { authorization: `Bearer ${mine.token}` },
    });
    const users = new Set(all.json().items.map((e: { userId: string | null }) => e.userId));
    assert.ok(!users.has(t.otherLa.users.admin.id));
    assert.ok(users.has(t.la.users.admin.id));
  });

  test("a token or session cookie relabelled with another LA's code finds nobody", async () => {
    const tok = await createApiToken(
      t.database,
      { userId: t.la.users.admin.id, laCode: t.la.code },
      { name: 'test', days: 1 },
      { ip: null, requestId: 'test', now: t.clock() },
    );
    // Used once for real first, so that any remembered lookup is in play too.
    const genuine = await t.app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${tok.token}` },
    });
    assert.equal(genuine.statusCode, 200);
    const forged = tok.token.replace(`osk_${t.la.code}_`, `osk_${t.otherLa.code}_`);
    const res = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${forged}` } });
    assert.equal(res.statusCode, 401);

    const cookies = await signInCookies(t.app, t.la.users.admin.email);
    assert.equal((await t.app.inject({ url: '/admin/audit', headers: { cookie: cookies } })).statusCode, 200);
    const relabelled = cookies.replace(
      `opensend_session=${t.la.code}.`,
      `opensend_session=${t.otherLa.code}.`,
    );
    const page = await t.app.inject({
      url: '/admin/audit',
      headers: { cookie: relabelled, accept: 'text/html' },
    });
    assert.equal(page.statusCode, 302);
    assert.match(String(page.headers.location), /^\/sign-in/);
  });
});
