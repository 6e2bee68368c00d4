import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bySetting,
  daysToDeadlineText,
  dueCell,
  nextStepCell,
  overdueText,
  shareText,
} from './presenters.ts';
import type { ReviewItem } from './service.ts';

const item = (over: Partial<ReviewItem> = {}): ReviewItem => ({
  planId: 'p1',
  child: {
    id: 'c1',
    forename: 'Ada',
    surname: 'Lovelace',
    dateOfBirth: '2016-01-20',
    upn: null,
    establishmentId: null,
  },
  setting: { id: 's1', name: 'Swaffham Primary' },
  nextReviewDue: '2027-03-09',
  daysOverdue: null,
  recommendedBy: null,
  openReview: null,
  phaseTransfer: null,
  coordinator: null,
  ...over,
});

test('days overdue read in weeks and days; days to a deadline say which side of it', () => {
  assert.equal(overdueText(1), '1 day');
  assert.equal(overdueText(6), '6 days');
  assert.equal(overdueText(7), '1 week (7 days)');
  assert.equal(overdueText(365), '52 weeks (365 days)');
  assert.equal(overdueText(1000), '142 weeks (1,000 days)');
  assert.equal(daysToDeadlineText(39), '39 days left');
  assert.equal(daysToDeadlineText(1), '1 day left');
  assert.equal(daysToDeadlineText(0), 'The deadline is today');
  assert.equal(daysToDeadlineText(-5), '5 days ago');
});

test('a share reads as met of counted with its percentage, or none due', () => {
  assert.equal(shareText({ met: 1, counted: 3, missed: 2, percentMet: 33.3 }), '1 of 3 (33.3%)');
  assert.equal(shareText({ met: 1200, counted: 1500, missed: 300, percentMet: 80 }), '1,200 of 1,500 (80%)');
  assert.equal(shareText({ met: 0, counted: 0, missed: 0, percentMet: null }), 'None due');
});

test('the due date carries the under-fives’ recommendation and a coming phase transfer beside it', () => {
  const cell = dueCell(
    item({
      recommendedBy: '2027-02-28',
      phaseTransfer: { to: 'secondary', deadline: '2027-02-15' },
    }),
  );
  assert.match(cell.html, /^9 March 2027<br>/);
  assert.match(cell.html, /Recommended review by 28 February 2027 \(Code of Practice 9\.178\)/);
  assert.match(cell.html, /To secondary: amend before 15 February 2027/);
});

test('the next step is flagged when late, and a plan with no review is to begin one', () => {
  assert.equal(nextStepCell(item(), '2027-01-12').text, 'Begin the review');
  const late = nextStepCell(
    item({
      openReview: {
        id: 'r1',
        stage: 'invited',
        meetingOn: '2027-01-10',
        heldOn: null,
        reportOn: null,
        nextDue: { step: 'meeting', on: '2027-01-10' },
      },
    }),
    '2027-01-12',
  );
  assert.match(
    late.html ?? '',
    /Hold the review meeting, 10 January 2027 <strong class="govuk-tag govuk-tag--red">Overdue/,
  );
});

test('rows are grouped by setting in the order they come, a setting without one last', () => {
  const groups = bySetting(
    [
      item({ planId: 'a' }),
      item({ planId: 'b' }),
      item({ planId: 'c', setting: { id: 's2', name: 'Watton Junior' } }),
      item({ planId: 'd', setting: null }),
    ],
    '2027-01-12',
  );
  assert.deepEqual(
    groups.map((g) => [g.name, g.rows.length]),
    [
      ['Swaffham Primary', 2],
      ['Watton Junior', 1],
      ['No setting recorded', 1],
    ],
  );
});

test('a child’s name is escaped, and links to the review under way or else to their record', () => {
  const html = bySetting([item({ child: { ...item().child, forename: '<b>Ada</b>' } })], '2027-01-12')[0]
    ?.rows[0]?.[0];
  assert.match(JSON.stringify(html), /&lt;b&gt;Ada&lt;\/b&gt;/);
  assert.match(JSON.stringify(html), /href=\\"\/children\/c1\\"/);
});
