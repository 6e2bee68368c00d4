import type { JobStatus } from '../jobs/index.ts';
import type { BackupRow } from './service.ts';

/** How far apart backups should be: a day's work is the most that a lost machine should cost. */
export const backupEveryHours = 24;
const hourMs = 60 * 60 * 1000;

/** "less than a minute ago", "1 minute ago", "5 hours ago", "3 days ago": whole units, rounded down. */
export function timeAgo(then: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - then.getTime()) / 60_000);
  if (minutes < 1) return 'less than a minute ago';
  const [n, unit] =
    minutes < 60
      ? [minutes, 'minute']
      : minutes < 48 * 60
        ? [Math.floor(minutes / 60), 'hour']
        : [Math.floor(minutes / 1440), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

/** What the person should do next, as the top of the page says it. */
export type NextStep =
  | { kind: 'in-progress'; since: Date }
  | { kind: 'last-failed'; reason: string }
  | { kind: 'none-yet' }
  | { kind: 'due'; last: Date; ago: string }
  | { kind: 'up-to-date'; last: Date; ago: string; nextBy: Date };

export function nextStep(backups: readonly BackupRow[], now: Date): NextStep {
  const [latest] = backups;
  if (latest && (latest.status === 'queued' || latest.status === 'running'))
    return { kind: 'in-progress', since: latest.requestedAt };
  if (latest?.status === 'failed')
    return { kind: 'last-failed', reason: latest.message ?? 'No reason was given.' };
  const made = backups.find((b) => b.status === 'succeeded');
  if (!made) return { kind: 'none-yet' };
  const last = made.finishedAt ?? made.requestedAt;
  const nextBy = new Date(last.getTime() + backupEveryHours * hourMs);
  const ago = timeAgo(last, now);
  return now >= nextBy ? { kind: 'due', last, ago } : { kind: 'up-to-date', last, ago, nextBy };
}

export const statusTags: Record<JobStatus, { text: string; classes: string }> = {
  queued: { text: 'Waiting', classes: 'govuk-tag--grey' },
  running: { text: 'Being made', classes: 'govuk-tag--blue' },
  succeeded: { text: 'Made', classes: 'govuk-tag--green' },
  failed: { text: 'Failed', classes: 'govuk-tag--red' },
};
