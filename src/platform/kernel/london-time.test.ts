import assert from 'node:assert/strict';
import { test } from 'node:test';
import { londonInstant, timeField, timeText, whenText } from './london-time.ts';

test('a London wall time is GMT in winter and BST in summer', () => {
  // 8 November 2011 is after the clocks went back (30 October 2011): 13:30 GMT is 13:30Z.
  assert.equal(londonInstant('2011-11-08', '13:30')?.toISOString(), '2011-11-08T13:30:00.000Z');
  // 11 July 2012 is in BST (UTC+1): 13:30 in London is 12:30Z.
  assert.equal(londonInstant('2012-07-11', '13:30')?.toISOString(), '2012-07-11T12:30:00.000Z');
  // 29 March 2026: the clocks go forward at 01:00 GMT, so 01:30 never happens that day.
  assert.equal(londonInstant('2026-03-29', '01:30'), null);
  assert.equal(londonInstant('2026-03-29', '25:00'), null);
  assert.equal(londonInstant('2026-03-29', 'half one'), null);
});

test('times read as GOV.UK writes them', () => {
  assert.equal(timeText(new Date('2011-11-08T13:30:00Z')), '1:30pm');
  assert.equal(timeText(new Date('2011-12-02T09:30:00Z')), '9:30am');
  assert.equal(timeText(new Date('2011-12-02T12:00:00Z')), 'midday');
  assert.equal(timeText(new Date('2011-12-02T00:00:00Z')), 'midnight');
  // 16:30 BST is 15:30Z.
  assert.equal(timeText(new Date('2012-07-16T15:30:00Z')), '4:30pm');
  assert.equal(timeField(new Date('2012-07-16T15:30:00Z')), '16:30');
  assert.equal(
    whenText(new Date('2011-11-08T13:30:00Z'), new Date('2011-11-08T16:30:00Z')),
    'Tuesday 8 November 2011, 1:30pm to 4:30pm',
  );
});
