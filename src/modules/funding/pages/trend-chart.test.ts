import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scaleTop, trendChart } from './trend-chart.ts';

test('the scale tops out at four even steps of 1, 2, 2.5 or 5 times a power of ten', () => {
  // 4,871,200 / 4 = 1,217,800: the next such step is 2,000,000, so the top is 8,000,000 (£80,000).
  assert.equal(scaleTop(4_871_200), 8_000_000);
  // 4,000,000 / 4 = 1,000,000 exactly: no need to go higher.
  assert.equal(scaleTop(4_000_000), 4_000_000);
  // 9,000,000 / 4 = 2,250,000: the next step is 2,500,000, so the top is 10,000,000.
  assert.equal(scaleTop(9_000_000), 10_000_000);
  assert.equal(scaleTop(0), 100, 'nothing at all still draws a scale up to £1');
});

test('no snapshot, no chart', () => {
  assert.equal(trendChart(2025, []), null);
});

test('each month sits in its place in the year, and the picture is described in words', () => {
  const chart = trendChart(2025, [
    { takenOn: '2025-04-03', budgetPence: 3_600_000, committedPence: 3_000_000, forecastPence: 4_000_000 },
    { takenOn: '2026-03-02', budgetPence: 3_600_000, committedPence: 3_330_104, forecastPence: 4_871_200 },
  ]);
  assert.ok(chart);
  assert.equal(
    chart.summary,
    'The forecast went from £40,000 in April 2025 to £48,712 in March 2026, with £33,301 committed, against a budget of £36,000.',
  );
  assert.match(
    chart.svg,
    /^<svg viewBox="0 0 760 280" class="app-chart" role="img" aria-labelledby="trend-title trend-desc"/,
  );
  assert.match(
    chart.svg,
    /<title id="trend-title">The high needs position month by month in 2025-26<\/title>/,
  );
  // The plot is 760 − 120 − 16 = 624 wide, 52 a month: April's slot starts at 120, March's at 692.
  // The scale tops at 8,000,000 over 280 − 16 − 40 = 224: the forecast of 4,871,200 is drawn at
  // 16 + 224 − 4,871,200 / 8,000,000 × 224 = 103.6.
  assert.match(chart.svg, /<polyline points="146\.0,128\.0 718\.0,103\.6" class="app-chart__line"\/>/);
  assert.equal((chart.svg.match(/class="app-chart__bar"/g) ?? []).length, 2);
  assert.match(chart.svg, />£80,000<\/text>/);
  assert.match(chart.svg, />Apr<\/text>.*>Mar<\/text>/);
});

test('a single month draws its budget and forecast without a line to join', () => {
  const chart = trendChart(2025, [
    { takenOn: '2026-03-02', budgetPence: 0, committedPence: 2_930_104, forecastPence: 4_409_556 },
  ]);
  assert.equal(
    chart?.summary,
    'In March 2026 the forecast was £44,096, with £29,301 committed, against a budget of £0.',
  );
  assert.doesNotMatch(chart?.svg ?? '', /polyline/);
  assert.match(chart?.svg ?? '', /<circle /);
  assert.match(chart?.svg ?? '', /stroke-dasharray="8 4"/);
});
