import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type Dependency, findCycle, type ScheduleTask, scheduleProgramme } from './schedule.ts';

const task = (
  id: string,
  priority: number,
  durationDays: number,
  extra: Partial<ScheduleTask> = {},
): ScheduleTask => ({
  id,
  name: id,
  priority,
  durationDays,
  plannedStart: null,
  actualStart: null,
  actualEnd: null,
  ...extra,
});
const dep = (before: string, after: string): Dependency => ({ before, after });

/**
 * Worked by hand, today Monday 4 January 2027, nothing started:
 *   A (priority 1, 10 days): 4 to 13 January.          E (priority 2, 2 days): 4 to 5 January.
 *   B (priority 2, 5 days) after A: 14 to 18 January.  C (priority 1, 3 days) after A: 14 to 16.
 *   D (priority 3, 4 days) after B and C: from the later of 19 and 17, so 19 to 22 January.
 * Start order: A and E are free, A first (priority 1); then C (priority 1) before E and B
 * (priority 2), E before B (free from 4 January against 14); D last. A, C, E, B, D.
 * Backwards from the end, 22 January: D may start 19th (no float); B must finish by 18th, start by
 * 14th (none); C must finish by 18th, so start by 16th (2 days); A must finish by 13th, the day
 * before B's latest start (none); E may finish on the 22nd, start by the 21st (17 days).
 * The critical path: A, B, D.
 */
describe('a programme scheduled by hand', () => {
  const tasks = [
    task('A', 1, 10),
    task('B', 2, 5, { plannedStart: '2027-01-10' }),
    task('C', 1, 3),
    task('D', 3, 4),
    task('E', 2, 2),
  ];
  const deps = [dep('A', 'B'), dep('A', 'C'), dep('B', 'D'), dep('C', 'D')];
  const result = scheduleProgramme(tasks, deps, '2027-01-04');
  assert.ok(result.ok);
  const s = result.schedule;
  const of = (id: string) => s.tasks.find((t) => t.id === id);

  test('the start order follows dependencies, then priority, then the earliest start', () => {
    assert.deepEqual(s.order, ['A', 'C', 'E', 'B', 'D']);
    assert.deepEqual(
      s.tasks.map((t) => [t.id, t.order]),
      [
        ['A', 1],
        ['B', 4],
        ['C', 2],
        ['D', 5],
        ['E', 3],
      ],
    );
  });

  test('earliest and latest starts and finishes, floats and the critical path', () => {
    assert.deepEqual(
      s.tasks.map((t) => [
        t.id,
        t.earliestStart,
        t.earliestFinish,
        t.latestStart,
        t.latestFinish,
        t.floatDays,
      ]),
      [
        ['A', '2027-01-04', '2027-01-13', '2027-01-04', '2027-01-13', 0],
        ['B', '2027-01-14', '2027-01-18', '2027-01-14', '2027-01-18', 0],
        ['C', '2027-01-14', '2027-01-16', '2027-01-16', '2027-01-18', 2],
        ['D', '2027-01-19', '2027-01-22', '2027-01-19', '2027-01-22', 0],
        ['E', '2027-01-04', '2027-01-05', '2027-01-21', '2027-01-22', 17],
      ],
    );
    assert.deepEqual(s.critical, ['A', 'B', 'D']);
    assert.equal(s.finish, '2027-01-22');
  });

  test('a plan that starts before a dependency finishes is flagged', () => {
    // B is planned for 10 January, before A can finish on the 13th.
    assert.equal(of('B')?.plannedTooEarly, true);
    assert.equal(of('A')?.plannedTooEarly, false);
  });
});

test('what has happened is fact: an overrunning task finishes no earlier than today', () => {
  // A began on 1 December 2026 for 10 days, so was due to finish on the 10th; on 4 January it is
  // still running, so it finishes on the 4th at the earliest, and B (after it) starts on the 5th.
  // C finished early, on 2 January, and is on no critical path.
  const result = scheduleProgramme(
    [
      task('A', 1, 10, { actualStart: '2026-12-01' }),
      task('B', 1, 3),
      task('C', 1, 30, { actualStart: '2026-12-01', actualEnd: '2027-01-02' }),
    ],
    [dep('A', 'B'), dep('C', 'B')],
    '2027-01-04',
  );
  assert.ok(result.ok);
  const of = (id: string) => result.schedule.tasks.find((t) => t.id === id);
  assert.deepEqual([of('A')?.earliestStart, of('A')?.earliestFinish], ['2026-12-01', '2027-01-04']);
  assert.deepEqual([of('B')?.earliestStart, of('B')?.earliestFinish], ['2027-01-05', '2027-01-07']);
  assert.equal(of('C')?.critical, false);
  assert.deepEqual(result.schedule.critical, ['A', 'B']);
});

test('a cycle is refused, named in order', () => {
  const tasks = [task('Design', 1, 5), task('Build', 1, 5), task('Consult', 1, 5), task('Other', 1, 1)];
  const result = scheduleProgramme(
    tasks,
    [dep('Design', 'Build'), dep('Build', 'Consult'), dep('Consult', 'Design'), dep('Other', 'Design')],
    '2027-01-04',
  );
  assert.equal(result.ok, false);
  assert.ok(!result.ok);
  assert.deepEqual(
    result.problems.map((p) => p.message),
    ['These depend on each other in a circle: Design → Build → Consult → Design'],
  );
  assert.equal(findCycle(['a', 'b'], [dep('a', 'b')]), null);
});

test('a task depending on itself, an unknown task and a duration under a day are refused', () => {
  const result = scheduleProgramme(
    [task('A', 1, 0), task('B', 1, 2)],
    [dep('B', 'B'), dep('B', 'Z')],
    '2027-01-04',
  );
  assert.ok(!result.ok);
  assert.deepEqual(
    result.problems.map((p) => p.code),
    ['bad-duration', 'self', 'unknown-task'],
  );
});

const acyclic = fc
  .record({
    n: fc.integer({ min: 1, max: 25 }),
    edges: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 60 }),
    durations: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 25, maxLength: 25 }),
    priorities: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 25, maxLength: 25 }),
  })
  .map(({ n, edges, durations, priorities }) => ({
    tasks: Array.from({ length: n }, (_, i) => task(`t${i}`, priorities[i] ?? 1, durations[i] ?? 1)),
    // Edges from a lower to a higher index can make no cycle.
    deps: edges
      .map(([a, b]) => [a % n, b % n] as const)
      .filter(([a, b]) => a < b)
      .map(([a, b]) => dep(`t${a}`, `t${b}`)),
  }));

test('laws: every dependency is kept, no float is negative, the order respects dependencies', () => {
  fc.assert(
    fc.property(acyclic, ({ tasks, deps }) => {
      const result = scheduleProgramme(tasks, deps, '2027-01-04');
      assert.ok(result.ok);
      const s = result.schedule;
      const of = new Map(s.tasks.map((t) => [t.id, t]));
      for (const d of deps) {
        const b = of.get(d.before);
        const a = of.get(d.after);
        assert.ok(b && a && a.earliestStart > b.earliestFinish && a.order > b.order);
        assert.ok(a.latestStart > b.latestFinish);
      }
      for (const t of s.tasks) {
        assert.ok(t.floatDays >= 0);
        assert.ok(t.latestFinish <= (s.finish as string));
      }
      assert.equal(new Set(s.order).size, tasks.length);
      // Something always lies on the critical path, and it finishes when the programme does.
      assert.ok(s.critical.some((id) => of.get(id)?.earliestFinish === s.finish));
    }),
  );
});

test('a cycle added to an acyclic programme is always found', () => {
  fc.assert(
    fc.property(acyclic, ({ tasks, deps }) => {
      if (tasks.length < 2) return;
      const closing = dep(`t${tasks.length - 1}`, 't0');
      const withPath = [...deps, ...tasks.slice(1).map((t, i) => dep(`t${i}`, t.id)), closing];
      const cycle = findCycle(
        tasks.map((t) => t.id),
        withPath,
      );
      assert.ok(cycle && cycle[0] === cycle[cycle.length - 1]);
    }),
  );
});
