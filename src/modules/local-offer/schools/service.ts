import { z } from 'zod';
import { can } from '../../../platform/auth/roles.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { inTenant, type Tx } from '../../../platform/db/tenancy.ts';
import { type FieldError, forbidden, notFound } from '../../../platform/http/problem.ts';
import { fieldErrors } from '../../../platform/http/validation.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import type { PublicLa } from '../../../platform/las/public-la.ts';
import {
  establishmentIdsForStaff,
  establishmentSummaries,
  findSettings,
  phases,
  type SchoolListItem,
} from '../../providers/index.ts';
import { audit, type LocalOfferContext, transaction } from '../context.ts';
import { publicCache } from '../public/cache.ts';
import * as repo from './repo.ts';

/**
 * Schools and settings in the Local Offer: every open school and setting the providers module
 * holds, with the link to its SEN information report. An editor keeps the links; a school's own
 * SENCo or head teacher may keep their school's.
 */

export const pageSize = 25;

export const schoolQuerySchema = z.object({
  q: z.string().trim().max(100, 'Search for 100 characters or fewer').default(''),
  phase: z.union([z.literal(''), z.enum(phases)], { error: 'Choose a phase from the list' }).default(''),
  srb: z
    .enum(['', 'yes'], { error: 'Choose whether to show only settings with specialist provision' })
    .default(''),
  missing: z.enum(['', 'yes'], { error: 'Choose whether to show only schools with no report' }).default(''),
  page: z.coerce.number({ error: 'The page must be a number' }).int().min(1).max(1000).default(1),
});
export type SchoolQuery = z.output<typeof schoolQuerySchema>;

export interface SchoolEntry extends SchoolListItem {
  report: string | null;
}

async function listIn(tx: Tx, laCode: string, q: SchoolQuery, today: IsoDate, all = false) {
  // "No report yet" is a filter over the links, which live here: the whole list, then the page.
  const wide = q.missing === 'yes' || all;
  const found = await findSettings(tx, {
    laCode,
    text: q.q,
    phase: q.phase || undefined,
    srb: q.srb === 'yes' || undefined,
    today,
    limit: wide ? 5000 : pageSize,
    offset: wide ? 0 : (q.page - 1) * pageSize,
  });
  const links = await repo.reportLinks(
    tx,
    laCode,
    found.items.map((i) => i.id),
  );
  let items: SchoolEntry[] = found.items.map((i) => ({ ...i, report: links.get(i.id)?.url ?? null }));
  let total = found.total;
  if (q.missing === 'yes') {
    items = items.filter((i) => i.report === null);
    total = items.length;
    if (!all) items = items.slice((q.page - 1) * pageSize, q.page * pageSize);
  }
  return { items, total };
}

export type Listing =
  | { ok: true; items: SchoolEntry[]; total: number; query: SchoolQuery }
  | { ok: false; errors: FieldError[] };

export async function publicSchools(
  database: Database,
  la: PublicLa,
  input: unknown,
  today: IsoDate,
): Promise<Listing> {
  const parsed = schoolQuerySchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const r = await inTenant(database.db, { laCode: la.code, userId: null }, (tx) =>
    listIn(tx, la.code, parsed.data, today),
  );
  return { ok: true, ...r, query: parsed.data };
}

export async function schoolsForEditor(
  ctx: LocalOfferContext,
  input: unknown,
  all = false,
): Promise<Listing> {
  if (!can(ctx.principal.roles, 'local-offer:edit')) throw forbidden();
  const parsed = schoolQuerySchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const r = await transaction(ctx, (tx) => listIn(tx, ctx.principal.laCode, parsed.data, ctx.today, all));
  return { ok: true, ...r, query: parsed.data };
}

/** An editor, or the school's own SENCo or head teacher. */
async function mayKeep(tx: Tx, ctx: LocalOfferContext, establishmentId: string): Promise<boolean> {
  if (can(ctx.principal.roles, 'local-offer:edit')) return true;
  return (await establishmentIdsForStaff(tx, ctx.principal.userId)).includes(establishmentId);
}

export async function schoolReport(
  ctx: LocalOfferContext,
  establishmentId: string,
): Promise<{ id: string; name: string; report: string | null }> {
  return transaction(ctx, async (tx) => {
    const [school] = isUuid(establishmentId) ? await establishmentSummaries(tx, [establishmentId]) : [];
    if (!school || !(await mayKeep(tx, ctx, establishmentId)))
      throw notFound('There is no school with this ID that you keep.');
    const links = await repo.reportLinks(tx, ctx.principal.laCode, [establishmentId]);
    return { id: school.id, name: school.name, report: links.get(establishmentId)?.url ?? null };
  });
}

export const reportSchema = z.object({
  url: z
    .string()
    .trim()
    .max(500, 'The address must be 500 characters or fewer')
    .refine(
      (s) => s === '' || (/^https?:\/\/[^\s<>"]+\.[^\s<>"]+$/.test(s) && URL.canParse(s)),
      'Enter the whole web address of the report, starting https://, like https://www.school.norfolk.sch.uk/send',
    )
    .default(''),
});

export async function setSchoolReport(
  ctx: LocalOfferContext,
  establishmentId: string,
  input: unknown,
): Promise<{ ok: true } | { ok: false; status: 400; errors: FieldError[] }> {
  const parsed = reportSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      errors: fieldErrors(parsed.error).map((e) => ({ ...e, field: 'url' })),
    };
  await transaction(ctx, async (tx) => {
    const [school] = isUuid(establishmentId) ? await establishmentSummaries(tx, [establishmentId]) : [];
    if (!school || !(await mayKeep(tx, ctx, establishmentId)))
      throw notFound('There is no school with this ID that you keep.');
    await repo.setReportLink(tx, ctx.principal.laCode, school, parsed.data.url || null, ctx.now);
    await audit(tx, ctx, {
      action: 'local-offer.school-report.set',
      entityType: 'establishment',
      entityId: establishmentId,
      childId: null,
      detail: { url: parsed.data.url || null },
    });
  });
  publicCache.clear(ctx.principal.laCode);
  return { ok: true };
}
