import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { inTenant, withoutTenant } from '../../src/platform/db/tenancy.ts';
import { SeedError, seed } from '../../src/seed/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

describe('the demo data generator writes a whole LA, inside its tenancy', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await seed(db, { scale: 'norfolk', seed: 5, la: { code: '940', name: 'Test (demo)' }, children: 600 });
    await seed(db, { scale: 'norfolk', seed: 6, la: { code: '941', name: 'Other (demo)' }, children: 200 });
  });
  after(() => db.drop());

  const count = (la: string, table: string) =>
    inTenant(db.db, { laCode: la, userId: null }, async (tx) => {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(tx);
      return Number(r.rows[0]?.n);
    });

  test('each LA sees its own children, schools and clusters only', async () => {
    assert.equal(await count('940', 'children'), 600);
    assert.equal(await count('941', 'children'), 200);
    assert.ok((await count('940', 'establishments')) > 20);
    assert.ok((await count('940', 'clusters')) > 2);
    assert.ok((await count('940', 'people')) >= 600);
    assert.equal(
      await withoutTenant(db.db, async (tx) =>
        Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM children`.execute(tx)).rows[0]?.n),
      ),
      0,
    );
  });

  test('every child is marked as demo data, and every record links up', async () => {
    const r = await inTenant(db.db, { laCode: '940', userId: null }, (tx) =>
      sql<{ demo: number; orphans: number; noNeed: number }>`SELECT
        count(*) FILTER (WHERE is_demo)::int AS demo,
        count(*) FILTER (WHERE establishment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM establishments e WHERE e.id = c.establishment_id))::int AS orphans,
        count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM child_sen_needs n WHERE n.child_id = c.id AND n.rank = 1))::int AS "noNeed"
        FROM children c`.execute(tx),
    );
    assert.deepEqual(r.rows[0], { demo: 600, orphans: 0, noNeed: 0 });
  });

  test('seeding an LA that already exists is refused before anything is written', async () => {
    await assert.rejects(
      seed(db, { scale: 'norfolk', seed: 9, la: { code: '940', name: 'Again' }, children: 10 }),
      SeedError,
    );
    assert.equal(await count('940', 'children'), 600);
  });
});
