import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Formula } from './formula.ts';
import { changeText, clusterStatement, schoolStatement, statementDocument } from './statements.ts';

const formula: Formula = {
  method: 'schools',
  terms: [
    { factor: 'pupils', kind: 'weight', value: 80 },
    { factor: 'lumpSum', kind: 'perUnit', value: 500_000 },
    { factor: 'fsm', kind: 'weight', value: 20 },
  ],
  withinClusterTerms: null,
  schoolDamping: { floorPercent: -2, capPercent: 5 },
  clusterDamping: { floorPercent: null, capPercent: null },
};

const base = {
  laName: 'Norfolk County Council',
  potName: 'SEND',
  yearLabel: '2026-27',
  scenarioName: 'Needs-led',
  adoptedOn: '2026-12-03',
  publishedOn: '2026-12-04',
  delegatedPence: 3_000_000_00,
};

const statement = schoolStatement({
  ...base,
  formula,
  schoolsInPot: 400,
  clustersInPot: 50,
  school: {
    name: 'Aldborough Primary',
    urn: 121_212,
    // The formula gave 5,000 + 30,000 + 6,000 = £41,000; held at the −2% floor of last year's
    // £42,000: 42,000 × 0.98 = £41,160, so damping adds £160.
    pence: 4_116_000,
    lastYearPence: 4_200_000,
    factors: {
      pupils: 210,
      fsmPercent: 20,
      idaci: { a: 5, b: 10, c: 0, d: 0, e: 0, f: 0 },
      lowPriorAttainment: 12,
      senSupport: 30,
      ehcPlans: 4,
      sparse: false,
      termPence: [3_000_000, 500_000, 600_000],
      formulaPence: 4_100_000,
      damped: 'floor',
    },
  },
  cluster: { name: 'Aylsham', pence: 40_000_000, lastYearPence: 39_000_000, schools: 9 },
});

const section = (heading: string) => statement.sections.find((s) => s.heading === heading);

test('a school’s statement gives its allocation, last year’s and the change', () => {
  assert.equal(statement.title, 'Aldborough Primary: SEND allocation for 2026-27');
  // 41,160 − 42,000 = −840; −840 / 42,000 = −2.0%.
  assert.deepEqual(
    section('Your allocation')?.lines.map((l) => [l.label, l.pence, l.text]),
    [
      ['Allocation for 2026-27', 4_116_000, null],
      ['Allocation last year', 4_200_000, null],
      ['Change from last year', null, '\u2212£840 (\u22122.0%)'],
    ],
  );
});

test('how each term contributed adds up to the allocation, with the floor’s £160 as damping', () => {
  const how = section('How it was worked out');
  assert.deepEqual(
    how?.lines.map((l) => [l.label, l.pence, l.detail]),
    [
      ['Pupils on roll', 3_000_000, '80% of the weighted share, by 210 pupils'],
      ['Lump sum', 500_000, '£5,000 per school, every school'],
      // 210 pupils × 20% eligible = 42.
      ['Pupils eligible for free school meals', 600_000, '20% of the weighted share, by 42 pupils'],
      [
        'Damping and rounding',
        16_000,
        'The floor and cap against last year, and rounding to the penny so the pot is shared exactly',
      ],
      ['Allocation for 2026-27', 4_116_000, null],
    ],
  );
  assert.ok(
    how?.paragraphs.includes(
      'Held at the floor: the formula alone would have given less than last year allows.',
    ),
  );
  assert.ok(
    how?.paragraphs.includes(
      'Against last year, each school’s allocation changes by no less than \u22122%; each school’s allocation changes by no more than +5%.',
    ),
  );
});

test('the statement names the school’s cluster and its total', () => {
  // £400,000 against £390,000: +£10,000, +2.6% (10,000 / 390,000 = 2.564%).
  assert.deepEqual(
    section('Your cluster')?.lines.map((l) => l.text ?? l.pence),
    [40_000_000, 39_000_000, '+£10,000 (+2.6%)'],
  );
});

test('as a document, each line reads as a fact with its working', () => {
  const doc = statementDocument(statement, { name: 'Norfolk County Council', lines: [] });
  assert.equal(doc.facts[0]?.value, '4 December 2026');
  const facts = doc.blocks.filter((b) => b.kind === 'facts');
  assert.deepEqual((facts[1] as { rows: unknown[] }).rows[1], {
    label: 'Lump sum',
    value: '£5,000 (£5,000 per school, every school)',
  });
});

test('a cluster’s statement lists its schools and adds them up', () => {
  const c = clusterStatement({
    ...base,
    publishedOn: null,
    cluster: { name: 'Aylsham' },
    schools: [
      { name: 'Aldborough Primary', urn: 121_212, pence: 4_116_000, lastYearPence: 4_200_000 },
      { name: 'Erpingham School', urn: null, pence: 884_000, lastYearPence: null },
    ],
  });
  // 41,160 + 8,840 = £50,000; last year only Aldborough's £42,000: +£8,000, +19.0%.
  assert.deepEqual(
    c.sections[0]?.lines.map((l) => l.text ?? l.pence),
    [5_000_000, 4_200_000, '+£8,000 (+19.0%)'],
  );
  assert.deepEqual(
    c.sections[1]?.lines.map((l) => [l.label, l.pence, l.detail]),
    [
      ['Aldborough Primary (URN 121212)', 4_116_000, '£42,000 last year, \u2212£840 (\u22122.0%)'],
      ['Erpingham School', 884_000, 'No allocation last year'],
      ['Total', 5_000_000, null],
    ],
  );
  assert.equal(c.facts[0]?.value, 'Not yet published');
});

test('a change with no allocation last year says so', () => {
  assert.equal(changeText(100, null), 'No allocation last year');
});
