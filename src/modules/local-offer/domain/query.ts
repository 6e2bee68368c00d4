import { z } from 'zod';
import { normalisePostcode } from '../../../platform/kernel/postcode.ts';
import { type Day, days } from './record.ts';

/**
 * The filters of the ORUK 3.0 list endpoints (`/services`, `/service_at_locations`) and of the
 * public search, checked before any query runs: a value that is not what the parameter takes is
 * refused naming the parameter, never guessed. Parameters the profile defines that this feed does
 * not filter on (`full`, `format`) are ignored, as the profile lets a feed do.
 */

export const maxPerPage = 200;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const one = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v);
const wholeNumber = (name: string, min: number, max: number) =>
  z.preprocess(
    one,
    z
      .string()
      .regex(/^\d+$/, `${name} must be a whole number`)
      .transform(Number)
      .refine((n) => n >= min && n <= max, `${name} must be from ${min} to ${max}`)
      .optional(),
  );
const id = (name: string) => z.preprocess(one, z.string().regex(uuid, `${name} must be a UUID`).optional());
const timeOfDay = (name: string) =>
  z.preprocess(
    one,
    z
      .string()
      .regex(/^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$/, `${name} must be a time like 09:30`)
      .transform((t) => t.slice(0, 5))
      .optional(),
  );

const dayNames: Record<string, Day> = {
  mo: 'MO',
  monday: 'MO',
  tu: 'TU',
  tuesday: 'TU',
  we: 'WE',
  wednesday: 'WE',
  th: 'TH',
  thursday: 'TH',
  fr: 'FR',
  friday: 'FR',
  sa: 'SA',
  saturday: 'SA',
  su: 'SU',
  sunday: 'SU',
};

export const orukQuerySchema = z
  .object({
    search: z.preprocess(one, z.string().max(200, 'search must be 200 characters or fewer').optional()),
    page: wholeNumber('page', 1, 1_000_000),
    per_page: wholeNumber('per_page', 1, maxPerPage),
    taxonomy_term_id: id('taxonomy_term_id'),
    taxonomy_id: id('taxonomy_id'),
    organization_id: id('organization_id'),
    minimum_age: wholeNumber('minimum_age', 0, 120),
    maximum_age: wholeNumber('maximum_age', 0, 120),
    start_time: timeOfDay('start_time'),
    end_time: timeOfDay('end_time'),
    day: z.preprocess(
      one,
      z
        .string()
        .transform((d, c) => {
          const code = dayNames[d.trim().toLowerCase()];
          if (!code) {
            c.addIssue({ code: 'custom', message: `day must be one of ${days.join(', ')}` });
            return z.NEVER;
          }
          return code;
        })
        .optional(),
    ),
    postcode: z.preprocess(
      one,
      z
        .string()
        .transform((p, c) => {
          const n = normalisePostcode(p);
          if (!n) {
            c.addIssue({ code: 'custom', message: 'postcode must be a UK postcode, like NR1 2DH' });
            return z.NEVER;
          }
          return n;
        })
        .optional(),
    ),
    proximity: wholeNumber('proximity', 1, 1_000_000),
    modified_after: z.preprocess(
      one,
      z
        .string()
        .refine(
          (v) => !Number.isNaN(Date.parse(v)),
          'modified_after must be a date and time like 2026-03-02T09:00:00Z',
        )
        .transform((v) => new Date(v))
        .optional(),
    ),
  })
  .refine((q) => q.proximity === undefined || q.postcode !== undefined, {
    message: 'proximity needs a postcode to measure from',
    path: ['proximity'],
  });

export type OrukQuery = z.output<typeof orukQuerySchema>;

/** The filters every list query takes, with the page to answer. */
export interface DirectoryFilter {
  search: string | null;
  termIds: string[];
  /** A type of need: services naming it, and those that name no need (they are for every need). */
  needTermId: string | null;
  taxonomyId: string | null;
  organizationId: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  /** A child's age: services whose range includes it (the public search). */
  age: number | null;
  startTime: string | null;
  endTime: string | null;
  day: Day | null;
  near: { latitude: number; longitude: number; metres: number } | null;
  modifiedAfter: Date | null;
  page: number;
  perPage: number;
}

export const emptyFilter: DirectoryFilter = {
  search: null,
  termIds: [],
  needTermId: null,
  taxonomyId: null,
  organizationId: null,
  minimumAge: null,
  maximumAge: null,
  age: null,
  startTime: null,
  endTime: null,
  day: null,
  near: null,
  modifiedAfter: null,
  page: 1,
  perPage: 50,
};

export function filterOf(q: OrukQuery): Omit<DirectoryFilter, 'near'> {
  return {
    ...emptyFilter,
    search: q.search?.trim() || null,
    termIds: q.taxonomy_term_id ? [q.taxonomy_term_id] : [],
    taxonomyId: q.taxonomy_id ?? null,
    organizationId: q.organization_id ?? null,
    minimumAge: q.minimum_age ?? null,
    maximumAge: q.maximum_age ?? null,
    startTime: q.start_time ?? null,
    endTime: q.end_time ?? null,
    day: q.day ?? null,
    modifiedAfter: q.modified_after ?? null,
    page: q.page ?? 1,
    perPage: q.per_page ?? 50,
  };
}

/** Great-circle distance in metres (haversine, mean Earth radius 6,371 km). */
export function metresBetween(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
) {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}
