import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Comparison } from '../comparison-service.ts';
import type { Scenario } from '../service.ts';
import { movementSummary, termsText, toDos } from './comparison-presenters.ts';

const scenario: Scenario = {
  id: 's1',
  name: 'Needs-led',
  formula: {
    method: 'schools',
    terms: [
      { factor: 'senSupport', kind: 'weight', value: 70 },
      { factor: 'ehcPlans', kind: 'weight', value: 30 },
      { factor: 'lumpSum', kind: 'perUnit', value: 718_000 },
    ],
    withinClusterTerms: null,
    schoolDamping: { floorPercent: -2, capPercent: 5 },
    clusterDamping: { floorPercent: null, capPercent: null },
  },
  status: 'draft',
  version: 1,
  pot: {
    id: 'p1',
    name: 'SEND',
    yearKind: 'academic',
    year: 2026,
    label: '2026-27',
    totalPence: 3_000_000_000,
    delegatedPence: 3_000_000_000,
    delegatedPercent: 100,
  },
  createdAt: new Date('2026-03-01T12:00:00Z'),
  updatedAt: new Date('2026-03-01T12:00:00Z'),
  adoptedOn: null,
  adoptedBy: null,
  publishedOn: null,
  locked: null,
};

const comparison = (over: Partial<Comparison> = {}): Comparison => ({
  scenario,
  adoptedInstead: null,
  drafts: [],
  compared: [],
  missing: [],
  problems: [],
  schools: [],
  clusters: [],
  ...over,
});

test('an approver is asked to adopt a worked-out draft before the academic year starts on 1 September', () => {
  assert.deepEqual(toDos(comparison(), { manage: true, adopt: true }, '2026-06-30'), [
    {
      text: 'When the finance team has compared the drafts, a finance approver adopts one, before 2026-27 starts on 1 September 2026: its allocations are then the ones schools are paid.',
      link: { href: '/funding/scenarios/s1/adopt', text: 'Adopt Needs-led' },
    },
  ]);
});

test('once the year has started, publishing is due now', () => {
  const adopted = { ...scenario, status: 'adopted' as const, adoptedOn: '2026-09-02' };
  assert.deepEqual(toDos(comparison({ scenario: adopted }), { manage: true, adopt: false }, '2026-09-02'), [
    {
      text: 'Schools and clusters cannot read their statements until they are published: publish them now: 2026-27 started on 1 September 2026.',
    },
  ]);
});

test('schools without factor data come first, with where to give it, and nothing can be adopted meanwhile', () => {
  const todos = toDos(
    comparison({
      schools: null,
      missing: [
        { id: 'a', urn: 1, name: 'Acle', clusterName: 'Broads' },
        { id: 'b', urn: 2, name: 'Brundall', clusterName: 'Broads' },
      ],
    }),
    { manage: true, adopt: true },
    '2026-06-30',
  );
  assert.deepEqual(todos, [
    {
      text: '2 schools have no factor data for SEND 2026-27, so no draft can be worked out until they have.',
      link: { href: '/funding/pots/p1/factors', text: 'Enter their data or carry forward last year’s' },
    },
  ]);
});

test('a formula reads as its terms in words', () => {
  assert.equal(
    termsText(scenario.formula.terms),
    'Pupils at SEN Support: 70% weight; Pupils with an EHC plan: 30% weight; Lump sum: £7,180 per school',
  );
});

test('the movement summary counts in words, one and many', () => {
  assert.equal(
    movementSummary({ gain: 1, lose: 3, same: 0, new: 1, gains: [], losses: [] }),
    'Of 5 schools, 1 gains, 3 lose and 0 stay the same; 1 school had no allocation last year.',
  );
});

test('a draft of a pot that has adopted another says so instead of asking for adoption', () => {
  assert.deepEqual(
    toDos(
      comparison({ adoptedInstead: { id: 's0', name: 'Pupil numbers and lump sum' } }),
      { manage: true, adopt: true },
      '2026-06-30',
    ),
    [
      {
        text: 'Pupil numbers and lump sum is adopted for SEND 2026-27, so this draft can be compared with it but not adopted.',
        link: { href: '/funding/scenarios/s0', text: 'See Pupil numbers and lump sum' },
      },
    ],
  );
});
