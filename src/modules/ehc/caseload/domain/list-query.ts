import { z } from 'zod';
import { type Stage, stageLabels } from '../../domain/summary.ts';
import { processKinds } from '../../domain/vocabulary.ts';

/**
 * How a person finds requests: one search box (a child's name, UPN or the request's reference)
 * and filters, every one named and checked, so a link someone shares, the page and the API all
 * mean the same. Open means not yet closed: a final plan issued, a refusal to assess, a decision
 * not to issue, or a transfer completed closes a request.
 */

export const stageFilters = ['open', 'closed', 'any', ...(Object.keys(stageLabels) as Stage[])] as const;
export type StageFilter = (typeof stageFilters)[number];
export const stageFilterLabels: Record<StageFilter, string> = {
  open: 'Open (any stage)',
  closed: 'Closed (any outcome)',
  any: 'Open or closed',
  ...stageLabels,
};

export const sortKeys = ['next-due', 'child', 'age', 'received', 'stage', 'coordinator'] as const;
export type SortKey = (typeof sortKeys)[number];
export const sortLabels: Record<SortKey, string> = {
  'next-due': 'Next due',
  child: 'Child',
  age: 'Age',
  received: 'Received',
  stage: 'Stage',
  coordinator: 'Coordinator',
};

export const pageSize = 50;
/** A search is typed, not pasted: the longest name, UPN or reference is far shorter. */
export const maxSearchLength = 100;

const oneOf = <T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z.enum(values, { error: `${name} must be one of: ${values.join(', ')}` });

export const requestListQuery = z.object({
  q: z
    .string({ error: 'q must be text' })
    .trim()
    .max(
      maxSearchLength,
      `Search must be ${maxSearchLength} characters or fewer: enter a name, UPN or reference`,
    )
    .optional(),
  stage: oneOf('stage', stageFilters).default('open'),
  kind: oneOf('kind', processKinds).optional(),
  coordinator: z
    .union([z.literal('me'), z.literal('none'), z.uuid()], {
      error: 'coordinator must be me, none or a user ID (a UUID)',
    })
    .optional(),
  school: z
    .string({ error: 'school must be text' })
    .trim()
    .max(maxSearchLength, `School must be ${maxSearchLength} characters or fewer`)
    .optional(),
  due: oneOf('due', ['overdue', 'within-7-days'] as const).optional(),
  /** Open, more than 20 weeks (140 days) since the request. */
  backlog: oneOf('backlog', ['yes'] as const).optional(),
  /** Given to its coordinator in the last 7 days. */
  allocated: oneOf('allocated', ['7-days'] as const).optional(),
  sort: oneOf('sort', sortKeys).default('next-due'),
  order: oneOf('order', ['asc', 'desc'] as const).default('asc'),
  page: z.coerce
    .number({ error: 'page must be a number' })
    .int('page must be a whole number')
    .min(1, 'page must be 1 or more')
    .max(100_000, 'page must be 100000 or less')
    .default(1),
});
export type RequestListQuery = z.output<typeof requestListQuery>;

/** The page's query string for these filters, leaving out what is already the default. */
export function listSearchParams(q: Partial<RequestListQuery>): URLSearchParams {
  const params = new URLSearchParams();
  const defaults: Partial<Record<keyof RequestListQuery, unknown>> = {
    stage: 'open',
    sort: 'next-due',
    order: 'asc',
    page: 1,
  };
  for (const key of Object.keys(requestListQuery.shape) as (keyof RequestListQuery)[]) {
    const v = q[key];
    if (v !== undefined && v !== '' && v !== defaults[key]) params.set(key, String(v));
  }
  return params;
}

/**
 * Page numbers to offer, GOV.UK style: the first, the last, the current one and its neighbours,
 * with gaps marked by null.
 */
export function pageNumbers(current: number, pages: number): (number | null)[] {
  const wanted = new Set([1, pages, current - 1, current, current + 1].filter((p) => p >= 1 && p <= pages));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const [i, p] of sorted.entries()) {
    const prev = sorted[i - 1];
    if (prev !== undefined && p - prev > 1) out.push(null);
    out.push(p);
  }
  return out;
}
