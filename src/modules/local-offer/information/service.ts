import { z } from 'zod';
import type { Database } from '../../../platform/db/connect.ts';
import { inTenant } from '../../../platform/db/tenancy.ts';
import { slugOf } from '../../../platform/http/markdown.ts';
import { type FieldError, notFound } from '../../../platform/http/problem.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import type { PublicLa } from '../../../platform/las/public-la.ts';
import { audit, authorise, type LocalOfferContext, transaction } from '../context.ts';
import { termsOf } from '../directory/repo.ts';
import { headingCodes } from '../domain/record.ts';
import { publicCache } from '../public/cache.ts';
import * as repo from './repo.ts';

/**
 * Information, advice and guidance pages: an editor writes each in Markdown under a Local Offer
 * heading and shows it on the public pages, or keeps it as a draft. Publishing empties the public
 * pages' cache.
 */

export const pageSchema = z.object({
  title: z
    .string({ error: 'Enter a title' })
    .trim()
    .min(1, 'Enter a title')
    .max(150, 'The title must be 150 characters or fewer'),
  slug: z
    .string()
    .trim()
    .max(80, 'The address must be 80 characters or fewer')
    .refine(
      (s) => s === '' || /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s),
      'The address can have only small letters, numbers and single hyphens, like short-breaks',
    )
    .default(''),
  summary: z
    .string({ error: 'Enter a summary' })
    .trim()
    .min(1, 'Enter a summary')
    .max(300, 'The summary must be 300 characters or fewer'),
  body: z
    .string({ error: 'Write the page' })
    .trim()
    .min(1, 'Write the page')
    .max(50000, 'The page must be 50,000 characters or fewer'),
  heading: z.enum(headingCodes, { error: 'Choose the Local Offer heading it belongs under' }),
  published: z.enum(['yes', 'no'], { error: 'Say whether to show it on the public pages' }),
  version: z.coerce.number().int().min(0).default(0),
});

export type PageOutcome = { ok: true; id: string } | { ok: false; status: 400 | 409; errors: FieldError[] };

export async function editorPages(ctx: LocalOfferContext): Promise<repo.InfoPageRow[]> {
  authorise(ctx, 'local-offer:edit');
  return transaction(ctx, (tx) => repo.pages(tx, ctx.principal.laCode, false));
}

export async function editorPage(ctx: LocalOfferContext, id: string): Promise<repo.InfoPageRow> {
  authorise(ctx, 'local-offer:edit');
  const p = isUuid(id)
    ? await transaction(ctx, (tx) => repo.page(tx, ctx.principal.laCode, { id }))
    : undefined;
  if (!p) throw notFound('There is no information page with this ID.');
  return p;
}

export async function savePage(
  ctx: LocalOfferContext,
  id: string | null,
  input: unknown,
): Promise<PageOutcome> {
  authorise(ctx, 'local-offer:edit');
  const parsed = pageSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      errors: parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'title'), message: i.message })),
    };
  const { version, published, ...rest } = parsed.data;
  const write = { ...rest, slug: rest.slug || slugOf(rest.title), published: published === 'yes' };
  if (!write.slug)
    return {
      ok: false,
      status: 400,
      errors: [{ field: 'slug', message: 'Enter an address for the page, like short-breaks' }],
    };
  const { laCode, userId } = ctx.principal;
  const r = await transaction(ctx, async (tx): Promise<PageOutcome> => {
    let pageId = id;
    if (id === null) {
      pageId = await repo.insertPage(tx, laCode, write, userId, ctx.now);
      if (!pageId)
        return {
          ok: false,
          status: 409,
          errors: [{ field: 'slug', message: `Another page has the address ${write.slug}: choose another` }],
        };
    } else {
      if (!isUuid(id)) throw notFound('There is no information page with this ID.');
      const done = await repo.updatePage(tx, laCode, id, version, write, userId, ctx.now);
      if (done === 'taken')
        return {
          ok: false,
          status: 409,
          errors: [{ field: 'slug', message: `Another page has the address ${write.slug}: choose another` }],
        };
      if (done === 'stale')
        return {
          ok: false,
          status: 409,
          errors: [
            {
              field: 'title',
              message: 'Someone changed this page since you opened it. Reload it and make your change again',
            },
          ],
        };
    }
    await audit(tx, ctx, {
      action: write.published ? 'local-offer.page.published' : 'local-offer.page.saved',
      entityType: 'lo_page',
      entityId: pageId,
      childId: null,
    });
    return { ok: true, id: pageId ?? '' };
  });
  if (r.ok) publicCache.clear(laCode);
  return r;
}

export function publicPages(database: Database, la: PublicLa): Promise<repo.InfoPageRow[]> {
  return inTenant(database.db, { laCode: la.code, userId: null }, (tx) => repo.pages(tx, la.code, true));
}

export async function publicPage(
  database: Database,
  la: PublicLa,
  slug: string,
): Promise<repo.InfoPageRow | undefined> {
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return undefined;
  const p = await inTenant(database.db, { laCode: la.code, userId: null }, (tx) =>
    repo.page(tx, la.code, { slug }),
  );
  return p?.published ? p : undefined;
}

/** The Local Offer headings a page may be written under, with their names, in order. */
export async function headingChoices(ctx: LocalOfferContext): Promise<{ code: string; name: string }[]> {
  authorise(ctx, 'local-offer:edit');
  return transaction(ctx, async (tx) =>
    (await termsOf(tx, 'schedule-2')).map((t) => ({ code: t.code, name: t.name })),
  );
}
