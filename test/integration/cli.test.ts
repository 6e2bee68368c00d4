import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { connect } from '../../src/platform/db/connect.ts';
import { signInCookies } from '../support/app.ts';
import { type CliWorkspace, cliWorkspace, projectRoot as root } from '../support/cli.ts';

/** Runs the real `opensend` command in a child process, as an operator would. */
describe('opensend command', () => {
  let cli: CliWorkspace;
  let dataDir: string;
  let databaseUrl: string | undefined;
  before(async () => {
    cli = await cliWorkspace('cli');
    dataDir = cli.dataDir;
    databaseUrl = cli.databaseUrl;
  });
  after(() => cli.remove());

  const opensend = (args: string[], input?: string) => cli.run(args, input);

  test('migrate, add an LA, add a user, create a token', () => {
    const m = opensend(['migrate']);
    assert.equal(m.code, 0, m.err);
    assert.match(m.out, /Applied migrations 1|Schema is up to date/);

    const la = opensend(['la', 'add', '--code', '940', '--name', 'Test County']);
    assert.equal(la.code, 0, la.err);
    assert.match(la.out, /Added LA 940 Test County/);

    const u = opensend(
      [
        'user',
        'add',
        '--la',
        '940',
        '--email',
        'Case.Worker@Example.org',
        '--name',
        'Case Worker',
        '--role',
        'ehc_coordinator',
        '--role',
        'administrator',
        '--password-stdin',
      ],
      'a long enough passphrase\n',
    );
    assert.equal(u.code, 0, u.err);
    assert.match(u.out, /Added user case\.worker@example\.org/);

    const tk = opensend(['token', 'create', '--email', 'case.worker@example.org', '--days', '7']);
    assert.equal(tk.code, 0, tk.err);
    assert.match(tk.out.trim(), /^osk_940_[A-Za-z0-9_-]{43}$/);
    assert.match(tk.err, /shown only once/);
  });

  test('a user made with the command signs in, calls the API with their token and finds both in the audit log', async () => {
    const add = opensend(
      [
        'user',
        'add',
        '--la',
        '940',
        '--email',
        'auditor@example.org',
        '--name',
        'Audrey Auditor',
        '--role',
        'administrator',
        '--password-stdin',
      ],
      'an auditor passphrase',
    );
    assert.equal(add.code, 0, add.err);
    const token = opensend(['token', 'create', '--email', 'auditor@example.org']).out.trim();

    const database = await connect(databaseUrl ? { databaseUrl } : { dataDir: path.join(dataDir, 'pglite') });
    const app = await buildApp({ config: loadConfig({ SEED_DEMO: 'false' }), database });
    try {
      await signInCookies(app, 'auditor@example.org', 'an auditor passphrase');
      const me = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().name, 'Audrey Auditor');
      const audit = await app.inject({
        url: `/api/v1/audit?userId=${me.json().userId}`,
        headers: { authorization: `Bearer ${token}` },
      });
      const actions = audit.json().items.map((e: { action: string }) => e.action);
      assert.ok(actions.includes('sign-in.succeeded'), actions.join());
      assert.ok(actions.includes('api-token.created'), actions.join());
    } finally {
      await app.close();
      await database.close();
    }
  });

  test('bad arguments are named, with exit code 2 and the usage', () => {
    const cases: [string[], RegExp][] = [
      [['la', 'add', '--code', '12', '--name', 'X'], /--code: LA code must be the 3-digit DfE LA number/],
      [['la', 'add', '--name', 'X'], /--code is required/],
      [['la', 'add', '--code', '941', '--name', 'X', '--colour', 'red'], /Unknown option '--colour'/],
      [
        [
          'user',
          'add',
          '--la',
          '940',
          '--email',
          'a@example.org',
          '--name',
          'A',
          '--role',
          'wizard',
          '--password-stdin',
        ],
        /--role wizard is not a role/,
      ],
      [
        ['user', 'add', '--la', '940', '--email', 'a@example.org', '--name', 'A', '--password-stdin'],
        /--role is required/,
      ],
      [
        ['user', 'add', '--la', '940', '--email', 'a@example.org', '--name', 'A', '--role', 'senco'],
        /--password-stdin is required/,
      ],
      [
        ['token', 'create', '--email', 'case.worker@example.org', '--days', '0'],
        /--days must be a whole number from 1 to 365/,
      ],
      [
        ['token', 'create', '--email', 'case.worker@example.org', '--days', 'ten'],
        /--days must be a whole number/,
      ],
      [['frobnicate'], /Unknown command: frobnicate/],
      [['seed', '--scale', 'county'], /--scale must be norfolk or national/],
      [['seed', '--scale', 'national', '--la', '926'], /--la, --name and --children go with --scale norfolk/],
      [['seed', '--la', '926', '--seed', 'abc'], /--seed must be a whole number/],
      [['seed', '--seed', '3'], /--la is required/],
      [['seed', '--la', '9x6'], /--la: LA code must be the 3-digit DfE LA number/],
      [['seed', '--la', '943', '--children', '0'], /--children must be a whole number/],
    ];
    for (const [args, message] of cases) {
      const r = opensend(args, 'a long enough passphrase');
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
      assert.match(r.err, /Usage: opensend/);
    }
  });

  test('seed makes a demo LA and refuses to make it twice', () => {
    const r = opensend(['seed', '--la', '942', '--name', 'Seeded (demo)', '--children', '50', '--seed', '4']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Seeded 1 LA in/);
    assert.match(r.err, /1\/1 LAs, [\d,]+ of [\d,]+ children/);
    const again = opensend(['seed', '--la', '942', '--seed', '4']);
    assert.equal(again.code, 1);
    assert.match(again.err, /LA 942 already exists/);
  });

  test('refusals from the data are named, with exit code 1 and nothing written', () => {
    const dup = opensend(['la', 'add', '--code', '940', '--name', 'Again']);
    assert.equal(dup.code, 1);
    assert.match(dup.err, /An LA with code 940 already exists/);

    const short = opensend(
      [
        'user',
        'add',
        '--la',
        '940',
        '--email',
        'b@example.org',
        '--name',
        'B',
        '--role',
        'senco',
        '--password-stdin',
      ],
      'short',
    );
    assert.equal(short.code, 1);
    assert.match(short.err, /--password: Password must be 12 characters or more/);

    const noLa = opensend(
      [
        'user',
        'add',
        '--la',
        '999',
        '--email',
        'c@example.org',
        '--name',
        'C',
        '--role',
        'senco',
        '--password-stdin',
      ],
      'a long enough passphrase',
    );
    assert.equal(noLa.code, 1);
    assert.match(noLa.err, /--la: There is no LA with code 999/);

    const badEmail = opensend(
      [
        'user',
        'add',
        '--la',
        '940',
        '--email',
        'not-an-email',
        '--name',
        'D',
        '--role',
        'senco',
        '--password-stdin',
      ],
      'a long enough passphrase',
    );
    assert.equal(badEmail.code, 1);
    assert.match(badEmail.err, /--email: Enter an email address in the correct format/);

    const taken = opensend(
      [
        'user',
        'add',
        '--la',
        '940',
        '--email',
        'case.worker@example.org',
        '--name',
        'E',
        '--role',
        'senco',
        '--password-stdin',
      ],
      'a long enough passphrase',
    );
    assert.equal(taken.code, 1);
    assert.match(taken.err, /already exists/);

    const nobody = opensend(['token', 'create', '--email', 'nobody@example.org']);
    assert.equal(nobody.code, 1);
    assert.match(nobody.err, /--email: There is no user with email nobody@example\.org/);
  });

  test('an easily guessed password is refused wherever the command sets one, naming what to do instead', () => {
    const add = (password: string) =>
      opensend(
        [
          'user',
          'add',
          '--la',
          '940',
          '--email',
          'rowan.fielding@example.org',
          '--name',
          'Rowan Fielding',
          '--role',
          'senco',
          '--password-stdin',
        ],
        password,
      );
    const common = add('Norfolk2026!!');
    assert.equal(common.code, 1);
    assert.match(
      common.err,
      /--password: Choose a password that is harder to guess: avoid common passwords, words with numbers or a year added, and keyboard patterns/,
    );
    const named = add('rowan.fielding@example.org');
    assert.equal(named.code, 1);
    assert.match(
      named.err,
      /--password: Choose a password that is harder to guess: do not use your name or email address as your password/,
    );
    const reset = opensend(
      ['user', 'password', '--email', 'case.worker@example.org', '--password-stdin'],
      'qwertyuiop123',
    );
    assert.equal(reset.code, 1);
    assert.match(
      reset.err,
      /--password-stdin: Choose a password that is harder to guess: avoid common passwords/,
    );
    const byName = opensend(
      ['user', 'password', '--email', 'case.worker@example.org', '--password-stdin'],
      'Case Worker 1234',
    );
    assert.equal(byName.code, 1);
    assert.match(
      byName.err,
      /--password-stdin: Choose a password that is harder to guess: do not use your name/,
    );
  });

  test("setting a password with the command revokes the person's API tokens, and says so", async () => {
    const before = opensend([
      'token',
      'create',
      '--email',
      'case.worker@example.org',
      '--days',
      '7',
    ]).out.trim();
    const r = opensend(
      ['user', 'password', '--email', 'case.worker@example.org', '--password-stdin'],
      'a quieter harbour at noon',
    );
    assert.equal(r.code, 0, r.err);
    // Two live tokens: the one made in the first test and the one made just now.
    assert.match(
      r.out,
      /Password set for case\.worker@example\.org; their other sessions have ended and their 2 API tokens were revoked/,
    );
    const database = await connect(databaseUrl ? { databaseUrl } : { dataDir: path.join(dataDir, 'pglite') });
    const app = await buildApp({ config: loadConfig({ SEED_DEMO: 'false' }), database });
    try {
      const me = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${before}` } });
      assert.equal(me.statusCode, 401);
      assert.match(me.json().detail, /This API token has been revoked/);
      await signInCookies(app, 'case.worker@example.org', 'a quieter harbour at noon');
    } finally {
      await app.close();
      await database.close();
    }
  });

  test('a bad DATABASE_URL is a clear configuration error', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/opensend.js'), 'migrate'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: 'mysql://nope' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /DATABASE_URL: must start with postgres:\/\//);
  });
});
