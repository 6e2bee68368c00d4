import assert from 'node:assert/strict';
import { test } from 'node:test';
import { letterSentRows } from './presenters.ts';

const requestId = '0a1b2c3d-0000-4000-8000-000000000001';
const letterId = '0a1b2c3d-0000-4000-8000-000000000002';

test('a letter sent reads as what it was, how and when it went, who sent it, with links to reprint it', () => {
  const [row] = letterSentRows(`/ehc/requests/${requestId}/letters`, [
    {
      id: letterId,
      kind: 'decision-to-assess',
      method: 'post',
      sentOn: '2026-12-03',
      sentBy: { id: 'u1', name: 'Sam <Jones>' },
    },
  ]);
  assert.deepEqual(row?.slice(0, 4), [
    { text: 'Letter: decision to assess' },
    { text: 'Post' },
    { text: '3 December 2026' },
    { text: 'Sam <Jones>' },
  ]);
  const links = (row?.[4] as { html: string } | undefined)?.html ?? '';
  assert.match(links, new RegExp(`href="/ehc/requests/${requestId}/letters/${letterId}">Reprint`));
  assert.match(links, new RegExp(`href="/ehc/requests/${requestId}/letters/${letterId}/pdf" download>PDF`));
  assert.match(links, /\(Letter: decision to assess, sent 3 December 2026\)/);
});

test('a kind of letter this page does not know, and a sender no longer known, still read as words', () => {
  const [row] = letterSentRows(`/ehc/requests/${requestId}/letters`, [
    { id: letterId, kind: 'notice-to-cease', method: 'portal', sentOn: '2027-01-04', sentBy: null },
  ]);
  assert.deepEqual(row?.slice(0, 4), [
    { text: 'Notice to cease' },
    { text: 'Family portal' },
    { text: '4 January 2027' },
    { text: 'Unknown' },
  ]);
});
