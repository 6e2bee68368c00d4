import { createHash } from 'node:crypto';

/**
 * The directory as the Open Referral UK 3.0 profile shapes it (HSDS 3.0, UK profile), for the
 * `/oruk` feed. The profile's schemas type each field as a string or a number with no null, so a
 * field with no value is left out, never sent as null. Objects the directory does not keep with
 * an ID of their own (a location's address and accessibility, a service's cost and its attributes)
 * get IDs derived from what they belong to, the same on every read.
 *
 * Derived from the Human Services Data Specification (Open Referral, https://openreferral.org/)
 * and Open Referral UK (https://openreferraluk.org/), CC BY-SA 4.0.
 */

export interface TermRow {
  id: string;
  code: string;
  name: string;
  description: string;
  parentId: string | null;
  taxonomyId: string;
  taxonomyName: string;
}

export interface TaxonomyRow {
  id: string;
  code: string;
  name: string;
  description: string;
  uri: string | null;
  version: string | null;
}

export interface OrganizationRow {
  id: string;
  name: string;
  description: string;
  email: string | null;
  website: string | null;
}

export interface LocationRow {
  /** The service-at-location link's own ID. */
  linkId: string;
  id: string;
  name: string;
  address1: string;
  city: string;
  postcode: string;
  latitude: number | null;
  longitude: number | null;
  accessibility: string;
}

export interface ScheduleRow {
  id: string;
  byday: string;
  opensAt: string;
  closesAt: string;
  description: string;
}

export interface ServiceRow {
  id: string;
  organization: OrganizationRow;
  name: string;
  description: string;
  url: string | null;
  email: string | null;
  phone: string | null;
  status: string;
  minimumAge: number | null;
  maximumAge: number | null;
  eligibility: string;
  fees: string;
  free: boolean;
  accessibility: string;
  howToAccess: string;
  reviewedOn: string;
  updatedAt: Date;
}

export interface FullService extends ServiceRow {
  locations: LocationRow[];
  schedules: ScheduleRow[];
  terms: TermRow[];
}

/** A UUID made from a name, the same every time (the shape of a version 5 UUID, SHA-1 based). */
export function derivedId(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join(':')).digest('hex');
  const variant = ((Number.parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** Only the keys whose value is there: the profile has no nulls. */
function present<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== ''),
  ) as Partial<T>;
}

export const orukOrganization = (o: OrganizationRow) =>
  present({ id: o.id, name: o.name, description: o.description, email: o.email, website: o.website });

export const orukTaxonomy = (t: TaxonomyRow) =>
  present({ id: t.id, name: t.name, description: t.description, uri: t.uri, version: t.version });

export const orukTerm = (t: TermRow) =>
  present({
    id: t.id,
    name: t.name,
    description: t.description,
    parent_id: t.parentId,
    taxonomy: t.taxonomyName,
    taxonomy_id: t.taxonomyId,
    term: t.code,
  });

/** The one-to-one fields of a service, as `/services` lists them. */
export function orukServiceSummary(s: ServiceRow) {
  return {
    ...present({
      id: s.id,
      organization_id: s.organization.id,
      name: s.name,
      description: s.description,
      url: s.url,
      email: s.email,
      status: s.status,
      fees: s.free ? 'Free' : s.fees,
      minimum_age: s.minimumAge,
      maximum_age: s.maximumAge,
      assured_date: s.reviewedOn,
      last_modified: s.updatedAt.toISOString(),
    }),
    organization: orukOrganization(s.organization),
  };
}

export function orukLocation(l: LocationRow, region: string) {
  return {
    ...present({
      id: l.id,
      location_type: 'physical',
      name: l.name,
      latitude: l.latitude,
      longitude: l.longitude,
    }),
    addresses: [
      {
        id: derivedId(l.id, 'address'),
        location_id: l.id,
        address_1: l.address1,
        city: l.city,
        state_province: region,
        postal_code: l.postcode,
        country: 'GB',
        address_type: 'physical',
      },
    ],
    accessibility: l.accessibility
      ? [{ id: derivedId(l.id, 'accessibility'), location_id: l.id, description: l.accessibility }]
      : [],
  };
}

/** A service with everything it holds, as `/services/{id}` answers. */
export function orukService(s: FullService, region: string) {
  return {
    ...orukServiceSummary(s),
    schedules: s.schedules.map((x) =>
      present({
        id: x.id,
        service_id: s.id,
        freq: 'WEEKLY',
        byday: x.byday,
        opens_at: x.opensAt,
        closes_at: x.closesAt,
        description: x.description,
      }),
    ),
    service_areas: [],
    service_at_locations: s.locations.map((l) => ({
      id: l.linkId,
      service_id: s.id,
      location_id: l.id,
      location: orukLocation(l, region),
    })),
    languages: [],
    funding: [],
    cost_options: s.free
      ? []
      : [
          present({
            id: derivedId(s.id, 'cost'),
            service_id: s.id,
            option: 'Fees',
            amount_description: s.fees,
          }),
        ],
    contacts: [],
    attributes: s.terms.map((t) => ({
      id: derivedId(s.id, t.id),
      link_id: s.id,
      taxonomy_term_id: t.id,
      link_type: 'service',
      taxonomy_term: orukTerm(t),
    })),
  };
}

/** A page of an ORUK list, with the profile's Page fields. A page past the end is empty, not an error. */
export function orukPage<T>(contents: T[], total: number, page: number, perPage: number) {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
