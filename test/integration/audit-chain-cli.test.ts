import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { chainState, createAuditSealer } from '../../src/platform/audit/index.ts';
import { connect, type Database } from '../../src/platform/db/connect.ts';
import { type CliWorkspace, cliWorkspace } from '../support/cli.ts';

/** `opensend audit verify` in a child process, as an operator runs it with the server stopped. */
describe('opensend audit verify', () => {
  let cli: CliWorkspace;
  before(async () => {
    cli = await cliWorkspace('audit-verify');
    for (const args of [
      ['la', 'add', '--code', '926', '--name', 'Norfolk'],
      ['la', 'add', '--code', '935', '--name', 'Suffolk'],
    ]) {
      const r = cli.run(args);
      assert.equal(r.code, 0, r.err);
    }
  });
  after(() => cli.remove());

  /** The command's database, opened in this process while the command is not running. */
  async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
    const database = await connect({
      databaseUrl: cli.databaseUrl,
      dataDir: path.join(cli.dataDir, 'pglite'),
    });
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }

  test('a mistake in how it was called is refused, naming the option', () => {
    const cases: [string[], number, RegExp][] = [
      [['--la', '12'], 2, /--la must be the 3-digit DfE LA number/],
      [['--head', `1:${'a'.repeat(64)}`], 2, /--head goes with --la/],
      [['--la', '926', '--head', '5:zz'], 2, /--head must be the seal number and hash.*Hash must be the 64/],
      [['--la', '926', '--head', `${'a'.repeat(64)}`], 2, /--head must be the seal number and hash/],
      [['--la', '999'], 1, /--la: there is no LA with code 999/],
    ];
    for (const [args, code, message] of cases) {
      const r = cli.run(['audit', 'verify', ...args]);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message, args.join(' '));
    }
  });

  test('reports each LA’s chain intact, with the head to write down and what is not sealed yet', async () => {
    const sealed = await withDatabase(async (database) => {
      await sql`INSERT INTO audit_events (la_code, action, entity_type)
        SELECT '926', 'child.viewed', 'child' FROM generate_series(1, 10)`.execute(database.db);
      await createAuditSealer(database).sealNow();
      await sql`INSERT INTO audit_events (la_code, action, entity_type) VALUES ('926', 'child.viewed', 'child')`.execute(
        database.db,
      );
      return (await chainState(database, '926')).head;
    });
    assert.ok(sealed);
    const r = cli.run(['audit', 'verify']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.match(
      lines[0] ?? '',
      new RegExp(`^LA 926 Norfolk: intact: ${sealed.seq} events, last sealed at \\S+Z$`),
    );
    assert.equal(lines[1], `  chain head: seal ${sealed.seq} (event ${sealed.eventId}), hash ${sealed.hash}`);
    assert.match(lines[2] ?? '', /^ {2}not sealed yet: 1 event, the oldest recorded at /);
    assert.ok(lines.includes('LA 935 Suffolk: intact: nothing sealed yet'), r.out);

    const head = `${sealed.seq}:${sealed.hash.toUpperCase()}`;
    const again = cli.run(['audit', 'verify', '--la', '926', '--head', head]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, new RegExp(`passes through seal ${sealed.seq} with the hash recorded`));
    assert.doesNotMatch(again.out, /Suffolk/);
  });

  test('a tampered log is reported on standard output and the command exits with 1', async () => {
    const fifth = await withDatabase(async (database) => {
      const r = await sql<{ event_id: number }>`
        SELECT event_id::int AS event_id FROM audit_seals WHERE la_code = '926' AND seq = 5`.execute(
        database.db,
      );
      const id = r.rows[0]?.event_id;
      await database.db.transaction().execute(async (tx) => {
        await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`.execute(tx);
        await sql`DELETE FROM audit_events WHERE id = ${id}`.execute(tx);
        await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`.execute(tx);
      });
      return id;
    });
    const r = cli.run(['audit', 'verify', '--la', '926']);
    assert.equal(r.code, 1, r.err);
    assert.match(
      r.out,
      new RegExp(`^LA 926 Norfolk: BROKEN at seal 5 \\(event ${fifth}\\): Event ${fifth}, sealed`),
    );
    assert.match(r.out, /An event has been removed\. The 4 links before it hold\./);
    assert.match(
      r.err,
      /the audit chain is broken \(LA 926 at seal 5\): report it to your information governance lead/,
    );
  });
});
