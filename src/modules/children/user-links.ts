import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { ChildrenTables } from './tables.ts';

/**
 * Which children a parent's, carer's or young person's account opens, for people administration.
 * An account is linked to a person recorded against the child (a parent or carer, or the young
 * person themselves); that person's children are the account's children.
 */

const db = (tx: Tx) => tx.withTables<ChildrenTables>();

export interface UserChildLink {
  childId: string;
  forename: string;
  surname: string;
  personId: string;
  personName: string;
  relationship: string;
}

export async function childLinksOfUser(tx: Tx, laCode: string, userId: string): Promise<UserChildLink[]> {
  return db(tx)
    .selectFrom('people as p')
    .innerJoin('child_relationships as r', 'r.person_id', 'p.id')
    .innerJoin('children as c', 'c.id', 'r.child_id')
    .select([
      'c.id as childId',
      'c.forename',
      'c.surname',
      'p.id as personId',
      sql<string>`p.forename || ' ' || p.surname`.as('personName'),
      'r.relationship',
    ])
    .where('p.la_code', '=', laCode)
    .where('p.user_id', '=', userId)
    .orderBy('c.surname')
    .orderBy('c.forename')
    .execute();
}

export interface LinkableChild {
  id: string;
  forename: string;
  surname: string;
  dateOfBirth: string;
  /** The child's parents and carers, and whether another account already speaks for each. */
  people: { id: string; name: string; relationship: string; linkedToAnother: boolean }[];
}

export async function linkableChild(
  tx: Tx,
  laCode: string,
  childId: string,
): Promise<LinkableChild | undefined> {
  const child = await db(tx)
    .selectFrom('children')
    .select(['id', 'forename', 'surname', sql<string>`date_of_birth::text`.as('dateOfBirth')])
    .where('la_code', '=', laCode)
    .where('id', '=', childId)
    .executeTakeFirst();
  if (!child) return undefined;
  const people = await db(tx)
    .selectFrom('child_relationships as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select([
      'p.id',
      sql<string>`p.forename || ' ' || p.surname`.as('name'),
      'r.relationship',
      sql<boolean>`p.user_id IS NOT NULL`.as('linkedToAnother'),
    ])
    .where('r.child_id', '=', childId)
    .orderBy('r.main_contact', 'desc')
    .orderBy('p.surname')
    .execute();
  return { ...child, people };
}

/** Links the account to a parent or carer recorded against the child; false if that person is not theirs to take. */
export async function linkUserToParentCarer(
  tx: Tx,
  laCode: string,
  link: { userId: string; childId: string; personId: string },
): Promise<boolean> {
  const r = await sql`UPDATE people SET user_id = ${link.userId}, updated_at = now(), version = version + 1
    WHERE la_code = ${laCode} AND id = ${link.personId} AND user_id IS NULL
      AND EXISTS (SELECT 1 FROM child_relationships WHERE person_id = ${link.personId} AND child_id = ${link.childId})`.execute(
    tx,
  );
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** Records the young person as a person linked to their own record, and the account to them. */
export async function linkUserAsYoungPerson(
  tx: Tx,
  laCode: string,
  link: { userId: string; childId: string },
): Promise<string> {
  const r = await sql<{ id: string }>`
    WITH person AS (
      INSERT INTO people (la_code, forename, surname, postcode, user_id)
      SELECT la_code, forename, surname, home_postcode, ${link.userId} FROM children
      WHERE la_code = ${laCode} AND id = ${link.childId}
      RETURNING id)
    INSERT INTO child_relationships (la_code, child_id, person_id, relationship, parental_responsibility, lives_with)
    SELECT ${laCode}, ${link.childId}, id, 'other', false, true FROM person
    RETURNING person_id AS id`.execute(tx);
  return r.rows[0]?.id ?? '';
}

/** Takes the account off the people recorded against this child; the records themselves stay. */
export async function unlinkUserFromChild(
  tx: Tx,
  laCode: string,
  link: { userId: string; childId: string },
): Promise<number> {
  const r = await sql`UPDATE people SET user_id = NULL, updated_at = now(), version = version + 1
    WHERE la_code = ${laCode} AND user_id = ${link.userId}
      AND id IN (SELECT person_id FROM child_relationships WHERE child_id = ${link.childId})`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}
