import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AttentionProject, programmeAttention } from './attention.ts';

const project = (id: string, extra: Partial<AttentionProject>): AttentionProject => ({
  id,
  name: id,
  status: 'in_progress',
  rag: 'green',
  ragReason: 'On track',
  plannedStart: '2026-09-01',
  plannedEnd: '2027-08-31',
  ...extra,
});

test('what needs doing, most pressing first, and nothing for what is done', () => {
  // Today is 4 January 2027.
  const list = programmeAttention(
    [
      project('SRB places', { rag: 'red', ragReason: 'Two sponsors withdrew' }),
      project('Backlog', { status: 'not_started', plannedStart: '2026-11-01' }),
      project('Go-live', { plannedEnd: '2026-12-31' }),
      project('Closed one', { status: 'closed', rag: 'red', plannedEnd: '2026-01-01' }),
      project('Hubs', { status: 'not_started', plannedStart: '2027-03-01' }),
    ],
    [
      {
        id: 'Hubs',
        order: 1,
        earliestStart: '2027-04-01',
        earliestFinish: '2027-09-01',
        latestStart: '2027-04-01',
        latestFinish: '2027-09-01',
        floatDays: 0,
        critical: true,
        plannedTooEarly: true,
      },
    ],
    [
      { projectId: 'Go-live', title: 'Train coordinators', status: 'in_progress', dueOn: '2026-12-15' },
      { projectId: 'Go-live', title: 'Done already', status: 'complete', dueOn: '2026-12-01' },
    ],
    [{ projectId: 'SRB places', name: 'Expressions of interest in', dueOn: '2026-12-20', achievedOn: null }],
    '2027-01-04',
  );
  assert.deepEqual(
    list.map((a) => [a.kind, a.projectId, a.day]),
    [
      ['red', 'SRB places', null],
      ['late-finish', 'Go-live', '2026-12-31'],
      ['late-start', 'Backlog', '2026-11-01'],
      ['too-early', 'Hubs', '2027-04-01'],
      ['milestone-overdue', 'SRB places', '2026-12-20'],
      ['item-overdue', 'Go-live', '2026-12-15'],
    ],
  );
  assert.equal(list[0]?.text, 'SRB places is rated red: Two sponsors withdrew');
});
