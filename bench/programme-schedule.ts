import {
  type Dependency,
  findCycle,
  type ScheduleTask,
  scheduleProgramme,
} from '../src/modules/programme/domain/schedule.ts';
import { Prng } from '../src/seed/prng.ts';
import { type BenchOutcome, databaseKind, environment, printTable, writeResult } from './lib/report.ts';
import { time } from './lib/timing.ts';

const projects = 500;
const dependencies = 5_000;
const runs = 50;
const targetMs = 100;

/**
 * Scheduling a programme of 500 projects and 5,000 finish-to-start dependencies (a seeded
 * generator, each dependency from an earlier project to a later one, so none makes a cycle): the
 * cycle check, the start order by priority, the earliest and latest dates and the critical path,
 * as the programme's pages work them out. Baseline in the same run: the cycle check alone, the
 * least any schedule must do. 50 timed runs after untimed ones, the worst against the target: under
 * 100 ms.
 */
export function generatedProgramme(seed = 16): { tasks: ScheduleTask[]; deps: Dependency[] } {
  const rng = new Prng(seed);
  const tasks: ScheduleTask[] = Array.from({ length: projects }, (_, i) => ({
    id: `p${i}`,
    name: `Project ${i + 1}`,
    priority: rng.int(1, 5),
    durationDays: rng.int(30, 400),
    plannedStart: null,
    actualStart: i < 40 ? '2026-06-01' : null,
    actualEnd: null,
  }));
  const seen = new Set<string>();
  const deps: Dependency[] = [];
  while (deps.length < dependencies) {
    const a = rng.int(0, projects - 2);
    const b = rng.int(a + 1, Math.min(projects - 1, a + 60));
    const key = `${a}>${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    deps.push({ before: `p${a}`, after: `p${b}` });
  }
  return { tasks, deps };
}

export async function programmeScheduleBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  const { tasks, deps } = generatedProgramme();
  const ids = tasks.map((t) => t.id);
  let critical = 0;
  const schedule = await time(runs, async () => {
    const r = scheduleProgramme(tasks, deps, '2027-01-04');
    if (!r.ok) throw new Error('the generated programme should schedule');
    critical = r.schedule.critical.length;
  });
  const check = await time(runs, async () => {
    if (findCycle(ids, deps)) throw new Error('the generated programme has no cycle');
  });
  printTable(
    `Scheduling ${projects} projects and ${dependencies.toLocaleString('en-GB')} dependencies (${critical} on the critical path)`,
    ['run', 'p50 ms', 'p95 ms', 'worst ms'],
    [
      ['schedule: order, dates, floats, critical path', schedule.p50, schedule.p95, schedule.max],
      ['baseline: the cycle check alone', check.p50, check.p95, check.max],
    ],
  );
  const targets = [
    {
      description: `scheduling ${projects} projects and ${dependencies.toLocaleString('en-GB')} dependencies < ${targetMs} ms`,
      met: schedule.max < targetMs,
      measured: `worst ${schedule.max} ms, p50 ${schedule.p50} ms (cycle check alone: worst ${check.max} ms)`,
    },
  ];
  process.stdout.write(
    `written ${writeResult('programme-schedule', env, { projects, dependencies, runs, critical, schedule, check, targets })}\n`,
  );
  return { name: 'programme-schedule', database: kind, targets };
}
