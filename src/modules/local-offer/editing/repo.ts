import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { ServiceRecord } from '../domain/record.ts';

/** Drafts, suggestions and publication: what editors and providers change, and the published projection it writes. */

export interface OrganizationListRow {
  id: string;
  name: string;
  establishmentId: string | null;
  services: number;
}

export async function organizations(tx: Tx, laCode: string): Promise<OrganizationListRow[]> {
  const r = await sql<
    OrganizationListRow & { services: string }
  >`SELECT o.id, o.name, o.establishment_id AS "establishmentId",
      (SELECT count(*) FROM lo_services s WHERE s.organization_id = o.id) AS services
    FROM lo_organizations o WHERE o.la_code = ${laCode} ORDER BY o.name`.execute(tx);
  return r.rows.map((o) => ({ ...o, services: Number(o.services) }));
}

export async function organizationExists(tx: Tx, laCode: string, id: string): Promise<boolean> {
  const r = await sql`SELECT 1 FROM lo_organizations WHERE la_code = ${laCode} AND id = ${id}`.execute(tx);
  return r.rows.length === 1;
}

export async function insertOrganization(
  tx: Tx,
  laCode: string,
  o: {
    name: string;
    description: string;
    email: string | null;
    website: string | null;
    establishmentId: string | null;
    senInformationReport: string | null;
  },
): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO lo_organizations
      (la_code, name, description, email, website, establishment_id, sen_information_report)
    VALUES (${laCode}, ${o.name}, ${o.description}, ${o.email}, ${o.website}, ${o.establishmentId}, ${o.senInformationReport})
    RETURNING id`.execute(tx);
  const id = r.rows[0]?.id;
  if (!id) throw new Error('an organisation inserted has an ID');
  return id;
}

export async function isMember(
  tx: Tx,
  laCode: string,
  organizationId: string,
  userId: string,
): Promise<boolean> {
  const r = await sql`SELECT 1 FROM lo_organization_members
    WHERE la_code = ${laCode} AND organization_id = ${organizationId} AND user_id = ${userId}`.execute(tx);
  return r.rows.length === 1;
}

export async function addMember(
  tx: Tx,
  laCode: string,
  organizationId: string,
  userId: string,
): Promise<void> {
  await sql`INSERT INTO lo_organization_members (la_code, organization_id, user_id)
    VALUES (${laCode}, ${organizationId}, ${userId}) ON CONFLICT DO NOTHING`.execute(tx);
}

/** A new service, not yet published: its row holds the first draft until it is. */
export async function insertService(
  tx: Tx,
  laCode: string,
  r: ServiceRecord,
  today: string,
): Promise<string> {
  const row = await sql<{
    id: string;
  }>`INSERT INTO lo_services (la_code, organization_id, name, description, url, email,
      phone, status, minimum_age, maximum_age, eligibility, fees, free, accessibility, how_to_access, reviewed_on)
    VALUES (${laCode}, ${r.organizationId}, ${r.name}, ${r.description}, ${r.url || null}, ${r.email || null},
      ${r.phone || null}, ${r.status}, ${r.minimumAge}, ${r.maximumAge}, ${r.eligibility}, ${r.fees}, ${r.free},
      ${r.accessibility}, ${r.howToAccess}, ${today})
    RETURNING id`.execute(tx);
  const id = row.rows[0]?.id;
  if (!id) throw new Error('a service inserted has an ID');
  return id;
}

export interface ServiceHead {
  id: string;
  organizationId: string;
  name: string;
  published: boolean;
  publishedAt: Date | null;
  reviewedOn: string;
  version: number;
}

export async function serviceHead(
  tx: Tx,
  laCode: string,
  id: string,
  forUpdate = false,
): Promise<ServiceHead | undefined> {
  const r = await sql<ServiceHead>`SELECT id, organization_id AS "organizationId", name, published,
      published_at AS "publishedAt", to_char(reviewed_on, 'YYYY-MM-DD') AS "reviewedOn", version
    FROM lo_services WHERE la_code = ${laCode} AND id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(
    tx,
  );
  return r.rows[0];
}

export type VersionKind = 'draft' | 'suggestion';
export type VersionState = 'open' | 'in-review' | 'published' | 'rejected' | 'replaced';

export interface VersionRow {
  id: string;
  serviceId: string;
  kind: VersionKind;
  state: VersionState;
  content: ServiceRecord;
  note: string;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
  submittedAt: Date | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
}

const versionColumns = sql`v.id, v.service_id AS "serviceId", v.kind, v.state, v.content, v.note,
  v.created_by AS "createdBy", cu.name AS "createdByName", v.created_at AS "createdAt", v.submitted_at AS "submittedAt",
  v.decided_by AS "decidedBy", du.name AS "decidedByName", v.decided_at AS "decidedAt"`;
const versionFrom = sql`lo_service_versions v LEFT JOIN users cu ON cu.id = v.created_by LEFT JOIN users du ON du.id = v.decided_by`;

export async function versionsOf(tx: Tx, laCode: string, serviceId: string): Promise<VersionRow[]> {
  const r = await sql<VersionRow>`SELECT ${versionColumns} FROM ${versionFrom}
    WHERE v.la_code = ${laCode} AND v.service_id = ${serviceId} ORDER BY v.created_at DESC, v.id`.execute(tx);
  return r.rows;
}

export async function version(
  tx: Tx,
  laCode: string,
  id: string,
  forUpdate = false,
): Promise<VersionRow | undefined> {
  const r = await sql<VersionRow>`SELECT ${versionColumns} FROM ${versionFrom}
    WHERE v.la_code = ${laCode} AND v.id = ${id} ${forUpdate ? sql`FOR UPDATE OF v` : sql``}`.execute(tx);
  return r.rows[0];
}

export async function insertVersion(
  tx: Tx,
  laCode: string,
  v: {
    serviceId: string;
    kind: VersionKind;
    state: VersionState;
    content: ServiceRecord;
    note: string;
    by: string | null;
    at: Date;
  },
): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO lo_service_versions
      (la_code, service_id, kind, state, content, note, created_by, created_at, submitted_by, submitted_at)
    VALUES (${laCode}, ${v.serviceId}, ${v.kind}, ${v.state}, ${JSON.stringify(v.content)}::jsonb, ${v.note}, ${v.by}, ${v.at},
      ${v.state === 'in-review' ? v.by : null}, ${v.state === 'in-review' ? v.at : null})
    RETURNING id`.execute(tx);
  const id = r.rows[0]?.id;
  if (!id) throw new Error('a version inserted has an ID');
  return id;
}

export async function updateVersionContent(
  tx: Tx,
  laCode: string,
  id: string,
  content: ServiceRecord,
  at: Date,
) {
  await sql`UPDATE lo_service_versions SET content = ${JSON.stringify(content)}::jsonb, created_at = ${at}
    WHERE la_code = ${laCode} AND id = ${id}`.execute(tx);
}

export async function submitVersion(tx: Tx, laCode: string, id: string, by: string, at: Date) {
  await sql`UPDATE lo_service_versions SET state = 'in-review', submitted_by = ${by}, submitted_at = ${at}
    WHERE la_code = ${laCode} AND id = ${id}`.execute(tx);
}

export async function decideVersion(
  tx: Tx,
  laCode: string,
  id: string,
  d: { state: 'published' | 'rejected'; note: string | null; by: string; at: Date },
) {
  await sql`UPDATE lo_service_versions SET state = ${d.state}, decided_by = ${d.by}, decided_at = ${d.at}
      ${d.note !== null ? sql`, note = ${d.note}` : sql``}
    WHERE la_code = ${laCode} AND id = ${id}`.execute(tx);
}

/** Other open drafts and suggestions of a service, once one is published: they were written against the old record. */
export async function replaceOthers(tx: Tx, laCode: string, serviceId: string, keep: string, at: Date) {
  await sql`UPDATE lo_service_versions SET state = 'replaced', decided_at = ${at}
    WHERE la_code = ${laCode} AND service_id = ${serviceId} AND id <> ${keep} AND state IN ('open', 'in-review')`.execute(
    tx,
  );
}

/** Writes a version as the published service: its fields, places, times and terms. */
export async function writePublished(
  tx: Tx,
  laCode: string,
  serviceId: string,
  r: ServiceRecord,
  p: {
    at: Date;
    today: string;
    termIds: string[];
    places: {
      name: string;
      address1: string;
      city: string;
      postcode: string;
      accessibility: string;
      latitude: number | null;
      longitude: number | null;
    }[];
  },
): Promise<void> {
  await sql`UPDATE lo_services SET organization_id = ${r.organizationId}, name = ${r.name}, description = ${r.description},
      url = ${r.url || null}, email = ${r.email || null}, phone = ${r.phone || null}, status = ${r.status},
      minimum_age = ${r.minimumAge}, maximum_age = ${r.maximumAge}, eligibility = ${r.eligibility}, fees = ${r.fees},
      free = ${r.free}, accessibility = ${r.accessibility}, how_to_access = ${r.howToAccess},
      published = true, published_at = ${p.at}, reviewed_on = ${p.today}, updated_at = ${p.at}, version = version + 1
    WHERE la_code = ${laCode} AND id = ${serviceId}`.execute(tx);
  await sql`DELETE FROM lo_service_terms WHERE la_code = ${laCode} AND service_id = ${serviceId}`.execute(tx);
  if (p.termIds.length)
    await sql`INSERT INTO lo_service_terms (la_code, service_id, term_id)
      SELECT ${laCode}, ${serviceId}, unnest(${p.termIds}::uuid[])`.execute(tx);
  await sql`DELETE FROM lo_schedules WHERE la_code = ${laCode} AND service_id = ${serviceId}`.execute(tx);
  for (const s of r.schedules)
    await sql`INSERT INTO lo_schedules (la_code, service_id, byday, opens_at, closes_at, description)
      VALUES (${laCode}, ${serviceId}, ${s.days.join(',')}, ${s.opensAt}::time, ${s.closesAt}::time, ${s.description})`.execute(
      tx,
    );
  await sql`DELETE FROM lo_service_at_locations WHERE la_code = ${laCode} AND service_id = ${serviceId}`.execute(
    tx,
  );
  for (const place of p.places) {
    // A place is shared by the services delivered there: the same name and postcode is the same place.
    const found = await sql<{ id: string }>`SELECT id FROM lo_locations
      WHERE la_code = ${laCode} AND lower(name) = lower(${place.name}) AND postcode = ${place.postcode} LIMIT 1`.execute(
      tx,
    );
    let locationId = found.rows[0]?.id;
    if (locationId)
      await sql`UPDATE lo_locations SET name = ${place.name}, address_1 = ${place.address1}, city = ${place.city},
          accessibility = ${place.accessibility}, latitude = coalesce(${place.latitude}, latitude),
          longitude = coalesce(${place.longitude}, longitude)
        WHERE id = ${locationId}`.execute(tx);
    else
      locationId = (
        await sql<{
          id: string;
        }>`INSERT INTO lo_locations (la_code, name, address_1, city, postcode, latitude, longitude, accessibility)
          VALUES (${laCode}, ${place.name}, ${place.address1}, ${place.city}, ${place.postcode}, ${place.latitude},
            ${place.longitude}, ${place.accessibility}) RETURNING id`.execute(tx)
      ).rows[0]?.id;
    await sql`INSERT INTO lo_service_at_locations (la_code, service_id, location_id)
      VALUES (${laCode}, ${serviceId}, ${locationId}) ON CONFLICT DO NOTHING`.execute(tx);
  }
}

export async function setPublished(tx: Tx, laCode: string, serviceId: string, published: boolean, at: Date) {
  await sql`UPDATE lo_services SET published = ${published}, updated_at = ${at}, version = version + 1
    WHERE la_code = ${laCode} AND id = ${serviceId}`.execute(tx);
}

export async function markReviewed(tx: Tx, laCode: string, serviceId: string, today: string) {
  await sql`UPDATE lo_services SET reviewed_on = ${today} WHERE la_code = ${laCode} AND id = ${serviceId}`.execute(
    tx,
  );
}

/** The record as published, to start a draft from when a service has no draft open. */
export async function publishedRecord(
  tx: Tx,
  laCode: string,
  serviceId: string,
): Promise<ServiceRecord | undefined> {
  const r = await sql<{ content: ServiceRecord }>`SELECT content FROM lo_service_versions
    WHERE la_code = ${laCode} AND service_id = ${serviceId} AND state = 'published'
    ORDER BY decided_at DESC LIMIT 1`.execute(tx);
  return r.rows[0]?.content;
}

export interface EditorListRow {
  id: string;
  organizationId: string;
  name: string;
  organization: string;
  published: boolean;
  reviewedOn: string;
  openState: VersionState | null;
  openKind: VersionKind | null;
  updatedAt: Date;
}

/** Every service of the LA for its editors, with what waits on each. */
export async function editorList(tx: Tx, laCode: string): Promise<EditorListRow[]> {
  const r =
    await sql<EditorListRow>`SELECT s.id, s.organization_id AS "organizationId", s.name, o.name AS organization, s.published,
      to_char(s.reviewed_on, 'YYYY-MM-DD') AS "reviewedOn", s.updated_at AS "updatedAt",
      v.state AS "openState", v.kind AS "openKind"
    FROM lo_services s JOIN lo_organizations o ON o.id = s.organization_id
    LEFT JOIN LATERAL (SELECT state, kind FROM lo_service_versions x WHERE x.service_id = s.id AND x.state IN ('open', 'in-review')
      ORDER BY (x.state = 'in-review') DESC, x.created_at DESC LIMIT 1) v ON true
    WHERE s.la_code = ${laCode} ORDER BY s.name, s.id`.execute(tx);
  return r.rows;
}

export async function memberOrganizations(tx: Tx, laCode: string, userId: string): Promise<string[]> {
  const r = await sql<{ id: string }>`SELECT organization_id AS id FROM lo_organization_members
    WHERE la_code = ${laCode} AND user_id = ${userId}`.execute(tx);
  return r.rows.map((x) => x.id);
}
