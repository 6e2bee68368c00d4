import type { Job } from '../../jobs/index.ts';
import type { BreakKind } from './check.ts';
import type { ChainReport, SealingLag } from './service.ts';

const n = (x: number) => x.toLocaleString('en-GB');

/** Sealing normally runs a few seconds behind; this far behind, someone should look into why. */
export const lagWarningSeconds = 300;

function ago(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, unit] of units) {
    const count = Math.floor(seconds / size);
    if (count >= 1 || size === 1) return `${n(count)} ${unit}${count === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

export interface LagView {
  behind: boolean;
  text: string;
}

/** How far sealing is behind, in words; `behind` when it is far enough to act on. */
export function lagView(lag: SealingLag, now: Date): LagView {
  if (!lag.unsealed || !lag.oldestUnsealedAt) return { behind: false, text: 'Every event is sealed.' };
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(lag.oldestUnsealedAt)) / 1000));
  return {
    behind: seconds >= lagWarningSeconds,
    text: `${n(lag.unsealed)} ${lag.unsealed === 1 ? 'event is' : 'events are'} not sealed yet; the oldest was recorded ${ago(seconds)}.`,
  };
}

const breakLabels: Record<BreakKind, string> = {
  'changed-event': 'An event has been changed',
  'missing-event': 'An event has been removed',
  'added-event': 'An event has been added',
  reordered: 'Events have been put in a different order',
  'forged-seal': 'A seal has been altered or made up',
  'missing-seal': 'A seal has been removed',
  rewritten: 'The log has been rewritten',
};

export type CheckState = 'none' | 'waiting' | 'running' | 'intact' | 'broken' | 'failed';

export interface CheckView {
  state: CheckState;
  tag: { text: string; classes: string } | null;
  /** What the check found, a sentence each. */
  lines: string[];
  /** The first broken link, as summary list rows. */
  breakRows: { key: { text: string }; value: { text: string } }[];
  /** What the person should do now. */
  whatNext: string[];
  percent: number;
  progressText: string | null;
  finishedAt: Date | null;
}

const tags: Record<Exclude<CheckState, 'none'>, { text: string; classes: string }> = {
  waiting: { text: 'Waiting', classes: 'govuk-tag--grey' },
  running: { text: 'Checking', classes: 'govuk-tag--blue' },
  intact: { text: 'Intact', classes: 'govuk-tag--green' },
  broken: { text: 'Broken', classes: 'govuk-tag--red' },
  failed: { text: 'Not finished', classes: 'govuk-tag--yellow' },
};

const empty = { breakRows: [], whatNext: [], percent: 0, progressText: null, finishedAt: null };

/** The newest check of the chain (a job), as the verify page shows it. */
export function checkView(job: Job | undefined): CheckView {
  if (!job) return { state: 'none', tag: null, lines: [], ...empty };
  if (job.status === 'queued' || job.status === 'running') {
    const state = job.status === 'queued' ? 'waiting' : 'running';
    const total = job.progress.total;
    return {
      ...empty,
      state,
      tag: tags[state],
      lines: [],
      percent: total ? Math.floor((100 * job.progress.done) / total) : 0,
      progressText: job.message,
    };
  }
  const report = (job.result as { report?: ChainReport } | null)?.report;
  if (job.status === 'failed' || !report)
    return {
      ...empty,
      state: 'failed',
      tag: tags.failed,
      lines: [job.message ?? 'The check stopped before it finished.'],
      whatNext: ['Check again. If it stops again, tell whoever supports OpenSEND for your LA.'],
      finishedAt: job.finishedAt,
    };
  const { verdict } = report;
  if (verdict.intact)
    return {
      ...empty,
      state: 'intact',
      tag: tags.intact,
      lines: [
        report.head
          ? `The chain is intact: ${n(verdict.links)} ${verdict.links === 1 ? 'event' : 'events'}, up to seal ${n(report.head.seq)}.`
          : 'There was nothing sealed to check yet.',
        ...(report.recorded
          ? [`It still passes through seal ${n(report.recorded.seq)} with the hash you recorded.`]
          : []),
      ],
      whatNext: [
        'Nothing needs doing. Keep the chain head shown on this page somewhere outside OpenSEND, so that a later check can show the log has not been rewritten since.',
      ],
      finishedAt: job.finishedAt,
    };
  const b = verdict.break;
  return {
    ...empty,
    state: 'broken',
    tag: tags.broken,
    lines: [
      `The chain is broken at seal ${n(b.seq)}. The ${n(verdict.links)} ${verdict.links === 1 ? 'link' : 'links'} before it hold.`,
    ],
    breakRows: [
      { key: { text: 'LA' }, value: { text: report.laCode } },
      { key: { text: 'Seal' }, value: { text: n(b.seq) } },
      { key: { text: 'Event number' }, value: { text: b.eventId === null ? 'None' : String(b.eventId) } },
      { key: { text: 'What was found' }, value: { text: breakLabels[b.kind] } },
      { key: { text: 'What differs' }, value: { text: b.what } },
    ],
    whatNext: [
      'Report this to your information governance lead (or data protection officer) today, with the details above.',
      'Do not try to put the log right: the break is the evidence. Whoever runs the database can compare the event with a backup taken before it was sealed, and find out who could change the database directly.',
    ],
    finishedAt: job.finishedAt,
  };
}

/** A check as the command line prints it: a line for the verdict, then the head and the lag, indented. */
export function reportLines(report: ChainReport, laName: string): string[] {
  const { verdict, head, lag } = report;
  const lines = [
    verdict.intact
      ? head
        ? `LA ${report.laCode} ${laName}: intact: ${n(verdict.links)} ${verdict.links === 1 ? 'event' : 'events'}, last sealed at ${head.sealedAt}`
        : `LA ${report.laCode} ${laName}: intact: nothing sealed yet`
      : `LA ${report.laCode} ${laName}: BROKEN at seal ${verdict.break.seq}${verdict.break.eventId === null ? '' : ` (event ${verdict.break.eventId})`}: ${verdict.break.what}`,
  ];
  if (!verdict.intact)
    lines.push(
      `  ${breakLabels[verdict.break.kind]}. The ${n(verdict.links)} ${verdict.links === 1 ? 'link' : 'links'} before it hold.`,
      '  What to do: report this to your information governance lead today, with these details. Do not try to put the log right: the break is the evidence.',
    );
  else if (report.recorded) lines.push(`  passes through seal ${report.recorded.seq} with the hash recorded`);
  if (head) lines.push(`  chain head: seal ${head.seq} (event ${head.eventId}), hash ${head.hash}`);
  lines.push(
    lag.unsealed
      ? `  not sealed yet: ${n(lag.unsealed)} ${lag.unsealed === 1 ? 'event' : 'events'}, the oldest recorded at ${lag.oldestUnsealedAt}`
      : '  not sealed yet: none',
  );
  return lines;
}
