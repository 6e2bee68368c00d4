import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, sql } from 'kysely';
import { PreparingPGliteDialect } from './pglite-dialect.ts';

// The dialect against PGlite's own `query`, which it replaces: the same rows, types and counts.
let pglite: PGlite;
let db: Kysely<{ t: { id: number; body: string } }>;

before(async () => {
  pglite = await PGlite.create('memory://');
  db = new Kysely({ dialect: new PreparingPGliteDialect(pglite) });
  await pglite.exec('CREATE TABLE t (id int PRIMARY KEY, body text NOT NULL)');
});
after(async () => {
  await db.destroy();
});

const prepared = async () =>
  (await pglite.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements')).rows[0]?.n;

test('values of every common type come back as PGlite itself returns them', async () => {
  const text = `SELECT $1::int8 AS big, $2::numeric AS amount, $3::date AS day, $4::timestamptz AS at,
    $5::jsonb AS doc, $6::text[] AS list, $7::uuid AS id, $8::bool AS yes, $9::text AS nothing,
    $10::bytea AS bytes`;
  const params = [
    '9007199254740993',
    '12.50',
    '2026-03-31',
    new Date('2026-12-03T10:00:00Z'),
    JSON.stringify({ a: [1, 'two'] }),
    ['x', 'y "z"'],
    '0b3e1b7e-5a52-4c1e-9d1e-2f0c2b4a9e10',
    true,
    null,
    new Uint8Array([0, 255, 16]),
  ];
  const theirs = await pglite.query(text, params);
  const ours = await db.executeQuery(CompiledQuery.raw(text, params));
  assert.deepEqual(ours.rows, theirs.rows);
  // Run again from the prepared statement.
  assert.deepEqual((await db.executeQuery(CompiledQuery.raw(text, params))).rows, theirs.rows);
});

test('a statement is prepared once however often it runs', async () => {
  const before = await prepared();
  for (let i = 0; i < 5; i++)
    await db
      .insertInto('t')
      .values({ id: i, body: `row ${i}` })
      .execute();
  const rows = await db.selectFrom('t').select(['id', 'body']).where('id', '<', 3).orderBy('id').execute();
  assert.deepEqual(rows, [
    { id: 0, body: 'row 0' },
    { id: 1, body: 'row 1' },
    { id: 2, body: 'row 2' },
  ]);
  // One insert and one select: two statements, not six.
  assert.equal(await prepared(), (before ?? 0) + 2);
});

test('changed and deleted rows are counted', async () => {
  const updated = await db.updateTable('t').set({ body: 'changed' }).where('id', '>=', 3).executeTakeFirst();
  assert.equal(updated.numUpdatedRows, 2n);
  const deleted = await db.deleteFrom('t').where('id', '=', 4).executeTakeFirst();
  assert.equal(deleted.numDeletedRows, 1n);
});

test('a table whose columns change under a prepared statement is read as it now is', async () => {
  const all = () => sql<Record<string, unknown>>`SELECT * FROM t WHERE id = 0`.execute(db);
  assert.deepEqual((await all()).rows, [{ id: 0, body: 'row 0' }]);
  await pglite.exec(`ALTER TABLE t ADD COLUMN note text DEFAULT 'new'`);
  assert.deepEqual((await all()).rows, [{ id: 0, body: 'row 0', note: 'new' }]);
});

test('a failed statement rolls its transaction back and leaves the next one working', async () => {
  await assert.rejects(
    db.transaction().execute(async (tx) => {
      await tx.insertInto('t').values({ id: 100, body: 'kept?' }).execute();
      await tx.insertInto('t').values({ id: 100, body: 'duplicate' }).execute();
    }),
    (err: { code?: string }) => err.code === '23505',
  );
  assert.equal((await db.selectFrom('t').select('id').where('id', '=', 100).execute()).length, 0);
  await assert.rejects(sql`SELECT no_such_column FROM t`.execute(db), /no_such_column/);
  assert.equal((await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows[0]?.one, 1);
});

test('transactions started together run one after the other, each seeing only its own work', async () => {
  const write = (id: number) =>
    db.transaction().execute(async (tx) => {
      await tx.insertInto('t').values({ id, body: 'pending' }).execute();
      await new Promise((r) => setTimeout(r, 5));
      const seen = await tx.selectFrom('t').select('id').where('body', '=', 'pending').execute();
      await tx.updateTable('t').set({ body: 'done' }).where('id', '=', id).execute();
      return seen.map((r) => r.id);
    });
  const [a, b] = await Promise.all([write(200), write(201)]);
  assert.deepEqual(a, [200]);
  assert.deepEqual(b, [201]);
});

test('no more than 500 statements are kept prepared', async () => {
  // 600 different statement texts: the 100 used least recently are closed, the last of them with
  // the next statement sent (here the SELECT 1), so 500 remain.
  for (let i = 0; i < 600; i++) await sql.raw(`SELECT ${i} AS n`).execute(db);
  await sql`SELECT 1`.execute(db);
  assert.equal(await prepared(), 500);
});
