import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { createApiToken, createUser } from '../../src/platform/auth/service.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { appRoleWarning, connect, type Database, DatabaseRoleError } from '../../src/platform/db/connect.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { addLa } from '../../src/platform/las/index.ts';
import { testClock } from '../support/app.ts';
import { cliWorkspace, projectRoot } from '../support/cli.ts';
import { connectAsAppLogin, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { nodeEntry } from '../support/processes.ts';

/** `npm start` in a child process, until it says it is running (then stopped) or gives up. */
function start(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeEntry('src/server.ts'), {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, PORT: '0', SEED_DEMO: 'false', LOG_LEVEL: 'warn', ...env },
    });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const collect = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('OpenSEND is running at')) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

async function addChild(owner: Database, laCode: string, forename: string) {
  await sql`INSERT INTO children (la_code, forename, surname, name_search, date_of_birth, sex)
    VALUES (${laCode}, ${forename}, 'Rolestest', ${`${forename.toLowerCase()} rolestest`}, '2015-03-27', 'F')`.execute(
    owner.db,
  );
}

/** The children a statement in a request's transaction for Norfolk (926) could read, after leaving its role. */
const afterResetRole = (database: Database) =>
  inTenant(database.db, { laCode: '926', userId: null }, async (tx) => {
    await sql`RESET ROLE`.execute(tx);
    const r = await sql<{ forename: string }>`SELECT forename FROM children ORDER BY forename`.execute(tx);
    return r.rows.map((c) => c.forename);
  });

describe('on PostgreSQL, the app connects as a login role that is neither superuser nor owner', {
  skip: process.env.DATABASE_URL ? false : 'needs a PostgreSQL server (DATABASE_URL)',
}, () => {
  const role = `opensend_app_login_${randomBytes(4).toString('hex')}`;
  const stranger = `opensend_stranger_${randomBytes(4).toString('hex')}`;
  let owner: TestDatabase;
  let login: Database;
  let url: URL;

  before(async () => {
    owner = await createTestDatabase();
    // As README's "Database roles" has it: a login role, NOINHERIT so it holds nothing of
    // opensend_app's until a transaction takes that role.
    for (const r of [role, stranger])
      await sql`CREATE ROLE ${sql.id(r)} LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`.execute(
        owner.db,
      );
    const name = (await sql<{ n: string }>`SELECT current_database() AS n`.execute(owner.db)).rows[0]?.n;
    url = new URL(process.env.DATABASE_URL ?? '');
    url.pathname = `/${name}`;
    login = await connectAsAppLogin(owner, url, role);
    await addLa(owner, { code: '926', name: 'Norfolk (test)' });
    await addLa(owner, { code: '935', name: 'Suffolk (test)' });
    await addChild(owner, '926', 'Nora');
    await addChild(owner, '935', 'Sully');
  });
  after(async () => {
    await login?.close();
    await owner?.drop();
    // Roles belong to the server, not the database: they go once the database that used them has.
    const server = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await server.connect();
    for (const r of [role, stranger]) await server.query(`DROP ROLE IF EXISTS ${r}`);
    await server.end();
  });

  test('RESET ROLE in a request’s transaction leaves the login role with no access to any LA’s children', async () => {
    await assert.rejects(afterResetRole(login), /permission denied for table children/);
  });

  test('as the owner or a superuser, the same statement would read every LA: why the app should not connect so', async (t) => {
    const r = await sql<{
      superuser: boolean;
    }>`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`.execute(owner.db);
    if (!r.rows[0]?.superuser) return t.skip('the test server’s user is not a superuser');
    assert.deepEqual(await afterResetRole(owner), ['Nora', 'Sully']);
  });

  test('at start, connecting as the login role raises no warning; as a superuser or the owner it does', async () => {
    assert.equal(await appRoleWarning(login), undefined);
    assert.match(String(await appRoleWarning(owner)), /a superuser|the owner of OpenSEND's tables/);
    assert.match(String(await appRoleWarning(owner)), /MIGRATION_DATABASE_URL/);
  });

  test("as the tables' owner without being a superuser, it warns too", async () => {
    const ownerRole = `${role}_owner`;
    const server = new pg.Client({ connectionString: url.toString() });
    await server.connect();
    try {
      await server.query(`CREATE ROLE ${ownerRole} LOGIN NOSUPERUSER NOBYPASSRLS`);
      await server.query(`GRANT opensend_app, opensend_worker TO ${ownerRole}`);
      await server.query(`ALTER TABLE las OWNER TO ${ownerRole}`);
      await server.query(`GRANT SELECT ON schema_migrations TO ${ownerRole}`);
      await server.query(`GRANT SELECT, INSERT ON instance_secrets TO ${ownerRole}`);
      const as = new URL(url);
      as.username = ownerRole;
      const asOwner = await connect({ databaseUrl: as.toString(), poolSize: 1 });
      try {
        assert.match(String(await appRoleWarning(asOwner)), /, the owner of OpenSEND's tables\./);
      } finally {
        await asOwner.close();
      }
    } finally {
      await server.query(`ALTER TABLE las OWNER TO current_user`);
      await server.query(`DROP OWNED BY ${ownerRole}`);
      await server.query(`DROP ROLE ${ownerRole}`);
      await server.end();
    }
  });

  test('npm start migrates as MIGRATION_DATABASE_URL and serves as DATABASE_URL, saying which grants are missing; with the owner alone it warns', async () => {
    const workspace = await cliWorkspace('roles-start');
    try {
      const ownerUrl = workspace.databaseUrl ?? '';
      const loginUrl = new URL(ownerUrl);
      loginUrl.username = role;
      loginUrl.password = '';
      const both = {
        DATA_DIR: workspace.dataDir,
        DATABASE_URL: loginUrl.toString(),
        MIGRATION_DATABASE_URL: ownerUrl,
      };
      // A new database: the owner makes the tables, and the login role has no grant on them yet.
      const first = await start(both);
      assert.equal(first.code, 1, first.out);
      assert.match(first.out, new RegExp(`GRANT SELECT ON schema_migrations TO ${role};`));
      const grant = new pg.Client({ connectionString: ownerUrl });
      await grant.connect();
      await grant.query(`GRANT SELECT ON schema_migrations TO ${role}`);
      await grant.query(`GRANT SELECT, INSERT ON instance_secrets TO ${role}`);
      await grant.end();
      const second = await start(both);
      assert.match(second.out, /OpenSEND is running at/);
      assert.doesNotMatch(second.out, /Warning|warn/i);
      const alone = await start({ DATA_DIR: workspace.dataDir, DATABASE_URL: ownerUrl });
      assert.match(alone.out, /OpenSEND is running at/);
      assert.match(alone.out, /Warning: OpenSEND connects to PostgreSQL as \w+, (a superuser|the owner)/);
    } finally {
      await workspace.remove();
    }
  });

  test('a login role not granted what the app needs is refused at start, saying what to grant', async () => {
    const as = new URL(url);
    as.username = stranger;
    as.password = '';
    const bare = await connect({ databaseUrl: as.toString(), poolSize: 1 });
    try {
      await assert.rejects(
        appRoleWarning(bare),
        (err: Error) =>
          err instanceof DatabaseRoleError &&
          err.message.includes(
            `GRANT opensend_app, opensend_worker TO ${stranger}; GRANT SELECT ON schema_migrations TO ${stranger}; GRANT SELECT, INSERT ON instance_secrets TO ${stranger};`,
          ),
      );
    } finally {
      await bare.close();
    }
  });

  test('the whole app runs on the login role: a coordinator sees their LA’s child and not another’s', async () => {
    const userId = await createUser(owner, {
      laCode: '926',
      email: 'coordinator.roles@example.org',
      name: 'Coordinator',
      roles: ['ehc_coordinator'],
      password: 'correct horse battery staple',
    });
    const clock = testClock();
    const { token } = await createApiToken(
      owner,
      { userId, laCode: '926' },
      { name: 'roles', days: 1 },
      { ip: null, requestId: 'test', now: clock() },
    );
    const app = await buildApp({ config: loadConfig({ SEED_DEMO: 'false' }), database: login, clock });
    try {
      const res = await app.inject({
        url: '/api/v1/children?limit=100',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        res.json().items.map((c: { forename: string }) => c.forename),
        ['Nora'],
      );
    } finally {
      await app.close();
    }
  });
});

test('on PGlite there is no role to check: its one session is in this process, and each transaction takes opensend_app', async () => {
  const database = await connect({});
  try {
    assert.equal(await appRoleWarning(database), undefined);
  } finally {
    await database.close();
  }
});
