import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { csrfFrom, password, startTestApp, type TestApp } from '../support/app.ts';
import { addChild, tokenFor } from '../support/children.ts';

/** The address the audit log recorded for the one request with this id. */
async function auditedAddress(t: TestApp, requestId: string): Promise<string | null> {
  const r = await sql<{ ip: string | null }>`
    SELECT ip FROM audit_events WHERE request_id = ${requestId}`.execute(t.database.db);
  assert.equal(r.rows.length, 1);
  return r.rows[0]?.ip ?? null;
}

/**
 * A request through one proxy: the client says whatever it likes in X-Forwarded-For, and the
 * proxy (the socket's address) appends the address it saw the client connect from.
 */
async function viewThroughProxy(t: TestApp, forged: string, seenByProxy: string) {
  const childId = await addChild(t, t.la.code);
  const token = await tokenFor(t, t.la.code, t.la.users.coordinator.id);
  const res = await t.app.inject({
    url: `/api/v1/children/${childId}`,
    remoteAddress: '10.0.0.5',
    headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': `${forged}, ${seenByProxy}` },
  });
  assert.equal(res.statusCode, 200);
  return auditedAddress(t, String(res.headers['x-request-id']));
}

describe('the client address behind a proxy', () => {
  test('with one proxy trusted, a forged left-most X-Forwarded-For is ignored and the address the proxy saw is recorded', async () => {
    const t = await startTestApp({ TRUST_PROXY: '1' });
    try {
      assert.equal(await viewThroughProxy(t, '198.51.100.66', '203.0.113.7'), '203.0.113.7');
    } finally {
      await t.close();
    }
  });

  test('with one proxy trusted, a client cannot dodge the per-address sign-in limit by forging addresses', async () => {
    const t = await startTestApp({ TRUST_PROXY: '1', SIGN_IN_IP_MAX_FAILURES: '3' });
    try {
      const attempt = async (forged: string, email: string, pw: string) => {
        const headers = { 'x-forwarded-for': `${forged}, 203.0.113.7` };
        const page = await t.app.inject({ url: '/sign-in', remoteAddress: '10.0.0.5', headers });
        const csrf = page.cookies.find((c) => c.name === 'opensend_csrf')?.value ?? '';
        return t.app.inject({
          method: 'POST',
          url: '/sign-in',
          remoteAddress: '10.0.0.5',
          headers: { ...headers, cookie: `opensend_csrf=${csrf}`, accept: 'text/html' },
          payload: { _csrf: csrfFrom(page.body), email, password: pw },
        });
      };
      for (let i = 1; i <= 3; i++) await attempt(`198.51.100.${i}`, `guess${i}@example.org`, 'wrong guess');
      const locked = await attempt('198.51.100.99', t.la.users.admin.email, password);
      assert.equal(locked.statusCode, 429, 'the fourth try from 203.0.113.7 is refused whatever it claims');
    } finally {
      await t.close();
    }
  });

  test('with the proxy trusted by its address, the address the proxy saw is recorded', async () => {
    const t = await startTestApp({ TRUST_PROXY: '10.0.0.0/24' });
    try {
      assert.equal(await viewThroughProxy(t, '198.51.100.66', '203.0.113.7'), '203.0.113.7');
    } finally {
      await t.close();
    }
  });

  test('with no proxy trusted, X-Forwarded-For is not believed at all', async () => {
    const t = await startTestApp();
    try {
      assert.equal(await viewThroughProxy(t, '198.51.100.66', '203.0.113.7'), '10.0.0.5');
    } finally {
      await t.close();
    }
  });
});
