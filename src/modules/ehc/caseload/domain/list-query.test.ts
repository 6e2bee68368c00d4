import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listSearchParams, pageNumbers, requestListQuery } from './list-query.ts';

test('page numbers: first, last, the current page and its neighbours, with gaps', () => {
  assert.deepEqual(pageNumbers(1, 1), [1]);
  assert.deepEqual(pageNumbers(1, 3), [1, 2, 3]);
  assert.deepEqual(pageNumbers(5, 10), [1, null, 4, 5, 6, null, 10]);
  assert.deepEqual(pageNumbers(2, 10), [1, 2, 3, null, 10]);
  assert.deepEqual(pageNumbers(10, 10), [1, null, 9, 10]);
});

test('a query names the filter it cannot read, and keeps only what differs from the defaults in links', () => {
  const bad = requestListQuery.safeParse({
    stage: 'lost',
    sort: 'shoe size',
    page: '0',
    q: 'x'.repeat(10_000),
  });
  assert.ok(!bad.success);
  const fields = bad.error.issues.map((i) => i.path.join('.')).sort();
  assert.deepEqual(fields, ['page', 'q', 'sort', 'stage']);
  const good = requestListQuery.parse({ q: ' Ada ', stage: 'closed', page: '2' });
  assert.deepEqual([good.q, good.stage, good.sort, good.page], ['Ada', 'closed', 'next-due', 2]);
  assert.equal(listSearchParams(good).toString(), 'q=Ada&stage=closed&page=2');
});
