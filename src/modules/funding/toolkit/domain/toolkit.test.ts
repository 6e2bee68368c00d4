import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type DecisionFacts,
  hostTasks,
  quorum,
  returnOpen,
  returnStatus,
  type SpendFacts,
  type TaskFacts,
  toolkitFigures,
} from './toolkit.ts';
import { potYear } from './years.ts';

/**
 * A cluster of four schools with £40,000.00 (4,000,000p) from the academic year 2026 pot. Its
 * plan: a named pupil's support at £12,000, a reading intervention at £15,000 and a shared
 * family support worker at £18,000, which comes to £45,000: £5,000 more than the allocation.
 */

const allocation = 4_000_000;
const lines = [
  { id: 'pupil', plannedPence: 1_200_000 },
  { id: 'reading', plannedPence: 1_500_000 },
  { id: 'worker', plannedPence: 1_800_000 },
];
const decision = (over: Partial<DecisionFacts> & { id: string }): DecisionFacts => ({
  heldOn: '2026-10-07',
  outcome: 'agreed',
  agreedPence: 100_000,
  planLineId: null,
  followsDecisionId: null,
  ...over,
});
const spend: SpendFacts[] = [
  // The pupil's line: £6,000 + £7,500 = £13,500, £1,500 over its £12,000.
  { planLineId: 'pupil', spentOn: '2026-10-01', amountPence: 600_000 },
  { planLineId: 'pupil', spentOn: '2027-01-15', amountPence: 750_000 },
  // Reading: £9,000 of £15,000.
  { planLineId: 'reading', spentOn: '2026-11-30', amountPence: 900_000 },
];

describe('the toolkit’s figures', () => {
  const decisions = [
    decision({ id: 'a', outcome: 'agreed', agreedPence: 1_200_000, planLineId: 'pupil' }),
    decision({ id: 'b', outcome: 'agreed_different_amount', agreedPence: 250_000 }),
    decision({ id: 'c', outcome: 'declined', agreedPence: null }),
    decision({ id: 'd', outcome: 'deferred', agreedPence: null }),
  ];
  const f = toolkitFigures(allocation, lines, decisions, spend);

  test('the plan comes to £45,000, £5,000 more than the £40,000 allocation', () => {
    // 1,200,000 + 1,500,000 + 1,800,000 = 4,500,000; 4,500,000 − 4,000,000 = 500,000.
    assert.equal(f.plannedPence, 4_500_000);
    assert.equal(f.overAllocationPence, 500_000);
  });
  test('the panel agreed £14,500: the £12,000 asked and £2,500 at a different amount; declined and deferred add nothing', () => {
    assert.equal(f.agreedPence, 1_450_000);
  });
  test('£22,500 is spent, 56.25% of the allocation, leaving £17,500 to carry forward', () => {
    // 600,000 + 750,000 + 900,000 = 2,250,000; 2,250,000 / 4,000,000 = 56.25%; 4,000,000 − 2,250,000 = 1,750,000.
    assert.equal(f.spentPence, 2_250_000);
    assert.equal(f.percentSpent, 56.25);
    assert.equal(f.balancePence, 1_750_000);
    assert.equal(f.overspendPence, 0);
  });
  test('line by line: the pupil’s line is £1,500 over, reading has £6,000 left, the worker has spent nothing', () => {
    assert.deepEqual(f.lines, [
      {
        id: 'pupil',
        plannedPence: 1_200_000,
        spentPence: 1_350_000,
        balancePence: -150_000,
        overspentPence: 150_000,
      },
      {
        id: 'reading',
        plannedPence: 1_500_000,
        spentPence: 900_000,
        balancePence: 600_000,
        overspentPence: 0,
      },
      { id: 'worker', plannedPence: 1_800_000, spentPence: 0, balancePence: 1_800_000, overspentPence: 0 },
    ]);
  });
  test('spending more than the allocation shows the overspend, and a negative balance to carry', () => {
    // £40,000 allocated, £41,000.01 spent: 4,100,001 − 4,000,000 = 100,001 over.
    const over = toolkitFigures(
      allocation,
      lines,
      [],
      [{ planLineId: 'worker', spentOn: '2027-06-30', amountPence: 4_100_001 }],
    );
    assert.equal(over.overspendPence, 100_001);
    assert.equal(over.balancePence, -100_001);
  });
  test('before the LA adopts the allocations there is none: no balance, share spent or over-allocation', () => {
    const none = toolkitFigures(null, lines, [], spend);
    assert.equal(none.allocationPence, null);
    assert.equal(none.balancePence, null);
    assert.equal(none.percentSpent, null);
    assert.equal(none.overAllocationPence, 0);
    assert.equal(none.plannedPence, 4_500_000);
  });
  test('a nil allocation has no share spent', () => {
    assert.equal(toolkitFigures(0, [], [], []).percentSpent, null);
  });
});

describe('a panel is quorate with at least half the cluster’s heads present', () => {
  test('3 of 8 is refused: 4 are needed', () => {
    const q = quorum(8, 3);
    assert.equal(q.quorate, false);
    assert.equal(q.needed, 4);
    assert.equal(q.refusal, '3 of 8 heads were present; at least 4 are needed');
  });
  test('4 of 8 is exactly half: quorate', () => {
    assert.deepEqual(quorum(8, 4), { heads: 8, present: 4, needed: 4, quorate: true, refusal: null });
  });
  test('with 7 heads half is 3.5, so 4 are needed and 3 is refused', () => {
    assert.equal(quorum(7, 4).quorate, true);
    assert.equal(quorum(7, 3).refusal, '3 of 7 heads were present; at least 4 are needed');
  });
  test('a cluster of 4: 2 present is half, 1 is not', () => {
    assert.equal(quorum(4, 2).quorate, true);
    assert.equal(quorum(4, 1).refusal, '1 of 4 heads was present; at least 2 are needed');
  });
  test('a cluster of 1 head needs that head', () => {
    assert.equal(quorum(1, 0).refusal, '0 of 1 heads were present; at least 1 is needed');
    assert.equal(quorum(1, 1).quorate, true);
  });
  test('a cluster with no heads recorded cannot hold a quorate panel', () => {
    const q = quorum(0, 0);
    assert.equal(q.quorate, false);
    assert.match(q.refusal ?? '', /no head teachers recorded/);
  });
});

describe('where the end-of-year return stands', () => {
  const year = potYear('academic', 2026); // ends 31 August 2027, due 30 September 2027
  test('not due while the year runs, up to and on its last day', () => {
    assert.equal(returnStatus(year, '2027-08-31', null), 'not_due');
    assert.equal(returnOpen(year, '2027-08-31'), false);
  });
  test('due from the day after the year ends to the due date, both included', () => {
    assert.equal(returnStatus(year, '2027-09-01', null), 'due');
    assert.equal(returnStatus(year, '2027-09-30', null), 'due');
    assert.equal(returnOpen(year, '2027-09-01'), true);
  });
  test('overdue from the day after the due date', () => {
    assert.equal(returnStatus(year, '2027-10-01', null), 'overdue');
  });
  test('once submitted, as the LA last left it, whatever the day', () => {
    assert.equal(returnStatus(year, '2027-12-01', 'submitted'), 'submitted');
    assert.equal(returnStatus(year, '2027-12-01', 'returned'), 'returned');
    assert.equal(returnStatus(year, '2027-12-01', 'accepted'), 'accepted');
  });
  test('a financial year’s return: 2026-27 ends 31 March 2027 and is overdue from 1 May 2027', () => {
    const fy = potYear('financial', 2026);
    assert.equal(returnStatus(fy, '2027-04-30', null), 'due');
    assert.equal(returnStatus(fy, '2027-05-01', null), 'overdue');
  });
});

describe('what the host has to do', () => {
  const year = potYear('academic', 2026);
  const facts = (over: Partial<TaskFacts> = {}): TaskFacts => {
    const decisions = over.decisions ?? [];
    const spent = over.spend ?? [];
    return {
      year,
      today: '2026-11-02',
      allocated: true,
      figures: toolkitFigures(allocation, lines, decisions, spent),
      decisions,
      spend: spent,
      returnState: null,
      returnedReason: null,
      ...over,
    };
  };

  test('nothing before the LA adopts the allocations', () => {
    assert.deepEqual(hostTasks(facts({ allocated: false })), []);
  });
  test('with no plan yet, write one; and the return is due by 30 September 2027, after the year ends', () => {
    const tasks = hostTasks(facts({ figures: toolkitFigures(allocation, [], [], []) }));
    assert.deepEqual(tasks, [
      { kind: 'write-plan' },
      {
        kind: 'submit-return',
        dueOn: '2027-09-30',
        overdue: false,
        yearEndsOn: '2027-08-31',
        yearEnded: false,
      },
    ]);
  });
  test('3 agreed decisions with nothing spent on their lines since the panel wait for spend', () => {
    const decisions = [
      decision({ id: 'a', planLineId: 'pupil', heldOn: '2026-10-07' }),
      decision({ id: 'b', planLineId: 'reading', heldOn: '2026-12-01' }),
      decision({ id: 'c', planLineId: 'worker', heldOn: '2026-10-07' }),
      // Reading's spend on 30 November was before this panel; the pupil's on 15 January was after the first.
      decision({ id: 'd', planLineId: 'pupil', heldOn: '2027-02-01' }),
    ];
    const tasks = hostTasks(facts({ today: '2027-02-02', decisions, spend }));
    assert.deepEqual(
      tasks.find((t) => t.kind === 'record-spend'),
      { kind: 'record-spend', decisions: 3 },
    );
  });
  test('agreed decisions not yet in the plan are to be planned', () => {
    const decisions = [decision({ id: 'a' }), decision({ id: 'b', outcome: 'agreed_different_amount' })];
    assert.deepEqual(
      hostTasks(facts({ decisions })).find((t) => t.kind === 'plan-agreed'),
      { kind: 'plan-agreed', decisions: 2 },
    );
  });
  test('the over-allocation and the overspent lines are named with their amounts', () => {
    const tasks = hostTasks(facts({ spend }));
    assert.deepEqual(tasks[0], { kind: 'over-allocated', pence: 500_000 });
    assert.deepEqual(
      tasks.find((t) => t.kind === 'overspent-lines'),
      { kind: 'overspent-lines', lines: 1, pence: 150_000 },
    );
  });
  test('a deferred request counts until a later decision settles it', () => {
    const deferred = decision({ id: 'a', outcome: 'deferred', agreedPence: null });
    assert.deepEqual(
      hostTasks(facts({ decisions: [deferred] })).find((t) => t.kind === 'deferred'),
      { kind: 'deferred', decisions: 1 },
    );
    const settled = decision({ id: 'b', followsDecisionId: 'a', outcome: 'declined', agreedPence: null });
    assert.equal(
      hostTasks(facts({ decisions: [deferred, settled] })).some((t) => t.kind === 'deferred'),
      false,
    );
  });
  test('after the due date the return is overdue', () => {
    const task = hostTasks(facts({ today: '2027-10-01' })).find((t) => t.kind === 'submit-return');
    assert.deepEqual(task, {
      kind: 'submit-return',
      dueOn: '2027-09-30',
      overdue: true,
      yearEndsOn: '2027-08-31',
      yearEnded: true,
    });
  });
  test('a returned return is to be corrected and sent again, with the LA’s reason', () => {
    const tasks = hostTasks(
      facts({
        today: '2027-10-05',
        returnState: 'returned',
        returnedReason: 'Add the impact for each school',
      }),
    );
    assert.deepEqual(tasks[0], { kind: 'resubmit-return', reason: 'Add the impact for each school' });
    assert.equal(
      tasks.some((t) => t.kind === 'submit-return'),
      false,
    );
  });
  test('nothing once the return is submitted or accepted: the toolkit is frozen', () => {
    assert.deepEqual(hostTasks(facts({ returnState: 'submitted' })), []);
    assert.deepEqual(hostTasks(facts({ returnState: 'accepted' })), []);
  });
});
