import { z } from 'zod';
import type { Database } from '../../../platform/db/connect.ts';
import { inTenant } from '../../../platform/db/tenancy.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { normalisePostcode } from '../../../platform/kernel/postcode.ts';
import { senTypes } from '../../../platform/kernel/sen2.ts';
import type { PublicLa } from '../../../platform/las/public-la.ts';
import { postcodeCentroids } from '../../sufficiency/index.ts';
import * as directory from '../directory/repo.ts';
import type { FullService } from '../domain/oruk.ts';
import { emptyFilter } from '../domain/query.ts';
import { categoryCodes, headingCodes } from '../domain/record.ts';

/**
 * The public search of the Local Offer: words, a type of need, a child's age, a category or a
 * Local Offer heading, and distance from a postcode. What a family types is checked; a postcode
 * that is not one, or one the LA's postcode directory does not place, is said so, not guessed.
 */

export const perPage = 20;
export const distances = [1, 3, 5, 10, 25] as const;
const metresPerMile = 1609.344;

const blankIsUndefined = (v: unknown) =>
  typeof v === 'string' && v.trim() === '' ? undefined : Array.isArray(v) ? v[0] : v;

export const searchSchema = z.object({
  q: z.preprocess(
    blankIsUndefined,
    z.string().trim().max(200, 'Search words must be 200 characters or fewer').optional(),
  ),
  need: z.preprocess(
    blankIsUndefined,
    z.enum(senTypes, { error: 'Choose a type of need from the list' }).optional(),
  ),
  category: z.preprocess(
    blankIsUndefined,
    z.enum(categoryCodes, { error: 'Choose a category from the list' }).optional(),
  ),
  heading: z.preprocess(
    blankIsUndefined,
    z.enum(headingCodes, { error: 'Choose a heading from the list' }).optional(),
  ),
  age: z.preprocess(
    blankIsUndefined,
    z
      .string()
      .regex(/^\d{1,3}$/, 'Enter the age as a whole number of years, like 8')
      .transform(Number)
      .refine((n) => n <= 120, 'Enter an age of 120 or under')
      .optional(),
  ),
  postcode: z.preprocess(
    blankIsUndefined,
    z
      .string()
      .transform((p, c) => {
        const n = normalisePostcode(p);
        if (!n) {
          c.addIssue({ code: 'custom', message: 'Enter a real postcode, like NR1 2DH' });
          return z.NEVER;
        }
        return n;
      })
      .optional(),
  ),
  miles: z.preprocess(
    blankIsUndefined,
    z.coerce
      .number()
      .refine((n) => (distances as readonly number[]).includes(n), 'Choose a distance from the list')
      .optional(),
  ),
  page: z.preprocess(
    blankIsUndefined,
    z.coerce
      .number()
      .int('Page must be a whole number')
      .min(1, 'Page must be 1 or more')
      .max(10_000)
      .optional(),
  ),
});
export type SearchQuery = z.output<typeof searchSchema>;

export interface SearchResult {
  /** The headings and categories to choose from, in their order. */
  choices: { headings: directory.Term[]; categories: directory.Term[] };
  query: SearchQuery;
  errors: FieldError[];
  /** Whether anything was asked: the start page shows the headings instead of every service. */
  asked: boolean;
  rows: directory.FoundService[];
  total: number;
  page: number;
  pages: number;
}

export async function searchLocalOffer(
  database: Database,
  la: PublicLa,
  raw: unknown,
): Promise<SearchResult> {
  const choices = await inTenant(database.db, { laCode: la.code, userId: null }, async (tx) => ({
    headings: await directory.termsOf(tx, 'schedule-2'),
    categories: await directory.termsOf(tx, 'category'),
  }));
  const parsed = searchSchema.safeParse(raw ?? {});
  if (!parsed.success)
    return {
      choices,
      query: {},
      errors: parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'q'), message: i.message })),
      asked: true,
      rows: [],
      total: 0,
      page: 1,
      pages: 0,
    };
  const q = parsed.data;
  const asked = Boolean(q.q || q.need || q.category || q.heading || q.age !== undefined || q.postcode);
  return inTenant(database.db, { laCode: la.code, userId: null }, async (tx) => {
    const needId = q.need
      ? (await directory.termsOf(tx, 'sen2-need')).find((t) => t.code === q.need)?.id
      : undefined;
    const categoryId = choices.categories.find((t) => t.code === q.category)?.id;
    const headingId = choices.headings.find((t) => t.code === q.heading)?.id;
    let near = null;
    if (q.postcode) {
      const at = (await postcodeCentroids(tx, la.code, [q.postcode])).get(q.postcode.replace(' ', ''));
      if (!at)
        return {
          choices,
          query: q,
          errors: [
            {
              field: 'postcode',
              message: `We do not know where ${q.postcode} is: check it, or search without a postcode`,
            },
          ],
          asked,
          rows: [],
          total: 0,
          page: 1,
          pages: 0,
        };
      near = { ...at, metres: (q.miles ?? 10) * metresPerMile };
    }
    const page = q.page ?? 1;
    const found = asked
      ? await directory.searchServices(tx, la.code, {
          ...emptyFilter,
          search: q.q ?? null,
          needTermId: needId ?? null,
          termIds: [categoryId, headingId].filter((x): x is string => Boolean(x)),
          age: q.age ?? null,
          near,
          page,
          perPage,
        })
      : { rows: [], total: 0 };
    return {
      choices,
      query: q,
      errors: [],
      asked,
      rows: found.rows,
      total: found.total,
      page,
      pages: Math.ceil(found.total / perPage),
    };
  });
}

/** A published service with everything its page shows; undefined when there is none with this ID. */
export async function publicService(
  database: Database,
  la: PublicLa,
  id: string,
): Promise<FullService | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return inTenant(
    database.db,
    { laCode: la.code, userId: null },
    async (tx) => (await directory.fullServices(tx, la.code, [id]))[0],
  );
}

export { metresPerMile };
