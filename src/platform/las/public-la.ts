import { sql } from 'kysely';
import type { Database } from '../db/connect.ts';
import { withoutTenant } from '../db/tenancy.ts';

/**
 * Which LA the public pages (the Local Offer, its ORUK feed, events and consultations) show: the one PUBLIC_LA names; without
 * it, the database's only LA, or in a database of invented demo LAs the first. Where real LAs share
 * a database and none is named, none is shown: the pages say so rather than show one LA's offer
 * as another's.
 */

export interface PublicLa {
  code: string;
  name: string;
}

const remembered = new WeakMap<Database, { at: number; la: PublicLa | null }>();
// An LA added while the service runs (the demo's first start) shows within half a minute.
const keepMs = 30_000;

export async function publicLaOf(
  database: Database,
  configured: string | undefined,
): Promise<PublicLa | null> {
  const kept = remembered.get(database);
  if (kept && Date.now() - kept.at < keepMs) return kept.la;
  const las = await withoutTenant(database.db, async (tx) => {
    const r = await sql<{ code: string; name: string; seeded: boolean }>`
      SELECT code, name, seeded_at IS NOT NULL AS seeded FROM las ORDER BY code`.execute(tx);
    return r.rows;
  });
  const la = configured
    ? (las.find((l) => l.code === configured) ?? null)
    : las.length === 1 || (las.length > 1 && las.every((l) => l.seeded))
      ? (las[0] ?? null)
      : null;
  const found = la ? { code: la.code, name: la.name } : null;
  remembered.set(database, { at: Date.now(), la: found });
  return found;
}
