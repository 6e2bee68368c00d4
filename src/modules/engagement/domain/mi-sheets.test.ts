import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { nextNumber, receiptState, sheetNumber, tallyByCluster } from './mi-sheets.ts';

test('sheets are numbered as Norfolk numbered them', () => {
  assert.equal(sheetNumber(248, 2011), '248/11');
  assert.equal(sheetNumber(68, 2012), '68/12');
  assert.equal(sheetNumber(7, 2005), '7/05');
  assert.equal(nextNumber([]), 1);
  assert.equal(nextNumber([104, 3, 68]), 105);
});

test('an action sheet is overdue the day after its date, unless done', () => {
  const action = { kind: 'action' as const, completeBy: '2011-11-15' as const };
  const none = { acknowledgedAt: null, completedAt: null };
  const read = { acknowledgedAt: new Date('2011-11-01T10:00:00Z'), completedAt: null };
  assert.equal(receiptState(action, none, '2011-11-15'), 'to-do');
  assert.equal(receiptState(action, read, '2011-11-15'), 'read');
  assert.equal(receiptState(action, read, '2011-11-16'), 'overdue');
  assert.equal(
    receiptState(action, { ...read, completedAt: new Date('2011-11-20T10:00:00Z') }, '2011-11-30'),
    'done',
  );
  const info = { kind: 'information' as const, completeBy: null };
  assert.equal(receiptState(info, none, '2030-01-01'), 'to-do');
  assert.equal(receiptState(info, read, '2011-11-02'), 'done');
});

test('every school is counted once in its cluster, done or not', () => {
  const states = ['done', 'read', 'to-do', 'overdue'] as const;
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          clusterId: fc.constantFrom('a', 'b', 'c'),
          state: fc.constantFrom(...states),
          acknowledged: fc.boolean(),
        }),
      ),
      (rows) => {
        const tallies = tallyByCluster(rows.map((r) => ({ ...r, clusterName: `Cluster ${r.clusterId}` })));
        assert.equal(
          tallies.reduce((s, t) => s + t.schools, 0),
          rows.length,
        );
        for (const t of tallies) {
          assert.equal(t.done + t.notDone, t.schools);
          assert.ok(t.acknowledged <= t.schools);
        }
        for (let i = 1; i < tallies.length; i++)
          assert.ok((tallies[i - 1]?.notDone ?? 0) >= (tallies[i]?.notDone ?? 0), 'most not done first');
      },
    ),
  );
});
