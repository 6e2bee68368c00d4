import type { IsoDate } from './dates.ts';

/**
 * Times of day as people in England give and read them: a form's "13:30" on a day is London's
 * wall clock (GMT or BST), and a time is written as GOV.UK writes it: 9:30am, 1:30pm, midday.
 */

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'long',
  hourCycle: 'h23',
});

function londonParts(at: Date) {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  return {
    date: `${p.year}-${p.month}-${p.day}` as IsoDate,
    hour: Number(p.hour),
    minute: Number(p.minute),
    weekday: String(p.weekday),
  };
}

/** "HH:MM" on a London day as an instant; null for a time that is not a time of day. */
export function londonInstant(day: IsoDate, time: string): Date | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  if (!m) return null;
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, Number(m[1]), Number(m[2]));
  // London is UTC or one hour ahead: try the offset the wall time would have in each.
  for (const offsetHours of [0, 1]) {
    const at = new Date(wall - offsetHours * 3_600_000);
    const p = londonParts(at);
    if (p.date === day && p.hour === Number(m[1]) && p.minute === Number(m[2])) return at;
  }
  // The hour the clocks skip in March: the time does not happen that day.
  return null;
}

/** 9:30am, 1:30pm, midday, midnight. */
export function timeText(at: Date): string {
  const { hour, minute } = londonParts(at);
  if (minute === 0 && hour === 12) return 'midday';
  if (minute === 0 && hour === 0) return 'midnight';
  const h = hour % 12 === 0 ? 12 : hour % 12;
  return `${h}${minute === 0 ? '' : `:${String(minute).padStart(2, '0')}`}${hour < 12 ? 'am' : 'pm'}`;
}

/** "13:30": the London wall time, for a form's time field. */
export function timeField(at: Date): string {
  const { hour, minute } = londonParts(at);
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

const longDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
// GOV.UK writes "Tuesday 8 November 2011", without the comma Intl puts after the weekday.
const longDay = { format: (at: Date) => `${londonParts(at).weekday} ${longDate.format(at)}` };

/** "Tuesday 8 November 2011, 1:30pm to 4:30pm": when an event is, in one line. */
export function whenText(starts: Date, ends: Date): string {
  const sameDay = londonParts(starts).date === londonParts(ends).date;
  return sameDay
    ? `${longDay.format(starts)}, ${timeText(starts)} to ${timeText(ends)}`
    : `${longDay.format(starts)}, ${timeText(starts)} to ${longDay.format(ends)}, ${timeText(ends)}`;
}
