import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { PlacementType } from '../domain/types.ts';

/** Where each child is placed on a day, for the views that count children in settings. */
export interface PlacementOnDay {
  childId: string;
  establishmentId: string | null;
  providerName: string | null;
  type: PlacementType;
  /** The LA pays for it, for finance: rejected placements are never counted. */
  approval: 'not_needed' | 'awaiting' | 'approved';
}

/**
 * Every child's placement in force on the day: the full-time one where they have one, else their
 * largest part-time one. A placement not yet ended, or ending that day or later, is in force.
 */
export async function placementsOn(tx: Tx, laCode: string, day: string): Promise<PlacementOnDay[]> {
  // One JSON array rather than a row each: several times faster from the embedded database.
  const r = await sql<{
    rows: [string, string | null, string | null, PlacementType, PlacementOnDay['approval']][] | null;
  }>`
    SELECT json_agg(json_build_array(child_id, establishment_id, provider_name, placement_type, approval)) AS rows
    FROM (
      SELECT DISTINCT ON (child_id) child_id, establishment_id, provider_name, placement_type, approval
      FROM placements
      WHERE la_code = ${laCode} AND approval <> 'rejected'
        AND start_on <= ${day}::date AND (end_on IS NULL OR end_on >= ${day}::date)
      ORDER BY child_id, fte DESC, start_on DESC
    ) p`.execute(tx);
  return (r.rows[0]?.rows ?? []).map(([childId, establishmentId, providerName, type, approval]) => ({
    childId,
    establishmentId,
    providerName,
    type,
    approval,
  }));
}
