import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  earlyYearsRecommendation,
  type PlanDates,
  phaseTransferOf,
  reviewDue,
  type SettingPhase,
} from './due-dates.ts';

// Every date below was worked by hand from the rule's words; the working is in the comment.
// "The period of N months starting with" a day counts that day, so it ends the day before the
// same date N months on; where that month has no such date (no 29 February in 2025) the next
// period would begin on the 1st of the month after, so this one ends on the month's last day,
// as a 29 February birthday falls on 1 March in a common year.

const plan = (over: Partial<PlanDates> = {}): PlanDates => ({
  issuedOn: '2026-03-10',
  lastReviewedOn: null,
  transferredInOn: null,
  ...over,
});

describe('reviewDue: CFA 2014 s44(1), within the 12 months starting with the making or the last review', () => {
  test('1. a plan made on 10 March 2026 is due by 9 March 2027 (12 months are 10 Mar 2026 to 9 Mar 2027)', () => {
    assert.deepEqual(reviewDue(plan()), {
      dueOn: '2027-03-09',
      rule: 'CFA 2014 s44(1): within 12 months of the plan being made',
    });
  });
  test('2. last reviewed on 20 November 2026: the 12 months start again that day, so due 19 November 2027', () => {
    assert.deepEqual(reviewDue(plan({ lastReviewedOn: '2026-11-20' })), {
      dueOn: '2027-11-19',
      rule: 'CFA 2014 s44(1): within 12 months of the last review',
    });
  });
  test('3. made on 29 February 2024: the 12 months run to 28 February 2025 (the next would start on 1 March)', () => {
    // 29 Feb–28 Mar 2024, …, 29 Jan–28 Feb 2025: twelve months, 366 days as every 12 months with a 29 February.
    assert.equal(reviewDue(plan({ issuedOn: '2024-02-29' })).dueOn, '2025-02-28');
  });
  test('4. made on 28 February 2024 ends on 27 February 2025; made on 1 March 2027 ends on 29 February 2028', () => {
    // 28 Feb 2025 exists, so the day before it; 1 March 2028 is the anniversary, and 2028 is a leap year.
    assert.equal(reviewDue(plan({ issuedOn: '2024-02-28' })).dueOn, '2025-02-27');
    assert.equal(reviewDue(plan({ issuedOn: '2027-03-01' })).dueOn, '2028-02-29');
  });
  test('5. last reviewed on 29 February 2028: due by 28 February 2029', () => {
    assert.equal(
      reviewDue(plan({ issuedOn: '2026-03-10', lastReviewedOn: '2028-02-29' })).dueOn,
      '2029-02-28',
    );
  });
  test('6. a review recorded before the plan was made is not the plan’s: 12 months from the making', () => {
    // A plan re-made on 10 Mar 2026 with an older review date carried over: due 9 Mar 2027 all the same.
    assert.deepEqual(reviewDue(plan({ lastReviewedOn: '2025-07-01' })), {
      dueOn: '2027-03-09',
      rule: 'CFA 2014 s44(1): within 12 months of the plan being made',
    });
  });
  test('7. a review on the day the plan was made counts as the making', () => {
    assert.equal(reviewDue(plan({ lastReviewedOn: '2026-03-10' })).rule.includes('made'), true);
  });
});

describe('reviewDue: reg 15(5), a plan transferred in is due by the later of 12 months and 3 months from the transfer', () => {
  test('8. made 1 June 2025, in on 20 April 2026: 3 months (to 19 July 2026) beat 12 (to 31 May 2026)', () => {
    // 3 months starting with 20 Apr: 20 Apr–19 May, 20 May–19 Jun, 20 Jun–19 Jul.
    assert.deepEqual(reviewDue(plan({ issuedOn: '2025-06-01', transferredInOn: '2026-04-20' })), {
      dueOn: '2026-07-19',
      rule: 'reg 15(5): within 3 months of the plan transferring in',
    });
  });
  test('9. made 1 June 2025, in on 15 September 2025: 12 months (to 31 May 2026) beat 3 (to 14 December 2025)', () => {
    assert.deepEqual(reviewDue(plan({ issuedOn: '2025-06-01', transferredInOn: '2025-09-15' })), {
      dueOn: '2026-05-31',
      rule: 'CFA 2014 s44(1): within 12 months of the plan being made',
    });
  });
  test('10. reviewed here after the transfer: 12 months from that review (10 Jul 2026 → 9 Jul 2027)', () => {
    const due = reviewDue(
      plan({ issuedOn: '2025-06-01', transferredInOn: '2026-04-20', lastReviewedOn: '2026-07-10' }),
    );
    assert.deepEqual(due, {
      dueOn: '2027-07-09',
      rule: 'CFA 2014 s44(1): within 12 months of the last review',
    });
  });
  test('11. in on 30 November 2025: 3 months end on 28 February 2026, February having no 30th', () => {
    // 30 Nov–29 Dec, 30 Dec–29 Jan, 30 Jan–28 Feb; the 12 months from 1 Dec 2024 ended 30 Nov 2025.
    assert.equal(
      reviewDue(plan({ issuedOn: '2024-12-01', transferredInOn: '2025-11-30' })).dueOn,
      '2026-02-28',
    );
  });
  test('12. 3 months ending on the same day as the 12 go by the 12 months’ rule', () => {
    // Made 20 Jul 2025 → 19 Jul 2026; in on 20 Apr 2026 → 19 Jul 2026: not later, so s44(1).
    assert.equal(
      reviewDue(plan({ issuedOn: '2025-07-20', transferredInOn: '2026-04-20' })).rule,
      'CFA 2014 s44(1): within 12 months of the plan being made',
    );
  });
});

describe('earlyYearsRecommendation: Code of Practice 9.178, every 3 to 6 months under 5', () => {
  test('13. a 2-year-old’s plan made 12 January 2026: review from 12 April, by 11 July 2026', () => {
    // Born 15 Jun 2023: 3 on 11 Jul 2026. 6 months starting with 12 Jan end 11 Jul.
    assert.deepEqual(earlyYearsRecommendation(plan({ issuedOn: '2026-01-12' }), '2023-06-15'), {
      from: '2026-04-12',
      by: '2026-07-11',
    });
  });
  test('14. after a review on 20 May 2026 the next is recommended from 20 August, by 19 November 2026', () => {
    assert.deepEqual(
      earlyYearsRecommendation(plan({ issuedOn: '2026-01-12', lastReviewedOn: '2026-05-20' }), '2023-06-15'),
      { from: '2026-08-20', by: '2026-11-19' },
    );
  });
  test('15. a child who turns 5 before the recommended review has none: the 12-month duty alone', () => {
    // Born 1 Apr 2021: 5 on 1 Apr 2026, before 11 Jul 2026.
    assert.equal(earlyYearsRecommendation(plan({ issuedOn: '2026-01-12' }), '2021-04-01'), null);
    assert.equal(reviewDue(plan({ issuedOn: '2026-01-12' })).dueOn, '2027-01-11');
  });
  test('16. turning 5 on the last recommended day is too late for it; the day after is not', () => {
    // Born 11 Jul 2021: 5 on 11 Jul 2026. Born 12 Jul 2021: still 4 on 11 Jul 2026.
    assert.equal(earlyYearsRecommendation(plan({ issuedOn: '2026-01-12' }), '2021-07-11'), null);
    assert.deepEqual(earlyYearsRecommendation(plan({ issuedOn: '2026-01-12' }), '2021-07-12'), {
      from: '2026-04-12',
      by: '2026-07-11',
    });
  });
  test('17. made 31 August 2025: by 28 February 2026, the 6 months’ last day', () => {
    // 31 Aug–30 Sep, …, 31 Jan–28 Feb (no 31 Feb); from 3 months on, 30 Nov, November having no 31st.
    assert.deepEqual(earlyYearsRecommendation(plan({ issuedOn: '2025-08-31' }), '2023-06-15'), {
      from: '2025-11-30',
      by: '2026-02-28',
    });
  });
});

const setting = (
  phase: string | null,
  statutoryLowAge: number | null,
  statutoryHighAge: number | null,
  settingKind: string | null = 'school',
): SettingPhase => ({ phase, settingKind, statutoryLowAge, statutoryHighAge });

const nursery = setting('Nursery', 2, 5, 'early_years');
const infant = setting('Primary', 4, 7);
const first = setting('Primary', 4, 9);
const primary = setting('Primary', 4, 11);
const middleDeemedPrimary = setting('Middle deemed primary', 8, 12);
const middleDeemedSecondary = setting('Middle deemed secondary', 9, 13);
const secondaryTo16 = setting('Secondary', 11, 16);
const secondaryWithSixthForm = setting('Secondary', 11, 18);
const allThrough = setting('All-through', 4, 18);
const specialAllAge = setting('Not applicable', 2, 19);
const specialPrimary = setting('Not applicable', 4, 11);
const college = setting('16 plus', 16, 99, 'post_16');

// In 2025/26 (today 1 October 2025) year groups go by age on 31 August 2025: 3 nursery, 4 Reception,
// 6 Year 2, 8 Year 4, 10 Year 6, 11 Year 7, 12 Year 8, 15 Year 11. The transfer is on 1 September 2026,
// the amendment before 15 February 2026 (so by 14 February), or before 31 March 2026 to post-16.
const today = '2025-10-01';
const to = (dateOfBirth: string, s: SettingPhase | null, on = today) => phaseTransferOf(dateOfBirth, s, on);
const toSchoolIn2026 = { transferOn: '2026-09-01', deadline: '2026-02-15', dueOn: '2026-02-14' };

describe('phaseTransferOf: reg 18 deadlines for reg 2’s transfers between phases', () => {
  test('18. a nursery child aged 3 on 31 August 2025 goes to school: amended before 15 February 2026', () => {
    // Born 10 Mar 2022: 3 on 10 Mar 2025, so Reception from September 2026.
    assert.deepEqual(to('2022-03-10', nursery), { to: 'school', ...toSchoolIn2026 });
  });
  test('19. a nursery child aged 2 on 31 August 2025 has a year more before school', () => {
    assert.equal(to('2023-01-10', nursery), null);
  });
  test('20. infant school (to 7), Year 2 → junior; Year 1 → none yet', () => {
    // Born 20 Jan 2019: 6 on 31 Aug 2025, Year 2. Born 20 Jan 2020: 5, Year 1.
    assert.deepEqual(to('2019-01-20', infant), { to: 'junior', ...toSchoolIn2026 });
    assert.equal(to('2020-01-20', infant), null);
  });
  test('21. first school (to 9), Year 4 → middle', () => {
    // Born 5 May 2017: 8 on 31 Aug 2025, Year 4, the first school's last.
    assert.deepEqual(to('2017-05-05', first), { to: 'middle', ...toSchoolIn2026 });
  });
  test('22. primary (to 11), Year 6 → secondary; Year 5 → none yet', () => {
    // Born 2 Feb 2015: 10 on 31 Aug 2025, Year 6. Born 2 Feb 2016: 9, Year 5.
    assert.deepEqual(to('2015-02-02', primary), { to: 'secondary', ...toSchoolIn2026 });
    assert.equal(to('2016-02-02', primary), null);
  });
  test('23. middle deemed secondary (9 to 13), Year 8 → secondary; Year 7 there → none', () => {
    // Born 7 Jul 2013: 12 on 31 Aug 2025, Year 8. Born 7 Jul 2014: 11, Year 7.
    assert.deepEqual(to('2013-07-07', middleDeemedSecondary), { to: 'secondary', ...toSchoolIn2026 });
    assert.equal(to('2014-07-07', middleDeemedSecondary), null);
  });
  test('24. middle deemed primary (8 to 12), Year 7 → secondary', () => {
    // Born 3 Mar 2014: 11 on 31 Aug 2025, Year 7, the last year of a school to 12.
    assert.deepEqual(to('2014-03-03', middleDeemedPrimary), { to: 'secondary', ...toSchoolIn2026 });
  });
  test('25. secondary to 16, Year 11 → post-16, amended before 31 March 2026 (so by 30 March)', () => {
    // Born 4 Apr 2010: 15 on 31 Aug 2025, Year 11.
    assert.deepEqual(to('2010-04-04', secondaryTo16), {
      to: 'post-16',
      transferOn: '2026-09-01',
      deadline: '2026-03-31',
      dueOn: '2026-03-30',
    });
  });
  test('26. a secondary with a sixth form (to 18) keeps its Year 11: no transfer', () => {
    assert.equal(to('2010-04-04', secondaryWithSixthForm), null);
  });
  test('27. an all-through school carries Year 6 and Year 11 on: no transfer', () => {
    assert.equal(to('2015-02-02', allThrough), null);
    assert.equal(to('2010-04-04', allThrough), null);
  });
  test('28. an all-age special school (2 to 19, phase "Not applicable"): no transfer in Year 6 or 11', () => {
    assert.equal(to('2015-02-02', specialAllAge), null);
    assert.equal(to('2010-04-04', specialAllAge), null);
  });
  test('29. a special school for 4 to 11, Year 6 → secondary', () => {
    assert.deepEqual(to('2015-02-02', specialPrimary), { to: 'secondary', ...toSchoolIn2026 });
  });
  test('30. a post-16 college: no transfer reg 2 lists', () => {
    assert.equal(to('2008-05-05', college), null);
  });
  test('31. no setting: age alone, Year 6 → secondary, Year 11 → post-16, nursery age → school', () => {
    assert.deepEqual(to('2015-02-02', null), { to: 'secondary', ...toSchoolIn2026 });
    assert.deepEqual(to('2010-04-04', null), {
      to: 'post-16',
      transferOn: '2026-09-01',
      deadline: '2026-03-31',
      dueOn: '2026-03-30',
    });
    assert.deepEqual(to('2022-03-10', null), { to: 'school', ...toSchoolIn2026 });
    assert.equal(to('2016-02-02', null), null);
  });
});

describe('phaseTransferOf: the academic year turns on 1 September', () => {
  test('32. a Year 6 child on 31 August 2026 still has September 2026’s transfer; on 1 September, none', () => {
    // 31 Aug 2026 is in 2025/26: age 10 on 31 Aug 2025, Year 6. On 1 Sep 2026 the year is 2026/27:
    // age 11 on 31 Aug 2026, Year 7, which a primary school does not have.
    assert.deepEqual(to('2015-02-02', primary, '2026-08-31'), { to: 'secondary', ...toSchoolIn2026 });
    assert.equal(to('2015-02-02', primary, '2026-09-01'), null);
  });
  test('33. a Year 5 child on 31 August 2026 has none; on 1 September 2026, transfer in September 2027', () => {
    // Born 2 Feb 2016: 10 on 31 Aug 2026, Year 6 in 2026/27; deadline 15 Feb 2027, due by 14 Feb.
    assert.equal(to('2016-02-02', primary, '2026-08-31'), null);
    assert.deepEqual(to('2016-02-02', primary, '2026-09-01'), {
      to: 'secondary',
      transferOn: '2027-09-01',
      deadline: '2027-02-15',
      dueOn: '2027-02-14',
    });
  });
  test('34. born 31 August 2015 is the youngest of Year 6; born 1 September 2015 is the oldest of Year 5', () => {
    // 31 Aug 2015: 10 on 31 Aug 2025 (the birthday counts). 1 Sep 2015: 9 on 31 Aug 2025.
    assert.deepEqual(to('2015-08-31', primary), { to: 'secondary', ...toSchoolIn2026 });
    assert.equal(to('2015-09-01', primary), null);
  });
  test('35. 15 February 2028 is the deadline in a leap year too, due by 14 February 2028', () => {
    // Today 10 Jan 2028 is in 2027/28; born 2 Feb 2017 is 10 on 31 Aug 2027, Year 6.
    assert.deepEqual(to('2017-02-02', primary, '2028-01-10'), {
      to: 'secondary',
      transferOn: '2028-09-01',
      deadline: '2028-02-15',
      dueOn: '2028-02-14',
    });
  });
});
