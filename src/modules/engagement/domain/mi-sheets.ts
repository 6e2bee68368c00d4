import type { IsoDate } from '../../../platform/kernel/dates.ts';

/**
 * MI sheets are numbered in the year they are issued, as Norfolk's were: the 248th of 2011 is
 * 248/11. An information sheet asks each school to say it has read it; an action sheet asks it to
 * do something by a date, and is done when the school says it has.
 */

export const sheetNumber = (n: number, year: number) => `${n}/${String(year % 100).padStart(2, '0')}`;

/** The next number in the year: one more than the highest issued. */
export const nextNumber = (issued: readonly number[]) => issued.reduce((a, b) => Math.max(a, b), 0) + 1;

export type ReceiptState = 'done' | 'read' | 'to-do' | 'overdue';

export function receiptState(
  sheet: { kind: 'information' | 'action'; completeBy: IsoDate | null },
  r: { acknowledgedAt: Date | null; completedAt: Date | null },
  today: IsoDate,
): ReceiptState {
  if (sheet.kind === 'information') return r.acknowledgedAt ? 'done' : 'to-do';
  if (r.completedAt) return 'done';
  if (sheet.completeBy && today > sheet.completeBy) return 'overdue';
  return r.acknowledgedAt ? 'read' : 'to-do';
}

export interface ClusterTally {
  clusterId: string;
  clusterName: string;
  schools: number;
  acknowledged: number;
  done: number;
  notDone: number;
}

/** Each cluster's schools, how many have read the sheet and how many have done what it asks. */
export function tallyByCluster(
  rows: readonly { clusterId: string; clusterName: string; state: ReceiptState; acknowledged: boolean }[],
): ClusterTally[] {
  const by = new Map<string, ClusterTally>();
  for (const r of rows) {
    const t = by.get(r.clusterId) ?? {
      clusterId: r.clusterId,
      clusterName: r.clusterName,
      schools: 0,
      acknowledged: 0,
      done: 0,
      notDone: 0,
    };
    t.schools += 1;
    if (r.acknowledged) t.acknowledged += 1;
    if (r.state === 'done') t.done += 1;
    else t.notDone += 1;
    by.set(r.clusterId, t);
  }
  return [...by.values()].sort((a, b) => b.notDone - a.notDone || a.clusterName.localeCompare(b.clusterName));
}
