import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type {
  FullService,
  LocationRow,
  OrganizationRow,
  ScheduleRow,
  ServiceRow,
  TaxonomyRow,
  TermRow,
} from '../domain/oruk.ts';
import type { DirectoryFilter } from '../domain/query.ts';

/** The published directory as the public pages and the ORUK feed read it. */

export async function taxonomies(tx: Tx): Promise<TaxonomyRow[]> {
  const r =
    await sql<TaxonomyRow>`SELECT id, code, name, description, uri, version FROM lo_taxonomies ORDER BY name`.execute(
      tx,
    );
  return r.rows;
}

const termColumns = sql`t.id, t.code, t.name, t.description, t.parent_id AS "parentId", t.taxonomy_id AS "taxonomyId",
  x.name AS "taxonomyName", x.code AS "taxonomyCode"`;

export type Term = TermRow & { taxonomyCode: string };

export async function terms(
  tx: Tx,
  where: { taxonomyId?: string; ids?: readonly string[] } = {},
): Promise<Term[]> {
  if (where.ids && !where.ids.length) return [];
  const r =
    await sql<Term>`SELECT ${termColumns} FROM lo_taxonomy_terms t JOIN lo_taxonomies x ON x.id = t.taxonomy_id
    WHERE true
    ${where.taxonomyId ? sql`AND t.taxonomy_id = ${where.taxonomyId}` : sql``}
    ${where.ids ? sql`AND t.id = ANY(${[...where.ids]}::uuid[])` : sql``}
    ORDER BY x.name, t.position`.execute(tx);
  return r.rows;
}

/** The terms of one taxonomy by their codes, in the taxonomy's order. */
export async function termsOf(tx: Tx, taxonomyCode: string): Promise<Term[]> {
  const r =
    await sql<Term>`SELECT ${termColumns} FROM lo_taxonomy_terms t JOIN lo_taxonomies x ON x.id = t.taxonomy_id
    WHERE x.code = ${taxonomyCode} ORDER BY t.position`.execute(tx);
  return r.rows;
}

const serviceColumns = sql`s.id, s.name, s.description, s.url, s.email, s.phone, s.status,
  s.minimum_age AS "minimumAge", s.maximum_age AS "maximumAge", s.eligibility, s.fees, s.free,
  s.accessibility, s.how_to_access AS "howToAccess", to_char(s.reviewed_on, 'YYYY-MM-DD') AS "reviewedOn",
  s.updated_at AS "updatedAt",
  o.id AS "orgId", o.name AS "orgName", o.description AS "orgDescription", o.email AS "orgEmail", o.website AS "orgWebsite"`;

interface ServiceSqlRow extends Omit<ServiceRow, 'organization'> {
  orgId: string;
  orgName: string;
  orgDescription: string;
  orgEmail: string | null;
  orgWebsite: string | null;
}

const serviceOf = ({
  orgId,
  orgName,
  orgDescription,
  orgEmail,
  orgWebsite,
  ...s
}: ServiceSqlRow): ServiceRow => ({
  ...s,
  organization: {
    id: orgId,
    name: orgName,
    description: orgDescription,
    email: orgEmail,
    website: orgWebsite,
  } satisfies OrganizationRow,
});

// Haversine in SQL, for distance from a postcode: no spatial extension is needed at this size.
const metresFrom = (near: { latitude: number; longitude: number }) =>
  sql<number>`(2 * 6371000 * asin(sqrt(
    power(sin(radians(l.latitude - ${near.latitude}) / 2), 2) +
    cos(radians(${near.latitude})) * cos(radians(l.latitude)) * power(sin(radians(l.longitude - ${near.longitude}) / 2), 2))))`;

/** The conditions a filter puts on a published service `s`. */
function conditions(laCode: string, f: DirectoryFilter): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [sql`s.la_code = ${laCode}`, sql`s.published`];
  if (f.search) c.push(sql`s.search @@ websearch_to_tsquery('english', ${f.search})`);
  for (const id of f.termIds)
    c.push(sql`EXISTS (SELECT 1 FROM lo_service_terms st WHERE st.service_id = s.id AND st.term_id = ${id})`);
  if (f.needTermId)
    // A service that names no need is for every need.
    c.push(sql`(EXISTS (SELECT 1 FROM lo_service_terms st WHERE st.service_id = s.id AND st.term_id = ${f.needTermId})
      OR NOT EXISTS (SELECT 1 FROM lo_service_terms st JOIN lo_taxonomy_terms tt ON tt.id = st.term_id
        WHERE st.service_id = s.id AND tt.taxonomy_id = (SELECT taxonomy_id FROM lo_taxonomy_terms WHERE id = ${f.needTermId})))`);
  if (f.taxonomyId)
    c.push(sql`EXISTS (SELECT 1 FROM lo_service_terms st JOIN lo_taxonomy_terms tt ON tt.id = st.term_id
      WHERE st.service_id = s.id AND tt.taxonomy_id = ${f.taxonomyId})`);
  if (f.organizationId) c.push(sql`s.organization_id = ${f.organizationId}`);
  if (f.minimumAge !== null) c.push(sql`s.minimum_age >= ${f.minimumAge}`);
  if (f.maximumAge !== null) c.push(sql`s.maximum_age <= ${f.maximumAge}`);
  if (f.age !== null)
    c.push(
      sql`(s.minimum_age IS NULL OR s.minimum_age <= ${f.age}) AND (s.maximum_age IS NULL OR s.maximum_age >= ${f.age})`,
    );
  if (f.day || f.startTime || f.endTime)
    c.push(sql`EXISTS (SELECT 1 FROM lo_schedules h WHERE h.service_id = s.id
      ${f.day ? sql`AND h.byday LIKE ${`%${f.day}%`}` : sql``}
      ${f.startTime ? sql`AND h.opens_at >= ${f.startTime}::time` : sql``}
      ${f.endTime ? sql`AND h.closes_at <= ${f.endTime}::time` : sql``})`);
  if (f.modifiedAfter) c.push(sql`s.updated_at >= ${f.modifiedAfter}`);
  return c;
}

export interface FoundService extends ServiceRow {
  /** Metres from the postcode searched from, to the service's nearest place. */
  metres: number | null;
}

/** A page of published services matching the filter, best match (or nearest) first, with how many match in all. */
export async function searchServices(
  tx: Tx,
  laCode: string,
  f: DirectoryFilter,
): Promise<{ rows: FoundService[]; total: number }> {
  const where = sql.join(conditions(laCode, f), sql` AND `);
  const near = f.near;
  const distance = near
    ? sql`(SELECT min(${metresFrom(near)}) FROM lo_service_at_locations sl JOIN lo_locations l ON l.id = sl.location_id
        WHERE sl.service_id = s.id AND l.latitude IS NOT NULL)`
    : sql`NULL::double precision`;
  const rank = f.search ? sql`ts_rank(s.search, websearch_to_tsquery('english', ${f.search}))` : sql`0::real`;
  const order = near ? sql`metres ASC NULLS LAST, s.name, s.id` : sql`rank DESC, s.name, s.id`;
  const r = await sql<ServiceSqlRow & { metres: number | null; rank: number; total: string }>`
    SELECT * FROM (
      SELECT ${serviceColumns}, ${distance} AS metres, ${rank} AS rank, count(*) OVER () AS total
      FROM lo_services s JOIN lo_organizations o ON o.id = s.organization_id
      WHERE ${where}
    ) s
    ${near ? sql`WHERE metres <= ${near.metres}` : sql``}
    ORDER BY ${order}
    LIMIT ${f.perPage} OFFSET ${(f.page - 1) * f.perPage}`.execute(tx);
  let total = Number(r.rows[0]?.total ?? 0);
  if (near) {
    // The window count ran before the distance cut: count again, for the page numbers to be right.
    const counted = await sql<{ n: string }>`SELECT count(*) AS n FROM (
      SELECT ${distance} AS metres FROM lo_services s WHERE ${where}) d WHERE metres <= ${near.metres}`.execute(
      tx,
    );
    total = Number(counted.rows[0]?.n ?? 0);
  }
  if (!r.rows.length && f.page > 1) {
    const all = await sql<{ n: string }>`SELECT count(*) AS n FROM lo_services s WHERE ${where}`.execute(tx);
    total = near ? total : Number(all.rows[0]?.n ?? 0);
  }
  return {
    rows: r.rows.map(({ metres, rank: _r, total: _t, ...row }) => ({
      ...serviceOf(row),
      metres: metres === null ? null : Number(metres),
    })),
    total,
  };
}

/** Published services with their places, times and terms. */
export async function fullServices(
  tx: Tx,
  laCode: string,
  ids: readonly string[],
  published = true,
): Promise<FullService[]> {
  if (!ids.length) return [];
  const list = [...ids];
  const services = await sql<ServiceSqlRow>`SELECT ${serviceColumns}
    FROM lo_services s JOIN lo_organizations o ON o.id = s.organization_id
    WHERE s.la_code = ${laCode} AND s.id = ANY(${list}::uuid[]) ${published ? sql`AND s.published` : sql``}`.execute(
    tx,
  );
  const locations = await sql<
    LocationRow & { serviceId: string }
  >`SELECT sl.service_id AS "serviceId", sl.id AS "linkId",
    l.id, l.name, l.address_1 AS "address1", l.city, l.postcode, l.latitude, l.longitude, l.accessibility
    FROM lo_service_at_locations sl JOIN lo_locations l ON l.id = sl.location_id
    WHERE sl.la_code = ${laCode} AND sl.service_id = ANY(${list}::uuid[]) ORDER BY l.name`.execute(tx);
  const schedules = await sql<
    ScheduleRow & { serviceId: string }
  >`SELECT service_id AS "serviceId", id, byday,
    to_char(opens_at, 'HH24:MI') AS "opensAt", to_char(closes_at, 'HH24:MI') AS "closesAt", description
    FROM lo_schedules WHERE la_code = ${laCode} AND service_id = ANY(${list}::uuid[]) ORDER BY opens_at`.execute(
    tx,
  );
  const links = await sql<Term & { serviceId: string }>`SELECT st.service_id AS "serviceId", ${termColumns}
    FROM lo_service_terms st JOIN lo_taxonomy_terms t ON t.id = st.term_id JOIN lo_taxonomies x ON x.id = t.taxonomy_id
    WHERE st.la_code = ${laCode} AND st.service_id = ANY(${list}::uuid[]) ORDER BY x.name, t.position`.execute(
    tx,
  );
  const by = <T extends { serviceId: string }>(rows: T[]) => {
    const m = new Map<string, Omit<T, 'serviceId'>[]>();
    for (const { serviceId, ...rest } of rows) m.set(serviceId, [...(m.get(serviceId) ?? []), rest]);
    return m;
  };
  const [locs, times, tags] = [by(locations.rows), by(schedules.rows), by(links.rows)];
  return services.rows.map((row) => ({
    ...serviceOf(row),
    locations: (locs.get(row.id) ?? []) as LocationRow[],
    schedules: (times.get(row.id) ?? []) as ScheduleRow[],
    terms: (tags.get(row.id) ?? []) as Term[],
  }));
}

export interface ServiceAtLocationRow {
  id: string;
  service: ServiceRow;
  location: LocationRow;
  metres: number | null;
}

/** A page of the places published services are delivered at, nearest first when a postcode is given. */
export async function serviceAtLocations(
  tx: Tx,
  laCode: string,
  f: DirectoryFilter,
  id?: string,
): Promise<{ rows: ServiceAtLocationRow[]; total: number }> {
  const where = sql.join(conditions(laCode, f), sql` AND `);
  const near = f.near;
  const r = await sql<
    ServiceSqlRow &
      Omit<LocationRow, 'id' | 'name'> & {
        locationId: string;
        locationName: string;
        metres: number | null;
        total: string;
      }
  >`SELECT * FROM (
      SELECT ${serviceColumns}, sl.id AS "linkId", l.id AS "locationId", l.name AS "locationName", l.address_1 AS "address1",
        l.city, l.postcode, l.latitude, l.longitude, l.accessibility AS "locationAccessibility",
        ${near ? metresFrom(near) : sql`NULL::double precision`} AS metres, count(*) OVER () AS total
      FROM lo_service_at_locations sl
      JOIN lo_services s ON s.id = sl.service_id
      JOIN lo_organizations o ON o.id = s.organization_id
      JOIN lo_locations l ON l.id = sl.location_id
      WHERE ${where} ${id ? sql`AND sl.id = ${id}` : sql``}
    ) x ${near ? sql`WHERE metres <= ${near.metres}` : sql``}
    ORDER BY ${near ? sql`metres ASC NULLS LAST,` : sql``} name, "linkId"
    LIMIT ${f.perPage} OFFSET ${(f.page - 1) * f.perPage}`.execute(tx);
  let total = Number(r.rows[0]?.total ?? 0);
  if (near || (!r.rows.length && f.page > 1)) {
    const counted = await sql<{ n: string }>`SELECT count(*) AS n FROM lo_service_at_locations sl
      JOIN lo_services s ON s.id = sl.service_id JOIN lo_locations l ON l.id = sl.location_id
      WHERE ${where} ${near ? sql`AND ${metresFrom(near)} <= ${near.metres}` : sql``}`.execute(tx);
    total = Number(counted.rows[0]?.n ?? 0);
  }
  return {
    total,
    rows: r.rows.map((x) => {
      const row = x as typeof x & { locationAccessibility: string; linkId: string };
      return {
        id: row.linkId,
        service: serviceOf(row),
        location: {
          linkId: row.linkId,
          id: row.locationId,
          name: row.locationName,
          address1: row.address1,
          city: row.city,
          postcode: row.postcode,
          latitude: row.latitude,
          longitude: row.longitude,
          accessibility: row.locationAccessibility,
        },
        metres: row.metres === null ? null : Number(row.metres),
      };
    }),
  };
}
