import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';

/** The Local Offer's information pages. */

export interface InfoPageRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  headingCode: string;
  headingName: string;
  published: boolean;
  publishedAt: Date | null;
  updatedAt: Date;
  updatedBy: string | null;
  version: number;
}

const columns = sql`p.id, p.slug, p.title, p.summary, p.body, t.code AS "headingCode", t.name AS "headingName",
  p.published, p.published_at AS "publishedAt", p.updated_at AS "updatedAt", u.name AS "updatedBy", p.version`;
const from = sql`lo_pages p JOIN lo_taxonomy_terms t ON t.id = p.heading_id LEFT JOIN users u ON u.id = p.updated_by`;

export async function pages(tx: Tx, laCode: string, onlyPublished: boolean): Promise<InfoPageRow[]> {
  const r = await sql<InfoPageRow>`SELECT ${columns} FROM ${from}
    WHERE p.la_code = ${laCode} ${onlyPublished ? sql`AND p.published` : sql``}
    ORDER BY t.position, p.title`.execute(tx);
  return r.rows;
}

export async function page(
  tx: Tx,
  laCode: string,
  by: { id: string } | { slug: string },
): Promise<InfoPageRow | undefined> {
  const r = await sql<InfoPageRow>`SELECT ${columns} FROM ${from}
    WHERE p.la_code = ${laCode} AND ${'id' in by ? sql`p.id = ${by.id}` : sql`p.slug = ${by.slug}`}`.execute(
    tx,
  );
  return r.rows[0];
}

export interface PageWrite {
  slug: string;
  title: string;
  summary: string;
  body: string;
  heading: string;
  published: boolean;
}

const headingId = (code: string) =>
  sql`(SELECT t.id FROM lo_taxonomy_terms t JOIN lo_taxonomies x ON x.id = t.taxonomy_id WHERE x.code = 'schedule-2' AND t.code = ${code})`;

export async function insertPage(
  tx: Tx,
  laCode: string,
  p: PageWrite,
  by: string | null,
  at: Date,
): Promise<string> {
  const r = await sql<{
    id: string;
  }>`INSERT INTO lo_pages (la_code, slug, title, summary, body, heading_id, published,
      published_at, updated_at, updated_by)
    VALUES (${laCode}, ${p.slug}, ${p.title}, ${p.summary}, ${p.body}, ${headingId(p.heading)}, ${p.published},
      ${p.published ? at : null}, ${at}, ${by})
    ON CONFLICT (la_code, slug) DO NOTHING RETURNING id`.execute(tx);
  return r.rows[0]?.id ?? '';
}

/** False when the page changed since `version` was read, or its address is another page's. */
export async function updatePage(
  tx: Tx,
  laCode: string,
  id: string,
  version: number,
  p: PageWrite,
  by: string,
  at: Date,
): Promise<'ok' | 'stale' | 'taken'> {
  const taken =
    await sql`SELECT 1 FROM lo_pages WHERE la_code = ${laCode} AND slug = ${p.slug} AND id <> ${id}`.execute(
      tx,
    );
  if (taken.rows.length) return 'taken';
  const r =
    await sql`UPDATE lo_pages SET slug = ${p.slug}, title = ${p.title}, summary = ${p.summary}, body = ${p.body},
      heading_id = ${headingId(p.heading)}, published = ${p.published},
      published_at = CASE WHEN ${p.published} THEN coalesce(published_at, ${at}) END,
      updated_at = ${at}, updated_by = ${by}, version = version + 1
    WHERE la_code = ${laCode} AND id = ${id} AND version = ${version}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1 ? 'ok' : 'stale';
}
