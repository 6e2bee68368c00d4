import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { PlatformTables } from '../../platform/db/schema.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { ChildDetails } from './domain/child-input.ts';
import type { Capacity } from './domain/decisions.ts';
import type { ParentCarerDetails } from './domain/parent-carer.ts';
import type { ChildScope } from './domain/scope.ts';
import {
  anyOfTrigrams,
  similarityThreshold,
  trigramsEveryMatchShares,
  wordSimilarityThreshold,
} from './domain/search.ts';
import type { ChildrenTables } from './tables.ts';

/** SQL for children, their SEN needs, parents and carers. Every query names the LA as well as RLS enforcing it. */

type Db = PlatformTables & ChildrenTables;
const db = (tx: Tx) => tx.withTables<ChildrenTables>();

const dateOfBirth = sql<string>`to_char(children.date_of_birth, 'YYYY-MM-DD')`.as('dateOfBirth');
/** Who a child is, as other modules' lists show them. */
const identityColumns = [
  'children.id',
  'children.forename',
  'children.surname',
  dateOfBirth,
  'children.upn',
  'children.establishment_id as establishmentId',
] as const;

function inScope(eb: ExpressionBuilder<Db, 'children'>, scope: ChildScope): Expression<SqlBool> {
  if (scope.kind === 'la') return sql<SqlBool>`true`;
  if (scope.kind === 'none') return sql<SqlBool>`false`;
  const ors: Expression<SqlBool>[] = [];
  if (scope.establishmentIds.length) ors.push(eb('children.establishment_id', 'in', scope.establishmentIds));
  if (scope.childIds.length) ors.push(eb('children.id', 'in', scope.childIds));
  return eb.or(ors);
}

export interface SearchCriteria {
  /** Already folded with foldName. */
  name?: string | undefined;
  upn?: string | undefined;
  dateOfBirth?: string | undefined;
}

export interface ChildListRow {
  id: string;
  forename: string;
  surname: string;
  dateOfBirth: string;
  upn: string | null;
  establishmentId: string | null;
  primaryNeed: string | null;
  total: number;
}

/**
 * Typo- and accent-tolerant name search on the trigram index: whole-name similarity (`%`) or a
 * close match to part of the name (`%>`, so a surname alone or the start of a name finds it),
 * best matches first. On PostgreSQL the `%` and `%>` operators use the trigram GIN index. PGlite
 * 0.5 with btree_gin loaded misreads pg_trgm's threshold settings, so those operators return
 * nothing or never finish there; the same thresholds are applied through the similarity
 * functions instead, which read no settings, and only to names holding one of the trigrams
 * every match must share.
 */
export async function searchChildren(
  tx: Tx,
  laCode: string,
  scope: ChildScope,
  criteria: SearchCriteria,
  page: { limit: number; offset: number },
  options: { trigramOperators: boolean },
): Promise<ChildListRow[]> {
  if (criteria.name && options.trigramOperators)
    await sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(similarityThreshold)}, true),
      set_config('pg_trgm.word_similarity_threshold', ${String(wordSimilarityThreshold)}, true)`.execute(tx);
  const mustShare =
    criteria.name && !options.trigramOperators
      ? anyOfTrigrams(trigramsEveryMatchShares(await trigramsOf(tx, criteria.name)))
      : '';
  let q = db(tx)
    .selectFrom('children')
    .leftJoin('child_sen_needs as primary', (join) =>
      join.onRef('primary.child_id', '=', 'children.id').on('primary.rank', '=', 1),
    )
    .select([
      'children.id',
      'children.forename',
      'children.surname',
      dateOfBirth,
      'children.upn',
      'children.establishment_id as establishmentId',
      'primary.sen_type as primaryNeed',
      sql<number>`(count(*) OVER ())::int`.as('total'),
    ])
    .where('children.la_code', '=', laCode)
    .where((eb) => inScope(eb, scope));
  if (criteria.upn) q = q.where('children.upn', '=', criteria.upn);
  if (criteria.dateOfBirth) q = q.where('children.date_of_birth', '=', criteria.dateOfBirth);
  const name = criteria.name;
  if (name) {
    q = q
      .where(
        options.trigramOperators
          ? sql<SqlBool>`(children.name_search % ${name} OR children.name_search %> ${name})`
          : sql<SqlBool>`(${mustShare ? sql`children.name_trigrams @@ ${mustShare}::tsquery` : sql`true`}
              AND (similarity(children.name_search, ${name}) >= ${similarityThreshold}
                OR word_similarity(${name}, children.name_search) >= ${wordSimilarityThreshold}))`,
      )
      .orderBy(
        sql`greatest(similarity(children.name_search, ${name}), word_similarity(${name}, children.name_search))`,
        'desc',
      );
  }
  return q
    .orderBy('children.surname')
    .orderBy('children.forename')
    .orderBy('children.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/**
 * The LA's children as another module's list joins them (`.innerJoin(childListing(tx, la).as('c'), …)`):
 * who they are, their date of birth and their setting, for showing, sorting and filtering.
 */
export function childListing(tx: Tx, laCode: string) {
  return db(tx)
    .selectFrom('children')
    .select([...identityColumns, 'children.date_of_birth'])
    .where('children.la_code', '=', laCode);
}

/** The children on the roll of these schools: a SENCo's pupils, for the portal's lists. */
export async function childIdsAtSchools(
  tx: Tx,
  laCode: string,
  establishmentIds: readonly string[],
): Promise<string[]> {
  if (!establishmentIds.length) return [];
  const rows = await db(tx)
    .selectFrom('children')
    .select('id')
    .where('la_code', '=', laCode)
    .where('establishment_id', 'in', establishmentIds)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The IDs of the LA's children matching a name, UPN or date of birth, by the same rules as the
 * children search, as a subquery another module's list can filter on without a limit.
 */
export async function childIdsMatching(
  tx: Tx,
  laCode: string,
  criteria: SearchCriteria,
  options: { trigramOperators: boolean },
) {
  const name = criteria.name;
  if (name && options.trigramOperators)
    await sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(similarityThreshold)}, true),
      set_config('pg_trgm.word_similarity_threshold', ${String(wordSimilarityThreshold)}, true)`.execute(tx);
  const mustShare =
    name && !options.trigramOperators
      ? anyOfTrigrams(trigramsEveryMatchShares(await trigramsOf(tx, name)))
      : '';
  let q = db(tx).selectFrom('children').select('children.id').where('children.la_code', '=', laCode);
  if (criteria.upn) q = q.where('children.upn', '=', criteria.upn);
  if (criteria.dateOfBirth) q = q.where('children.date_of_birth', '=', criteria.dateOfBirth);
  if (name)
    q = q.where(
      options.trigramOperators
        ? sql<SqlBool>`(children.name_search % ${name} OR children.name_search %> ${name})`
        : sql<SqlBool>`(${mustShare ? sql`children.name_trigrams @@ ${mustShare}::tsquery` : sql`true`}
            AND (similarity(children.name_search, ${name}) >= ${similarityThreshold}
              OR word_similarity(${name}, children.name_search) >= ${wordSimilarityThreshold}))`,
    );
  return q;
}

/** The trigrams pg_trgm makes of a text, as it makes them (accented and other letters included). */
export async function trigramsOf(tx: Tx, text: string): Promise<string[]> {
  const { rows } = await sql<{ trigrams: string[] }>`SELECT show_trgm(${text}) AS trigrams`.execute(tx);
  return rows[0]?.trigrams ?? [];
}

export interface ChildRow {
  id: string;
  version: number;
  upn: string | null;
  upnUnknownReason: string | null;
  uln: string | null;
  forename: string;
  surname: string;
  dateOfBirth: string;
  sex: string;
  ethnicity: string | null;
  homePostcode: string | null;
  establishmentId: string | null;
  senProvision: string;
  updatedAt: Date;
  /** SEN2 codes, primary need first. */
  senNeeds: string[];
}

export async function findChild(
  tx: Tx,
  laCode: string,
  scope: ChildScope,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ChildRow | undefined> {
  const q = db(tx)
    .selectFrom('children')
    .select([
      'children.id',
      'children.version',
      'children.upn',
      'children.upn_unknown_reason as upnUnknownReason',
      'children.uln',
      'children.forename',
      'children.surname',
      dateOfBirth,
      'children.sex',
      'children.ethnicity',
      'children.home_postcode as homePostcode',
      'children.establishment_id as establishmentId',
      'children.sen_provision as senProvision',
      'children.updated_at as updatedAt',
      // In the same statement: on the embedded database each statement costs about as much as the query.
      sql<string[]>`ARRAY(SELECT n.sen_type FROM child_sen_needs n
        WHERE n.la_code = children.la_code AND n.child_id = children.id ORDER BY n.rank)`.as('senNeeds'),
    ])
    .where('children.la_code', '=', laCode)
    .where('children.id', '=', id)
    .where((eb) => inScope(eb, scope));
  return (options.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export async function replaceSenNeeds(tx: Tx, laCode: string, childId: string, codes: readonly string[]) {
  await db(tx)
    .deleteFrom('child_sen_needs')
    .where('la_code', '=', laCode)
    .where('child_id', '=', childId)
    .execute();
  if (!codes.length) return;
  await db(tx)
    .insertInto('child_sen_needs')
    .values(codes.map((sen_type, i) => ({ la_code: laCode, child_id: childId, rank: i + 1, sen_type })))
    .execute();
}

/** The children linked, through a parent or carer record, to this user (a parent, or a young person themself). */
export async function childIdsLinkedToUser(tx: Tx, laCode: string, userId: string): Promise<string[]> {
  const rows = await db(tx)
    .selectFrom('child_relationships as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select('r.child_id')
    .where('p.la_code', '=', laCode)
    .where('p.user_id', '=', userId)
    .execute();
  return rows.map((r) => r.child_id);
}

export async function childWithUpn(tx: Tx, laCode: string, upn: string): Promise<string | undefined> {
  const row = await db(tx)
    .selectFrom('children')
    .select('id')
    .where('la_code', '=', laCode)
    .where('upn', '=', upn)
    .executeTakeFirst();
  return row?.id;
}

function childColumns(d: ChildDetails, nameSearch: string) {
  return {
    upn: d.upn,
    upn_unknown_reason: d.upnUnknownReason,
    uln: d.uln,
    forename: d.forename,
    surname: d.surname,
    name_search: nameSearch,
    date_of_birth: d.dateOfBirth,
    sex: d.sex,
    ethnicity: d.ethnicity,
    home_postcode: d.homePostcode,
    establishment_id: d.establishmentId,
  };
}

export async function insertChild(
  tx: Tx,
  laCode: string,
  details: ChildDetails,
  nameSearch: string,
  userId: string,
): Promise<string> {
  const row = await db(tx)
    .insertInto('children')
    .values({ la_code: laCode, ...childColumns(details, nameSearch), updated_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Saves a change made from `version`; false if the record has moved on since (it is locked first, so it will not have). */
export async function updateChild(
  tx: Tx,
  laCode: string,
  id: string,
  version: number,
  details: ChildDetails,
  nameSearch: string,
  userId: string,
  options: { postcodeChanged: boolean },
): Promise<boolean> {
  const r = await db(tx)
    .updateTable('children')
    .set({
      ...childColumns(details, nameSearch),
      // A home location worked out from the old postcode would put travel estimates in the wrong place.
      ...(options.postcodeChanged ? { home_latitude: null, home_longitude: null } : {}),
      version: version + 1,
      updated_at: sql`now()`,
      updated_by: userId,
    })
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function recordChange(
  tx: Tx,
  change: {
    laCode: string;
    recordType: 'child' | 'parent_carer';
    recordId: string;
    version: number;
    fields: string[];
    userId: string;
  },
) {
  await db(tx)
    .insertInto('child_record_changes')
    .values({
      la_code: change.laCode,
      record_type: change.recordType,
      record_id: change.recordId,
      version: change.version,
      fields: change.fields,
      changed_by: change.userId,
    })
    .execute();
}

export async function changesSince(
  tx: Tx,
  laCode: string,
  recordType: 'child' | 'parent_carer',
  recordId: string,
  version: number,
): Promise<{ version: number; fields: string[] }[]> {
  return db(tx)
    .selectFrom('child_record_changes')
    .select(['version', 'fields'])
    .where('la_code', '=', laCode)
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .where('version', '>', version)
    .orderBy('version')
    .execute();
}

export interface ParentCarerRow extends ParentCarerDetails {
  id: string;
  version: number;
  userId: string | null;
}

const parentCarerColumns = [
  'p.id',
  'p.version',
  'p.user_id as userId',
  'p.forename',
  'p.surname',
  'p.email',
  'p.phone',
  'p.address',
  'p.postcode',
  'p.preferred_contact as preferredContact',
  'p.preferred_language as preferredLanguage',
  'p.needs_interpreter as needsInterpreter',
  'p.communication_needs as communicationNeeds',
  'r.relationship',
  'r.parental_responsibility as parentalResponsibility',
  'r.lives_with as livesWith',
  'r.main_contact as mainContact',
] as const;

/** A child's parents and carers, main contact first; `onlyUserId` keeps just that user's own record. */
export async function parentCarersOf(
  tx: Tx,
  laCode: string,
  childId: string,
  onlyUserId?: string,
): Promise<ParentCarerRow[]> {
  let q = db(tx)
    .selectFrom('child_relationships as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(parentCarerColumns)
    .where('r.la_code', '=', laCode)
    .where('r.child_id', '=', childId);
  if (onlyUserId) q = q.where('p.user_id', '=', onlyUserId);
  const rows = await q.orderBy('r.main_contact', 'desc').orderBy('p.surname').orderBy('p.forename').execute();
  return rows as ParentCarerRow[];
}

export async function findParentCarer(
  tx: Tx,
  laCode: string,
  childId: string,
  personId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ParentCarerRow | undefined> {
  const q = db(tx)
    .selectFrom('child_relationships as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(parentCarerColumns)
    .where('r.la_code', '=', laCode)
    .where('r.child_id', '=', childId)
    .where('p.id', '=', personId);
  const row = await (options.forUpdate ? q.forUpdate() : q).executeTakeFirst();
  return row as ParentCarerRow | undefined;
}

function personColumns(d: ParentCarerDetails) {
  return {
    forename: d.forename,
    surname: d.surname,
    email: d.email,
    phone: d.phone,
    address: d.address,
    postcode: d.postcode,
    preferred_contact: d.preferredContact,
    preferred_language: d.preferredLanguage,
    needs_interpreter: d.needsInterpreter,
    communication_needs: d.communicationNeeds,
  };
}

function relationshipColumns(d: ParentCarerDetails) {
  return {
    relationship: d.relationship,
    parental_responsibility: d.parentalResponsibility,
    lives_with: d.livesWith,
    main_contact: d.mainContact,
  };
}

export async function insertParentCarer(
  tx: Tx,
  laCode: string,
  childId: string,
  details: ParentCarerDetails,
): Promise<string> {
  const person = await db(tx)
    .insertInto('people')
    .values({ la_code: laCode, ...personColumns(details) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db(tx)
    .insertInto('child_relationships')
    .values({ la_code: laCode, child_id: childId, person_id: person.id, ...relationshipColumns(details) })
    .execute();
  return person.id;
}

export async function updateParentCarer(
  tx: Tx,
  laCode: string,
  childId: string,
  personId: string,
  version: number,
  details: ParentCarerDetails,
): Promise<boolean> {
  const r = await db(tx)
    .updateTable('people')
    .set({ ...personColumns(details), version: version + 1, updated_at: sql`now()` })
    .where('la_code', '=', laCode)
    .where('id', '=', personId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db(tx)
    .updateTable('child_relationships')
    .set(relationshipColumns(details))
    .where('la_code', '=', laCode)
    .where('child_id', '=', childId)
    .where('person_id', '=', personId)
    .execute();
  return true;
}

/** A child has one main contact: choosing one stands the others down. Returns who was stood down. */
export async function clearOtherMainContacts(
  tx: Tx,
  laCode: string,
  childId: string,
  personId: string,
): Promise<string[]> {
  const rows = await db(tx)
    .updateTable('child_relationships')
    .set({ main_contact: false })
    .where('la_code', '=', laCode)
    .where('child_id', '=', childId)
    .where('person_id', '!=', personId)
    .where('main_contact', '=', true)
    .returning('person_id')
    .execute();
  return rows.map((r) => r.person_id);
}

/** A new version of a person's record, for a change made to it from elsewhere; returns the version. */
export async function bumpPersonVersion(tx: Tx, laCode: string, personId: string): Promise<number> {
  const row = await db(tx)
    .updateTable('people')
    .set({ version: sql`version + 1`, updated_at: sql`now()` })
    .where('la_code', '=', laCode)
    .where('id', '=', personId)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export interface ChildIdentityRow {
  id: string;
  forename: string;
  surname: string;
  dateOfBirth: string;
  upn: string | null;
  establishmentId: string | null;
}

export async function childIdentities(
  tx: Tx,
  laCode: string,
  ids: readonly string[],
): Promise<ChildIdentityRow[]> {
  if (!ids.length) return [];
  return db(tx)
    .selectFrom('children')
    .select(identityColumns)
    .where('children.la_code', '=', laCode)
    .where(sql<boolean>`children.id = ANY(${[...new Set(ids)]}::uuid[])`)
    .execute();
}

/** Every child of the LA, as other modules' lists show them: for matching a file's rows to children. */
export function childIdentitiesOfLa(tx: Tx, laCode: string): Promise<ChildIdentityRow[]> {
  return db(tx)
    .selectFrom('children')
    .select(identityColumns)
    .where('children.la_code', '=', laCode)
    .execute();
}

export interface CapacityRow extends Capacity {
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
}

/** What is recorded of a young person's capacity to make decisions, if anything. */
export async function capacityOf(tx: Tx, laCode: string, childId: string): Promise<CapacityRow | undefined> {
  const r = await db(tx)
    .selectFrom('child_capacity')
    .select([
      'lacks_capacity as lacksCapacity',
      sql<string>`to_char(assessed_on, 'YYYY-MM-DD')`.as('assessedOn'),
      'acting_person_id as actingPersonId',
      'acting_as as actingAs',
      'notes',
      'version',
      'updated_at as updatedAt',
      'updated_by as updatedBy',
    ])
    .where('la_code', '=', laCode)
    .where('child_id', '=', childId)
    .executeTakeFirst();
  return r ? { ...r, actingAs: r.actingAs as Capacity['actingAs'] } : undefined;
}

/**
 * Records capacity, if the record is still at the version the person read (0: none yet).
 * Returns the new version, or undefined when someone changed it first.
 */
export async function saveCapacity(
  tx: Tx,
  laCode: string,
  childId: string,
  c: Capacity,
  version: number,
  userId: string,
): Promise<number | undefined> {
  const values = {
    lacks_capacity: c.lacksCapacity,
    assessed_on: c.assessedOn,
    acting_person_id: c.lacksCapacity ? c.actingPersonId : null,
    acting_as: c.lacksCapacity ? c.actingAs : null,
    notes: c.notes,
    updated_by: userId,
  };
  if (version === 0) {
    const r = await db(tx)
      .insertInto('child_capacity')
      .values({ la_code: laCode, child_id: childId, ...values })
      .onConflict((oc) => oc.column('child_id').doNothing())
      .returning('version')
      .executeTakeFirst();
    return r?.version;
  }
  const r = await db(tx)
    .updateTable('child_capacity')
    .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
    .where('la_code', '=', laCode)
    .where('child_id', '=', childId)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  return r?.version;
}

/** Names of these children; one array parameter however many, since a page of listings can name thousands. */
export async function childNames(
  tx: Tx,
  laCode: string,
  ids: readonly string[],
): Promise<{ id: string; forename: string; surname: string }[]> {
  if (!ids.length) return [];
  return db(tx)
    .selectFrom('children')
    .select(['children.id', 'children.forename', 'children.surname'])
    .where('children.la_code', '=', laCode)
    .where(sql<SqlBool>`children.id = ANY(${[...ids]}::uuid[])`)
    .execute();
}

/**
 * Every child's primary need (ranked first) in the LA, as recorded now; a child with none is left
 * out. As one JSON object rather than a row a child, which the embedded database hands over far
 * faster for a county's ten thousand children.
 */
export async function primaryNeeds(tx: Tx, laCode: string): Promise<Map<string, string>> {
  const r = await sql<{ needs: Record<string, string> | null }>`
    SELECT json_object_agg(child_id, sen_type) AS needs
    FROM child_sen_needs WHERE la_code = ${laCode} AND rank = 1`.execute(tx);
  return new Map(Object.entries(r.rows[0]?.needs ?? {}));
}

/** How many children at each of these schools are on SEN Support, for funding formulas' factor data. */
export async function senSupportCounts(
  tx: Tx,
  laCode: string,
  establishmentIds: readonly string[],
): Promise<Map<string, number>> {
  if (!establishmentIds.length) return new Map();
  const r = await sql<{ establishmentId: string; n: number }>`
    SELECT establishment_id AS "establishmentId", count(*)::int AS n FROM children
    WHERE la_code = ${laCode} AND sen_provision = 'sen_support'
      AND establishment_id = ANY(${[...establishmentIds]}::uuid[])
    GROUP BY establishment_id`.execute(tx);
  return new Map(r.rows.map((row) => [row.establishmentId, row.n]));
}

/** What planning views need of a child: age, primary need, home and school; no names. */
export interface ChildPlanningFacts {
  id: string;
  dateOfBirth: string;
  primaryNeed: string | null;
  homePostcode: string | null;
  homeLatitude: number | null;
  homeLongitude: number | null;
  establishmentId: string | null;
  senProvision: 'ehc_plan' | 'sen_support' | 'none';
}

/**
 * Every child of the LA (or those with an EHC plan), as one JSON array rather than a row each:
 * an LA's 15,000 children come back several times faster from the embedded database that way.
 */
export async function childPlanningFacts(
  tx: Tx,
  laCode: string,
  options: { withPlansOnly?: boolean } = {},
): Promise<ChildPlanningFacts[]> {
  const r = await sql<{
    rows:
      | [
          string,
          string,
          string | null,
          string | null,
          number | null,
          number | null,
          string | null,
          ChildPlanningFacts['senProvision'],
        ][]
      | null;
  }>`
    SELECT json_agg(json_build_array(c.id, c.date_of_birth::text, n.sen_type, c.home_postcode, c.home_latitude,
      c.home_longitude, c.establishment_id, c.sen_provision)) AS rows
    FROM children c LEFT JOIN child_sen_needs n ON n.child_id = c.id AND n.rank = 1
    WHERE c.la_code = ${laCode} ${options.withPlansOnly ? sql`AND c.sen_provision = 'ehc_plan'` : sql``}`.execute(
    tx,
  );
  return (r.rows[0]?.rows ?? []).map(
    ([
      id,
      dateOfBirth,
      primaryNeed,
      homePostcode,
      homeLatitude,
      homeLongitude,
      establishmentId,
      senProvision,
    ]) => ({
      id,
      dateOfBirth,
      primaryNeed,
      homePostcode,
      homeLatitude,
      homeLongitude,
      establishmentId,
      senProvision,
    }),
  );
}
