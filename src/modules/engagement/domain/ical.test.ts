import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { escapeText, fold, icalendar } from './ical.ts';

test('an event reads as RFC 5545 has it: UTC times, escaped text, CRLF lines', () => {
  const text = icalendar({
    uid: 'e1@opensend',
    title: 'Focus group; Kings Lynn, West Norfolk',
    description: 'Bring:\nyour questions',
    location: 'Kings Lynn',
    // 1:30pm to 4:30pm on Tuesday 8 November 2011, GMT: the same in UTC.
    startsAt: new Date('2011-11-08T13:30:00Z'),
    endsAt: new Date('2011-11-08T16:30:00Z'),
    stamp: new Date('2011-10-28T12:00:00Z'),
  });
  const lines = text.split('\r\n');
  assert.ok(lines.includes('DTSTART:20111108T133000Z'));
  assert.ok(lines.includes('DTEND:20111108T163000Z'));
  assert.ok(lines.includes('DTSTAMP:20111028T120000Z'));
  assert.ok(lines.includes('SUMMARY:Focus group\\; Kings Lynn\\, West Norfolk'));
  assert.ok(lines.includes('DESCRIPTION:Bring:\\nyour questions'));
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.at(-1), '');
  assert.equal(escapeText('a\\b'), 'a\\\\b');
});

test('folded lines are never over 75 octets and unfold to the line', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
      const folded = fold(`DESCRIPTION:${s}`);
      for (const l of folded.split('\r\n')) assert.ok(Buffer.byteLength(l) <= 75);
      assert.equal(folded.replace(/\r\n /g, ''), `DESCRIPTION:${s}`);
    }),
  );
});
