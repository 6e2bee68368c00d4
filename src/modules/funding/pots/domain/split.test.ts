import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { overTheShare, shareTooSmall, usesFte } from './central-uses.ts';
import { potProblems, splitPot } from './split.ts';
import { potYearEnd, potYearLabel, potYearStart, potYearText } from './years.ts';

const pot = (over: Partial<Parameters<typeof splitPot>[0]> = {}) => ({
  yearKind: 'academic' as const,
  year: 2026,
  totalPence: 200_000_000,
  delegatedPercent: 75,
  centralPercent: 25,
  ...over,
});

describe('splitting a pot between clusters and the centre', () => {
  test('Norfolk’s £2,000,000 Learning Support fund at 75/25 is £1,500,000.00 delegated and £500,000.00 central', () => {
    // 200,000,000p × 75 / 100 = 150,000,000p exactly; the centre keeps 200,000,000 − 150,000,000.
    assert.deepEqual(splitPot(pot()), { ok: true, delegatedPence: 150_000_000, centralPence: 50_000_000 });
  });

  test('£30,000,000 all delegated leaves nothing central', () => {
    assert.deepEqual(splitPot(pot({ totalPence: 3_000_000_000, delegatedPercent: 100, centralPercent: 0 })), {
      ok: true,
      delegatedPence: 3_000_000_000,
      centralPence: 0,
    });
  });

  test('an odd penny goes to the delegated share, rounded half up, and the shares still add up', () => {
    // £1,000.01 is 100,001p; half is 50,000.5p, rounded half up to 50,001p delegated; the
    // centre keeps 100,001 − 50,001 = 50,000p. Together £1,000.01.
    assert.deepEqual(splitPot(pot({ totalPence: 100_001, delegatedPercent: 50, centralPercent: 50 })), {
      ok: true,
      delegatedPence: 50_001,
      centralPence: 50_000,
    });
    // £1,234.57 at 12.5%: 123,457 × 0.125 = 15,432.125p, rounded to 15,432p (below the half);
    // the centre keeps 123,457 − 15,432 = 108,025p.
    assert.deepEqual(splitPot(pot({ totalPence: 123_457, delegatedPercent: 12.5, centralPercent: 87.5 })), {
      ok: true,
      delegatedPence: 15_432,
      centralPence: 108_025,
    });
    // £0.03 at 50/50: 1.5p rounds up to 2p delegated, 1p central.
    assert.deepEqual(splitPot(pot({ totalPence: 3, delegatedPercent: 50, centralPercent: 50 })), {
      ok: true,
      delegatedPence: 2,
      centralPence: 1,
    });
  });

  test('percentages with two decimal places are taken exactly', () => {
    // £100.00 at 33.33/66.67: 10,000 × 3,333 / 10,000 = 3,333p; the centre 6,667p.
    assert.deepEqual(splitPot(pot({ totalPence: 10_000, delegatedPercent: 33.33, centralPercent: 66.67 })), {
      ok: true,
      delegatedPence: 3_333,
      centralPence: 6_667,
    });
  });

  test('a split not adding to 100% is refused on both fields, saying what it adds up to', () => {
    assert.deepEqual(potProblems(pot({ delegatedPercent: 75, centralPercent: 20 })), [
      { field: 'delegatedPercent', message: 'The delegated and central shares must add up to 100%, not 95%' },
      { field: 'centralPercent', message: 'The central and delegated shares must add up to 100%, not 95%' },
    ]);
  });

  test('a share below 0%, over 100% or with three decimal places is refused by name', () => {
    assert.deepEqual(potProblems(pot({ delegatedPercent: -5, centralPercent: 105 })), [
      { field: 'delegatedPercent', message: 'The delegated share must be 0% or more' },
      { field: 'centralPercent', message: 'The central share must be 100% or less' },
    ]);
    assert.deepEqual(potProblems(pot({ delegatedPercent: 75.125, centralPercent: 24.875 })), [
      {
        field: 'delegatedPercent',
        message: 'The delegated share must have no more than 2 decimal places, like 12.25',
      },
      {
        field: 'centralPercent',
        message: 'The central share must have no more than 2 decimal places, like 12.25',
      },
    ]);
  });

  test('a total over £1bn, below £0 or in fractions of a penny is refused', () => {
    assert.deepEqual(potProblems(pot({ totalPence: 100_000_000_001 })), [
      { field: 'totalPence', message: 'The total must be £1,000,000,000 or less' },
    ]);
    assert.deepEqual(potProblems(pot({ totalPence: -1 })), [
      { field: 'totalPence', message: 'The total must be £0 or more' },
    ]);
    assert.deepEqual(potProblems(pot({ totalPence: 10.5 })), [
      { field: 'totalPence', message: 'The total must be a whole number of pence' },
    ]);
    assert.equal(potProblems(pot({ totalPence: 100_000_000_000 })).length, 0);
  });

  test('a year outside 2000 to 2100 or not whole is refused, and so is an unknown kind of year', () => {
    const yearMessage =
      'Enter the year the pot starts in as 4 figures, from 2000 to 2100, like 2026 for 2026-27';
    assert.deepEqual(potProblems(pot({ year: 1999 })), [{ field: 'year', message: yearMessage }]);
    assert.deepEqual(potProblems(pot({ year: 2026.5 })), [{ field: 'year', message: yearMessage }]);
    assert.deepEqual(potProblems(pot({ yearKind: 'calendar' as 'academic' })), [
      { field: 'yearKind', message: 'Choose whether the pot is for a financial or an academic year' },
    ]);
  });
});

describe('a pot’s year', () => {
  test('academic 2026 runs 1 September 2026 to 31 August 2027; financial 2026 from 1 April 2026 to 31 March 2027', () => {
    assert.equal(potYearStart('academic', 2026), '2026-09-01');
    assert.equal(potYearEnd('academic', 2026), '2027-08-31');
    assert.equal(potYearStart('financial', 2026), '2026-04-01');
    assert.equal(potYearEnd('financial', 2026), '2027-03-31');
    assert.equal(potYearText('academic', 2026), 'Academic year 2026-27');
    assert.equal(potYearLabel(2099), '2099-00');
  });
});

describe('the central share’s uses', () => {
  const uses = [
    {
      id: 'a',
      kind: 'post' as const,
      name: 'Access Through Technology specialist',
      fte: 2.5,
      costPence: 15_000_000,
    },
    { id: 'b', kind: 'service' as const, name: 'Disability advice', fte: null, costPence: 30_000_000 },
  ];

  test('a use that fits what is left of the central share is allowed', () => {
    // £500,000 share; £150,000 + £300,000 used leaves £50,000: a £50,000 use fits exactly.
    assert.equal(overTheShare(50_000_000, uses, { costPence: 5_000_000 }), null);
  });

  test('a use taking the uses over the share is refused with the amount over', () => {
    // £150,000 + £300,000 + £60,000 = £510,000, £10,000 over the £500,000 share.
    assert.equal(
      overTheShare(50_000_000, uses, { costPence: 6_000_000 }),
      'The central uses would cost £510,000, £10,000 more than the central share of £500,000: reduce the cost by £10,000 or more',
    );
  });

  test('changing a use counts its new cost in place of its old one', () => {
    // £300,000 service becomes £350,000: £150,000 + £350,000 = £500,000, exactly the share.
    assert.equal(overTheShare(50_000_000, uses, { id: 'b', costPence: 35_000_000 }), null);
    assert.match(overTheShare(50_000_000, uses, { id: 'b', costPence: 35_000_001 }) ?? '', /£0.01 more/);
  });

  test('a central share cut below what its uses cost is refused', () => {
    assert.equal(
      shareTooSmall(40_000_000, uses),
      'The central share would be £400,000, £50,000 less than the £450,000 its central uses cost: change or remove uses first, or keep more of the pot central',
    );
    assert.equal(shareTooSmall(45_000_000, uses), null);
  });

  test('posts’ FTE add up to two places', () => {
    assert.equal(usesFte([{ fte: 0.1 }, { fte: 0.2 }, { fte: null }]), 0.3);
  });
});
