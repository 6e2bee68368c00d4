import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { foldName } from '../../src/modules/children/domain/names.ts';
import {
  anyOfTrigrams,
  similarityThreshold,
  trigramsEveryMatchShares,
  wordSimilarityThreshold,
} from '../../src/modules/children/domain/search.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

/**
 * The PGlite name search skips names without one of trigramsEveryMatchShares' trigrams. That is
 * only right if no name it skips would have matched: checked here against pg_trgm itself.
 */
let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

async function skippedMatches(pairs: { name: string; query: string }[]): Promise<string[]> {
  const trigrams = await sql<{
    t: string[];
  }>`SELECT show_trgm(q) AS t FROM unnest(${pairs.map((p) => p.query)}::text[]) WITH ORDINALITY AS x(q, i) ORDER BY i`.execute(
    database.db,
  );
  const filters = trigrams.rows.map((r) => anyOfTrigrams(trigramsEveryMatchShares(r.t)));
  const { rows } = await sql<{ name: string; query: string }>`
    SELECT name, query FROM unnest(${pairs.map((p) => p.name)}::text[], ${pairs.map((p) => p.query)}::text[], ${filters}::text[]) AS x(name, query, filter)
    WHERE (similarity(name, query) >= ${similarityThreshold} OR word_similarity(query, name) >= ${wordSimilarityThreshold})
      AND NOT (filter <> '' AND array_to_tsvector(show_trgm(name)) @@ filter::tsquery)`.execute(database.db);
  return rows.map((r) => `${r.query} → ${r.name}`);
}

test('a name that matches a search always holds one of the trigrams the search looks for', async () => {
  // A small alphabet, so names and searches share many trigrams and sit near the thresholds.
  const word = fc.string({
    unit: fc.constantFrom('a', 'b', 'e', 'n', 's', 'h', 'é'),
    minLength: 1,
    maxLength: 8,
  });
  const name = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => foldName(w.join(' ')));
  const pair = fc.record({ name, query: name }).filter((p) => p.name !== '' && p.query !== '');
  await fc.assert(
    fc.asyncProperty(fc.array(pair, { minLength: 50, maxLength: 200 }), async (pairs) => {
      assert.deepEqual(await skippedMatches(pairs), []);
    }),
    { numRuns: 40 },
  );
});

test('typed slips, surnames alone and word starts are kept', async () => {
  const pairs = [
    { name: 'hannah spinks', query: 'hannah spinks' },
    { name: 'hannah spinks', query: 'spinks' },
    { name: 'hannah spinks', query: 'hanah spinks' },
    { name: 'hannah spinks', query: 'hann' },
    { name: 'zoe bronte', query: 'zoe brunte' },
    { name: 'sam smith07', query: 'smith07' },
    { name: 'jo li', query: 'jo' },
  ];
  assert.deepEqual(await skippedMatches(pairs), []);
});
