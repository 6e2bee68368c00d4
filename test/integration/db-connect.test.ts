import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase } from '../support/db.ts';

test('on PostgreSQL, a server ending an idle connection neither crashes the process nor breaks the next query', {
  skip: process.env.DATABASE_URL ? false : 'needs a PostgreSQL server (DATABASE_URL)',
}, async () => {
  const db = await createTestDatabase();
  try {
    // Two queries at once leave two connections idle in the pool.
    await Promise.all([sql`SELECT pg_sleep(0.05)`.execute(db.db), sql`SELECT pg_sleep(0.05)`.execute(db.db)]);
    const crashes: unknown[] = [];
    const onCrash = (err: unknown) => crashes.push(err);
    process.on('uncaughtException', onCrash);
    try {
      // From another connection of the same pool: end every other backend of this database, the idle one included.
      await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(db.db);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.off('uncaughtException', onCrash);
    }
    assert.deepEqual(crashes, []);
    const r = await sql<{ n: number }>`SELECT 2 AS n`.execute(db.db);
    assert.equal(r.rows[0]?.n, 2);
  } finally {
    await db.drop();
  }
});
