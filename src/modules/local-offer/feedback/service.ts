import { z } from 'zod';
import type { Database } from '../../../platform/db/connect.ts';
import { inTenant } from '../../../platform/db/tenancy.ts';
import { type FieldError, notFound } from '../../../platform/http/problem.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import type { PublicLa } from '../../../platform/las/public-la.ts';
import { audit, authorise, type LocalOfferContext, transaction } from '../context.ts';
import * as repo from './repo.ts';

/**
 * "Was this page helpful?": a yes or no on any public Local Offer page with an optional comment,
 * kept with the page (and its service) it was about. An editor answers each comment with the
 * LA's response and what it will do, which the year's report publishes (reg 56). Nothing a
 * reader types is shown back as anything but text.
 */

export const feedbackSchema = z.object({
  page: z
    .string({ error: 'The page is missing: go back to the page and try again' })
    .max(300, 'The page is not one of the Local Offer’s')
    .regex(/^\/local-offer(\/[A-Za-z0-9/_-]*)?(\?[^\s<>"]*)?$/, 'The page is not one of the Local Offer’s'),
  helpful: z.enum(['yes', 'no'], { error: 'Say whether the page was helpful' }),
  comment: z.string().trim().max(2000, 'Your comment must be 2,000 characters or fewer').default(''),
});

export async function sendFeedback(
  database: Database,
  la: PublicLa,
  input: unknown,
  at: Date,
): Promise<{ ok: true; page: string } | { ok: false; errors: FieldError[] }> {
  const parsed = feedbackSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'helpful'), message: i.message })),
    };
  const f = parsed.data;
  const serviceId = /^\/local-offer\/services\/([0-9a-f-]{36})/.exec(f.page)?.[1] ?? null;
  await inTenant(database.db, { laCode: la.code, userId: null }, (tx) =>
    repo.insertFeedback(tx, la.code, {
      page: f.page,
      serviceId,
      helpful: f.helpful === 'yes',
      comment: f.comment,
      at,
    }),
  );
  return { ok: true, page: f.page };
}

/** The calendar year a report or a list covers, as instants in London. */
export function yearSpan(year: number): { from: Date; to: Date } {
  return { from: new Date(`${year}-01-01T00:00:00Z`), to: new Date(`${year + 1}-01-01T00:00:00Z`) };
}

export async function feedbackForEditors(ctx: LocalOfferContext, year: number): Promise<repo.FeedbackRow[]> {
  authorise(ctx, 'local-offer:edit');
  const { from, to } = yearSpan(year);
  return transaction(ctx, (tx) => repo.feedbackBetween(tx, ctx.principal.laCode, from, to));
}

export const responseSchema = z.object({
  response: z
    .string({ error: 'Write the LA’s response' })
    .trim()
    .min(1, 'Write the LA’s response')
    .max(2000, 'The response must be 2,000 characters or fewer'),
  action: z.string().trim().max(2000, 'What the LA will do must be 2,000 characters or fewer').default(''),
});

export async function respondToFeedback(
  ctx: LocalOfferContext,
  id: string,
  input: unknown,
): Promise<{ ok: true } | { ok: false; status: 400; errors: FieldError[] }> {
  authorise(ctx, 'local-offer:edit');
  const parsed = responseSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      errors: parsed.error.issues.map((i) => ({
        field: `${String(i.path[0] ?? 'response')}-${id}`,
        message: i.message,
      })),
    };
  return transaction(ctx, async (tx) => {
    if (
      !isUuid(id) ||
      !(await repo.respond(tx, ctx.principal.laCode, id, {
        ...parsed.data,
        by: ctx.principal.userId,
        at: ctx.now,
      }))
    )
      throw notFound('There is no comment with this ID to respond to.');
    await audit(tx, ctx, {
      action: 'local-offer.feedback.answered',
      entityType: 'lo_feedback',
      entityId: id,
      childId: null,
    });
    return { ok: true as const };
  });
}

export interface AnnualReport {
  year: number;
  received: number;
  helpful: number;
  comments: number;
  /** The comments answered, grouped by the Local Offer heading of the service they were about. */
  groups: { heading: string; items: repo.FeedbackRow[] }[];
  unanswered: number;
}

/** The year's comments on the Local Offer and the LA's response to each, as the public report shows them. */
export async function annualReport(database: Database, la: PublicLa, year: number): Promise<AnnualReport> {
  const { from, to } = yearSpan(year);
  const rows = await inTenant(database.db, { laCode: la.code, userId: null }, (tx) =>
    repo.feedbackBetween(tx, la.code, from, to),
  );
  const withComment = rows.filter((r) => r.comment);
  const answered = withComment.filter((r) => r.response);
  const groups = new Map<string, repo.FeedbackRow[]>();
  for (const r of answered) {
    const heading = r.heading ?? 'The Local Offer in general';
    groups.set(heading, [...(groups.get(heading) ?? []), r]);
  }
  return {
    year,
    received: rows.length,
    helpful: rows.filter((r) => r.helpful).length,
    comments: withComment.length,
    unanswered: withComment.length - answered.length,
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([heading, items]) => ({ heading, items })),
  };
}
