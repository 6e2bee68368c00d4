import { sql } from 'kysely';
import {
  insertOrganization,
  type LocalOfferContext,
  publish,
  type ServiceRecordInput,
  saveDraft,
} from '../../src/modules/local-offer/index.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { isoDateInLondon } from '../../src/platform/kernel/dates.ts';
import type { TestApp } from './app.ts';
import { addUser } from './children.ts';

/** A Local Offer editor of the LA, as the use cases take them. */
export async function editorOf(t: TestApp, laCode = t.la.code, local = 'editor'): Promise<LocalOfferContext> {
  const user = await addUser(t, laCode, local, ['local_offer_editor']);
  const now = t.clock();
  return {
    database: t.database.app,
    principal: {
      userId: user.id,
      laCode,
      laName: laCode,
      email: user.email,
      name: local,
      roles: ['local_offer_editor'],
      via: 'session',
    },
    today: isoDateInLondon(now),
    now,
    ip: null,
    requestId: null,
  };
}

export function addOrganization(t: TestApp, laCode: string, name: string): Promise<string> {
  return inTenant(t.database.app.db, { laCode, userId: null }, (tx) =>
    insertOrganization(tx, laCode, {
      name,
      description: `${name} works with families across the county.`,
      email: null,
      website: null,
      establishmentId: null,
      senInformationReport: null,
    }),
  );
}

/** A service drafted and published by the editor; the ID of the service. */
export async function publishedService(ctx: LocalOfferContext, record: ServiceRecordInput): Promise<string> {
  const draft = await saveDraft(ctx, null, record);
  if (!draft.ok) throw new Error(JSON.stringify(draft.errors));
  const published = await publish(ctx, draft.value.versionId);
  if (!published.ok) throw new Error(JSON.stringify(published.errors));
  return draft.value.serviceId;
}

/** Where a postcode is, as the LA's loaded postcode directory would say. */
export async function addCentroid(
  t: TestApp,
  laCode: string,
  postcode: string,
  latitude: number,
  longitude: number,
) {
  await sql`INSERT INTO postcode_centroids (la_code, postcode, latitude, longitude)
    VALUES (${laCode}, ${postcode.replace(/\s+/g, '')}, ${latitude}, ${longitude})`.execute(t.database.db);
}
