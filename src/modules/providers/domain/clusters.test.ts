import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideJoin, hostNominationProblem, isCurrent, type Membership, overlaps } from './clusters.ts';

const breckland: Membership = {
  id: 'm1',
  clusterId: 'breckland',
  clusterName: 'Breckland',
  establishmentId: 's1',
  startsOn: '2024-09-01',
  endsOn: null,
};
const school = { name: 'Acle Fen Primary School', urn: 900001 };
const norwich = { clusterId: 'norwich', clusterName: 'Norwich North' };

test('memberships are half-open: one may end on the day the next starts', () => {
  assert.ok(
    !overlaps({ startsOn: '2024-09-01', endsOn: '2025-09-01' }, { startsOn: '2025-09-01', endsOn: null }),
  );
  assert.ok(
    overlaps({ startsOn: '2024-09-01', endsOn: '2025-09-02' }, { startsOn: '2025-09-01', endsOn: null }),
  );
  assert.ok(
    overlaps({ startsOn: '2024-09-01', endsOn: null }, { startsOn: '2020-01-01', endsOn: '2024-09-02' }),
  );
  assert.ok(isCurrent(breckland, '2024-09-01'));
  assert.ok(!isCurrent({ ...breckland, endsOn: '2025-01-01' }, '2025-01-01'));
});

test('a school in one cluster is refused by another, naming the school and its cluster', () => {
  const d = decideJoin(school, [breckland], { ...norwich, startsOn: '2025-09-01', endsOn: null }, false);
  assert.deepEqual(d, {
    ok: false,
    message:
      'Acle Fen Primary School (URN 900001) is in Breckland from 1 September 2024. A school is in one cluster at a time: move it, or end that membership first',
  });
});

test('moving a school ends its open membership the day the new one starts', () => {
  const d = decideJoin(school, [breckland], { ...norwich, startsOn: '2025-09-01', endsOn: null }, true);
  assert.deepEqual(d, { ok: true, endCurrent: { membershipId: 'm1', endsOn: '2025-09-01' } });
});

test('a move cannot start before the school joined its cluster', () => {
  const d = decideJoin(school, [breckland], { ...norwich, startsOn: '2024-01-01', endsOn: null }, true);
  assert.ok(!d.ok);
  assert.match(d.message, /choose a start date after 1 September 2024/);
});

test('a school already in the cluster is told so; one whose membership has ended may join again', () => {
  const same = decideJoin(
    school,
    [breckland],
    { clusterId: 'breckland', clusterName: 'Breckland', startsOn: '2025-01-01', endsOn: null },
    true,
  );
  assert.deepEqual(same, {
    ok: false,
    message: 'Acle Fen Primary School (URN 900001) is already in Breckland from 1 September 2024',
  });
  const ended = { ...breckland, endsOn: '2025-07-31' };
  assert.deepEqual(decideJoin(school, [ended], { ...norwich, startsOn: '2025-09-01', endsOn: null }, false), {
    ok: true,
  });
});

test('a host nomination cannot be agreed before it was made, nor predate the current host', () => {
  assert.deepEqual(hostNominationProblem({ nominatedOn: '2025-09-01', agreedOn: '2025-08-01' }, undefined), {
    field: 'agreedOn',
    message: 'The date the headteachers agreed must be on or after the nomination',
  });
  assert.deepEqual(
    hostNominationProblem(
      { nominatedOn: '2025-01-01', agreedOn: null },
      { name: 'Harper Host', nominatedOn: '2025-03-01', agreedOn: null },
    ),
    {
      field: 'nominatedOn',
      message: 'The nomination date must be on or after 1 March 2025, when Harper Host was nominated',
    },
  );
  assert.equal(hostNominationProblem({ nominatedOn: '2025-09-01', agreedOn: '2025-09-20' }, undefined), null);
});
