import { closuresBetween, deadlines, nextDue, type RequestFacts } from '../src/modules/ehc/index.ts';
import { englandAndWalesCalendar } from '../src/platform/kernel/bank-holidays.ts';
import { addDays } from '../src/platform/kernel/days.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  round,
  writeResult,
} from './lib/report.ts';

const count = 1_000_000;
const runs = 5;

/** A small deterministic generator, so every run times the same million requests. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Requests received over three years, stopped at every stage, some late, some with exceptions. */
function requests(): RequestFacts[] {
  const rnd = random(42);
  const int = (n: number) => Math.floor(rnd() * n);
  const out: RequestFacts[] = [];
  for (let i = 0; i < count; i++) {
    const receivedOn = addDays('2023-09-01', int(1000));
    const at = (n: number) => addDays(receivedOn, n);
    const stage = int(6);
    const refused = stage >= 1 && rnd() < 0.2;
    const adviceSent = 40 + int(10);
    out.push({
      kind: rnd() < 0.9 ? 'new' : rnd() < 0.5 ? 'reassessment' : 'transfer-in',
      receivedOn,
      transfer: { previousLaCode: '935', oldLaAwareOn: at(-int(10)), movedOn: at(int(40) - 10) },
      expectedFinalOn: null,
      assessDecision: stage >= 1 ? { on: at(30 + int(25)), outcome: refused ? 'refuse' : 'assess' } : null,
      advice:
        stage >= 2 && !refused
          ? ['educational', 'health', 'psychological', 'social-care'].map((kind, k) => ({
              id: `${i}-${kind}`,
              fromSchool: k === 0,
              fromEarlyYears: false,
              sentOn: at(adviceSent),
              receivedOn: stage >= 3 ? at(adviceSent + 30 + int(25)) : null,
            }))
          : [],
      issueDecision:
        stage >= 3 && !refused
          ? { on: at(95 + int(20)), outcome: rnd() < 0.08 ? 'not-issue' : 'issue' }
          : null,
      draftServedOn: stage >= 4 && !refused ? at(100 + int(20)) : null,
      commentsReceivedOn: stage >= 4 && !refused ? at(115 + int(10)) : null,
      consultations:
        stage >= 4 && !refused
          ? [{ id: `${i}-c`, sentOn: at(105 + int(20)), respondedOn: stage >= 5 ? at(125 + int(15)) : null }]
          : [],
      finalIssuedOn: stage >= 5 && !refused ? at(120 + int(60)) : null,
      transferredOn: null,
      familyToldOn: null,
      exceptions:
        rnd() < 0.05 ? [{ reason: 'c', from: at(50), to: at(80), evidence: 'Hospital admission' }] : [],
      appealable: refused
        ? [
            {
              id: `${i}-r`,
              kind: 'refuse-to-assess',
              noticeSentOn: at(40),
              mediationCertificateOn: null,
              appealLodgedOn: null,
            },
          ]
        : [],
    });
  }
  return out;
}

/** Target: the deadline engine over 1,000,000 requests in under 2 s. */
export async function ehcDeadlinesBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  process.stdout.write(`ehc-deadlines: generating ${count.toLocaleString('en-GB')} requests...\n`);
  const all = requests();
  const terms = [2023, 2024, 2025, 2026, 2027].flatMap((y) => [
    { startsOn: `${y}-01-04`, endsOn: `${y}-03-28` },
    { startsOn: `${y}-04-14`, endsOn: `${y}-07-22` },
    { startsOn: `${y}-09-03`, endsOn: `${y}-12-18` },
  ]);
  const ctx = { today: '2026-11-24', calendar: englandAndWalesCalendar, closures: closuresBetween(terms) };
  const times: number[] = [];
  let deadlinesComputed = 0;
  let overdue = 0;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    deadlinesComputed = 0;
    overdue = 0;
    for (const facts of all) {
      const list = deadlines(facts, ctx);
      deadlinesComputed += list.length;
      const next = nextDue(list);
      if (next && next.dueOn < ctx.today) overdue++;
    }
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = round(sorted[Math.floor(runs / 2)] ?? 0, 0);
  const worst = round(sorted[runs - 1] ?? 0, 0);
  printTable(
    'ehc deadline engine',
    ['requests', 'deadlines', 'median ms', 'worst ms', 'overdue now'],
    [[count, deadlinesComputed, median, worst, overdue]],
  );
  process.stdout.write(
    `written ${writeResult('ehc-deadlines', environment(kind), { requests: count, deadlines: deadlinesComputed, runs, medianMs: median, worstMs: worst })}\n`,
  );
  return {
    name: 'ehc-deadlines',
    database: kind,
    targets: [
      {
        description: '1,000,000 requests through the deadline engine < 2 s',
        met: worst < 2000,
        measured: `worst of ${runs}: ${worst} ms`,
      },
    ],
  };
}
