import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { dayNumber, isoFromDayNumber } from '../../../platform/kernel/days.ts';

/**
 * A programme's schedule from its projects' (or milestones') durations, priorities and
 * finish-to-start dependencies: the order they can start in, each one's earliest start and finish,
 * its latest start without delaying the programme's end, its float, and the critical path (the
 * tasks with no float). Pure; O(tasks + dependencies log tasks).
 *
 * What has happened is fact: a task that has started keeps its actual start, and one that has
 * finished its actual end. A task not yet started cannot start before `today`, nor before the day
 * after every task it depends on finishes. A task still running finishes no earlier than today.
 * Days are whole calendar days; a task of 1 day starts and finishes on the same day.
 */

export interface ScheduleTask {
  id: string;
  name: string;
  /** 1 is the highest: among tasks free to start, the higher priority starts first. */
  priority: number;
  /** Calendar days from its first to its last, both counted: at least 1. */
  durationDays: number;
  plannedStart: IsoDate | null;
  actualStart: IsoDate | null;
  actualEnd: IsoDate | null;
}

/** `after` cannot start until `before` has finished. */
export interface Dependency {
  before: string;
  after: string;
}

export interface ScheduledTask {
  id: string;
  /** Position in the start order, from 1. */
  order: number;
  earliestStart: IsoDate;
  earliestFinish: IsoDate;
  latestStart: IsoDate;
  latestFinish: IsoDate;
  /** Days it can slip without moving the programme's end. */
  floatDays: number;
  critical: boolean;
  /** Its planned start is before its earliest possible start: the plan breaks a dependency. */
  plannedTooEarly: boolean;
}

export interface Schedule {
  tasks: ScheduledTask[];
  /** Task ids in start order. */
  order: string[];
  /** The critical path's tasks, in start order. */
  critical: string[];
  finish: IsoDate | null;
}

export type ScheduleProblem =
  | { code: 'cycle'; cycle: string[]; message: string }
  | { code: 'unknown-task'; dependency: Dependency; message: string }
  | { code: 'self'; dependency: Dependency; message: string }
  | { code: 'bad-duration'; task: string; message: string };

/**
 * A cycle the dependencies make, as task ids with the first repeated at the end (a → b → a), or
 * null. Iterative depth-first search, so a long chain cannot overflow the stack.
 */
export function findCycle(ids: readonly string[], dependencies: readonly Dependency[]): string[] | null {
  const next = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const d of dependencies) next.get(d.before)?.push(d.after);
  const state = new Map<string, 1 | 2>();
  for (const root of ids) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const cursor: number[] = [0];
    state.set(root, 1);
    while (path.length) {
      const at = path[path.length - 1] as string;
      const out = next.get(at) ?? [];
      const i = cursor[cursor.length - 1] as number;
      if (i >= out.length) {
        state.set(at, 2);
        path.pop();
        cursor.pop();
        continue;
      }
      cursor[cursor.length - 1] = i + 1;
      const to = out[i] as string;
      const seen = state.get(to);
      if (seen === 1) return [...path.slice(path.indexOf(to)), to];
      if (seen === undefined) {
        state.set(to, 1);
        path.push(to);
        cursor.push(0);
      }
    }
  }
  return null;
}

/** What stops a schedule being worked out: an unknown or self dependency, a bad duration, a cycle. */
export function scheduleProblems(
  tasks: readonly ScheduleTask[],
  dependencies: readonly Dependency[],
): ScheduleProblem[] {
  const names = new Map(tasks.map((t) => [t.id, t.name]));
  const problems: ScheduleProblem[] = [];
  for (const t of tasks)
    if (!Number.isInteger(t.durationDays) || t.durationDays < 1)
      problems.push({
        code: 'bad-duration',
        task: t.id,
        message: `${t.name} must last at least a day, in whole days`,
      });
  for (const d of dependencies) {
    if (!names.has(d.before) || !names.has(d.after))
      problems.push({
        code: 'unknown-task',
        dependency: d,
        message: 'A dependency names a task that is not in the programme',
      });
    else if (d.before === d.after)
      problems.push({
        code: 'self',
        dependency: d,
        message: `${names.get(d.before)} cannot depend on itself`,
      });
  }
  if (problems.length) return problems;
  const cycle = findCycle(
    tasks.map((t) => t.id),
    dependencies,
  );
  if (cycle)
    problems.push({
      code: 'cycle',
      cycle,
      message: `These depend on each other in a circle: ${cycle.map((id) => names.get(id)).join(' → ')}`,
    });
  return problems;
}

/** A binary heap of task indexes, least key first. */
class Heap {
  private readonly items: number[] = [];
  constructor(private readonly less: (a: number, b: number) => boolean) {}
  get size() {
    return this.items.length;
  }
  push(x: number) {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(a[i] as number, a[parent] as number)) break;
      [a[i], a[parent]] = [a[parent] as number, a[i] as number];
      i = parent;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0] as number;
    const last = a.pop() as number;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l] as number, a[m] as number)) m = l;
        if (r < a.length && this.less(a[r] as number, a[m] as number)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as number, a[i] as number];
        i = m;
      }
    }
    return top;
  }
}

/**
 * The schedule, or the problems that stop it. Start order: a task is ready when everything it
 * depends on is ordered; of the ready tasks the highest priority goes first, then the earliest
 * possible start, then the name.
 */
export function scheduleProgramme(
  tasks: readonly ScheduleTask[],
  dependencies: readonly Dependency[],
  today: IsoDate,
): { ok: true; schedule: Schedule } | { ok: false; problems: ScheduleProblem[] } {
  const problems = scheduleProblems(tasks, dependencies);
  if (problems.length) return { ok: false, problems };
  const n = tasks.length;
  const index = new Map(tasks.map((t, i) => [t.id, i]));
  const successors: number[][] = tasks.map(() => []);
  const predecessors: number[][] = tasks.map(() => []);
  for (const d of dependencies) {
    const b = index.get(d.before) as number;
    const a = index.get(d.after) as number;
    successors[b]?.push(a);
    predecessors[a]?.push(b);
  }
  const now = dayNumber(today);
  const es = new Int32Array(n);
  const ef = new Int32Array(n);
  // A task's own earliest start before its dependencies are counted: its actual start, or today.
  for (let i = 0; i < n; i++) {
    const t = tasks[i] as ScheduleTask;
    es[i] = t.actualStart ? dayNumber(t.actualStart) : now;
  }
  const waiting = Int32Array.from(predecessors, (p) => p.length);
  const ready = new Heap((a, b) => {
    const ta = tasks[a] as ScheduleTask;
    const tb = tasks[b] as ScheduleTask;
    return (
      (ta.priority - tb.priority ||
        (es[a] as number) - (es[b] as number) ||
        ta.name.localeCompare(tb.name, 'en-GB')) < 0
    );
  });
  for (let i = 0; i < n; i++) if (waiting[i] === 0) ready.push(i);
  const order: number[] = [];
  while (ready.size) {
    const i = ready.pop();
    const t = tasks[i] as ScheduleTask;
    order.push(i);
    ef[i] = t.actualEnd
      ? dayNumber(t.actualEnd)
      : t.actualStart
        ? Math.max((es[i] as number) + t.durationDays - 1, now)
        : (es[i] as number) + t.durationDays - 1;
    for (const s of successors[i] ?? []) {
      const st = tasks[s] as ScheduleTask;
      if (!st.actualStart) es[s] = Math.max(es[s] as number, (ef[i] as number) + 1);
      waiting[s] = (waiting[s] as number) - 1;
      if (waiting[s] === 0) ready.push(s);
    }
  }
  const end = n ? Math.max(...ef) : now;
  const lf = new Int32Array(n).fill(end);
  const ls = new Int32Array(n);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k] as number;
    for (const s of successors[i] ?? []) lf[i] = Math.min(lf[i] as number, (ls[s] as number) - 1);
    ls[i] = (lf[i] as number) - ((ef[i] as number) - (es[i] as number));
  }
  const position = new Int32Array(n);
  order.forEach((i, k) => {
    position[i] = k + 1;
  });
  const scheduled = tasks.map((t, i): ScheduledTask => {
    const floatDays = (ls[i] as number) - (es[i] as number);
    return {
      id: t.id,
      order: position[i] as number,
      earliestStart: isoFromDayNumber(es[i] as number),
      earliestFinish: isoFromDayNumber(ef[i] as number),
      latestStart: isoFromDayNumber(ls[i] as number),
      latestFinish: isoFromDayNumber(lf[i] as number),
      floatDays,
      critical: floatDays === 0 && !t.actualEnd,
      plannedTooEarly:
        !t.actualStart && t.plannedStart !== null && dayNumber(t.plannedStart) < (es[i] as number),
    };
  });
  return {
    ok: true,
    schedule: {
      tasks: scheduled,
      order: order.map((i) => (tasks[i] as ScheduleTask).id),
      critical: order.filter((i) => scheduled[i]?.critical).map((i) => (tasks[i] as ScheduleTask).id),
      finish: n ? isoFromDayNumber(end) : null,
    },
  };
}
