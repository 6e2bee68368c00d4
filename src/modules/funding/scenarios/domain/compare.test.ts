import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bandOf, changeOf, distribution, percentChangeText, winnersAndLosers } from './compare.ts';

test('a school given £10,200 after £10,000 last year gains £200, 2.0%', () => {
  // 1,020,000 − 1,000,000 = 20,000 pence; 20,000 / 1,000,000 = 2% = 20 tenths.
  assert.deepEqual(changeOf(1_020_000, 1_000_000), { changePence: 20_000, percentTenths: 20 });
  assert.equal(percentChangeText(20), '+2.0%');
});

test('a school falling from £3,000 to £2,950 loses £50, 1.7% to one place', () => {
  // −5,000 / 300,000 = −1.6667% → −16.667 tenths, rounded half up → −17: "−1.7%".
  assert.deepEqual(changeOf(295_000, 300_000), { changePence: -5_000, percentTenths: -17 });
  assert.equal(percentChangeText(-17), '\u22121.7%');
});

test('a school with no allocation last year has no change to speak of', () => {
  assert.deepEqual(changeOf(500_000, null), { changePence: null, percentTenths: null });
  assert.equal(bandOf(500_000, null), 'new');
  assert.equal(percentChangeText(null), 'Not applicable');
});

test('a school given something after nothing last year rises, but by no percentage', () => {
  assert.deepEqual(changeOf(100, 0), { changePence: 100, percentTenths: null });
  assert.equal(bandOf(100, 0), 'rise-over-10');
  assert.equal(bandOf(0, 0), 'same');
});

test('a fall of exactly 2% is in the band up to 2%, a penny more is not', () => {
  // Last year £1,000: a −2% floor gives £980 exactly.
  assert.equal(bandOf(98_000, 100_000), 'fall-0-2');
  assert.equal(bandOf(97_999, 100_000), 'fall-2-5');
  assert.equal(bandOf(95_000, 100_000), 'fall-2-5');
  assert.equal(bandOf(94_999, 100_000), 'fall-5-10');
  assert.equal(bandOf(90_000, 100_000), 'fall-5-10');
  assert.equal(bandOf(89_999, 100_000), 'fall-over-10');
});

test('a rise of exactly 5% (a +5% cap) is in the band up to 5%', () => {
  assert.equal(bandOf(100_001, 100_000), 'rise-0-2');
  assert.equal(bandOf(102_000, 100_000), 'rise-0-2');
  assert.equal(bandOf(102_001, 100_000), 'rise-2-5');
  assert.equal(bandOf(105_000, 100_000), 'rise-2-5');
  assert.equal(bandOf(105_001, 100_000), 'rise-5-10');
  assert.equal(bandOf(110_000, 100_000), 'rise-5-10');
  assert.equal(bandOf(110_001, 100_000), 'rise-over-10');
  assert.equal(bandOf(100_000, 100_000), 'same');
});

const schools = [
  { id: 'a', name: 'Aldborough Primary', pence: 1_050_000, lastYearPence: 1_000_000 }, // +£500, +5%
  { id: 'b', name: 'Blickling Infants', pence: 490_000, lastYearPence: 500_000 }, // −£100, −2%
  { id: 'c', name: 'Cawston Juniors', pence: 700_000, lastYearPence: 700_000 }, // no change
  { id: 'd', name: 'Dereham Academy', pence: 2_200_000, lastYearPence: 2_000_000 }, // +£2,000, +10%
  { id: 'e', name: 'Erpingham School', pence: 800_000, lastYearPence: null }, // new
  { id: 'f', name: 'Foulsham Primary', pence: 270_000, lastYearPence: 300_000 }, // −£300, −10%
  { id: 'g', name: 'Gresham Village', pence: 1_000_000, lastYearPence: 1_100_000 }, // −£1,000, −9.1%
];

test('the distribution counts each school in one band and lists every band', () => {
  const d = distribution(schools);
  assert.equal(d.length, 10);
  const count = (band: string) => d.find((b) => b.band === band)?.count;
  assert.equal(count('rise-2-5'), 1); // Aldborough, exactly +5%
  assert.equal(count('fall-0-2'), 1); // Blickling, exactly −2%
  assert.equal(count('same'), 1); // Cawston
  assert.equal(count('rise-5-10'), 1); // Dereham, exactly +10%
  assert.equal(count('new'), 1); // Erpingham
  assert.equal(count('fall-5-10'), 2); // Foulsham −10%, Gresham −9.1%
  assert.equal(count('fall-over-10'), 0);
  assert.equal(
    d.reduce((s, b) => s + b.count, 0),
    7,
  );
});

test('winners and losers: three gain or lose each way, the biggest in pounds first', () => {
  const w = winnersAndLosers(schools, 2);
  assert.deepEqual([w.gain, w.lose, w.same, w.new], [2, 3, 1, 1]);
  // Gains: Dereham +£2,000 then Aldborough +£500.
  assert.deepEqual(
    w.gains.map((g) => [g.name, g.changePence, g.percentTenths]),
    [
      ['Dereham Academy', 200_000, 100],
      ['Aldborough Primary', 50_000, 50],
    ],
  );
  // Losses: Gresham −£1,000 (−100,000 / 1,100,000 = −9.09%, −91 tenths), then Foulsham −£300; Blickling's −£100 is third.
  assert.deepEqual(
    w.losses.map((l) => [l.name, l.changePence, l.percentTenths]),
    [
      ['Gresham Village', -100_000, -91],
      ['Foulsham Primary', -30_000, -100],
    ],
  );
});

test('schools that gain the same are listed by name', () => {
  const w = winnersAndLosers(
    [
      { id: '2', name: 'Wymondham High', pence: 200, lastYearPence: 100 },
      { id: '1', name: 'Attleborough Primary', pence: 200, lastYearPence: 100 },
    ],
    5,
  );
  assert.deepEqual(
    w.gains.map((g) => g.name),
    ['Attleborough Primary', 'Wymondham High'],
  );
});
