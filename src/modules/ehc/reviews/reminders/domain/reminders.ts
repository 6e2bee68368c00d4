import { type IsoDate, longDate } from '../../../../../platform/kernel/dates.ts';
import { addDays, daysBetween } from '../../../../../platform/kernel/days.ts';
import type { PhaseTo } from '../../domain/due-dates.ts';

/**
 * Which EHC steps the daily job reminds people of, how long before they fall due, and how a
 * day's reminders read in the one message each person is sent. Pure: no clock, no database.
 */

/** How many days before its due date a step is first reminded of; once past it, it is missed. */
export const reminderWindows = {
  /** A plan's review with none begun: 10 weeks leaves time to give 2 weeks' notice of the meeting, hold it and decide within 4 weeks. */
  reviewDue: 70,
  /** Reg 18's amended plan for a phase transfer: 4 weeks before the last day it is on time. */
  phaseTransfer: 28,
  /** A step of a review under way. */
  reviewStep: 7,
  /** A step of an EHC needs assessment that the LA owes. */
  assessmentStep: 7,
} as const;

export interface ReminderHorizons {
  today: IsoDate;
  /** The last due date reminded of today, for each kind of step: today plus its window. */
  reviewDue: IsoDate;
  phaseTransfer: IsoDate;
  reviewStep: IsoDate;
  assessmentStep: IsoDate;
}

/**
 * Due dates up to each horizon are reminded of today: one due on 9 March 2027 is first reminded
 * of on 29 December 2026, 70 days before. Due dates before today are missed.
 */
export function reminderHorizons(today: IsoDate): ReminderHorizons {
  return {
    today,
    reviewDue: addDays(today, reminderWindows.reviewDue),
    phaseTransfer: addDays(today, reminderWindows.phaseTransfer),
    reviewStep: addDays(today, reminderWindows.reviewStep),
    assessmentStep: addDays(today, reminderWindows.assessmentStep),
  };
}

export type ReminderKind = 'upcoming' | 'missed';
/** Why the person is sent the reminder: they coordinate the child's EHC work, they are the school's SENCo, or no one else can be. */
export type Audience = 'coordinator' | 'senco' | 'mailbox';

/** One step reminded of, as one person is told of it. */
export interface ReminderItem {
  childId: string;
  forename: string;
  surname: string;
  /** The plan's own dates, a step of its review, or a step of an assessment. */
  source: 'plan' | 'review' | 'request';
  planId: string | null;
  reviewId: string | null;
  requestId: string | null;
  step: string;
  kind: ReminderKind;
  dueOn: IsoDate;
  audience: Audience;
  /** The setting whose SENCo writes the review report. */
  setting: string | null;
  phaseTo: PhaseTo | null;
}

export interface Recipient {
  email: string;
  name: string | null;
}

export interface Digest {
  subject: string;
  body: string;
}

/**
 * The first letter of the first name and of the surname ("Amira Ó Briain" → "AÓ"). Messages
 * leave OpenSEND for mailboxes it cannot protect, may be forwarded or misaddressed, and are
 * kept for years: initials are enough for the person who works with the child to know them,
 * and the link leads to the full record behind a sign-in.
 */
export function initialsOf(forename: string, surname: string): string {
  const first = (name: string) => [...name.trim()][0]?.toLocaleUpperCase('en-GB') ?? '';
  return `${first(forename)}${first(surname)}` || '?';
}

const phaseMoves: Record<PhaseTo, string> = {
  school: 'from early years to school',
  junior: 'from infant to junior school',
  middle: 'from primary to middle school',
  secondary: 'to secondary school',
  'post-16': 'from secondary school to post-16 education',
};

/** What has to be done, in a line a person reads without knowing the step's name in OpenSEND. */
export function taskOf(item: ReminderItem): string {
  switch (item.step) {
    case 'review-due':
      return item.source === 'plan' && !item.reviewId && item.kind === 'upcoming'
        ? 'Annual review of the EHC plan, ending with the LA’s decision. No review has begun: it is time to arrange the meeting and invite everyone'
        : 'Annual review of the EHC plan, ending with the LA’s decision';
    case 'invite':
      return 'Invitations to the review meeting, with at least 2 weeks’ notice';
    case 'advice-circulated':
      return 'Advice sent to everyone invited, at least 2 weeks before the review meeting';
    case 'meeting':
      return 'The review meeting';
    case 'report':
      return `The review report from ${item.setting ?? 'the school or setting'}, within 2 weeks of the meeting`;
    case 'decision':
      return 'The LA’s decision after the review: maintain, amend or cease the plan';
    case 'amended-plan':
      return 'The final amended plan, within 8 weeks of the proposed amendments';
    case 'phase-transfer':
      return `The plan amended for the move ${item.phaseTo ? phaseMoves[item.phaseTo] : 'to the next phase of education'} (the law says before ${longDate(addDays(item.dueOn, 1))})`;
    case 'decide-whether-to-assess':
      return 'The decision whether to carry out an EHC needs assessment, within 6 weeks of the request';
    case 'decide-not-to-issue':
      return 'The decision whether to issue an EHC plan, within 16 weeks of the request';
    case 'final-plan':
      return 'The final EHC plan';
    case 'family-told-of-transfer':
      return 'Telling the family that the plan has transferred, within 6 weeks of the transfer';
    default:
      return item.step;
  }
}

/**
 * Where the work is done: the review under way (which a SENCo may open too), the page to begin a
 * plan's review, or the assessment.
 */
export function linkPathOf(item: ReminderItem): string {
  if (item.reviewId) return `/ehc/reviews/${item.reviewId}`;
  if (item.source === 'request' && item.requestId) return `/ehc/requests/${item.requestId}`;
  if (item.planId) return `/ehc/plans/${item.planId}/review`;
  return `/children/${item.childId}`;
}

function whenLine(item: ReminderItem, today: IsoDate): string {
  const days = daysBetween(today, item.dueOn);
  const date = longDate(item.dueOn);
  if (item.kind === 'missed')
    return `Was due by ${date}, ${-days === 1 ? 'yesterday' : `${-days} days ago`}.`;
  if (days === 0) return `Due today, ${date}.`;
  return `Due by ${date}, ${days === 1 ? 'tomorrow' : `in ${days} days`}.`;
}

const soonestFirst = (a: ReminderItem, b: ReminderItem) =>
  a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.step < b.step ? -1 : a.step > b.step ? 1 : 0;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * The most steps one message lists. A coordinator with a backlog (the first run over an LA's
 * records, or a caseload taken over) is better served by the lists than by a message too long
 * to read, and the outbox takes a message of at most 100,000 characters.
 */
export const digestLimit = 100;

/**
 * One person's reminders of the day as one message: what is missed, then what is coming, each
 * with the child's initials, what is due, by when, and the link to the record.
 */
export function reminderDigest(
  recipient: Recipient,
  items: readonly ReminderItem[],
  context: { today: IsoDate; publicUrl: string | undefined },
  /** How many of each kind there are in all, where `items` holds only the first of them. */
  totals?: { missed: number; upcoming: number },
): Digest {
  const allMissed = items.filter((i) => i.kind === 'missed').sort(soonestFirst);
  const allUpcoming = items.filter((i) => i.kind === 'upcoming').sort(soonestFirst);
  const shownMissed = allMissed.slice(0, digestLimit);
  const shownUpcoming = allUpcoming.slice(0, digestLimit - shownMissed.length);
  const missed = { count: totals?.missed ?? allMissed.length, shown: shownMissed };
  const upcoming = { count: totals?.upcoming ?? allUpcoming.length, shown: shownUpcoming };
  const notShown = missed.count + upcoming.count - shownMissed.length - shownUpcoming.length;
  const audiences = new Set(items.map((i) => i.audience));
  const settings = [
    ...new Set(items.flatMap((i) => (i.audience === 'senco' && i.setting ? [i.setting] : []))),
  ];
  const whose =
    audiences.size > 1
      ? 'children you work with'
      : audiences.has('senco')
        ? `pupils at ${settings.length ? listOf(settings) : 'your school'}`
        : audiences.has('mailbox')
          ? 'children who have no EHC coordinator with an account'
          : 'children whose EHC work you coordinate';
  const address = (path: string) =>
    context.publicUrl ? `${context.publicUrl}${path}` : `In OpenSEND: ${path}`;
  const entry = (item: ReminderItem) => [
    `${initialsOf(item.forename, item.surname)}: ${taskOf(item)}.`,
    whenLine(item, context.today),
    address(linkPathOf(item)),
    '',
  ];
  const section = (title: string, { count, shown }: { count: number; shown: readonly ReminderItem[] }) =>
    count
      ? [
          `${title}: ${plural(count, 'step', 'steps')}${shown.length === count ? '' : shown.length ? `, the first ${shown.length} listed` : ', none listed'}`,
          '',
          ...shown.flatMap(entry),
        ]
      : [];
  const why: string[] = [];
  if (audiences.has('coordinator')) why.push('You get this as the EHC coordinator of the children named.');
  if (audiences.has('senco'))
    why.push(
      `You get this as the SENCo at ${settings.length ? listOf(settings) : 'the school'}, which hosts its pupils’ review meetings and sends their review reports.`,
    );
  if (audiences.has('mailbox'))
    why.push(
      'This is the SEND service’s mailbox: no EHC coordinator with an active account is allocated to these children. Allocate one and their reminders go to them.',
    );
  const counts = [
    ...(missed.count ? [`${missed.count} missed`] : []),
    ...(upcoming.count ? [`${upcoming.count} coming up`] : []),
  ];
  return {
    subject: `EHC reminders: ${counts.join(', ')}`,
    body: [
      `Hello ${recipient.name ?? recipient.email},`,
      '',
      `These EHC steps for ${whose} are ${missed.count && upcoming.count ? 'missed or coming up' : missed.count ? 'missed' : 'coming up'}, as OpenSEND found them on ${longDate(context.today)}.`,
      '',
      ...section('Missed', missed),
      ...section('Coming up', upcoming),
      ...(notShown
        ? [
            `${plural(notShown, 'more step is', 'more steps are')} not listed here. ${
              audiences.has('senco') && audiences.size === 1
                ? 'Sign in to OpenSEND to see your pupils’ reviews.'
                : `The lists of reviews due and overdue are ${context.publicUrl ? `at ${context.publicUrl}` : 'in OpenSEND at '}/ehc/reviews`
            }`,
            '',
          ]
        : []),
      'Children are named by their initials only. Open a link and sign in to see the record.',
      '',
      ...why,
      'Each step is reminded of once when it is coming up and once if it is missed; a step whose date moves is reminded of again.',
    ].join('\n'),
  };
}
