import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  boardRisks,
  changesSince,
  type ReportProject,
  type ReportRisk,
  snapshotOf,
  statusByWorkstream,
} from './report.ts';

const project = (id: string, extra: Partial<ReportProject> = {}): ReportProject => ({
  id,
  name: id,
  workstream: 'EHCP performance improvement',
  status: 'in_progress',
  rag: 'green',
  ragReason: 'On track',
  plannedEnd: '2027-08-31',
  earliestFinish: null,
  ...extra,
});
const risk = (id: string, l: number, i: number, extra: Partial<ReportRisk> = {}): ReportRisk => ({
  id,
  ref: id,
  title: `Risk ${id}`,
  likelihood: l,
  impact: i,
  status: 'open',
  escalatedOn: null,
  ...extra,
});

test('what changed since the last report, a sentence each; nothing for the first report', () => {
  const milestones = [{ id: 'm1', name: 'Go-live', project: 'Process', achievedOn: '2027-02-10' }];
  const last = snapshotOf(
    '2027-01-04',
    [project('Process'), project('Backlog', { status: 'not_started' })],
    [risk('R1', 3, 3), risk('R2', 2, 2)],
    milestones,
  );
  const now = snapshotOf(
    '2027-03-01',
    [
      project('Process', { rag: 'amber', plannedEnd: '2027-09-30' }),
      project('Backlog'),
      project('Reviews', { status: 'not_started' }),
    ],
    [risk('R1', 4, 4), risk('R2', 2, 2, { status: 'closed' }), risk('R3', 5, 3)],
    milestones,
  );
  assert.deepEqual(changesSince(last, now, milestones), [
    'Process: RAG Green → Amber',
    'Process: planned end moved from 2027-08-31 to 2027-09-30',
    'Backlog: In plan – not started → Work in progress',
    'Reviews: added to the programme',
    'R1 Risk R1: score 9 → 16',
    'R2 Risk R2: closed',
    'R3 Risk R3: raised, scored 15',
    'Go-live (Process): achieved',
  ]);
  assert.deepEqual(changesSince(null, now, milestones), []);
});

test('the board sees open risks of 10 or more, worst first, those of 15 or more marked for it', () => {
  const shown = boardRisks([
    risk('R1', 2, 5),
    risk('R2', 3, 5),
    risk('R3', 2, 4),
    risk('R4', 5, 5, { status: 'closed' }),
  ]);
  // R2: 15 (for the board); R1: 10; R3: 8 is below the line; R4 is closed.
  assert.deepEqual(
    shown.map((r) => [r.ref, r.score, r.forBoard]),
    [
      ['R2', 15, true],
      ['R1', 10, false],
    ],
  );
});

test('each workstream counts its red, amber and green', () => {
  const [w] = statusByWorkstream([
    project('A', { rag: 'red' }),
    project('B', { rag: 'green' }),
    project('C', { rag: 'red' }),
  ]);
  assert.deepEqual([w?.red, w?.amber, w?.green], [2, 0, 1]);
});
