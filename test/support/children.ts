import { sql } from 'kysely';
import { nameSearchFor, upnCheckLetter } from '../../src/modules/children/index.ts';
import type { Role } from '../../src/platform/auth/roles.ts';
import { createApiToken, createUser } from '../../src/platform/auth/service.ts';
import { csrfFrom, password, signInCookies, type TestApp } from './app.ts';

/** Small factories for the children tests, with realistic defaults. Rows go in as the table owner. */

export async function addUser(t: TestApp, laCode: string, local: string, roles: Role[]) {
  const email = `${local}.${laCode}@example.org`;
  const id = await createUser(t.database, { laCode, email, name: `${local} (${laCode})`, roles, password });
  return { id, email };
}

export async function addSchool(t: TestApp, laCode: string, name: string, urn?: number): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO establishments (la_code, urn, name, name_search, setting_kind, type_name, phase)
    VALUES (${laCode}, ${urn ?? null}, ${name}, ${name.toLowerCase()}, 'school', 'Community school', 'Primary')
    RETURNING id`.execute(t.database.db);
  return r.rows[0]?.id ?? '';
}

export async function addStaff(t: TestApp, laCode: string, userId: string, establishmentId: string) {
  await sql`INSERT INTO establishment_staff (la_code, user_id, establishment_id, role)
    VALUES (${laCode}, ${userId}, ${establishmentId}, 'senco')`.execute(t.database.db);
}

/** A cluster of schools with a current host, members since 2020. */
export async function addCluster(
  t: TestApp,
  laCode: string,
  name: string,
  schoolIds: string[],
  hostUserId: string,
) {
  const r = await sql<{
    id: string;
  }>`INSERT INTO clusters (la_code, name) VALUES (${laCode}, ${name}) RETURNING id`.execute(t.database.db);
  const clusterId = r.rows[0]?.id ?? '';
  for (const id of schoolIds)
    await sql`INSERT INTO cluster_memberships (la_code, cluster_id, establishment_id, starts_on)
      VALUES (${laCode}, ${clusterId}, ${id}, '2020-09-01')`.execute(t.database.db);
  await sql`INSERT INTO cluster_hosts (la_code, cluster_id, name, user_id, nominated_on, agreed_on)
    VALUES (${laCode}, ${clusterId}, 'Cluster host', ${hostUserId}, '2024-09-01', '2024-09-10')`.execute(
    t.database.db,
  );
  return clusterId;
}

/** A valid UPN for the LA: school 1234, year 26, serial n. */
export function upnFor(laCode: string, n: number): string {
  const rest = `${laCode}123426${String(n).padStart(3, '0')}`;
  return `${upnCheckLetter(rest)}${rest}`;
}

export interface ChildFacts {
  forename?: string;
  surname?: string;
  dateOfBirth?: string;
  sex?: 'M' | 'F' | 'U';
  upn?: string | null;
  establishmentId?: string | null;
  senNeeds?: string[];
}

let made = 0;

export async function addChild(t: TestApp, laCode: string, facts: ChildFacts = {}): Promise<string> {
  made += 1;
  const forename = facts.forename ?? 'Alex';
  const surname = facts.surname ?? `Example${made}`;
  const r = await sql<{ id: string }>`
    INSERT INTO children (la_code, upn, forename, surname, name_search, date_of_birth, sex, establishment_id)
    VALUES (${laCode}, ${facts.upn === undefined ? upnFor(laCode, 500 + made) : facts.upn}, ${forename}, ${surname},
      ${nameSearchFor(forename, surname)}, ${facts.dateOfBirth ?? '2015-03-27'}, ${facts.sex ?? 'F'},
      ${facts.establishmentId ?? null})
    RETURNING id`.execute(t.database.db);
  const id = r.rows[0]?.id ?? '';
  for (const [i, need] of (facts.senNeeds ?? ['ASD']).entries())
    await sql`INSERT INTO child_sen_needs (la_code, child_id, rank, sen_type) VALUES (${laCode}, ${id}, ${i + 1}, ${need})`.execute(
      t.database.db,
    );
  return id;
}

/** A parent or carer of the child, linked to a user account if given (how a parent signs in to see their child). */
export async function addParentCarer(
  t: TestApp,
  laCode: string,
  childId: string,
  person: {
    forename?: string;
    surname?: string;
    email?: string;
    userId?: string | null;
    mainContact?: boolean;
  } = {},
): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO people (la_code, forename, surname, email, phone, address, postcode, user_id)
    VALUES (${laCode}, ${person.forename ?? 'Pat'}, ${person.surname ?? 'Parent'}, ${person.email ?? 'pat@example.org'},
      '07700 900 982', '1 Market Place, Norwich', 'NR2 1AA', ${person.userId ?? null})
    RETURNING id`.execute(t.database.db);
  const personId = r.rows[0]?.id ?? '';
  await sql`INSERT INTO child_relationships (la_code, child_id, person_id, relationship, main_contact)
    VALUES (${laCode}, ${childId}, ${personId}, 'parent', ${person.mainContact ?? false})`.execute(
    t.database.db,
  );
  return personId;
}

export async function tokenFor(t: TestApp, laCode: string, userId: string): Promise<string> {
  const created = await createApiToken(
    t.database,
    { userId, laCode },
    { name: 'children tests', days: 30 },
    { ip: null, requestId: 'test', now: t.clock() },
  );
  return created.token;
}

/** The API as a program calls it with a bearer token. */
export function apiAs(t: TestApp, token: string) {
  const headers = { authorization: `Bearer ${token}` };
  return {
    get: (url: string) => t.app.inject({ method: 'GET', url, headers }),
    post: (url: string, payload: unknown) =>
      t.app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> }),
    patch: (url: string, payload: unknown) =>
      t.app.inject({ method: 'PATCH', url, headers, payload: payload as Record<string, unknown> }),
    put: (url: string, payload: unknown) =>
      t.app.inject({ method: 'PUT', url, headers, payload: payload as Record<string, unknown> }),
  };
}

export async function auditEvents(t: TestApp, laCode: string, action: string) {
  const r = await sql<{
    user_id: string | null;
    child_id: string | null;
    entity_id: string | null;
    detail: unknown;
  }>`
    SELECT user_id, child_id, entity_id, detail FROM audit_events
    WHERE la_code = ${laCode} AND action = ${action} ORDER BY id`.execute(t.database.db);
  return r.rows;
}

/** Events that each cover many children (a listing, an export): who, which children, and what was asked. */
export async function listingEvents(t: TestApp, laCode: string, action: string) {
  const r = await sql<{
    user_id: string | null;
    child_id: string | null;
    child_ids: string[] | null;
    detail: unknown;
  }>`
    SELECT user_id, child_id, child_ids, detail FROM audit_events
    WHERE la_code = ${laCode} AND action = ${action} ORDER BY id`.execute(t.database.db);
  return r.rows;
}

/** A valid new child as the API takes it. */
export function newChildJson(overrides: Record<string, unknown> = {}) {
  return {
    forename: 'Zoë',
    surname: 'Brontë',
    dateOfBirth: '2015-03-27',
    sex: 'F',
    ethnicity: 'WBRI',
    homePostcode: 'NR1 2DH',
    senNeeds: ['ASD', 'SLCN'],
    ...overrides,
  };
}

/** A person signed in through the browser: pages fetched and forms posted as the browser would. */
export async function browserAs(t: TestApp, email: string) {
  const cookie = await signInCookies(t.app, email);
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } });
  return {
    get,
    async post(url: string, fields: Record<string, string>) {
      const csrf = csrfFrom((await get('/account/password')).body);
      return t.app.inject({
        method: 'POST',
        url,
        headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
    },
  };
}

/** The error summary's links on a page: each message and the box it takes a person to. */
export function errorSummaryOf(html: string): { href: string; text: string }[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({
    href: m[1] ?? '',
    text: unescapeHtml((m[2] ?? '').trim()),
  }));
}

export function unescapeHtml(s: string): string {
  return s
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
