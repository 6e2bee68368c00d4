import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  digestLimit,
  initialsOf,
  linkPathOf,
  type ReminderItem,
  reminderDigest,
  reminderHorizons,
  taskOf,
} from './reminders.ts';

const item = (over: Partial<ReminderItem> = {}): ReminderItem => ({
  childId: 'c1',
  forename: 'Amira',
  surname: 'Okafor',
  source: 'plan',
  planId: 'p1',
  reviewId: null,
  requestId: null,
  step: 'review-due',
  kind: 'upcoming',
  dueOn: '2027-03-09',
  audience: 'coordinator',
  setting: null,
  phaseTo: null,
  ...over,
});

describe('when a step is first reminded of', () => {
  test('a review due on 9 March 2027 is within the 10 weeks on 29 December 2026, not on the 28th', () => {
    // 9 March 2027 − 70 days: back 9 days to 28 February, 28 more to 31 January, 31 more to
    // 31 December, 2 more to 29 December 2026.
    assert.equal(reminderHorizons('2026-12-29').reviewDue, '2027-03-09');
    assert.equal(reminderHorizons('2026-12-28').reviewDue, '2027-03-08');
  });

  test('a phase transfer amended before 15 February 2027 is reminded of from 17 January, 4 weeks before 14 February', () => {
    // The last day on time is 14 February; 14 February − 28 days: 14 days back to 31 January,
    // 14 more to 17 January.
    assert.equal(reminderHorizons('2027-01-17').phaseTransfer, '2027-02-14');
    assert.equal(reminderHorizons('2027-01-16').phaseTransfer, '2027-02-13');
  });

  test('a review step and an assessment step a week before', () => {
    // 29 December 2026 + 7 = 5 January 2027, across the year end.
    const h = reminderHorizons('2026-12-29');
    assert.equal(h.reviewStep, '2027-01-05');
    assert.equal(h.assessmentStep, '2027-01-05');
  });
});

describe('what a reminder says', () => {
  test('initials are the first letters of the first name and surname, accents kept', () => {
    assert.equal(initialsOf('Amira', 'Okafor'), 'AO');
    assert.equal(initialsOf(' émile ', 'Ó Briain'), 'ÉÓ');
    assert.equal(initialsOf('Mary-Jane', "O'Neill"), 'MO');
  });

  test('a plan with no review begun links to the page to begin it, a review to the review, an assessment to the request', () => {
    assert.equal(linkPathOf(item()), '/ehc/plans/p1/review');
    assert.equal(linkPathOf(item({ reviewId: 'r1' })), '/ehc/reviews/r1');
    assert.equal(
      linkPathOf(item({ source: 'request', planId: null, requestId: 'q1', step: 'final-plan' })),
      '/ehc/requests/q1',
    );
  });

  test('a phase transfer names the move and reg 18’s “before” date, the day after the last day on time', () => {
    assert.equal(
      taskOf(item({ step: 'phase-transfer', dueOn: '2027-02-14', phaseTo: 'secondary' })),
      'The plan amended for the move to secondary school (the law says before 15 February 2027)',
    );
  });

  test('a coordinator’s digest lists what is missed, then what is coming, by initials, with GOV.UK dates and links', () => {
    const digest = reminderDigest(
      { email: 'casey@example.org', name: 'Casey Coordinator' },
      [
        item(),
        item({
          childId: 'c2',
          forename: 'Ben',
          surname: 'Ward',
          source: 'review',
          reviewId: 'r2',
          step: 'decision',
          kind: 'missed',
          dueOn: '2026-12-15',
        }),
      ],
      { today: '2026-12-29', publicUrl: 'https://send.example.gov.uk' },
    );
    assert.equal(digest.subject, 'EHC reminders: 1 missed, 1 coming up');
    const body = digest.body;
    assert.match(body, /^Hello Casey Coordinator,/);
    assert.doesNotMatch(body, /Amira|Okafor|Ben |Ward/, 'no child’s name leaves in an email');
    // 29 December − 15 December = 14 days; 9 March 2027 is 70 days on (worked above).
    assert.ok(body.indexOf('Missed: 1 step') < body.indexOf('Coming up: 1 step'));
    assert.match(
      body,
      /BW: The LA’s decision after the review: maintain, amend or cease the plan\.\nWas due by 15 December 2026, 14 days ago\.\nhttps:\/\/send\.example\.gov\.uk\/ehc\/reviews\/r2/,
    );
    assert.match(body, /AO: Annual review of the EHC plan.*it is time to arrange the meeting/);
    assert.match(
      body,
      /Due by 9 March 2027, in 70 days\.\nhttps:\/\/send\.example\.gov\.uk\/ehc\/plans\/p1\/review/,
    );
    assert.match(body, /as the EHC coordinator of the children named/);
  });

  test('a SENCo is told as the school’s SENCo, and the service mailbox why the reminders came to it', () => {
    const senco = reminderDigest(
      { email: 's@school.example', name: null },
      [item({ source: 'review', reviewId: 'r1', step: 'report', audience: 'senco', setting: 'Oak Primary' })],
      { today: '2027-03-08', publicUrl: undefined },
    );
    assert.match(senco.body, /^Hello s@school\.example,/);
    assert.match(senco.body, /for pupils at Oak Primary are coming up/);
    assert.match(senco.body, /Due by 9 March 2027, tomorrow\.\nIn OpenSEND: \/ehc\/reviews\/r1/);
    assert.match(senco.body, /as the SENCo at Oak Primary/);
    const mailbox = reminderDigest(
      { email: 'send@la.example', name: 'SEND service' },
      [item({ kind: 'missed', dueOn: '2027-03-08', audience: 'mailbox' })],
      { today: '2027-03-09', publicUrl: undefined },
    );
    assert.equal(mailbox.subject, 'EHC reminders: 1 missed');
    assert.match(mailbox.body, /Was due by 8 March 2027, yesterday\./);
    assert.match(mailbox.body, /no EHC coordinator with an active account/);
  });

  test('a backlog lists the first 100 steps, missed first, and says where the rest are', () => {
    const backlog = [
      ...Array.from({ length: 120 }, (_, i) =>
        item({ childId: `m${i}`, kind: 'missed', dueOn: i < 60 ? '2026-10-01' : '2026-11-01' }),
      ),
      ...Array.from({ length: 10 }, (_, i) => item({ childId: `u${i}` })),
    ];
    const digest = reminderDigest({ email: 'c@la.example', name: 'Casey' }, backlog, {
      today: '2026-12-29',
      publicUrl: 'https://send.example.gov.uk',
    });
    assert.equal(digestLimit, 100);
    assert.equal(digest.subject, 'EHC reminders: 120 missed, 10 coming up');
    assert.match(digest.body, /Missed: 120 steps, the first 100 listed/);
    assert.match(digest.body, /Coming up: 10 steps, none listed/);
    assert.equal(digest.body.match(/^Was due by/gm)?.length, 100);
    assert.equal(digest.body.match(/^Was due by 1 October 2026/gm)?.length, 60, 'the longest overdue first');
    assert.match(
      digest.body,
      /30 more steps are not listed here\. The lists of reviews due and overdue are at https:\/\/send\.example\.gov\.uk\/ehc\/reviews/,
    );
    assert.ok(digest.body.length < 100_000, 'within what the outbox takes');
  });

  test('with only the first steps given, the message counts them all', () => {
    const first = Array.from({ length: 100 }, (_, i) => item({ childId: `m${i}`, kind: 'missed' }));
    const digest = reminderDigest(
      { email: 'c@la.example', name: 'Casey' },
      first,
      { today: '2027-03-20', publicUrl: undefined },
      { missed: 250, upcoming: 5 },
    );
    assert.equal(digest.subject, 'EHC reminders: 250 missed, 5 coming up');
    assert.match(digest.body, /Missed: 250 steps, the first 100 listed/);
    assert.match(digest.body, /Coming up: 5 steps, none listed/);
    // 250 + 5 − 100 listed = 155.
    assert.match(
      digest.body,
      /155 more steps are not listed here\. The lists of reviews due and overdue are in OpenSEND at \/ehc\/reviews/,
    );
  });
});
