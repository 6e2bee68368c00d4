import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gridToLatLong } from '../modules/providers/index.ts';
import { recordAuditEvents } from '../platform/audit/index.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { createUser, type NewUser } from '../platform/auth/service.ts';
import type { Database } from '../platform/db/connect.ts';
import { inTenant } from '../platform/db/tenancy.ts';
import { type IsoDate, isoDateInLondon } from '../platform/kernel/dates.ts';
import { addLa, findLa } from '../platform/las/index.ts';
import { norfolkPlaces, type SenType } from './catalogue.ts';
import { type GeneratedEhc, generateEhc } from './ehc.ts';
import { type GeneratedLa, generateLa, type LaPlan, type LatLon, type Place } from './generate.ts';
import { Prng } from './prng.ts';
import { bulkInsert, insertUsers, loadEhc, type UserRow } from './repo.ts';
import { ehcStaff, inventStaff } from './staff.ts';

export type Scale = 'norfolk' | 'national';

const dataFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data/las-2025.csv');
/** Schools and homes are placed on the British National Grid, as GIAS gives them, then converted. */
export const latLonFromBng: LatLon = gridToLatLong;

export interface LaFigures {
  code: string;
  name: string;
  ehcPlans: number;
  special: number;
}

/** England's 153 LAs with their EHC plans in January 2025 (DfE, Open Government Licence v3.0). */
export function readLaFigures(): LaFigures[] {
  return fs
    .readFileSync(dataFile, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const cells = line.match(/("[^"]*"|[^,]+)/g) ?? [];
      const [code, name, plans, , special] = cells.map((c) => c.replace(/^"|"$/g, ''));
      return { code: code ?? '', name: name ?? '', ehcPlans: Number(plans), special: Number(special) };
    });
}

/** Places for an LA other than Norfolk: a spread of invented districts round a point inside England. */
function syntheticPlaces(la: LaFigures, count: number, rng: Prng): Place[] {
  const h = [...la.code].reduce((a, c) => a * 31 + c.charCodeAt(0), 7);
  const centre = { e: 360_000 + (h % 200_000), n: 150_000 + ((h >> 3) % 380_000) };
  const compass = ['North', 'South', 'East', 'West', 'Central', 'Riverside', 'Hill', 'Vale', 'Park', 'Green'];
  return Array.from({ length: count }, (_, i) => ({
    name: `${la.name} ${compass[i % compass.length]}${i >= compass.length ? ` ${Math.floor(i / compass.length) + 1}` : ''}`,
    e: Math.round(centre.e + rng.gaussian() * 12_000),
    n: Math.round(centre.n + rng.gaussian() * 12_000),
    postcode: `ZZ${(i % 99) + 1}`,
    weight: 0.5 + rng.next(),
  }));
}

export interface SeedProgress {
  la: string;
  lasDone: number;
  lasTotal: number;
  children: number;
  childrenTotal: number;
}

export interface SeedOptions {
  scale: Scale;
  seed: number;
  /** With norfolk scale: the LA to create (default 926 Norfolk (demo)). */
  la?: { code: string; name: string };
  /** Children with EHC plans in the LA (norfolk scale only); default the LA's real number. */
  children?: number;
  /** The day the generated history runs up to: requests over the three years before it. */
  today?: IsoDate;
  /**
   * With norfolk scale: people who will sign in to the LA, created as any user is. Its EHC
   * coordinators and SEND team managers among them record its EHC history; a team is
   * invented for whichever of the two roles none of them holds.
   */
  users?: Omit<NewUser, 'laCode'>[];
  onProgress?: (p: SeedProgress) => void;
}

export interface SeededLa {
  code: string;
  data: GeneratedLa;
  /** Children with an EHC plan (the rest, who asked for an assessment, are on SEN Support). */
  planChildren: number;
  requests: number;
  /** The ids of the users created from the options' users, by email as given. */
  users: ReadonlyMap<string, string>;
}

/** Norfolk: 2,562 requests for assessment in 2024 against 12,147 plans in January 2025 (DfE SEN2). */
const requestsPerPlan = 2_500 / 12_147;
/** Children a request is made for who do not have a plan (refused, no plan issued, still open), per request a year. */
const childrenWithoutPlanPerRequest = 1.35;

const censusYear = 2026;

export function planFor(options: SeedOptions): LaPlan[] {
  const figures = readLaFigures();
  const rng = new Prng(options.seed);
  if (options.scale === 'norfolk') {
    const la = options.la ?? { code: '926', name: 'Norfolk (demo)' };
    const real = figures.find((f) => f.code === la.code) ?? figures.find((f) => f.code === '926');
    const children = options.children ?? real?.ehcPlans ?? 12_000;
    const ratio = children / 12_147;
    const schools = Math.max(8, Math.round(430 * ratio));
    return [
      {
        code: la.code,
        name: la.name,
        children,
        schools,
        specialSchools: Math.max(1, Math.round(15 * ratio)),
        srbs: Math.max(1, Math.round(30 * ratio)),
        places:
          la.code === '926'
            ? norfolkPlaces
            : syntheticPlaces(
                { code: la.code, name: la.name, ehcPlans: children, special: 0 },
                Math.max(4, Math.round(schools / 9)),
                rng,
              ),
        urnBase: 900_001,
        censusYear,
      },
    ];
  }
  const totalPlans = figures.reduce((s, f) => s + f.ehcPlans, 0);
  let urnBase = 900_001;
  return figures.map((f) => {
    const children = Math.round((f.ehcPlans * 700_000) / totalPlans);
    const schools = Math.max(4, Math.round((f.ehcPlans * 24_000) / totalPlans));
    const plan: LaPlan = {
      code: f.code,
      name: `${f.name} (demo)`,
      children,
      schools,
      specialSchools: Math.max(1, Math.round(f.special / 220)),
      srbs: Math.max(1, Math.round(schools * 0.07)),
      places:
        f.code === '926' ? norfolkPlaces : syntheticPlaces(f, Math.max(4, Math.round(schools / 9)), rng),
      urnBase,
      censusYear,
    };
    urnBase += schools + Math.round(schools * 0.1) + 20;
    return plan;
  });
}

/** Writes one generated LA inside its own tenancy, all or nothing. */
async function load(
  database: Database,
  plan: LaPlan,
  data: GeneratedLa,
  ehc: GeneratedEhc,
  staff: UserRow[],
): Promise<void> {
  await inTenant(database.db, { laCode: plan.code, userId: null }, async (tx) => {
    await insertUsers(tx, staff);
    await recordAuditEvents(
      tx,
      staff.map((r) => ({
        laCode: plan.code,
        userId: null,
        action: 'user.created',
        entityType: 'user',
        entityId: r.id,
        detail: { email: r.email, roles: r.roles },
      })),
    );
    await bulkInsert(
      tx,
      'establishments',
      {
        id: 'uuid',
        la_code: 'text',
        urn: 'int',
        ukprn: 'int',
        name: 'text',
        name_search: 'text',
        setting_kind: 'text',
        type_code: 'int',
        type_name: 'text',
        type_group: 'text',
        phase: 'text',
        gias_la_code: 'text',
        street: 'text',
        town: 'text',
        postcode: 'text',
        easting: 'int',
        northing: 'int',
        latitude: 'float8',
        longitude: 'float8',
        statutory_low_age: 'int',
        statutory_high_age: 'int',
        capacity: 'int',
        pupils: 'int',
        ofsted_rating: 'text',
        ofsted_date: 'date',
        is_special: 'bool',
        has_sen_unit: 'bool',
        sen_unit_capacity: 'int',
        has_resourced_provision: 'bool',
        resourced_provision_capacity: 'int',
      },
      data.establishments,
    );
    await bulkInsert(
      tx,
      'designations',
      { la_code: 'text', establishment_id: 'uuid', provision: 'text', sen_type: 'text', places: 'int' },
      data.designations,
    );
    await bulkInsert(tx, 'clusters', { id: 'uuid', la_code: 'text', name: 'text' }, data.clusters);
    await bulkInsert(
      tx,
      'cluster_memberships',
      { id: 'uuid', la_code: 'text', cluster_id: 'uuid', establishment_id: 'uuid', starts_on: 'date' },
      data.memberships,
    );
    await bulkInsert(
      tx,
      'cluster_hosts',
      {
        id: 'uuid',
        la_code: 'text',
        cluster_id: 'uuid',
        name: 'text',
        establishment_id: 'uuid',
        nominated_on: 'date',
        agreed_on: 'date',
      },
      data.hosts,
    );
    await bulkInsert(
      tx,
      'children',
      {
        id: 'uuid',
        la_code: 'text',
        upn: 'text',
        upn_unknown_reason: 'text',
        uln: 'text',
        forename: 'text',
        surname: 'text',
        name_search: 'text',
        date_of_birth: 'date',
        sex: 'text',
        ethnicity: 'text',
        home_postcode: 'text',
        home_latitude: 'float8',
        home_longitude: 'float8',
        establishment_id: 'uuid',
        sen_provision: 'text',
        is_demo: 'bool',
      },
      data.children.map((c, i) => ({
        ...c,
        sen_provision: i < plan.children ? 'ehc_plan' : 'sen_support',
        is_demo: true,
      })),
    );
    await bulkInsert(
      tx,
      'child_sen_needs',
      { la_code: 'text', child_id: 'uuid', rank: 'int', sen_type: 'text' },
      data.needs,
    );
    await bulkInsert(
      tx,
      'people',
      {
        id: 'uuid',
        la_code: 'text',
        forename: 'text',
        surname: 'text',
        email: 'text',
        phone: 'text',
        address: 'text',
        postcode: 'text',
        preferred_contact: 'text',
        preferred_language: 'text',
        needs_interpreter: 'bool',
      },
      data.people,
    );
    await bulkInsert(
      tx,
      'child_relationships',
      {
        la_code: 'text',
        child_id: 'uuid',
        person_id: 'uuid',
        relationship: 'text',
        parental_responsibility: 'bool',
        lives_with: 'bool',
        main_contact: 'bool',
      },
      data.relationships,
    );
    await loadEhc(tx, ehc);
  });
}

export class SeedError extends Error {}

/** Each child's needs, primary first. */
function needsByChild(needs: GeneratedLa['needs']): Map<string, SenType[]> {
  const byChild = new Map<string, SenType[]>();
  for (const n of [...needs].sort((a, b) => a.rank - b.rank)) {
    const list = byChild.get(n.child_id);
    if (list) list.push(n.sen_type);
    else byChild.set(n.child_id, [n.sen_type]);
  }
  return byChild;
}

/**
 * Generates and loads demo data: one LA at Norfolk's size, or all 153 at national scale
 * (700,000 children and young people with plans, 24,000 schools). The same seed gives the same data.
 */
export async function seed(database: Database, options: SeedOptions): Promise<SeededLa[]> {
  const plans = planFor(options);
  const requestsPerYear = (p: LaPlan) => Math.round(p.children * requestsPerPlan);
  const withoutPlan = (p: LaPlan) => Math.round(requestsPerYear(p) * childrenWithoutPlanPerRequest);
  const childrenTotal = plans.reduce((s, p) => s + p.children + withoutPlan(p), 0);
  for (const p of plans) {
    if (await findLa(database, p.code))
      throw new SeedError(`LA ${p.code} already exists; seed into an empty database or another LA code`);
  }
  const done: SeededLa[] = [];
  let children = 0;
  const today = options.today ?? isoDateInLondon(new Date());
  // Invented staff sign in only once given a password: until then theirs is one no one knows.
  const unknownPassword = hashPassword(randomBytes(32).toString('base64url'));
  for (const [i, plan] of plans.entries()) {
    const rng = new Prng(options.seed * 1000 + i + 1);
    await addLa(database, { code: plan.code, name: plan.name });
    const given = options.scale === 'norfolk' ? (options.users ?? []) : [];
    const users = new Map<string, string>();
    for (const u of given) users.set(u.email, await createUser(database, { ...u, laCode: plan.code }));
    const signingIn = given.map((u) => ({ id: users.get(u.email) ?? '', roles: u.roles }));
    const data = generateLa({ ...plan, children: plan.children + withoutPlan(plan) }, rng, latLonFromBng);
    const invented = inventStaff(plan, requestsPerYear(plan), signingIn, rng);
    const staff = ehcStaff([...signingIn, ...invented]);
    const ehc = generateEhc(
      {
        laCode: plan.code,
        laName: plan.name,
        requestsPerYear: requestsPerYear(plan),
        today,
        staff,
        // The national set leaves plan sections out: millions of rows no benchmark reads.
        planSections: options.scale === 'norfolk' ? { needs: needsByChild(data.needs) } : undefined,
      },
      data.children,
      plan.children,
      data.establishments,
      rng,
    );
    const passwordHash = await unknownPassword;
    await load(
      database,
      plan,
      data,
      ehc,
      invented.map((r) => ({ ...r, password_hash: passwordHash })),
    );
    children += data.children.length;
    options.onProgress?.({ la: plan.code, lasDone: i + 1, lasTotal: plans.length, children, childrenTotal });
    done.push({
      code: plan.code,
      planChildren: plan.children,
      requests: ehc.requests.length,
      users,
      data:
        options.scale === 'norfolk'
          ? data
          : { ...data, children: [], people: [], needs: [], relationships: [] },
    });
  }
  return done;
}
