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

test('backups go under DATA_DIR unless BACKUP_DIR says where; BACKUP_LA is an LA number', () => {
  const c = loadConfig({ DATA_DIR: '/srv/opensend' });
  assert.equal(c.backups.dir, '/srv/opensend/backups');
  assert.equal(c.backups.la, undefined);
  const set = loadConfig({ DATA_DIR: '/srv/opensend', BACKUP_DIR: '/mnt/backups', BACKUP_LA: '926' });
  assert.equal(set.backups.dir, '/mnt/backups');
  assert.equal(set.backups.la, '926');
  assert.throws(
    () => loadConfig({ BACKUP_LA: 'Norfolk' }),
    (err: Error) =>
      err instanceof ConfigError && /BACKUP_LA: must be the 3-digit DfE LA number/.test(err.message),
  );
});
