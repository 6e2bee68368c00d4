import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addYears } from './dates.ts';
import { ncYearInAcademicYear, ncYearOn } from './nc-year.ts';

// 2 March 2026 is in the academic year 2025/26, so ages are taken on 31 August 2025.
const today = '2026-03-02';

test('year groups worked by hand for 2025/26 (ages on 31 August 2025)', () => {
  const cases: [string, string, number | null, string][] = [
    ['2021-08-31', 'turned 4 on 31 August 2025: youngest in Reception', 0, 'Reception'],
    ['2021-09-01', 'still 3 on 31 August 2025: a year of nursery first', null, 'Nursery (N2)'],
    ['2020-09-01', 'still 4 on 31 August 2025: oldest in Reception', 0, 'Reception'],
    ['2020-08-31', '5 on 31 August 2025', 1, 'Year 1'],
    ['2020-02-29', 'leap day: 5 on 31 August 2025', 1, 'Year 1'],
    ['2016-02-29', 'leap day: 9 on 31 August 2025', 5, 'Year 5'],
    ['2010-09-01', '14 on 31 August 2025', 10, 'Year 10'],
    ['2010-08-31', '15 on 31 August 2025: the last year of compulsory school', 11, 'Year 11'],
    ['2009-08-31', '16 on 31 August 2025', 12, 'Year 12'],
    ['2008-06-15', '17 on 31 August 2025', 13, 'Year 13'],
    // 1 September 2006: the 19th birthday is on 1 September 2025, a day after 31 August, so on
    // 31 August 2025 the age is 2025 - 2006 - 1 = 18, the oldest year group, Year 14 (18 - 4).
    ['2006-09-01', '18 on 31 August 2025: the oldest in Year 14', 14, 'Year 14'],
    // 31 August 2006: the 19th birthday falls on 31 August 2025 itself, so 19: past Year 14.
    ['2006-08-31', '19 on 31 August 2025: the youngest post-19', 15, 'Post-19 (aged 19 on 31 August 2025)'],
    ['2005-09-01', '19 on 31 August 2025, 20 the next day', 15, 'Post-19 (aged 19 on 31 August 2025)'],
    ['2000-09-01', '24 on 31 August 2025', 20, 'Post-19 (aged 24 on 31 August 2025)'],
    [
      '2000-08-31',
      '25 on 31 August 2025: the last year a plan can run',
      21,
      'Post-19 (aged 25 on 31 August 2025)',
    ],
    ['1999-08-31', '26 on 31 August 2025', null, 'Over 25'],
    ['2023-01-10', '2 on 31 August 2025', null, 'Nursery (N1)'],
    ['2024-05-01', '1 on 31 August 2025', null, 'Early years'],
  ];
  for (const [dob, why, ncYear, label] of cases)
    assert.deepEqual(ncYearOn(dob, today), { ncYear, label }, `${dob}: ${why}`);
});

test('a child moves up a year on 1 September, not before', () => {
  const dob = '2020-12-25';
  assert.equal(ncYearOn(dob, '2025-08-31').label, 'Nursery (N2)');
  assert.equal(ncYearOn(dob, '2025-09-01').label, 'Reception');
  assert.equal(ncYearOn(dob, '2026-07-20').label, 'Reception');
  assert.equal(ncYearOn(dob, '2026-09-01').label, 'Year 1');
});

test('a young person goes from Year 14 to post-19 on 1 September, not before', () => {
  // Born 15 March 2007: 18 on 31 August 2025 (Year 14 in 2025/26), 19 on 31 August 2026.
  const dob = '2007-03-15';
  assert.equal(ncYearOn(dob, '2026-03-15').label, 'Year 14');
  assert.equal(ncYearOn(dob, '2026-08-31').label, 'Year 14');
  assert.equal(ncYearOn(dob, '2026-09-01').label, 'Post-19 (aged 19 on 31 August 2026)');
});

const dateOfBirth = fc
  .date({ min: new Date('1995-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

test('property: an older child is never in a lower year group', () => {
  fc.assert(
    fc.property(dateOfBirth, dateOfBirth, (a, b) => {
      const [older, younger] = a <= b ? [a, b] : [b, a];
      const yo = ncYearInAcademicYear(older, 2025).ncYear;
      const yy = ncYearInAcademicYear(younger, 2025).ncYear;
      return yo === null || yy === null || yo >= yy;
    }),
  );
});

test('property: each academic year later, a school-age child is one year group higher', () => {
  fc.assert(
    fc.property(fc.integer({ min: 5, max: 20 }), dateOfBirth, (age, dob) => {
      const start = Number(addYears(dob, age).slice(0, 4));
      const now = ncYearInAcademicYear(dob, start).ncYear;
      const next = ncYearInAcademicYear(dob, start + 1).ncYear;
      return now === null || next === null || next === now + 1;
    }),
  );
});

test('property: children born from 1 September 2015 to 31 August 2016 are all in Year 5 in 2025/26', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 364 }), (offset) => {
      const d = new Date(Date.UTC(2015, 8, 1 + offset)).toISOString().slice(0, 10);
      return ncYearInAcademicYear(d, 2025).label === 'Year 5';
    }),
  );
});

test('property: no one is shown in a year group past Year 14, which schools and colleges do not have', () => {
  fc.assert(
    fc.property(dateOfBirth, fc.integer({ min: 2020, max: 2030 }), (dob, start) => {
      const year = /^Year (\d+)$/.exec(ncYearInAcademicYear(dob, start).label);
      return !year || Number(year[1]) <= 14;
    }),
  );
});
