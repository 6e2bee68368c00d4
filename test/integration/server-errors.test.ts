import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiToken } from '../../src/platform/auth/service.ts';
import { signInCookies, startTestApp } from '../support/app.ts';

describe('when the database goes away', () => {
  test('pages show the GOV.UK "problem with the service" page, the API a 500 problem, /health a 503 — no stack traces', async () => {
    const t = await startTestApp();
    const cookies = await signInCookies(t.app, t.la.users.admin.email);
    const { token } = await createApiToken(
      t.database,
      { userId: t.la.users.admin.id, laCode: t.la.code },
      { name: 'x', days: 1 },
      { ip: null, requestId: 'test', now: t.clock() },
    );
    await t.database.app.close();
    try {
      const page = await t.app.inject({
        url: '/admin/audit',
        headers: { cookie: cookies, accept: 'text/html' },
      });
      assert.equal(page.statusCode, 500);
      assert.match(page.body, /Sorry, there is a problem with the service/);
      assert.match(page.body, new RegExp(`Reference: <span[^>]*>${String(page.headers['x-request-id'])}`));
      assert.doesNotMatch(page.body, /\.ts:\d+|Error:/);

      const api = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      assert.equal(api.statusCode, 500);
      assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.doesNotMatch(api.body, /\.ts:\d+|closed/i);

      const health = await t.app.inject({ url: '/health' });
      assert.equal(health.statusCode, 503);
      assert.equal(health.json().status, 'unavailable');
    } finally {
      await t.app.close();
      await t.database.drop();
    }
  });
});
