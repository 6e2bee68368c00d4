import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { eventsPage } from '../../src/platform/audit/chain/repo.ts';
import {
  chainState,
  createAuditSealer,
  recordAuditEvent,
  verifyChain,
} from '../../src/platform/audit/index.ts';
import { connect, type Database } from '../../src/platform/db/connect.ts';
import { migrate, readMigrations } from '../../src/platform/db/migrate.ts';
import { inTenant, type Tx } from '../../src/platform/db/tenancy.ts';
import { addLa } from '../../src/platform/las/index.ts';
import { cliWorkspace } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);
const onePglite = 'PGlite has one connection, so two transactions can never be open at once';

/**
 * Ten events for the LA, numbered by hand so each test can say which event sits at which seal:
 * the LA's k-th of ten has id base + 10k (another LA's events would fall in the gaps), 1 second
 * apart from 2026-03-02 09:00:00.123456 UTC, with detail {"n": k}.
 */
async function tenEvents(db: Database['db'], laCode: string, base: number): Promise<void> {
  await sql`INSERT INTO audit_events (id, at, la_code, action, entity_type, entity_id, detail)
    OVERRIDING SYSTEM VALUE
    SELECT ${base}::bigint + 10 * g, timestamptz '2026-03-02 09:00:00.123456+00' + g * interval '1 second',
      ${laCode}, 'child.viewed', 'child', g::text, jsonb_build_object('n', g)
    FROM generate_series(1, 10) AS g`.execute(db);
  // The sequence must hand out ids past every one given by hand, as it would have drawn them.
  await sql`SELECT setval(pg_get_serial_sequence('audit_events', 'id'), greatest(100000, (SELECT max(id) FROM audit_events)))`.execute(
    db,
  );
}

/** Runs `work` as the table owner with one append-only trigger off, as someone tampering would. */
function tamper(
  db: Database['db'],
  table: 'audit_events' | 'audit_seals',
  work: (tx: Tx) => Promise<unknown>,
): Promise<void> {
  const trigger = sql.raw(`${table}_no_update`);
  return db.transaction().execute(async (tx) => {
    await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER ${trigger}`.execute(tx);
    await work(tx);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER ${trigger}`.execute(tx);
  });
}

async function sealsOf(db: Database['db'], laCode: string) {
  const r = await sql<{ seq: number; event_id: number; prev: string; hash: string }>`
    SELECT seq::int AS seq, event_id::int AS event_id, encode(prev_hash, 'hex') AS prev, encode(hash, 'hex') AS hash
    FROM audit_seals WHERE la_code = ${laCode} ORDER BY seq`.execute(db);
  return r.rows;
}

async function brokenAt(database: Database, laCode: string, recorded?: { seq: number; hash: string }) {
  // Pages of three, so a chain of ten is read over four pages of events and four of seals.
  const report = await verifyChain(database, laCode, { recorded, pageSize: 3 });
  const v = report.verdict;
  return v.intact ? 'intact' : [v.break.kind, v.break.seq, v.break.eventId];
}

describe('audit chain: sealing and tampering', () => {
  let database: TestDatabase;
  // One LA per way of tampering, so each chain is spoilt in one way only.
  const las = {
    sealed: '901',
    changed: '902',
    deleted: '903',
    forged: '904',
    editedSeal: '905',
    removedSeal: '906',
    reordered: '907',
    rewritten: '908',
  };
  const base = (code: string) => (Number(code) - 900) * 1000;

  before(async () => {
    database = await createTestDatabase();
    for (const code of Object.values(las)) {
      await addLa(database, { code, name: `LA ${code}` });
      await tenEvents(database.db, code, base(code));
    }
    // Three to a batch, so a chain of ten is sealed over four transactions that must follow on.
    await createAuditSealer(database, { batch: 3 }).sealNow();
  });
  after(() => database.drop());

  test('each LA’s events are sealed in id order into its own chain; the first link as worked out by hand', async () => {
    const seals = await sealsOf(database.db, las.sealed);
    assert.deepEqual(
      seals.map((s) => [s.seq, s.event_id]),
      Array.from({ length: 10 }, (_, i) => [i + 1, 1000 + 10 * (i + 1)]),
    );
    // Event 1010 reads [1010,"2026-03-02T09:00:01.123456Z","901",null,"child.viewed","child","1",
    // null,null,null,null,{"n":1}]; its hash, worked out with Python's hashlib as
    // sha256(b'\0' * 32 + that text), is 9fd16115….
    assert.equal(seals[0]?.prev, '0'.repeat(64));
    assert.equal(seals[0]?.hash, '9fd16115b3518a2cb0b99de9ef379f0199a87462ddf45cbe99ff4a8a1279470a');
    for (let i = 1; i < seals.length; i++) assert.equal(seals[i]?.prev, seals[i - 1]?.hash, `seal ${i + 1}`);
    const text = `[1020,"2026-03-02T09:00:02.123456Z","901",null,"child.viewed","child","2",null,null,null,null,{"n":2}]`;
    const second = createHash('sha256')
      .update(Buffer.from(seals[0]?.hash ?? '', 'hex'))
      .update(text)
      .digest('hex');
    assert.equal(seals[1]?.hash, second);
  });

  test('an untouched chain is intact, and says where it ends', async () => {
    for (const pageSize of [3, 10, 1000])
      assert.deepEqual((await verifyChain(database, las.sealed, { pageSize })).verdict, {
        intact: true,
        links: 10,
      });
    const report = await verifyChain(database, las.sealed);
    assert.deepEqual(report.verdict, { intact: true, links: 10 });
    assert.equal(report.head?.seq, 10);
    assert.equal(report.head?.eventId, 1100);
    assert.deepEqual(report.lag, { unsealed: 0, oldestUnsealedAt: null });
  });

  test('an event edited by the owner breaks the chain at its seal', async () => {
    // Event 2050 is the LA's 5th: seal 5.
    await tamper(database.db, 'audit_events', (tx) =>
      sql`UPDATE audit_events SET detail = '{"n": 500}' WHERE id = 2050`.execute(tx),
    );
    assert.deepEqual(await brokenAt(database, las.changed), ['changed-event', 5, 2050]);
  });

  test('a deleted event is missing at its seal', async () => {
    await tamper(database.db, 'audit_events', (tx) =>
      sql`DELETE FROM audit_events WHERE id = 3070`.execute(tx),
    );
    assert.deepEqual(await brokenAt(database, las.deleted), ['missing-event', 7, 3070]);
  });

  test('a forged event slipped in among sealed ones is found before the seal after it', async () => {
    // 4035 falls between the 3rd event (4030, seal 3) and the 4th (4040, seal 4).
    await sql`INSERT INTO audit_events (id, at, la_code, action, entity_type, entity_id)
      OVERRIDING SYSTEM VALUE VALUES (4035, timestamptz '2026-03-02 09:00:03.5+00', ${las.forged}, 'child.viewed', 'child', 'x')`.execute(
      database.db,
    );
    assert.deepEqual(await brokenAt(database, las.forged), ['added-event', 4, 4035]);
  });

  test('a seal whose hash was edited is forged, at that seal', async () => {
    await tamper(database.db, 'audit_seals', (tx) =>
      sql`UPDATE audit_seals SET hash = sha256('forged') WHERE la_code = ${las.editedSeal} AND seq = 6`.execute(
        tx,
      ),
    );
    assert.deepEqual(await brokenAt(database, las.editedSeal), ['forged-seal', 6, 5060]);
  });

  test('a seal removed from the middle is missing, and its event with it', async () => {
    await tamper(database.db, 'audit_seals', (tx) =>
      sql`DELETE FROM audit_seals WHERE la_code = ${las.removedSeal} AND seq = 4`.execute(tx),
    );
    assert.deepEqual(await brokenAt(database, las.removedSeal), ['missing-seal', 4, 6040]);
  });

  test('two seals swapped are a change of order', async () => {
    await tamper(database.db, 'audit_seals', async (tx) => {
      const seal = (seq: number, eventId: number) =>
        sql`UPDATE audit_seals SET event_id = ${eventId} WHERE la_code = ${las.reordered} AND seq = ${seq}`.execute(
          tx,
        );
      await seal(8, -1);
      await seal(9, 7080);
      await seal(8, 7090);
    });
    assert.deepEqual(await brokenAt(database, las.reordered), ['reordered', 8, 7080]);
  });

  test('a chain rebuilt after an edit holds, but not through the head written down before', async () => {
    const la = las.rewritten;
    const before = (await chainState(database, la)).head;
    assert.ok(before);
    const recorded = { seq: before.seq, hash: before.hash };
    assert.equal(await brokenAt(database, la, recorded), 'intact');

    // Seals removed from the end are sealed again just as they were: nothing is lost or changed.
    await tamper(database.db, 'audit_seals', (tx) =>
      sql`DELETE FROM audit_seals WHERE la_code = ${la} AND seq > 7`.execute(tx),
    );
    await createAuditSealer(database).sealNow();
    assert.equal(await brokenAt(database, la, recorded), 'intact');

    // The owner edits event 8050 (seal 5), removes the seals from there and lets the sealer seal again.
    await tamper(database.db, 'audit_events', (tx) =>
      sql`UPDATE audit_events SET action = 'child.updated' WHERE id = 8050`.execute(tx),
    );
    await tamper(database.db, 'audit_seals', (tx) =>
      sql`DELETE FROM audit_seals WHERE la_code = ${la} AND seq >= 5`.execute(tx),
    );
    await createAuditSealer(database).sealNow();
    assert.equal(await brokenAt(database, la), 'intact');
    assert.deepEqual(await brokenAt(database, la, recorded), ['rewritten', 10, 8100]);
  });

  test('nobody may change or remove a seal, and an LA sees only its own', async () => {
    await assert.rejects(sql`UPDATE audit_seals SET seq = seq + 100`.execute(database.db), /append-only/);
    await assert.rejects(sql`DELETE FROM audit_seals`.execute(database.db), /append-only/);
    await assert.rejects(sql`TRUNCATE audit_seals`.execute(database.db), /append-only/);
    const tenant = { laCode: las.sealed, userId: null };
    await assert.rejects(
      inTenant(database.db, tenant, (tx) => sql`UPDATE audit_seals SET seq = seq + 100`.execute(tx)),
      /permission denied/,
    );
    await assert.rejects(
      inTenant(database.db, tenant, (tx) => sql`DELETE FROM audit_seals`.execute(tx)),
      /permission denied/,
    );
    const seen = await inTenant(database.db, tenant, (tx) =>
      sql<{ la_code: string }>`SELECT DISTINCT la_code FROM audit_seals`.execute(tx),
    );
    assert.deepEqual(
      seen.rows.map((r) => r.la_code),
      [las.sealed],
    );
    await assert.rejects(
      inTenant(database.db, tenant, (tx) =>
        sql`INSERT INTO audit_seals (la_code, seq, event_id, prev_hash, hash)
          VALUES (${las.changed}, 99, 99, sha256(''), sha256(''))`.execute(tx),
      ),
      /row-level security/,
    );
  });
});

describe('audit chain: what is not sealed yet', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
    await addLa(database, { code: '926', name: 'Norfolk (test)' });
  });
  after(() => database.drop());

  test('events recorded since the last pass count as not sealed, until the next pass seals them', async () => {
    await tenEvents(database.db, '926', 0);
    const lag = (await chainState(database, '926')).lag;
    // The oldest of the ten is the first: 09:00:00.123456 + 1 s.
    assert.deepEqual(lag, { unsealed: 10, oldestUnsealedAt: '2026-03-02T09:00:01.123Z' });
    const sealer = createAuditSealer(database);
    const pass = await sealer.sealNow();
    assert.deepEqual(pass.sealed, { 926: 10 });
    assert.deepEqual((await chainState(database, '926')).lag, { unsealed: 0, oldestUnsealedAt: null });
    // Nothing new: the next pass has nothing to do.
    assert.deepEqual((await sealer.sealNow()).sealed, {});
    await inTenant(database.db, { laCode: '926', userId: null }, (tx) =>
      recordAuditEvent(tx, {
        laCode: '926',
        userId: null,
        action: 'audit.searched',
        entityType: 'audit-log',
      }),
    );
    assert.deepEqual((await sealer.sealNow()).sealed, { 926: 1 });
    assert.deepEqual((await verifyChain(database, '926')).verdict, { intact: true, links: 11 });
  });

  test('a sealer started and stopped leaves nothing half done', async () => {
    const sealer = createAuditSealer(database, { intervalMs: 10 });
    sealer.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sealer.stop();
    assert.deepEqual((await verifyChain(database, '926')).verdict, { intact: true, links: 11 });
  });
});

describe('audit chain: the text each event is hashed as', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
    await addLa(database, { code: '926', name: 'Norfolk (test)' });
  });
  after(() => database.drop());

  test('is written by the database as specified, whatever the fields hold and the session’s time zone', async () => {
    const action = 'a"b\\c\n\t\u0001 é 😀 \u2028';
    const detail = '{"b": [1, 2.50, {"y": null, "x": "q\\"\\n"}], "a": 1e3, "10": 1, "9": 2}';
    await sql`INSERT INTO audit_events (id, at, la_code, user_id, action, entity_type, entity_id, child_id, child_ids, ip, request_id, detail)
      OVERRIDING SYSTEM VALUE VALUES (7, timestamptz '2026-01-01 00:00:00.5+00', '926', NULL, ${action}, 'child', NULL,
        '11111111-1111-4111-8111-111111111111',
        ARRAY['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222']::uuid[], '::1', NULL,
        ${detail}::jsonb)`.execute(database.db);
    const [event] = await inTenant(database.db, { laCode: '926', userId: null }, async (tx) => {
      await sql`SET LOCAL TimeZone = 'Asia/Tokyo'`.execute(tx);
      return eventsPage(tx, '926', 0, 7, 10);
    });
    // By hand: at in UTC with six digits; JSON escapes for the quote, backslash, line feed, tab and
    // U+0001, none for é, the emoji or U+2028 (as JSON.stringify); detail's keys sorted as text,
    // 1e3 and 2.50 as JavaScript writes those numbers.
    const expected =
      String.raw`[7,"2026-01-01T00:00:00.500000Z","926",null,"a\"b\\c\n\t\u0001 é 😀 ` +
      '\u2028' +
      String.raw`","child",null,"11111111-1111-4111-8111-111111111111",["11111111-1111-4111-8111-111111111111","22222222-2222-4222-8222-222222222222"],"::1",null,{"10":1,"9":2,"a":1000,"b":[1,2.5,{"x":"q\"\n","y":null}]}]`;
    assert.deepEqual(event, { id: 7, text: expected });
  });
});

describe('audit chain: events recorded before the chain existed', () => {
  test('are sealed by the sealer like any others', async () => {
    const place = await cliWorkspace('chain-premigration');
    const database = await connect({
      databaseUrl: place.databaseUrl,
      dataDir: path.join(place.dataDir, 'pglite'),
    });
    try {
      const migrations = readMigrations();
      const chain = migrations.findIndex((m) => m.name === 'audit_chain');
      await migrate(database, migrations.slice(0, chain));
      await addLa(database, { code: '926', name: 'Norfolk (test)' });
      await tenEvents(database.db, '926', 0);
      await migrate(database, migrations);
      await createAuditSealer(database).sealNow();
      const report = await verifyChain(database, '926');
      assert.deepEqual(report.verdict, { intact: true, links: 10 });
      assert.equal(report.head?.eventId, 100);
    } finally {
      await database.close();
      await place.remove();
    }
  });
});

describe('audit chain: transactions that commit out of order', { skip: !onPostgres && onePglite }, () => {
  let database: TestDatabase;
  const tenant = { laCode: '926', userId: null };
  const record = (tx: Tx, entityId: string) =>
    recordAuditEvent(tx, {
      laCode: '926',
      userId: null,
      action: 'child.viewed',
      entityType: 'child',
      entityId,
    });
  before(async () => {
    database = await createTestDatabase();
    await addLa(database, { code: '926', name: 'Norfolk (test)' });
  });
  after(() => database.drop());

  /** Opens a tenant transaction that records an event and waits, open, until told to commit. */
  function openWriter(entityId: string) {
    let commit: () => void = () => undefined;
    let recorded: () => void = () => undefined;
    const go = new Promise<void>((resolve) => {
      commit = resolve;
    });
    const wrote = new Promise<void>((resolve) => {
      recorded = resolve;
    });
    const done = inTenant(database.db, tenant, async (tx) => {
      await record(tx, entityId);
      recorded();
      await go;
    });
    return { wrote, commit, done };
  }

  test('an event that commits after a later one is sealed before it, never skipped', async () => {
    const sealer = createAuditSealer(database);
    // A takes the lower id and stays open; B takes the next id and commits first.
    const a = openWriter('A');
    await a.wrote;
    await inTenant(database.db, tenant, (tx) => record(tx, 'B'));

    // B is visible but A's id, below it, may still come: nothing up to B may be sealed yet.
    const held = await sealer.sealNow();
    assert.equal(held.horizon, null);
    assert.deepEqual(held.sealed, {});
    assert.equal((await chainState(database, '926')).lag.unsealed, 1);

    a.commit();
    await a.done;
    const pass = await sealer.sealNow();
    assert.deepEqual(pass.sealed, { 926: 2 });
    const seals = await sealsOf(database.db, '926');
    const ids = await sql<{ id: number; entity_id: string }>`
      SELECT id::int AS id, entity_id FROM audit_events WHERE la_code = '926' ORDER BY id`.execute(
      database.db,
    );
    assert.deepEqual(
      ids.rows.map((r) => r.entity_id),
      ['A', 'B'],
      'A drew the lower id',
    );
    assert.deepEqual(
      seals.map((s) => s.event_id),
      ids.rows.map((r) => r.id),
      'sealed in id order: A, then B',
    );
    assert.deepEqual((await verifyChain(database, '926')).verdict, { intact: true, links: 2 });
  });

  test('recording an event does not wait for a sealer in the middle of sealing', async () => {
    let release: () => void = () => undefined;
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    let taken: () => void = () => undefined;
    const chainTaken = new Promise<void>((resolve) => {
      taken = resolve;
    });
    // A sealer's transaction that has taken the LA's chain and has not finished.
    const sealing = inTenant(database.db, tenant, async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended('opensend.audit-chain.' || ${'926'}, 0))`.execute(
        tx,
      );
      await sql`SELECT count(*) FROM audit_seals`.execute(tx);
      taken();
      await hold;
    });
    await chainTaken;
    const started = performance.now();
    await inTenant(database.db, tenant, (tx) => record(tx, 'C'));
    const ms = performance.now() - started;
    assert.ok(ms < 1000, `recording took ${Math.round(ms)} ms while the chain was being sealed`);
    // Another sealer passes the LA by while its chain is taken, and seals it once it is free.
    const other = createAuditSealer(database);
    assert.deepEqual((await other.sealNow()).sealed, {});
    release();
    await sealing;
    assert.deepEqual((await other.sealNow()).sealed, { 926: 1 });
  });
});
