import { type IsoDate, isoDateInLondon } from '../../../platform/kernel/dates.ts';
import { addDays } from '../../../platform/kernel/days.ts';

/**
 * Places on an event: a booking takes a place while one is left and otherwise joins the queue;
 * a place given up (or added) goes to the first in the queue, in the order people asked.
 */

export type Placement = 'booked' | 'waiting';

export const placeFor = (capacity: number, booked: number): Placement =>
  booked < capacity ? 'booked' : 'waiting';

/** Who in the queue (oldest first) takes the places free now. */
export function promotions(capacity: number, booked: number, queue: readonly string[]): string[] {
  return queue.slice(0, Math.max(0, capacity - booked));
}

export type BookingState = 'open' | 'full' | 'started' | 'cancelled' | 'draft';

/** Whether someone may book now: not before it is published, not once it has begun. */
export function bookingState(
  e: { status: 'draft' | 'published' | 'cancelled'; startsAt: Date; capacity: number },
  booked: number,
  now: Date,
): BookingState {
  if (e.status !== 'published') return e.status;
  if (now >= e.startsAt) return 'started';
  return booked < e.capacity ? 'open' : 'full';
}

/**
 * A reminder goes out on one of the two days before the event (London days), so that a Monday
 * event is reminded on the Saturday run too; once per booking.
 */
export function remindOn(day: IsoDate, startsAt: Date): boolean {
  const starts = isoDateInLondon(startsAt);
  return starts > day && starts <= addDays(day, 2);
}

/** Feedback is asked for the day after the event, or on a later run within a fortnight of it. */
export function askFeedbackOn(day: IsoDate, endsAt: Date): boolean {
  const ended = isoDateInLondon(endsAt);
  return ended < day && addDays(ended, 14) >= day;
}
