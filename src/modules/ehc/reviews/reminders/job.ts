import { recordAuditEvent } from '../../../../platform/audit/index.ts';
import type { Database } from '../../../../platform/db/connect.ts';
import { inTenant } from '../../../../platform/db/tenancy.ts';
import { type DailyJob, dailyParams, type JobHandler } from '../../../../platform/jobs/index.ts';
import { type IsoDate, longDate } from '../../../../platform/kernel/dates.ts';
import { type NewNotification, queueNotifications } from '../../../../platform/notifications/index.ts';
import { refreshPlanDates } from '../plan-dates.ts';
import { reminderDigest, reminderHorizons } from './domain/reminders.ts';
import { recordReminders } from './repo.ts';

/**
 * Once a day in each LA: each plan's review and phase-transfer dates are brought up to date
 * (in a new academic year, and for plans never worked out), then reminders are queued of every
 * step coming up or missed, one message per person.
 */

const reviewsDailyKind = 'ehc.reviews-daily';
const reminderNotificationKind = 'ehc.review-reminder';

export const reviewsDaily: DailyJob = { kind: reviewsDailyKind, label: 'EHC review dates and reminders' };

export interface DailyReviewRun {
  day: IsoDate;
  /** Plans whose next review and phase transfer were worked out again. */
  plansRefreshed: number;
  /** Reminders recorded for the first time today. */
  reminders: number;
  /** Messages put in the outbox: one per person told of anything. */
  messages: number;
  /** Reminders no one could be sent, for want of a coordinator, a SENCo or the service's mailbox. */
  unsent: number;
}

/** The day's work for one LA, in its tenancy: the job's, and the benchmark's. */
export async function runDailyReviewWork(
  database: Database,
  laCode: string,
  day: IsoDate,
  publicUrl: string | undefined,
): Promise<DailyReviewRun> {
  const tenant = { laCode, userId: null };
  // Its own transaction: dates worked out stay worked out even if queueing fails and is tried again.
  const plansRefreshed = await inTenant(database.db, tenant, (tx) => refreshPlanDates(tx, laCode, day));
  return inTenant(database.db, tenant, async (tx) => {
    const recorded = await recordReminders(tx, laCode, reminderHorizons(day));
    const messages: NewNotification[] = recorded.digests.map((d) => ({
      laCode,
      kind: reminderNotificationKind,
      toEmail: d.email,
      toName: d.name,
      toUserId: d.userId,
      ...reminderDigest(d, d.items, { today: day, publicUrl }, d),
      createdBy: null,
    }));
    await queueNotifications(tx, messages);
    // The messages name children by their initials and link to their records: one event says
    // which children went out that day, so each child's audit trail shows the reminder.
    if (recorded.reminders)
      await recordAuditEvent(tx, {
        laCode,
        userId: null,
        action: 'ehc.reminders.queued',
        entityType: 'ehc_reminders',
        childIds: recorded.childIds,
        detail: { day, reminders: recorded.reminders, messages: messages.length, unsent: recorded.unsent },
      });
    return {
      day,
      plansRefreshed,
      reminders: recorded.reminders,
      messages: messages.length,
      unsent: recorded.unsent,
    };
  });
}

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** The run's one line on the jobs and outbox pages. */
export function runMessage(run: DailyReviewRun): string {
  const lines = [
    `${longDate(run.day)}: queued ${count(run.reminders, 'reminder', 'reminders')} in ${count(run.messages, 'message', 'messages')}.`,
  ];
  if (run.unsent)
    lines.push(
      `${count(run.unsent, 'reminder has', 'reminders have')} no one to go to: add the SEND service’s email on the Letters page, or allocate coordinators.`,
    );
  if (run.plansRefreshed)
    lines.push(`Worked out the review dates of ${count(run.plansRefreshed, 'plan', 'plans')}.`);
  return lines.join(' ');
}

export const reviewsDailyJob: JobHandler = {
  kind: reviewsDailyKind,
  async run({ job, database }) {
    const { day, publicUrl } = dailyParams(job.params);
    const run = await runDailyReviewWork(database, job.laCode, day, publicUrl);
    return { message: runMessage(run), result: run };
  },
};
