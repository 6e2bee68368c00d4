import assert from 'node:assert/strict';
import { test } from 'node:test';
import { excelSerialToIsoDate, serialOfExcelJsDate } from './cells.ts';
import { choice, date, decimal, integer, money, type Parsed, text, yesNo } from './parsers.ts';

const read = <T>(p: Parsed<T>) => ('value' in p ? p.value : `problem: ${p.problem}`);

test('text is trimmed, blank only where the column allows it, and no longer than its limit', () => {
  const name = text({ max: 10 });
  assert.equal(read(name.parse('  Acle Fen ')), 'Acle Fen');
  assert.equal(read(name.parse('   ')), 'problem: is blank; every row needs a value here');
  assert.equal(read(name.parse('Acle Fen Primary')), 'problem: is 16 characters long; it can be at most 10');
  assert.equal(read(text({ optional: true }).parse('')), null);
  assert.equal(read(text({ optional: true }).parse(null)), null);
  assert.equal(read(name.parse(900001)), '900001', 'a number typed in a text column is its figures');
});

test('a whole number: figures with or without thousands commas, within its bounds', () => {
  const places = integer({ min: 0, max: 5000 });
  assert.equal(read(places.parse('1,350')), 1350);
  assert.equal(read(places.parse(' 12 ')), 12);
  assert.equal(read(places.parse(40)), 40);
  assert.equal(
    read(places.parse('twelve')),
    'problem: “twelve” is not a whole number; write it in figures, like 12',
  );
  assert.equal(
    read(places.parse('1,35')),
    'problem: “1,35” is not a whole number; write it in figures, like 12',
  );
  assert.equal(read(places.parse(12.5)), 'problem: 12.5 is not a whole number; it must be from 0 to 5,000');
  assert.equal(read(places.parse('5001')), 'problem: 5001 is out of range; it must be from 0 to 5,000');
  assert.equal(read(places.parse('-1')), 'problem: -1 is out of range; it must be from 0 to 5,000');
  assert.equal(read(integer({ min: 0, max: 9, optional: true }).parse(' ')), null);
});

test('a decimal keeps to its places and bounds, from text or a number cell, and a percentage may keep its sign', () => {
  const fte = decimal({ min: 0, max: 1, aboveMin: true, places: 3, example: 0.4 });
  assert.equal(read(fte.parse('0.4')), 0.4);
  // A number cell holds 0.45 as 0.45000000000000001…; three places of it are still 0.45.
  assert.equal(read(fte.parse(0.45)), 0.45);
  assert.equal(read(fte.parse(' 1 ')), 1);
  assert.equal(read(fte.parse('0')), 'problem: 0 is out of range; it must be more than 0 and at most 1');
  assert.equal(read(fte.parse('1.5')), 'problem: 1.5 is out of range; it must be more than 0 and at most 1');
  assert.equal(
    read(fte.parse('0.4444')),
    'problem: 0.4444 has more than 3 decimal places; it must be more than 0 and at most 1',
  );
  assert.equal(read(fte.parse('half')), 'problem: “half” is not a number; write it in figures, like 0.4');
  assert.equal(read(fte.parse('.')), 'problem: “.” is not a number; write it in figures, like 0.4');
  assert.equal(read(fte.parse('0.4%')), 'problem: “0.4%” is not a number; write it in figures, like 0.4');
  const share = decimal({ min: 0, max: 100, places: 2, percent: true, optional: true, example: 25 });
  assert.equal(read(share.parse('25%')), 25);
  assert.equal(read(share.parse('12.5 %')), 12.5);
  assert.equal(read(share.parse(0)), 0);
  assert.equal(read(share.parse('')), null);
  assert.equal(read(share.parse('101')), 'problem: 101 is out of range; it must be from 0 to 100');
  assert.equal(read(share.parse('-5')), 'problem: -5 is out of range; it must be from 0 to 100');
});

test('money in pounds becomes whole pence, with or without £ and commas, from text or a number cell', () => {
  const cost = money();
  // £1,350.50 is 1,350 pounds and 50 pence: 1350 × 100 + 50 = 135,050 pence.
  assert.equal(read(cost.parse('£1,350.50')), 135_050);
  // 1350.5 is the same amount with its trailing zero left off.
  assert.equal(read(cost.parse('1350.5')), 135_050);
  assert.equal(read(cost.parse(' £ 1350 ')), 135_000);
  assert.equal(read(cost.parse('£4,044')), 404_400);
  assert.equal(read(cost.parse('.5')), 50);
  // A number cell holds 1350.51 as the nearest binary fraction, 1350.509999…; it is still 135,051p.
  assert.equal(read(cost.parse(1350.51)), 135_051);
  assert.equal(read(cost.parse(0)), 0);
});

test('money with more than two decimal places, a negative amount or words is refused, saying how to write it', () => {
  const cost = money();
  const fix = 'write pounds and pence, like 1350.50 or £1,350.50';
  assert.equal(read(cost.parse('1350.505')), `problem: “1350.505” has more than 2 decimal places; ${fix}`);
  assert.equal(read(cost.parse(1350.505)), `problem: 1350.505 has more than 2 decimal places; ${fix}`);
  assert.equal(read(cost.parse('-£50')), 'problem: -£50.00 is less than £0; amounts here cannot be negative');
  assert.equal(read(cost.parse(-50)), 'problem: -£50.00 is less than £0; amounts here cannot be negative');
  assert.equal(read(cost.parse('£1,35,0')), `problem: “£1,35,0” is not an amount of money; ${fix}`);
  assert.equal(read(cost.parse('fifty pounds')), `problem: “fifty pounds” is not an amount of money; ${fix}`);
  assert.equal(read(cost.parse('£')), `problem: “£” is not an amount of money; ${fix}`);
  assert.equal(read(cost.parse({ date: '2026-09-01' })), `problem: a date is not an amount of money; ${fix}`);
  const refund = money({ allowNegative: true });
  assert.equal(read(refund.parse('-£1,350.50')), -135_050);
  assert.equal(read(refund.parse('£-12.05')), -1205);
  assert.equal(
    read(money({ maxPence: 100_000 }).parse('£1,000.01')),
    'problem: £1,000.01 is more than £1,000.00, the most this column takes',
  );
});

test('a date is read from the ways people write one in the UK, and from a date cell', () => {
  const start = date();
  assert.equal(read(start.parse('2026-09-01')), '2026-09-01');
  assert.equal(read(start.parse('01/09/2026')), '2026-09-01');
  assert.equal(read(start.parse('1/9/2026')), '2026-09-01');
  assert.equal(read(start.parse('01-09-2026')), '2026-09-01');
  assert.equal(read(start.parse('1 September 2026')), '2026-09-01');
  assert.equal(read(start.parse('1st Sept 2026')), '2026-09-01');
  assert.equal(read(start.parse('29 feb 2028')), '2028-02-29', '2028 is a leap year');
  assert.equal(read(start.parse({ date: '2026-09-01' })), '2026-09-01');
});

test('a date that is not real, month first, two-digit or not a date at all is refused, saying how to write it', () => {
  const start = date();
  assert.equal(
    read(start.parse('31/02/2026')),
    'problem: 31/02/2026 is not a real date; use a date like 01/09/2026',
  );
  assert.equal(
    read(start.parse('29/02/2026')),
    'problem: 29/02/2026 is not a real date; use a date like 01/09/2026',
  );
  assert.equal(
    read(start.parse('09/31/2026')),
    "problem: 09/31/2026 is not a real date: dates are read day first, and there is no month 31. If this file's dates are month first, as in the US, write them all day first, like 01/09/2026",
  );
  assert.equal(
    read(start.parse('01/09/26')),
    'problem: 01/09/26 has a two-digit year; write the year in full, like 01/09/2026',
  );
  assert.equal(
    read(start.parse('1 Sep 26')),
    'problem: 1 Sep 26 has a two-digit year; write the year in full, like 01/09/2026',
  );
  assert.equal(
    read(start.parse('2026-02-30')),
    'problem: 2026-02-30 is not a real date; use a date like 01/09/2026',
  );
  assert.equal(
    read(start.parse('September 1, 2026')),
    'problem: “September 1, 2026” is not a date; use a date like 01/09/2026',
  );
  assert.equal(read(start.parse('soon')), 'problem: “soon” is not a date; use a date like 01/09/2026');
  assert.equal(
    read(start.parse(46266)),
    'problem: 46266 is a number, not a date; format the cell as a date, or write it like 01/09/2026',
  );
  assert.equal(
    read(date({ min: '2000-01-01' }).parse('01/09/1926')),
    'problem: 01/09/1926 is before 1 January 2000; check the year',
  );
});

test('Excel serial dates in the 1900 system, with its 29 February 1900 that never was', () => {
  // Serial 1 is 1 January 1900. 1900 to 2025 is 126 years with 31 leap days (1904 to 2024; 1900
  // was not one), so 1 January 2026 is 126 × 365 + 31 = 46,021 days after 1 January 1900. Excel
  // also counts 1 January 1900 itself (+1) and a 29 February 1900 (+1), so its serial is 46,023.
  // January to August 2026 have 31+28+31+30+31+30+31+31 = 243 days: 1 September is 46,266.
  assert.equal(excelSerialToIsoDate(46_266), '2026-09-01');
  assert.equal(excelSerialToIsoDate(46_266.75), '2026-09-01', 'six in the evening is the same day');
  assert.equal(excelSerialToIsoDate(46_023), '2026-01-01');
  assert.equal(excelSerialToIsoDate(1), '1900-01-01');
  assert.equal(excelSerialToIsoDate(59), '1900-02-28');
  assert.equal(excelSerialToIsoDate(60), null, '29 February 1900 never was');
  assert.equal(excelSerialToIsoDate(61), '1900-03-01');
  assert.equal(excelSerialToIsoDate(0), null);
  assert.equal(excelSerialToIsoDate(Number.NaN), null);
  // exceljs reads serial 46,266 as (46,266 − 25,569) days after 1 January 1970; undone, it is 46,266.
  assert.equal(serialOfExcelJsDate(new Date(Date.UTC(2026, 8, 1))), 46_266);
});

test('a column written in more than one way is named with an example of each', () => {
  const start = date();
  const seen = (form: string, row: number, text: string) => ({ form, row, text });
  assert.equal(
    start.mixedForms?.([seen('ambiguous', 2, '01/09/2026'), seen('dayFirst', 3, '13/09/2026')]),
    null,
  );
  assert.deepEqual(start.mixedForms?.([seen('ambiguous', 2, '01/09/2026'), seen('iso', 5, '2026-09-01')]), {
    row: 5,
    problem:
      'dates are written in more than one way (01/09/2026 on row 2, 2026-09-01 on row 5); write every date the same way, like 01/09/2026',
  });
  assert.deepEqual(
    start.mixedForms?.([seen('dayFirst', 4, '13/01/2026'), seen('monthFirst', 6, '01/13/2026')]),
    {
      row: 6,
      problem:
        'some dates are day first (13/01/2026 on row 4) and some month first, as in the US (01/13/2026 on row 6); write every date day first, like 01/09/2026',
    },
  );
  assert.deepEqual(start.mixedForms?.([seen('iso', 7, '2026-09-01'), seen('cell', 2, '01/09/2026')]), {
    row: 7,
    problem:
      'dates are written in more than one way (01/09/2026 as a date cell on row 2, 2026-09-01 on row 7); write every date the same way, like 01/09/2026',
  });
});

test('a choice is matched by its label or a code, in any case, spacing and hyphenation', () => {
  const funder = choice([
    { value: 'education', label: 'Education', codes: ['E'] },
    { value: 'health', label: 'Health', codes: ['H'] },
    { value: 'social_care', label: 'Social care', codes: ['SC'] },
  ]);
  assert.equal(read(funder.parse('education')), 'education');
  assert.equal(read(funder.parse('  SOCIAL   CARE ')), 'social_care');
  assert.equal(read(funder.parse('h')), 'health');
  assert.equal(read(funder.parse('Social-care')), 'social_care');
  assert.equal(read(funder.parse('social_care')), 'social_care');
  assert.equal(
    read(funder.parse('Edukation')),
    'problem: “Edukation” is not one of: Education, Health, Social care',
  );
});

test('yes or no, however it is written', () => {
  const flag = yesNo();
  for (const word of ['Yes', 'y', 'TRUE', '1', true, 1])
    assert.equal(read(flag.parse(word)), true, String(word));
  for (const word of ['no', 'N', 'false', '0', false, 0])
    assert.equal(read(flag.parse(word)), false, String(word));
  assert.equal(read(flag.parse('maybe')), 'problem: “maybe” is not yes or no; write Yes or No');
  assert.equal(read(yesNo({ optional: true }).parse('')), null);
});
