import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults run the embedded database on port 3000 with 30-minute and 12-hour sessions', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.session.idleMinutes, 30);
  assert.equal(c.session.absoluteHours, 12);
  assert.equal(c.secureCookies, false);
});

test('an HTTPS public address makes cookies Secure', () => {
  assert.equal(loadConfig({ PUBLIC_URL: 'https://send.example.gov.uk' }).secureCookies, true);
});

test('bad settings are refused, naming each variable', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', COOKIE_SECRET: 'short' }),
    (err: Error) =>
      err instanceof ConfigError &&
      /PORT:/.test(err.message) &&
      /DATABASE_URL: must start with postgres/.test(err.message) &&
      /COOKIE_SECRET: must be at least 32 characters/.test(err.message),
  );
});

test('TRUST_PROXY takes a number of proxies or their addresses, and trusts none by default', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,loopback' }).trustProxy, [
    '10.0.0.5',
    '10.1.0.0/16',
    '::1',
    'loopback',
  ]);
});

test('TRUST_PROXY=true is refused with the fix, and so is anything not an address', () => {
  assert.throws(
    () => loadConfig({ TRUST_PROXY: 'true' }),
    (err: Error) =>
      err instanceof ConfigError &&
      /TRUST_PROXY: true would believe an X-Forwarded-For header sent by anyone/.test(err.message) &&
      /TRUST_PROXY=1 behind one load balancer/.test(err.message),
  );
  assert.throws(
    () => loadConfig({ TRUST_PROXY: '10.0.0.5,proxy.internal,10.0.0.0/33' }),
    (err: Error) => err instanceof ConfigError && /not "proxy.internal", "10.0.0.0\/33"/.test(err.message),
  );
});

test('migrations may connect as the owner while the app connects as a lesser role, on PostgreSQL only', () => {
  const c = loadConfig({
    DATABASE_URL: 'postgresql://opensend_app_login@db/opensend',
    MIGRATION_DATABASE_URL: 'postgresql://opensend_owner@db/opensend',
  });
  assert.equal(c.migrationDatabaseUrl, 'postgresql://opensend_owner@db/opensend');
  assert.equal(
    loadConfig({ DATABASE_URL: 'postgresql://opensend@db/opensend' }).migrationDatabaseUrl,
    undefined,
  );
  assert.throws(
    () => loadConfig({ MIGRATION_DATABASE_URL: 'postgresql://opensend_owner@db/opensend' }),
    (err: Error) =>
      err instanceof ConfigError && /MIGRATION_DATABASE_URL: .*set DATABASE_URL too/.test(err.message),
  );
});
