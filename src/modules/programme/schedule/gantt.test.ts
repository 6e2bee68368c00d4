import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ganttSvg } from './gantt.ts';

test('a row per project, its plan and what it can keep, critical ones marked, names escaped', () => {
  const svg = ganttSvg(
    [
      {
        label: 'Process <new>',
        plannedStart: '2026-01-01',
        plannedEnd: '2026-12-31',
        start: '2026-01-01',
        finish: '2026-12-31',
        critical: true,
        milestones: [{ name: 'Go live', on: '2026-08-01' }],
      },
      {
        label: 'Backlog',
        plannedStart: '2026-07-01',
        plannedEnd: '2026-12-31',
        start: '2027-01-01',
        finish: '2027-06-30',
        critical: false,
        milestones: [],
      },
    ],
    '2026-03-02',
    'Timeline',
  );
  assert.match(
    svg,
    /Process &lt;new&gt;: planned 2026-01-01 to 2026-12-31; can run 2026-01-01 to 2026-12-31, on the critical path/,
  );
  assert.equal((svg.match(/fill="#942514"/g) ?? []).length, 1, 'one critical bar');
  assert.equal((svg.match(/fill="#1d70b8"/g) ?? []).length, 1);
  // 1 January 2026 to 30 June 2027 is 546 days; the plot runs from x = 250 to 748 (498 px).
  // Backlog, the second row (y = 34 + 26 + 8), can start on day 365: 250 + 365 / 546 × 498 = 582.9.
  assert.match(svg, /<rect x="582.9" y="68"/);
  assert.match(svg, />2027<\/text>/);
  assert.match(svg, /Go live: 2026-08-01/);
  assert.equal(ganttSvg([], '2026-03-02', 'None'), '');
});
