import { recordAuditEvent } from '../../../platform/audit/index.ts';
import { randomToken, sha256 } from '../../../platform/auth/secrets.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { inTenant } from '../../../platform/db/tenancy.ts';
import { type DailyJob, dailyParams, type JobHandler } from '../../../platform/jobs/index.ts';
import { type IsoDate, longDate } from '../../../platform/kernel/dates.ts';
import { addDays } from '../../../platform/kernel/days.ts';
import { londonInstant, whenText } from '../../../platform/kernel/london-time.ts';
import { type NewNotification, queueNotifications } from '../../../platform/notifications/index.ts';
import { askFeedbackOn, remindOn } from '../domain/events.ts';
import * as repo from './repo.ts';

/**
 * Once a day in each LA: a reminder to everyone with a place on an event in the next two days, and
 * a request for feedback to everyone who came to one that has ended, each once, with a link of
 * its own back to their booking.
 */

const kind = 'engagement.events-daily';
export const eventsDaily: DailyJob = { kind, label: 'Event reminders and feedback requests' };

export interface EventsDailyRun {
  day: IsoDate;
  reminders: number;
  feedbackAsked: number;
}

const midnight = (day: IsoDate) => londonInstant(day, '00:00') ?? new Date(`${day}T00:00:00Z`);

export async function runEventsDaily(
  database: Database,
  laCode: string,
  day: IsoDate,
  publicUrl: string | undefined,
  now: Date,
): Promise<EventsDailyRun> {
  return inTenant(database.db, { laCode, userId: null }, async (tx) => {
    const remind = (
      await repo.remindersDue(tx, laCode, midnight(addDays(day, 1)), midnight(addDays(day, 3)))
    ).filter((d) => remindOn(day, d.startsAt));
    const ask = (await repo.feedbackDue(tx, laCode, midnight(addDays(day, -14)), midnight(day))).filter((d) =>
      askFeedbackOn(day, d.endsAt),
    );
    const links = [...remind, ...ask].map((d) => ({ bookingId: d.bookingId, token: randomToken() }));
    await repo.insertLinks(
      tx,
      laCode,
      links.map((l) => ({ bookingId: l.bookingId, tokenHash: sha256(l.token) })),
      now,
    );
    const link = (i: number) => `${publicUrl ?? ''}/events/bookings/${links[i]?.token ?? ''}`;
    const messages: NewNotification[] = [
      ...remind.map((d, i) => ({
        laCode,
        kind: 'engagement.event-reminder',
        toEmail: d.email,
        toName: d.name,
        subject: `Reminder: ${d.title}`,
        body: [
          `Dear ${d.name},`,
          '',
          `A reminder that you have a place at ${d.title}, ${whenText(d.startsAt, d.endsAt)}, at ${[d.venueName, d.venueAddress].filter(Boolean).join(', ')}.`,
          '',
          `If you can no longer come, please cancel so that someone on the waiting list can have your place: ${link(i)}`,
        ].join('\n'),
        sensitive: true,
        createdBy: null,
      })),
      ...ask.map((d, i) => ({
        laCode,
        kind: 'engagement.event-feedback',
        toEmail: d.email,
        toName: d.name,
        subject: `How was ${d.title}?`,
        body: [
          `Dear ${d.name},`,
          '',
          `Thank you for coming to ${d.title}. Please tell us how it went, in a minute or two: ${link(remind.length + i)}`,
        ].join('\n'),
        sensitive: true,
        createdBy: null,
      })),
    ];
    await queueNotifications(tx, messages);
    await repo.markSent(
      tx,
      laCode,
      'reminded_at',
      remind.map((d) => d.bookingId),
      now,
    );
    await repo.markSent(
      tx,
      laCode,
      'feedback_asked_at',
      ask.map((d) => d.bookingId),
      now,
    );
    if (messages.length)
      await recordAuditEvent(tx, {
        laCode,
        userId: null,
        action: 'engagement.reminders.queued',
        entityType: 'eng_event',
        detail: { day, reminders: remind.length, feedbackAsked: ask.length },
      });
    return { day, reminders: remind.length, feedbackAsked: ask.length };
  });
}

export const eventsDailyJob: JobHandler = {
  kind,
  async run({ job, database }) {
    const { day, publicUrl } = dailyParams(job.params);
    const run = await runEventsDaily(database, job.laCode, day, publicUrl, new Date());
    const n = (x: number, one: string, many: string) =>
      `${x.toLocaleString('en-GB')} ${x === 1 ? one : many}`;
    return {
      message: `${longDate(run.day)}: ${n(run.reminders, 'reminder', 'reminders')} of events and ${n(run.feedbackAsked, 'request', 'requests')} for feedback queued.`,
      result: run,
    };
  },
};
