import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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

describe('sign-in through an OpenID Connect provider', () => {
  const norfolk = {
    OIDC_ISSUER: 'https://login.norfolk.example/tenant/v2.0',
    OIDC_CLIENT_ID: 'opensend',
    OIDC_CLIENT_SECRET: 'a secret',
    OIDC_LA_CODE: '926',
    PUBLIC_URL: 'https://send.norfolk.example',
  };
  const refused = (env: Record<string, string>, ...expected: RegExp[]) =>
    assert.throws(
      () => loadConfig(env),
      (err: Error) => {
        assert.ok(err instanceof ConfigError);
        for (const e of expected) assert.match(err.message, e);
        return true;
      },
    );

  test('with no OIDC variables people sign in with passwords only', () => {
    const c = loadConfig({});
    assert.equal(c.oidc, undefined);
    assert.equal(c.passwordSignIn, true);
  });

  test('the redirect URI, label and scopes have defaults, and an empty secret means a public client', () => {
    const c = loadConfig({ ...norfolk, OIDC_CLIENT_SECRET: '' });
    assert.equal(c.oidc?.issuer.href, 'https://login.norfolk.example/tenant/v2.0');
    assert.equal(c.oidc?.clientId, 'opensend');
    assert.equal(c.oidc?.clientSecret, undefined);
    assert.equal(c.oidc?.redirectUri.href, 'https://send.norfolk.example/sign-in/oidc/callback');
    assert.equal(c.oidc?.label, "Sign in with your organisation's account");
    assert.equal(c.oidc?.scopes, 'openid email profile');
    assert.equal(c.oidc?.laCode, '926');
    assert.equal(c.passwordSignIn, true);
  });

  test('each setting can be given, and passwords turned off', () => {
    const c = loadConfig({
      ...norfolk,
      OIDC_REDIRECT_URI: 'https://opensend.norfolk.example/sign-in/oidc/callback',
      OIDC_LABEL: 'Sign in with Norfolk County Council account',
      OIDC_SCOPES: 'openid  email',
      OIDC_PASSWORDS: 'false',
    });
    assert.equal(c.oidc?.clientSecret, 'a secret');
    assert.equal(c.oidc?.redirectUri.href, 'https://opensend.norfolk.example/sign-in/oidc/callback');
    assert.equal(c.oidc?.label, 'Sign in with Norfolk County Council account');
    assert.equal(c.oidc?.scopes, 'openid email');
    assert.equal(c.passwordSignIn, false);
  });

  test('some OIDC variables without the rest stop start-up, naming what is missing', () => {
    refused(
      { OIDC_ISSUER: 'https://login.norfolk.example' },
      /OIDC_CLIENT_ID: missing; OIDC_ISSUER is set, so set OIDC_CLIENT_ID to the client id/,
      /OIDC_LA_CODE: missing;/,
      /OIDC_REDIRECT_URI: missing; set PUBLIC_URL to the address people use for OpenSEND/,
      /or remove every OIDC_ variable to sign in with passwords only/,
    );
    refused({ OIDC_LABEL: 'Sign in with Norfolk County Council account' }, /OIDC_ISSUER: missing;/);
  });

  test('bad values are refused, each naming its variable and the fix', () => {
    refused(
      { ...norfolk, OIDC_ISSUER: 'http://login.norfolk.example' },
      /OIDC_ISSUER: must be the provider's issuer as an https:\/\/ address/,
    );
    refused({ ...norfolk, OIDC_ISSUER: 'not a url' }, /OIDC_ISSUER: must be/);
    refused(
      { ...norfolk, OIDC_CLIENT_ID: 'two words' },
      /OIDC_CLIENT_ID: must be the client id as the provider shows it/,
    );
    refused({ ...norfolk, OIDC_LA_CODE: 'Norfolk' }, /OIDC_LA_CODE: must be the 3-digit DfE number/);
    refused(
      { ...norfolk, OIDC_REDIRECT_URI: 'https://send.norfolk.example/callback' },
      /OIDC_REDIRECT_URI: must be OpenSEND's address followed by \/sign-in\/oidc\/callback/,
    );
    refused(
      { ...norfolk, OIDC_REDIRECT_URI: 'http://send.norfolk.example/sign-in/oidc/callback' },
      /OIDC_REDIRECT_URI: must start with https:\/\//,
    );
    refused(
      { ...norfolk, PUBLIC_URL: 'http://send.norfolk.example' },
      /OIDC_REDIRECT_URI: PUBLIC_URL is not https:\/\//,
    );
    refused(
      { ...norfolk, OIDC_SCOPES: 'openid profile' },
      /OIDC_SCOPES: must be scopes separated by spaces, including openid and email/,
    );
    refused({ ...norfolk, OIDC_LABEL: 'x'.repeat(101) }, /OIDC_LABEL: must be 100 characters or fewer/);
    refused({ ...norfolk, OIDC_PASSWORDS: 'no' }, /OIDC_PASSWORDS: must be true/);
  });

  test('a provider on this machine may be reached over http, for development and tests', () => {
    const c = loadConfig({
      ...norfolk,
      OIDC_ISSUER: 'http://127.0.0.1:8080',
      OIDC_REDIRECT_URI: 'http://localhost:3000/sign-in/oidc/callback',
    });
    assert.equal(c.oidc?.issuer.href, 'http://127.0.0.1:8080/');
  });

  test('passwords cannot be turned off without a provider to sign in through', () => {
    refused(
      { OIDC_PASSWORDS: 'false' },
      /OIDC_PASSWORDS: password sign-in can be turned off only when sign-in through OpenID Connect is set up/,
    );
  });

  test('OIDC problems are reported together with the others', () => {
    refused(
      { PORT: 'eighty', OIDC_ISSUER: 'https://login.norfolk.example' },
      /PORT:/,
      /OIDC_CLIENT_ID: missing/,
    );
  });
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
