import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  englandAndWalesCalendar as calendar,
  subtractWorkingDays,
  workingDaysBeginningWith,
} from '../../../platform/kernel/bank-holidays.ts';
import { addDays, dayNumber } from '../../../platform/kernel/days.ts';
import {
  appealDeadline,
  deadlines,
  type ExceptionFacts,
  type RequestFacts,
  requestFacts,
} from './deadlines.ts';

const day = fc
  .integer({ min: dayNumber('2015-01-01'), max: dayNumber('2035-12-31') })
  .map((n) => addDays('1970-01-01', n));
const offset = fc.integer({ min: 0, max: 200 });

/** A request with each step some days after day 0, present or not, in any combination. */
const facts = fc
  .record({
    kind: fc.constantFrom('new', 'reassessment', 'transfer-in' as const),
    receivedOn: day,
    decision: fc.option(fc.record({ after: offset, outcome: fc.constantFrom('assess', 'refuse' as const) })),
    advice: fc.array(fc.record({ after: offset, back: fc.option(offset), school: fc.boolean() }), {
      maxLength: 4,
    }),
    final: fc.option(offset),
    exception: fc.option(
      fc.record({
        reason: fc.constantFrom('a', 'b', 'c', 'd' as const),
        after: offset,
        length: fc.integer({ min: 0, max: 60 }),
      }),
    ),
    today: offset,
  })
  .map(({ kind, receivedOn, decision, advice, final, exception, today }) => {
    const at = (n: number) => addDays(receivedOn, n);
    const exceptions: ExceptionFacts[] = exception
      ? [
          {
            reason: exception.reason,
            from: at(exception.after),
            to: at(exception.after + exception.length),
            evidence: 'evidence',
          },
        ]
      : [];
    const f: RequestFacts = {
      ...requestFacts(kind, receivedOn),
      assessDecision: decision ? { on: at(decision.after), outcome: decision.outcome } : null,
      advice: advice.map((a, i) => ({
        id: `a${i}`,
        fromSchool: a.school,
        fromEarlyYears: !a.school,
        sentOn: at(a.after),
        receivedOn: a.back === null ? null : at(a.after + a.back),
      })),
      finalIssuedOn: final === null ? null : at(final),
      exceptions,
    };
    return { facts: f, today: at(today) };
  });

test('every deadline is on or after its start, and its status agrees with its dates', () => {
  fc.assert(
    fc.property(facts, ({ facts: f, today }) => {
      for (const d of deadlines(f, { today, calendar, closures: [] })) {
        assert.ok(d.dueOn >= d.startsOn);
        if (d.status === 'met') assert.ok(d.doneOn !== null && d.doneOn <= d.dueOn);
        if (d.status === 'due') assert.ok(d.doneOn === null && today <= d.dueOn);
        if (d.status === 'missed' || d.status === 'excepted') {
          const end = d.doneOn ?? today;
          assert.equal(d.daysLate, dayNumber(end) - dayNumber(d.dueOn));
          assert.ok((d.daysLate ?? 0) > 0);
        }
        assert.equal(d.status === 'excepted', d.exception !== null);
      }
    }),
    { numRuns: 2000 },
  );
});

test('the final plan falls due on the same weekday as the request, whole weeks later', () => {
  fc.assert(
    fc.property(facts, ({ facts: f, today }) => {
      const final = deadlines(f, { today, calendar, closures: [] }).find((d) => d.step === 'final-plan');
      if (!final) return;
      const weekday = (iso: string) => new Date(`${iso}T12:00:00Z`).getUTCDay();
      assert.equal(weekday(final.dueOn), weekday(f.receivedOn));
      assert.equal((dayNumber(final.dueOn) - dayNumber(f.receivedOn)) % 7, 0);
    }),
  );
});

test('removing the exceptions changes only excepted deadlines, and only to missed', () => {
  fc.assert(
    fc.property(facts, ({ facts: f, today }) => {
      const ctx = {
        today,
        calendar,
        closures: [{ from: addDays(f.receivedOn, 30), to: addDays(f.receivedOn, 70) }],
      };
      const withExceptions = deadlines(f, ctx);
      const without = deadlines({ ...f, exceptions: [] }, ctx);
      assert.equal(withExceptions.length, without.length);
      withExceptions.forEach((d, i) => {
        const plain = without[i];
        assert.ok(plain);
        if (d.status === 'excepted') assert.equal(plain.status, 'missed');
        else assert.equal(d.status, plain.status);
      });
    }),
  );
});

test('the nth working day beginning with a day is a working day with n working days from that day to it', () => {
  fc.assert(
    fc.property(day, fc.integer({ min: 1, max: 40 }), (start, n) => {
      const end = workingDaysBeginningWith(calendar, start, n);
      assert.ok(calendar.isWorkingDay(dayNumber(end)));
      let count = 0;
      for (let d = dayNumber(start); d <= dayNumber(end); d++) if (calendar.isWorkingDay(d)) count++;
      assert.equal(count, n);
    }),
  );
});

test('n working days back from a day is a working day with n working days between it and that day', () => {
  fc.assert(
    fc.property(day, fc.integer({ min: 1, max: 40 }), (start, n) => {
      const back = subtractWorkingDays(calendar, start, n);
      assert.ok(calendar.isWorkingDay(dayNumber(back)));
      let count = 0;
      for (let d = dayNumber(back); d < dayNumber(start); d++) if (calendar.isWorkingDay(d)) count++;
      assert.equal(count, n);
    }),
  );
});

// r12(3) moves a time that ends in August or from 25 December to 1 January; r12(2) then moves any
// other time that ends on a non-working day to the next working day, which may be in August (a
// time ending Saturday 30 July 2022 runs to Monday 1 August) or at Christmas (Saturday 24 December
// 2022 runs to Wednesday 28 December). So a deadline in those periods is always one rolled
// forward from a day that was not a working day.
test('an appeal deadline is a working day, never before 2 months, and in August or at Christmas only when rolled there past non-working days', () => {
  fc.assert(
    fc.property(day, fc.option(offset), (notice, cert) => {
      const end = appealDeadline(
        {
          id: 'x',
          kind: 'final-plan',
          noticeSentOn: notice,
          mediationCertificateOn: cert === null ? null : addDays(notice, cert),
          appealLodgedOn: null,
        },
        calendar,
      );
      assert.ok(dayNumber(end) - dayNumber(notice) >= 59);
      assert.ok(calendar.isWorkingDay(dayNumber(end)), `${end} is a working day`);
      const inR12Period = end.slice(5, 7) === '08' || end.slice(5) >= '12-25' || end.slice(5) <= '01-01';
      if (inR12Period)
        assert.ok(
          !calendar.isWorkingDay(dayNumber(end) - 1),
          `${end} was reached by rolling past a non-working day`,
        );
    }),
  );
});
