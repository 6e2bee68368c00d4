import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import {
  type ChildIdentity,
  childIdentities,
  childLinksOfUser,
  youngPersonDecidesOn,
} from '../children/index.ts';
import type { PortalContext } from './context.ts';
import type { MadeAs } from './domain/journey.ts';
import type { PortalTables } from './tables.ts';

/**
 * Which children a family account follows in the portal. A parent or carer follows their child
 * until the end of compulsory school age; after it, the young person decides, and a parent follows
 * only with the young person's consent, or where the young person is recorded as lacking capacity.
 * A young person always follows their own record.
 */

export interface FamilyLink {
  child: ChildIdentity;
  madeAs: MadeAs;
  personId: string;
}

const db = (tx: Tx) => tx.withTables<PortalTables>();

export async function familyAccess(
  tx: Tx,
  ctx: PortalContext,
): Promise<{ open: FamilyLink[]; needsConsent: FamilyLink[] }> {
  const { laCode, userId, roles } = ctx.principal;
  const links = await childLinksOfUser(tx, laCode, userId);
  if (!links.length) return { open: [], needsConsent: [] };
  const children = new Map(
    (await childIdentities(tx, laCode, [...new Set(links.map((l) => l.childId))])).map((c) => [c.id, c]),
  );
  const consents = await db(tx)
    .selectFrom('portal_parent_access')
    .select(['child_id', 'person_id', 'allowed'])
    .where('la_code', '=', laCode)
    .where(
      'person_id',
      'in',
      links.map((l) => l.personId),
    )
    .execute();
  const allowed = new Set(consents.filter((c) => c.allowed).map((c) => `${c.child_id}/${c.person_id}`));
  const open: FamilyLink[] = [];
  const needsConsent: FamilyLink[] = [];
  for (const l of links) {
    const child = children.get(l.childId);
    if (!child) continue;
    if (roles.includes('young_person') && l.relationship === 'other') {
      open.push({ child, madeAs: 'young-person', personId: l.personId });
      continue;
    }
    const link = { child, madeAs: 'parent' as const, personId: l.personId };
    const decides = await youngPersonDecidesOn(tx, laCode, child, ctx.today);
    (decides && !allowed.has(`${l.childId}/${l.personId}`) ? needsConsent : open).push(link);
  }
  return { open, needsConsent };
}

/** Records the young person's say over one parent's access to their record. */
export async function setParentAccess(
  tx: Tx,
  laCode: string,
  a: { childId: string; personId: string; allowed: boolean; by: string },
): Promise<void> {
  await db(tx)
    .insertInto('portal_parent_access')
    .values({
      la_code: laCode,
      child_id: a.childId,
      person_id: a.personId,
      allowed: a.allowed,
      decided_by: a.by,
    })
    .onConflict((oc) =>
      oc
        .columns(['child_id', 'person_id'])
        .doUpdateSet({ allowed: a.allowed, decided_by: a.by, decided_at: sql`now()` }),
    )
    .execute();
}

export async function parentAccessOf(tx: Tx, laCode: string, childId: string): Promise<Map<string, boolean>> {
  const rows = await db(tx)
    .selectFrom('portal_parent_access')
    .select(['person_id', 'allowed'])
    .where('la_code', '=', laCode)
    .where('child_id', '=', childId)
    .execute();
  return new Map(rows.map((r) => [r.person_id, r.allowed]));
}

/**
 * The accounts that follow a child's record by the same rule: the young person's own, and each
 * parent's or carer's while the parent decides, or with the young person's consent or a recorded
 * lack of capacity once the young person does.
 */
export async function familyAccountsOf(
  tx: Tx,
  laCode: string,
  childId: string,
  today: string,
): Promise<{ id: string; email: string; name: string }[]> {
  const [child] = await childIdentities(tx, laCode, [childId]);
  if (!child) return [];
  const rows = await sql<{
    id: string;
    email: string;
    name: string;
    personId: string;
    relationship: string;
    youngPerson: boolean;
  }>`
    SELECT u.id, u.email, u.name, p.id AS "personId", r.relationship, 'young_person' = ANY(u.roles) AS "youngPerson"
    FROM child_relationships r JOIN people p ON p.id = r.person_id JOIN users u ON u.id = p.user_id
    WHERE r.la_code = ${laCode} AND r.child_id = ${childId} AND u.active`.execute(tx);
  const decides = await youngPersonDecidesOn(tx, laCode, child, today);
  const consent = decides ? await parentAccessOf(tx, laCode, childId) : new Map<string, boolean>();
  const following = rows.rows.filter(
    (r) => (r.youngPerson && r.relationship === 'other') || !decides || consent.get(r.personId) === true,
  );
  // One notice an account, however many of the child's people it is linked to.
  return [...new Map(following.map(({ id, email, name }) => [id, { id, email, name }])).values()];
}
