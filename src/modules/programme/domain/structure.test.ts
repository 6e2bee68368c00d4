import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectDateProblems, projectTasks } from './structure.ts';

const today = '2027-01-04';
const fields = (p: Parameters<typeof projectDateProblems>[0]) =>
  projectDateProblems(p, today).map((x) => x.field);

test('an end before a start is refused, planned or actual', () => {
  assert.deepEqual(
    fields({
      status: 'not_started',
      plannedStart: '2027-03-01',
      plannedEnd: '2027-02-28',
      actualStart: null,
      actualEnd: null,
    }),
    ['plannedEnd'],
  );
  assert.deepEqual(
    fields({
      status: 'complete',
      plannedStart: '2026-03-01',
      plannedEnd: '2026-09-30',
      actualStart: '2026-04-01',
      actualEnd: '2026-03-31',
    }),
    ['actualEnd'],
  );
});

test('the dates must fit the status', () => {
  const planned = { plannedStart: '2026-09-01', plannedEnd: '2027-08-31' };
  assert.deepEqual(
    fields({ status: 'not_started', ...planned, actualStart: '2026-09-01', actualEnd: null }),
    ['actualStart'],
  );
  assert.deepEqual(fields({ status: 'in_progress', ...planned, actualStart: null, actualEnd: null }), [
    'actualStart',
  ]);
  assert.deepEqual(fields({ status: 'complete', ...planned, actualStart: '2026-09-01', actualEnd: null }), [
    'actualEnd',
  ]);
  assert.deepEqual(fields({ status: 'on_hold', ...planned, actualStart: '2027-02-01', actualEnd: null }), [
    'actualStart',
  ]);
  assert.deepEqual(
    fields({ status: 'closed', ...planned, actualStart: '2026-09-01', actualEnd: '2026-12-01' }),
    [],
  );
});

test('a project lasts its planned days, first and last both counted', () => {
  // 1 September 2026 to 31 August 2027: 365 days.
  const [t] = projectTasks([
    {
      id: 'p',
      name: 'SRB places',
      priority: 2,
      status: 'not_started',
      plannedStart: '2026-09-01',
      plannedEnd: '2027-08-31',
      actualStart: null,
      actualEnd: null,
    },
  ]);
  assert.equal(t?.durationDays, 365);
});
