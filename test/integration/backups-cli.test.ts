import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { readMigrations } from '../../src/platform/db/migrate.ts';
import { type CliWorkspace, cliWorkspace } from '../support/cli.ts';
import { childEnv, nodeEntry, start } from '../support/processes.ts';

/** A backup file with its header changed as `change` says, the payload left as it was. */
function withHeader(from: string, to: string, change: (manifest: Record<string, unknown>) => void) {
  const bytes = fs.readFileSync(from);
  const [first = '', json = ''] = bytes.subarray(0, 8192).toString('utf8').split('\n');
  const room = Number(first.split(' ').at(-1));
  const manifest = JSON.parse(json);
  change(manifest);
  const body = Buffer.from(`${first}\n${JSON.stringify(manifest)}\n`);
  const header = Buffer.concat([body, Buffer.alloc(room - 1 - body.length, ' '), Buffer.from('\n')]);
  fs.writeFileSync(to, Buffer.concat([header, bytes.subarray(room)]));
}

/** `opensend backup` and `opensend restore`, run as an operator runs them, on either database. */
describe('opensend backup and restore', () => {
  let cli: CliWorkspace;
  let file: string;
  const latest = readMigrations().length;
  before(async () => {
    cli = await cliWorkspace('backups-cli');
    file = path.join(cli.dataDir, 'first.backup');
    const seeded = cli.run(['seed', '--la', '940', '--name', 'Kept (demo)', '--children', '30']);
    assert.equal(seeded.code, 0, seeded.err);
  });
  after(() => cli.remove());

  test('a backup is written once, with what it holds and its checksum, and never over another file', () => {
    const made = cli.run(['backup', file]);
    assert.equal(made.code, 0, made.err);
    assert.match(
      made.out,
      new RegExp(`Backed up LA 940 \\(schema version ${latest}\\) to .*first\\.backup in [\\d.]+ s`),
    );
    assert.match(made.out, /[\d,]+ bytes of data, SHA-256 [0-9a-f]{64}/);
    assert.match(fs.readFileSync(file).subarray(0, 30).toString(), /^OpenSEND backup 1 \d{10}\n/);
    const again = cli.run(['backup', file]);
    assert.equal(again.code, 1);
    assert.match(again.err, /first\.backup already exists: give the backup a new name/);
  });

  test('a restore into a database that holds records is refused without --force, and replaces it with', () => {
    const refused = cli.run(['restore', file]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.err,
      /already holds an LA: 940 Kept \(demo\)\. A restore replaces the whole database, so everything recorded there would be lost\. Run the command again with --force/,
    );
    const forced = cli.run(['restore', file, '--force']);
    assert.equal(forced.code, 0, forced.err);
    assert.match(forced.out, /Restored the backup made at .* by OpenSEND [\d.]+: LA 940/);
    assert.match(forced.out, /It replaced what the database held: 940 Kept \(demo\)/);
  });

  test('a damaged, cut-short, newer, foreign or other kind of file is refused, naming why, and nothing changes', () => {
    const damaged = path.join(cli.dataDir, 'damaged.backup');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
    fs.writeFileSync(damaged, bytes);
    const short = path.join(cli.dataDir, 'short.backup');
    fs.writeFileSync(short, bytes.subarray(0, bytes.length - 100));
    const newer = path.join(cli.dataDir, 'newer.backup');
    withHeader(file, newer, (m) => {
      m.schemaVersion = latest + 2;
      m.opensendVersion = '9.0.0';
      (m.migrations as unknown[]).push(
        { version: latest + 1, name: 'later', checksum: 'x' },
        { version: latest + 2, name: 'latest_of_all', checksum: 'y' },
      );
    });
    const otherLine = path.join(cli.dataDir, 'other-line.backup');
    withHeader(file, otherLine, (m) => {
      const migrations = m.migrations as { checksum: string }[];
      if (migrations[1]) migrations[1].checksum = 'changed';
    });
    const otherKind = path.join(cli.dataDir, 'other-kind.backup');
    withHeader(file, otherKind, (m) => {
      m.kind = m.kind === 'pglite' ? 'postgresql' : 'pglite';
    });
    const badHeader = path.join(cli.dataDir, 'bad-header.backup');
    withHeader(file, badHeader, (m) => {
      m.sha256 = 'not a checksum';
    });
    const notOne = path.join(cli.dataDir, 'notes.txt');
    fs.writeFileSync(notOne, 'shopping list\n');
    const cases: [string, RegExp][] = [
      [
        damaged,
        /damaged\.backup is damaged: the SHA-256 of its data is [0-9a-f]{64}, and when it was made it was [0-9a-f]{64}\. Nothing was changed/,
      ],
      [short, /short\.backup is cut short: its header says [\d,]+ bytes of data and it holds [\d,]+/],
      [
        newer,
        new RegExp(
          `This backup's schema is version ${latest + 2} \\(up to migration ${String(latest + 2).padStart(4, '0')}_latest_of_all\\), made by OpenSEND 9\\.0\\.0; this OpenSEND \\([\\d.]+\\) has migrations up to version ${latest} .*Restore it with OpenSEND 9\\.0\\.0 or later\\. Nothing was changed\\.`,
        ),
      ],
      [
        otherLine,
        /Migration 0002_providers_children in this backup is not this OpenSEND's 0002_providers_children/,
      ],
      [
        otherKind,
        cli.databaseUrl
          ? /backup of the embedded database \(PGlite\)\. Restore it without DATABASE_URL/
          : /backup of a PostgreSQL database\. Restore it with DATABASE_URL set/,
      ],
      [badHeader, /bad-header\.backup has a damaged header: it cannot be restored/],
      [notOne, /notes\.txt is not an OpenSEND backup/],
      [path.join(cli.dataDir, 'missing.backup'), /cannot read .*missing\.backup: there is no such file/],
    ];
    for (const [bad, message] of cases) {
      const r = cli.run(['restore', bad, '--force']);
      assert.equal(r.code, 1, `${path.basename(bad)}: ${r.err}`);
      assert.match(r.err, message);
    }
    const still = cli.run(['restore', file]);
    assert.match(still.err, /already holds an LA: 940 Kept \(demo\)/, 'the database is as it was');
  });

  test('a backup whose data is corrupt though its checksum matches fails part-way, and the database is as it was', () => {
    const forged = path.join(cli.dataDir, 'forged.backup');
    const bytes = fs.readFileSync(file);
    const room = Number(bytes.subarray(0, 40).toString().split('\n')[0]?.split(' ').at(-1));
    const payload = Buffer.from(bytes.subarray(room));
    payload.fill(0xaa, Math.floor(payload.length / 2), Math.floor(payload.length / 2) + 4096);
    fs.writeFileSync(forged, Buffer.concat([bytes.subarray(0, room), payload]));
    withHeader(forged, forged, (m) => {
      m.sha256 = createHash('sha256').update(payload).digest('hex');
    });
    const r = cli.run(['restore', forged, '--force']);
    assert.equal(r.code, 1, r.out);
    const still = cli.run(['restore', file]);
    assert.match(still.err, /already holds an LA: 940 Kept \(demo\)/, 'the database is as it was');
    if (!cli.databaseUrl) assert.equal(fs.existsSync(path.join(cli.dataDir, 'pglite.restoring')), false);
  });

  test('a restore while another program uses the database is refused, with what to do', async () => {
    if (cli.databaseUrl) {
      const other = new pg.Client({ connectionString: cli.databaseUrl, application_name: 'opensend-server' });
      await other.connect();
      try {
        const r = cli.run(['restore', file, '--force']);
        assert.equal(r.code, 1);
        assert.match(
          r.err,
          /1 other program is connected to this database \(opensend-server\)\. Stop OpenSEND first/,
        );
      } finally {
        await other.end();
      }
      return;
    }
    const holder = start(
      [...nodeEntry('test/support/open-data-dir.ts'), path.join(cli.dataDir, 'pglite')],
      childEnv({}),
    );
    try {
      await holder.waitFor(/^opened /m);
      const r = cli.run(['restore', file, '--force']);
      assert.equal(r.code, 1);
      assert.match(
        r.err,
        new RegExp(`Another OpenSEND command is using the data directory .*\\(PID ${holder.pid},`),
      );
    } finally {
      holder.child.stdin?.end();
      await holder.exited;
    }
  });

  test('how the commands were called is checked first: exit code 2 and the usage', () => {
    for (const [args, message] of [
      [['backup'], /backup needs the backup file: opensend backup FILE/],
      [['restore', 'a', 'b'], /restore takes one file; unexpected: b/],
      [['restore', file, '--overwrite'], /Unknown option '--overwrite'/],
    ] as const) {
      const r = cli.run([...args]);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, message);
      assert.match(r.err, /Usage: opensend/);
    }
  });
});
