import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benefitStatus, plannedFor } from './benefits.ts';

// Children in independent placements: 200 in 2026, to fall to 160 by 2030.
const fewer = {
  direction: 'decrease' as const,
  baseline: 200,
  baselineYear: 2026,
  target: 160,
  targetYear: 2030,
};

test('with no figure planned for a year, the plan is the straight line from baseline to target', () => {
  // 2028 is half way: 200 + (160 − 200) × 2 / 4 = 180.
  assert.equal(plannedFor(fewer, 2028, null), 180);
  assert.equal(plannedFor(fewer, 2028, 185), 185, 'a figure given for the year wins');
  assert.equal(plannedFor(fewer, 2025, null), 200);
  assert.equal(plannedFor(fewer, 2031, null), 160);
});

test('better follows the direction: for fewer children, at or under the plan is on track', () => {
  assert.equal(benefitStatus(fewer, { year: 2028, actual: 178, planned: null }), 'on-track');
  assert.equal(benefitStatus(fewer, { year: 2028, actual: 181, planned: null }), 'behind');
  assert.equal(benefitStatus(fewer, { year: 2028, actual: 160, planned: null }), 'achieved');
  assert.equal(benefitStatus(fewer, null), 'no-actual');
  // More SRB places: 400 to 570; 450 in the first year against a plan of 440 is on track.
  const more = {
    direction: 'increase' as const,
    baseline: 400,
    baselineYear: 2026,
    target: 570,
    targetYear: 2029,
  };
  assert.equal(benefitStatus(more, { year: 2027, actual: 450, planned: 440 }), 'on-track');
});
