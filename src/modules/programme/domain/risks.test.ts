import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { riskDue, riskLevel, riskScore } from './risks.ts';

test('the score is likelihood times impact, and its level by the matrix’s bands', () => {
  // 3 × 5 = 15, high; 4 × 4 = 16, very high; 1 × 4 = 4, low; 3 × 3 = 9, medium.
  assert.deepEqual(
    [
      [3, 5],
      [4, 4],
      [1, 4],
      [3, 3],
    ].map(([l, i]) => [riskScore(l ?? 0, i ?? 0), riskLevel(riskScore(l ?? 0, i ?? 0))]),
    [
      [15, 'high'],
      [16, 'very-high'],
      [4, 'low'],
      [9, 'medium'],
    ],
  );
});

test('an open risk of 15 or more not yet escalated goes to the board; one past its review date is due', () => {
  const today = '2027-01-04';
  const r = { likelihood: 3, impact: 5, status: 'open' as const, reviewOn: '2027-01-03', escalatedOn: null };
  assert.deepEqual(riskDue(r, today), { review: true, escalate: true });
  assert.deepEqual(riskDue({ ...r, escalatedOn: '2026-12-01', reviewOn: today }, today), {
    review: false,
    escalate: false,
  });
  assert.deepEqual(riskDue({ ...r, likelihood: 2 }, today).escalate, false, '2 × 5 = 10');
  assert.deepEqual(riskDue({ ...r, status: 'closed' }, today), { review: false, escalate: false });
});

test('the level never falls as likelihood or impact rises', () => {
  const order = ['low', 'medium', 'high', 'very-high'];
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), (l, i) => {
      assert.ok(order.indexOf(riskLevel(riskScore(l + 1, i))) >= order.indexOf(riskLevel(riskScore(l, i))));
    }),
  );
});
