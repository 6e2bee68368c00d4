import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../../jobs/index.ts';
import { checkView, lagView, reportLines } from './presenter.ts';
import type { ChainReport } from './service.ts';

const now = new Date('2026-03-02T09:10:00Z');

test('the lag reads as how many events wait and how long the oldest has', () => {
  assert.deepEqual(lagView({ unsealed: 0, oldestUnsealedAt: null }, now), {
    behind: false,
    text: 'Every event is sealed.',
  });
  // 09:10:00 − 09:09:57.5 = 2.5 s, shown as whole seconds.
  assert.deepEqual(lagView({ unsealed: 1, oldestUnsealedAt: '2026-03-02T09:09:57.500Z' }, now), {
    behind: false,
    text: '1 event is not sealed yet; the oldest was recorded 2 seconds ago.',
  });
  // 09:10:00 − 09:05:00 = 300 s = 5 minutes: far enough behind to say so.
  assert.deepEqual(lagView({ unsealed: 12_345, oldestUnsealedAt: '2026-03-02T09:05:00Z' }, now), {
    behind: true,
    text: '12,345 events are not sealed yet; the oldest was recorded 5 minutes ago.',
  });
  // 09:10 on 2 March − 08:00 on 28 February 2026 = 2 days 1 hour 10 minutes: "2 days".
  assert.equal(
    lagView({ unsealed: 3, oldestUnsealedAt: '2026-02-28T08:00:00Z' }, now).text,
    '3 events are not sealed yet; the oldest was recorded 2 days ago.',
  );
});

function job(over: Partial<Job>): Job {
  return {
    id: 'j1',
    laCode: '926',
    kind: 'audit.verify',
    status: 'succeeded',
    progress: { done: 0, total: null },
    message: null,
    params: {},
    result: null,
    attempts: 1,
    createdBy: null,
    createdAt: now,
    startedAt: now,
    finishedAt: now,
    ...over,
  };
}

const head = { seq: 1234, eventId: 5678, hash: 'ab'.repeat(32), sealedAt: '2026-03-02T09:09:58.000Z' };
const lag = { unsealed: 2, oldestUnsealedAt: '2026-03-02T09:09:59.000Z' };

function report(verdict: ChainReport['verdict'], recorded: ChainReport['recorded'] = null): ChainReport {
  return { laCode: '926', head, lag, checkedAt: now.toISOString(), verdict, recorded };
}

const broken = report({
  intact: false,
  links: 41,
  break: {
    kind: 'missing-event',
    seq: 42,
    eventId: 99,
    what: 'Event 99, sealed at seal 42, is no longer in the log.',
  },
});

test('a check under way shows how far it has got', () => {
  const v = checkView(
    job({ status: 'running', progress: { done: 250, total: 1000 }, message: 'Checked 250 of 1,000 seals' }),
  );
  assert.equal(v.state, 'running');
  assert.equal(v.percent, 25);
  assert.equal(v.progressText, 'Checked 250 of 1,000 seals');
  assert.equal(checkView(undefined).state, 'none');
});

test('an intact chain needs nothing done but keeping the head', () => {
  const v = checkView(
    job({ result: { report: report({ intact: true, links: 1234 }, { seq: 1000, hash: 'cd' }) } }),
  );
  assert.equal(v.state, 'intact');
  assert.deepEqual(v.lines, [
    'The chain is intact: 1,234 events, up to seal 1,234.',
    'It still passes through seal 1,000 with the hash you recorded.',
  ]);
  assert.match(v.whatNext[0] ?? '', /Keep the chain head/);
});

test('a broken chain says where, what and whom to tell', () => {
  const v = checkView(job({ result: { report: broken } }));
  assert.equal(v.state, 'broken');
  assert.deepEqual(v.lines, ['The chain is broken at seal 42. The 41 links before it hold.']);
  assert.deepEqual(
    v.breakRows.map((r) => [r.key.text, r.value.text]),
    [
      ['LA', '926'],
      ['Seal', '42'],
      ['Event number', '99'],
      ['What was found', 'An event has been removed'],
      ['What differs', 'Event 99, sealed at seal 42, is no longer in the log.'],
    ],
  );
  assert.match(v.whatNext[0] ?? '', /information governance lead/);
});

test('a check that stopped says to try again', () => {
  const v = checkView(job({ status: 'failed', message: 'The job failed because of a problem on our side.' }));
  assert.equal(v.state, 'failed');
  assert.deepEqual(v.lines, ['The job failed because of a problem on our side.']);
});

test('the command line prints the verdict, the head to write down and the lag', () => {
  assert.deepEqual(reportLines(report({ intact: true, links: 1234 }), 'Norfolk'), [
    'LA 926 Norfolk: intact: 1,234 events, last sealed at 2026-03-02T09:09:58.000Z',
    `  chain head: seal 1234 (event 5678), hash ${'ab'.repeat(32)}`,
    '  not sealed yet: 2 events, the oldest recorded at 2026-03-02T09:09:59.000Z',
  ]);
  assert.deepEqual(reportLines(broken, 'Norfolk').slice(0, 3), [
    'LA 926 Norfolk: BROKEN at seal 42 (event 99): Event 99, sealed at seal 42, is no longer in the log.',
    '  An event has been removed. The 41 links before it hold.',
    '  What to do: report this to your information governance lead today, with these details. Do not try to put the log right: the break is the evidence.',
  ]);
});
