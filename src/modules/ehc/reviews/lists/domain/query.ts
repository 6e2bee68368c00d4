import { z } from 'zod';
import { type IsoDate, isRealIsoDate } from '../../../../../platform/kernel/dates.ts';
import { lastTwelveMonths } from './lists.ts';

/**
 * What a person asks the review lists for, every parameter named and checked, so a shared link,
 * the page and the API mean the same.
 */

export const reviewViews = ['due', 'overdue', 'phase-transfers', 'completion'] as const;
export type ReviewView = (typeof reviewViews)[number];
export const reviewViewLabels: Record<ReviewView, string> = {
  due: 'Due in the next 8 weeks',
  overdue: 'Overdue',
  'phase-transfers': 'Phase transfers',
  completion: 'Completion',
};

export const pageSize = 50;
const maxTextLength = 100;
/** EHC plans, and so their reviews, began on 1 September 2014. */
export const firstDay = '2014-09-01';

const oneOf = <T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z.enum(values, { error: `${name} must be one of: ${values.join(', ')}` });

const isoDate = (name: string) =>
  z
    .string({ error: `${name} must be a date like 2026-03-31` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must be a date like 2026-03-31`)
    .refine(isRealIsoDate, `${name} must be a real date`);

const page = z.coerce
  .number({ error: 'page must be a number' })
  .int('page must be a whole number')
  .min(1, 'page must be 1 or more')
  .max(100_000, 'page must be 100000 or less')
  .default(1);

const periodFields = { from: isoDate('from').optional(), to: isoDate('to').optional() };

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/**
 * The period of the completion figures: by default the 12 months to today (or to the day asked
 * for); never after today, since a figure counts deadlines that have passed, nor before plans
 * began.
 */
export function periodOf(
  asked: { from?: IsoDate | undefined; to?: IsoDate | undefined },
  today: IsoDate,
): { ok: true; period: Period } | { ok: false; errors: { field: string; message: string }[] } {
  const to = asked.to ?? today;
  const twelveMonths = lastTwelveMonths(to).from;
  const from = asked.from ?? (twelveMonths < firstDay ? firstDay : twelveMonths);
  const errors: { field: string; message: string }[] = [];
  if (from < firstDay)
    errors.push({
      field: 'from',
      message: `from must be ${firstDay} or later: EHC plans began on 1 September 2014`,
    });
  if (to > today)
    errors.push({
      field: 'to',
      message: `to must be today (${today}) or earlier: the figures count deadlines that have passed`,
    });
  else if (to < from) errors.push({ field: 'to', message: 'to must be the same day as from or after it' });
  return errors.length ? { ok: false, errors } : { ok: true, period: { from, to } };
}

/** The staff page `/ehc/reviews`: which view, the filters, and the page or the period. */
export const reviewPageQuery = z.object({
  show: oneOf('show', reviewViews).default('due'),
  coordinator: z
    .union([z.literal('me'), z.literal('none'), z.uuid()], {
      error: 'coordinator must be me, none or a user ID (a UUID)',
    })
    .optional(),
  setting: z
    .string({ error: 'setting must be text' })
    .trim()
    .max(maxTextLength, `Setting must be ${maxTextLength} characters or fewer: enter a name or URN`)
    .optional(),
  page,
  ...periodFields,
});
export type ReviewPageQuery = z.output<typeof reviewPageQuery>;

/** The page's query string for these choices, leaving out the defaults. */
export function reviewSearchParams(q: Partial<ReviewPageQuery>, today: IsoDate): URLSearchParams {
  const params = new URLSearchParams();
  const period = lastTwelveMonths(today);
  const defaults: Record<string, unknown> = { show: 'due', page: 1, from: period.from, to: today };
  const showsPeriod = q.show === 'completion';
  for (const key of ['show', 'coordinator', 'setting', 'from', 'to', 'page'] as const) {
    if ((key === 'from' || key === 'to') && !showsPeriod) continue;
    const v = q[key];
    if (v !== undefined && v !== '' && v !== defaults[key]) params.set(key, String(v));
  }
  return params;
}

/** `GET /api/v1/ehc/reviews`: plans and their reviews, by child, setting, due date and whether overdue. */
export const reviewApiQuery = z.object({
  childId: z.uuid({ error: 'childId must be a child ID (a UUID)' }).optional(),
  settingId: z.uuid({ error: 'settingId must be a school or setting ID (a UUID)' }).optional(),
  dueBefore: isoDate('dueBefore').optional(),
  overdue: z
    .enum(['true', 'false'], { error: 'overdue must be true or false' })
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(500, 'limit must be 500 or fewer')
    .default(50),
  offset: z.coerce
    .number({ error: 'offset must be a number' })
    .int('offset must be a whole number')
    .min(0, 'offset must be 0 or more')
    .max(100_000, 'offset must be 100000 or fewer: narrow the search instead')
    .default(0),
});
export type ReviewApiQuery = z.output<typeof reviewApiQuery>;

/** `GET /api/v1/ehc/reviews/stats`: the completion figures for a period, checked against the day by `periodOf`. */
export const reviewStatsQuery = z.object(periodFields);
