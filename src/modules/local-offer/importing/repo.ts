import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { KnownTerms } from '../domain/oruk-import.ts';

/** What an import needs to know: our taxonomy terms, organisations by name, and what came before. */

export async function knownTerms(tx: Tx): Promise<KnownTerms> {
  const r = await sql<{ id: string; taxonomy: 'schedule-2' | 'category' | 'sen2-need'; code: string }>`
    SELECT t.id, x.code AS taxonomy, t.code FROM lo_taxonomy_terms t JOIN lo_taxonomies x ON x.id = t.taxonomy_id`.execute(
    tx,
  );
  return new Map(r.rows.map((t) => [t.id, { taxonomy: t.taxonomy, code: t.code }]));
}

export async function organizationNamed(tx: Tx, laCode: string, name: string): Promise<string | undefined> {
  const r = await sql<{ id: string }>`SELECT id FROM lo_organizations WHERE la_code = ${laCode}
    AND lower(name) = lower(${name}) AND establishment_id IS NULL ORDER BY id LIMIT 1`.execute(tx);
  return r.rows[0]?.id;
}

export async function importedAs(tx: Tx, laCode: string, sourceId: string): Promise<string | undefined> {
  const r = await sql<{ serviceId: string }>`SELECT service_id AS "serviceId" FROM lo_imported
    WHERE la_code = ${laCode} AND source_id = ${sourceId}`.execute(tx);
  return r.rows[0]?.serviceId;
}

export async function recordImported(
  tx: Tx,
  laCode: string,
  sourceId: string,
  serviceId: string,
  by: string,
  at: Date,
): Promise<void> {
  await sql`INSERT INTO lo_imported (la_code, source_id, service_id, imported_at, imported_by)
    VALUES (${laCode}, ${sourceId}, ${serviceId}, ${at}, ${by})
    ON CONFLICT (la_code, source_id) DO UPDATE SET service_id = EXCLUDED.service_id,
      imported_at = EXCLUDED.imported_at, imported_by = EXCLUDED.imported_by`.execute(tx);
}
