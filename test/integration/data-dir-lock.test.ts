import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lockFileOf } from '../../src/platform/db/data-dir-lock.ts';
import { childEnv, freePort, nodeEntry, start, startCli, startServer } from '../support/processes.ts';

/**
 * The embedded database serves one process. Every test here runs real processes against one data
 * directory, on PGlite whatever database the other tests use, as only PGlite has the lock: the run
 * on PostgreSQL would repeat the embedded run's processes exactly, so it leaves them to that run.
 */
describe('one process at a time on an embedded data directory', {
  skip: process.env.DATABASE_URL ? 'PGlite only, whatever the database: run in the embedded pass' : false,
}, () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let lockFile: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-lock-'));
    env = childEnv({ DATA_DIR: dataDir, SEED_DEMO: 'false' });
    lockFile = lockFileOf(path.join(dataDir, 'pglite'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const opensend = async (args: string[]) => {
    const run = startCli(args, env);
    run.child.stdin?.end();
    const { code } = await run.exited;
    return { code, out: run.stdout(), err: run.stderr() };
  };
  const openAsScript = () =>
    start([...nodeEntry('test/support/open-data-dir.ts'), path.join(dataDir, 'pglite')], env);

  test('while OpenSEND runs, the command, a second server and a script are refused without opening the files, and told what to do', async () => {
    const port = await freePort();
    const server = startServer({ ...env, PORT: String(port) });
    try {
      await server.waitFor(/Press Ctrl\+C to stop/);
      const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
      assert.equal(lock.pid, server.pid);
      assert.equal(lock.server, true);

      const refused = await opensend(['la', 'add', '--code', '940', '--name', 'Written while running']);
      assert.equal(refused.code, 1);
      assert.match(
        refused.err,
        new RegExp(
          `OpenSEND is running on this data directory, .*pglite \\(PID ${server.pid}, since \\d{1,2} \\w+ \\d{4} at \\d{2}:\\d{2}\\)\\. Stop OpenSEND first, or use /admin/users in the browser for people and /admin/backups for a backup\\.`,
        ),
      );

      const second = startServer({ ...env, PORT: String(await freePort()) });
      const secondExit = await second.exited;
      assert.equal(secondExit.code, 1);
      assert.match(
        second.stderr(),
        new RegExp(
          `OpenSEND is already running on the data directory .* \\(PID ${server.pid},.*Stop it first, or give this one another DATA_DIR\\.`,
        ),
      );

      const script = openAsScript();
      assert.equal((await script.exited).code, 1);
      assert.match(script.stderr(), /OpenSEND is running on this data directory/);

      const health = await fetch(`http://127.0.0.1:${port}/health`);
      assert.equal(health.status, 200, 'the server carries on');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    assert.equal(fs.existsSync(lockFile), false, 'stopping OpenSEND released the lock');
    const added = await opensend(['la', 'add', '--code', '940', '--name', 'Written once stopped']);
    assert.equal(added.code, 0, `the refused command wrote nothing, so this one can: ${added.err}`);
  });

  test('a command holding the directory is named to the next one, which is told to wait', async () => {
    const holder = openAsScript();
    try {
      await holder.waitFor(/^opened /m);
      const refused = await opensend(['migrate']);
      assert.equal(refused.code, 1);
      assert.match(
        refused.err,
        new RegExp(
          `Another OpenSEND command is using the data directory .*: .*open-data-dir\\.[jt]s .* \\(PID ${holder.pid}, since .*\\)\\. Wait for it to finish, or stop it, then try again\\.`,
        ),
      );
    } finally {
      holder.child.stdin?.end();
      await holder.exited;
    }
    assert.equal(fs.existsSync(lockFile), false);
  });

  test('a lock left by a process that has gone is reported and taken over', async () => {
    const gone = start(['-e', ''], env);
    await gone.exited;
    fs.writeFileSync(
      lockFile,
      JSON.stringify({
        pid: gone.pid,
        since: '2026-03-02T09:00:00Z',
        command: 'opensend seed --la 926',
        server: false,
        hostname: os.hostname(),
        processStart: null,
        token: 'left-behind',
      }),
    );
    const r = await opensend(['migrate']);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.err,
      new RegExp(
        `The lock on .* was left by opensend seed --la 926 \\(PID ${gone.pid}, since 2 March 2026 at 09:00\\), which is no longer running; it has been taken over\\.`,
      ),
    );
    assert.equal(fs.existsSync(lockFile), false, 'and released when the command finished');
  });

  test('a lock naming a PID that now belongs to another process is stale too', {
    skip: process.platform !== 'linux',
  }, async () => {
    // This test's own PID is alive, but it started at another moment than the lock says.
    fs.writeFileSync(
      lockFile,
      JSON.stringify({
        pid: process.pid,
        since: '2026-03-02T09:00:00Z',
        command: 'server',
        server: true,
        hostname: os.hostname(),
        processStart: '1',
        token: 'reused',
      }),
    );
    const r = await opensend(['migrate']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /which is no longer running; it has been taken over/);
  });

  test('Ctrl+C stops a command part-way, releases the lock and leaves nothing of its work', async () => {
    const seeding = startCli(['seed', '--la', '941', '--children', '3000'], env);
    await seeding.waitFor(/writing LA 941/);
    seeding.child.kill('SIGINT');
    assert.equal((await seeding.exited).code, 130);
    assert.equal(fs.existsSync(lockFile), false);
    const again = await opensend(['seed', '--la', '941', '--children', '50']);
    assert.equal(again.code, 0, `LA 941 was not left behind: ${again.err}`);
  });
});
