import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compulsorySchoolAgeEnds, decisionMakerOn, decisionsPassToYoungPersonOn } from './decisions.ts';

// June 2026 starts on a Monday: its Fridays are 5, 12, 19 and 26. June 2027 starts on a Tuesday:
// Fridays 4, 11, 18, 25. June 2025 starts on a Sunday: Fridays 6, 13, 20, 27.
test('compulsory school age ends on the last Friday in June of the school year the child turns 16', () => {
  // 16 on 1 Sep 2025, the first day of the 2025/26 school year.
  assert.equal(compulsorySchoolAgeEnds('2009-09-01'), '2026-06-26');
  // 16 on 31 Aug 2026, the last day of the same school year: the June Friday before the birthday.
  assert.equal(compulsorySchoolAgeEnds('2010-08-31'), '2026-06-26');
  // 16 on 15 Jul 2026, after the leaving date but in the same school year (Education Act 1996 s8(3)(a)).
  assert.equal(compulsorySchoolAgeEnds('2010-07-15'), '2026-06-26');
  // 16 on Fri 26 Jun 2026, the leaving date itself (s8(3)(b)).
  assert.equal(compulsorySchoolAgeEnds('2010-06-26'), '2026-06-26');
  // 16 on 1 Sep 2026: the 2026/27 school year, so 25 Jun 2027.
  assert.equal(compulsorySchoolAgeEnds('2010-09-01'), '2027-06-25');
  // Born 29 Feb 2008, 16 on 29 Feb 2024: the 2023/24 school year. June 2024 starts on a Saturday,
  // so its last Friday is the 28th.
  assert.equal(compulsorySchoolAgeEnds('2008-02-29'), '2024-06-28');
});

test('decisions pass to the young person the day after; a representative acts for one who lacks capacity', () => {
  assert.equal(decisionsPassToYoungPersonOn('2009-09-01'), '2026-06-27');
  assert.deepEqual(decisionMakerOn('2009-09-01', '2026-06-26', null), { kind: 'parent' });
  assert.deepEqual(decisionMakerOn('2009-09-01', '2026-06-27', null), { kind: 'young-person' });
  const lacks = {
    lacksCapacity: true,
    assessedOn: '2026-05-01',
    actingPersonId: 'p1',
    actingAs: 'deputy' as const,
    notes: '',
  };
  assert.deepEqual(decisionMakerOn('2009-09-01', '2026-06-27', lacks), {
    kind: 'representative',
    personId: 'p1',
    actingAs: 'deputy',
  });
  // Before the end of compulsory school age the parent decides, capacity or not.
  assert.deepEqual(decisionMakerOn('2009-09-01', '2026-06-01', lacks), { kind: 'parent' });
  assert.deepEqual(decisionMakerOn('2009-09-01', '2026-07-01', { ...lacks, lacksCapacity: false }), {
    kind: 'young-person',
  });
});
