import { randomBytes, randomUUID } from 'node:crypto';
import { gridToLatLong } from '../modules/providers/index.ts';
import { recordAuditEvents } from '../platform/audit/index.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { type NewUser, newUserSchema } from '../platform/auth/service.ts';
import type { Database } from '../platform/db/connect.ts';
import { actAsTenant, type Tx } from '../platform/db/tenancy.ts';
import { academicYearStart, type IsoDate, isoDateInLondon } from '../platform/kernel/dates.ts';
import { findLa, listLaCodes } from '../platform/las/index.ts';
import { norfolkPlaces, type SenType } from './catalogue.ts';
import { type GeneratedEhc, generateEhc } from './ehc.ts';
import { type GeneratedFunding, generateFunding, loadFunding } from './funding.ts';
import { type GeneratedLa, generateLa, type LaPlan, type LatLon, type Place } from './generate.ts';
import { type LaFigures, readLaFigures, SeedError } from './la-figures.ts';
import { type GeneratedFinance, generatePlacements, norfolkPlans } from './placements.ts';
import { Prng } from './prng.ts';
import { type GeneratedProgramme, generateProgramme } from './programme.ts';
import {
  bulkInsert,
  emailsTaken,
  insertSeededLa,
  insertUsers,
  loadEhc,
  loadFinance,
  loadReviews,
  seededLas,
  type UserRow,
} from './repo.ts';
import { type GeneratedReviews, generateReviews } from './reviews.ts';
import { ehcStaff, financeStaff, inventStaff, type StaffRow } from './staff.ts';
import { type GeneratedSufficiency, generateSufficiency } from './sufficiency.ts';
import { type GeneratedCandidateSites, generateCandidateSites } from './sufficiency-sites.ts';

export { type LaFigures, readLaFigures, SeedError };

/** Schools and homes are placed on the British National Grid, as GIAS gives them, then converted. */
export const latLonFromBng: LatLon = gridToLatLong;

export type Scale = 'norfolk' | 'national';

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
  /** Writing the LA (its one transaction has begun), written, or kept from an earlier run. */
  stage: 'writing' | 'written' | 'kept';
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
  /**
   * Leave out delegated SEND funding (pots, scenarios, cluster toolkits, traded services): for an
   * LA whose funding is to be loaded from elsewhere, as the funding generators' own tests do.
   */
  withoutFunding?: boolean;
}

export interface SeededLa {
  code: string;
  data: GeneratedLa;
  /** Children with an EHC plan (the rest, who asked for an assessment, are on SEN Support). */
  planChildren: number;
  requests: number;
  /** Placements, those running today among them, and those waiting for a finance approver. */
  placements: { all: number; current: number; awaitingApproval: number };
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

/** Writes one generated LA's records in its own tenancy, within the caller's transaction. */
async function load(
  tx: Tx,
  plan: LaPlan,
  data: GeneratedLa,
  ehc: GeneratedEhc,
  finance: GeneratedFinance,
  reviews: GeneratedReviews,
  funding: GeneratedFunding,
  sufficiency: GeneratedSufficiency,
  candidateSites: GeneratedCandidateSites,
  programme: GeneratedProgramme | null,
  staff: UserRow[],
  unknownPassword: string,
) {
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
      district: 'text',
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
    { la_code: 'text', establishment_id: 'uuid', provision: 'text', sen_type: 'text' },
    data.designations,
  );
  await bulkInsert(
    tx,
    'designated_places',
    {
      id: 'uuid',
      la_code: 'text',
      establishment_id: 'uuid',
      provision: 'text',
      sen_type: 'text',
      phase: 'text',
      low_age: 'int',
      high_age: 'int',
      places: 'int',
      starts_on: 'date',
    },
    data.placeLines,
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
      // A child whose plan ceased as they left education has no provision; one whose needs are
      // met without it is on SEN Support, as are those whose request is yet to bring a plan.
      sen_provision:
        i < plan.children ? 'ehc_plan' : reviews.leftProvision.has(c.id) ? 'none' : 'sen_support',
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
  await loadReviews(tx, reviews);
  await loadFinance(tx, finance);
  await loadFunding(tx, funding, unknownPassword);
  await bulkInsert(
    tx,
    'place_waits',
    {
      id: 'uuid',
      la_code: 'text',
      child_id: 'uuid',
      provision: 'text',
      sen_type: 'text',
      phase: 'text',
      waiting_since: 'date',
      needed_from: 'date',
      note: 'text',
    },
    sufficiency.waits,
  );
  await bulkInsert(
    tx,
    'candidate_sites',
    {
      id: 'uuid',
      la_code: 'text',
      kind: 'text',
      name: 'text',
      establishment_id: 'uuid',
      easting: 'int',
      northing: 'int',
      latitude: 'float8',
      longitude: 'float8',
      capital_cost_pence: 'int8',
      opens_on: 'date',
      received_on: 'date',
      note: 'text',
    },
    candidateSites.sites,
  );
  await bulkInsert(
    tx,
    'candidate_site_places',
    { la_code: 'text', site_id: 'uuid', sen_type: 'text', phase: 'text', places: 'int' },
    candidateSites.places,
  );
  if (programme) await loadProgramme(tx, programme);
}

/**
 * The live figures on the demo programme's first day (240 days ago), so its measured benefits
 * start from what the records then said: placements in independent and non-maintained special
 * schools, designated SRB and specialist places, and the share of new plans issued within 20
 * weeks (exceptions aside) over the year before.
 */
function programmeBaselines(
  today: IsoDate,
  finance: GeneratedFinance,
  sufficiency: GeneratedSufficiency,
  ehc: GeneratedEhc,
) {
  const start = new Date(Date.parse(`${today}T00:00:00Z`) - 240 * 86_400_000).toISOString().slice(0, 10);
  const yearBefore = new Date(Date.parse(`${start}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10);
  // The demo's place lines run on with no end.
  const lines = sufficiency.placeLines.filter((l) => l.starts_on <= start);
  const issued = ehc.requests.filter(
    (r) =>
      r.kind === 'new' &&
      r.final_issued_on &&
      r.final_issued_on >= yearBefore &&
      r.final_issued_on < start &&
      !r.week20_exception,
  );
  const within = issued.filter(
    (r) => (Date.parse(r.final_issued_on as string) - Date.parse(r.received_on)) / 86_400_000 <= 140,
  ).length;
  return {
    independentPlacements: finance.placements.filter(
      (p) =>
        (p.placement_type === 'independent_special' || p.placement_type === 'non_maintained_special') &&
        p.start_on <= start &&
        (p.end_on === null || p.end_on >= start),
    ).length,
    srbPlaces: lines.filter((l) => l.provision !== 'special_school').reduce((n, l) => n + l.places, 0),
    specialistPlaces: lines.reduce((n, l) => n + l.places, 0),
    timeliness: issued.length ? Math.round((within / issued.length) * 1000) / 10 : 0,
  };
}

/** The demo's transformation programme, parents before children so each foreign key holds. */
async function loadProgramme(tx: Tx, g: GeneratedProgramme) {
  const text = 'text';
  await bulkInsert(
    tx,
    'programmes',
    {
      id: 'uuid',
      la_code: text,
      name: text,
      purpose: text,
      budget_pence: 'int8',
      manager_name: text,
      starts_on: 'date',
      ends_on: 'date',
    },
    g.programmes,
  );
  await bulkInsert(
    tx,
    'programme_board_members',
    { la_code: text, programme_id: 'uuid', name: text, role: text, position: 'int' },
    g.board,
  );
  await bulkInsert(
    tx,
    'workstreams',
    {
      id: 'uuid',
      la_code: text,
      programme_id: 'uuid',
      name: text,
      purpose: text,
      lead_name: text,
      team: text,
      position: 'int',
    },
    g.workstreams,
  );
  await bulkInsert(
    tx,
    'programme_projects',
    {
      id: 'uuid',
      la_code: text,
      programme_id: 'uuid',
      workstream_id: 'uuid',
      name: text,
      purpose: text,
      lead_name: text,
      status: text,
      priority: 'int',
      rag: text,
      rag_reason: text,
      planned_start: 'date',
      planned_end: 'date',
      actual_start: 'date',
      actual_end: 'date',
    },
    g.projects,
  );
  await bulkInsert(
    tx,
    'programme_work_items',
    {
      id: 'uuid',
      la_code: text,
      project_id: 'uuid',
      title: text,
      status: text,
      due_on: 'date',
      done_on: 'date',
      position: 'int',
    },
    g.workItems,
  );
  await bulkInsert(
    tx,
    'programme_milestones',
    {
      id: 'uuid',
      la_code: text,
      programme_id: 'uuid',
      project_id: 'uuid',
      name: text,
      due_on: 'date',
      achieved_on: 'date',
    },
    g.milestones,
  );
  await bulkInsert(
    tx,
    'programme_project_dependencies',
    { la_code: text, programme_id: 'uuid', before_id: 'uuid', after_id: 'uuid' },
    g.links,
  );
  await bulkInsert(
    tx,
    'programme_risks',
    {
      id: 'uuid',
      la_code: text,
      programme_id: 'uuid',
      project_id: 'uuid',
      kind: text,
      title: text,
      likelihood: 'int',
      impact: 'int',
      owner_name: text,
      mitigation: text,
      review_on: 'date',
      escalated_on: 'date',
      status: text,
    },
    g.risks,
  );
  await bulkInsert(
    tx,
    'programme_costs',
    {
      id: 'uuid',
      la_code: text,
      programme_id: 'uuid',
      project_id: 'uuid',
      kind: text,
      year: 'int',
      planned_pence: 'int8',
      actual_pence: 'int8',
    },
    g.costs,
  );
  await bulkInsert(
    tx,
    'programme_benefits',
    {
      id: 'uuid',
      la_code: text,
      programme_id: 'uuid',
      name: text,
      measure: text,
      unit: text,
      direction: text,
      cashable: 'bool',
      baseline: 'numeric',
      baseline_year: 'int',
      target: 'numeric',
      target_year: 'int',
      live_measure: text,
      owner_name: text,
    },
    g.benefits,
  );
  await bulkInsert(
    tx,
    'programme_benefit_projects',
    { la_code: text, programme_id: 'uuid', benefit_id: 'uuid', project_id: 'uuid' },
    g.benefitProjects,
  );
  await bulkInsert(
    tx,
    'programme_decisions',
    {
      id: 'uuid',
      la_code: text,
      programme_id: 'uuid',
      project_id: 'uuid',
      question: text,
      needed_by: 'date',
    },
    g.decisions,
  );
  await bulkInsert(
    tx,
    'programme_benefit_years',
    {
      la_code: text,
      benefit_id: 'uuid',
      year: 'int',
      planned: 'numeric',
      actual: 'numeric',
      planned_pence: 'int8',
      actual_pence: 'int8',
    },
    g.benefitYears,
  );
}

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

/** One LA as the generator made it, in memory, before anything is written. */
interface PreparedLa {
  plan: LaPlan;
  options: SeedOptions;
  data: GeneratedLa;
  ehc: GeneratedEhc;
  finance: GeneratedFinance;
  reviews: GeneratedReviews;
  funding: GeneratedFunding;
  sufficiency: GeneratedSufficiency;
  candidateSites: GeneratedCandidateSites;
  programme: GeneratedProgramme | null;
  /** Invented staff's password hash, one no one knows. */
  unknownPassword: string;
  /** The people given in the options, then the invented SEND team, each with a password hash. */
  users: UserRow[];
  /** The ids of the people given in the options, by email as given. */
  given: Map<string, string>;
}

/** One LA's records as the generator makes them: pure, the same for the same seed, people and day. */
export interface GeneratedRecords {
  data: GeneratedLa;
  ehc: GeneratedEhc;
  finance: GeneratedFinance;
  reviews: GeneratedReviews;
  funding: GeneratedFunding;
  /** Place lines set near today's occupancy, and the waiting list for specialist places. */
  sufficiency: GeneratedSufficiency;
  /** Schools' expressions of interest in an SRB and sites for a new special school. */
  candidateSites: GeneratedCandidateSites;
  /** The SEND transformation programme, for the demo LA only: benchmarks read none of it. */
  programme: GeneratedProgramme | null;
  /** The SEND team invented for an LA none of whose people hold the roles. */
  invented: StaffRow[];
}

/**
 * Generates an LA's schools, children, EHC history, placements and the plans' reviews, in that
 * order from one generator, so that each part is the same whatever is generated after it.
 * `signingIn` are the people given to sign in: their coordinators record the EHC work and the
 * reviews, their finance officer enters the placements and their finance approver approves the
 * costly ones.
 */
export function generateLaRecords(
  plan: LaPlan,
  index: number,
  options: Pick<SeedOptions, 'scale' | 'seed' | 'withoutFunding'>,
  today: IsoDate,
  signingIn: readonly { id: string; roles: readonly string[] }[],
): GeneratedRecords {
  const rng = new Prng(options.seed * 1000 + index + 1);
  const data = generateLa({ ...plan, children: plan.children + withoutPlan(plan) }, rng, latLonFromBng);
  const invented = inventStaff(plan, requestsPerYear(plan), signingIn, rng);
  const staff = ehcStaff([...signingIn, ...invented]);
  // The national set leaves plan sections out: millions of rows no benchmark reads.
  const sections = options.scale === 'norfolk' ? { needs: needsByChild(data.needs) } : undefined;
  const ehc = generateEhc(
    {
      laCode: plan.code,
      laName: plan.name,
      requestsPerYear: requestsPerYear(plan),
      today,
      staff,
      planSections: sections,
    },
    data.children,
    plan.children,
    data.establishments,
    rng,
  );
  const finance = generatePlacements(
    {
      laCode: plan.code,
      today,
      censusYear: plan.censusYear,
      scale: plan.children / norfolkPlans,
      staff: financeStaff(signingIn),
    },
    data.children,
    data.establishments,
    ehc,
    rng,
  );
  // Reviews come last: they change no plan's setting, so the placements above stand, and a plan
  // they cease is one no placement was made for.
  const reviewed = generateReviews(
    { laCode: plan.code, today, staff, planSections: sections },
    data.children,
    data.establishments,
    ehc,
    rng,
  );
  // Funding from a generator of its own, so the records above are the same with or without it.
  const funding = generateFunding(
    {
      laCode: plan.code,
      today,
      year: academicYearStart(today),
      scale: options.withoutFunding ? 'none' : options.scale,
      financeOfficer: financeStaff(signingIn).officer,
    },
    data,
    new Prng(options.seed * 1000 + index + 501),
  );
  // Sufficiency last, from a generator of its own: it reads where children are placed today.
  const sufficiency = generateSufficiency(
    { laCode: plan.code, today },
    data,
    finance,
    reviewed.ehc,
    new Prng(options.seed * 1000 + index + 701),
  );
  const candidateSites = generateCandidateSites(
    { laCode: plan.code, today },
    data,
    new Prng(options.seed * 1000 + index + 801),
  );
  const programme =
    options.scale === 'norfolk'
      ? generateProgramme(
          {
            laCode: plan.code,
            today,
            baselines: programmeBaselines(today, finance, sufficiency, reviewed.ehc),
          },
          new Prng(options.seed * 1000 + index + 901),
        )
      : null;
  return {
    data: { ...data, placeLines: sufficiency.placeLines },
    ehc: reviewed.ehc,
    finance,
    reviews: reviewed.reviews,
    funding,
    sufficiency,
    candidateSites,
    programme,
    invented,
  };
}

/** The work done before the transaction opens: generation and password hashing, no database. */
async function prepareLa(
  plan: LaPlan,
  index: number,
  options: SeedOptions,
  today: IsoDate,
  unknownPassword: Promise<string>,
): Promise<PreparedLa> {
  const given = (options.scale === 'norfolk' ? (options.users ?? []) : []).map((u) => {
    const r = newUserSchema.safeParse({ ...u, laCode: plan.code });
    if (!r.success) throw new SeedError(`user ${u.email}: ${r.error.issues[0]?.message}`);
    return { ...r.data, id: randomUUID() };
  });
  // Hashed side by side: argon2 runs on libuv's threads, and one at a time they slowed the first start.
  const hashes = await Promise.all(given.map((u) => hashPassword(u.password)));
  const signingIn = given.map((u) => ({ id: u.id, roles: u.roles }));
  const { data, ehc, finance, reviews, funding, sufficiency, candidateSites, programme, invented } =
    generateLaRecords(plan, index, options, today, signingIn);
  const passwordHash = await unknownPassword;
  return {
    plan,
    options,
    data,
    ehc,
    finance,
    reviews,
    funding,
    sufficiency,
    candidateSites,
    programme,
    unknownPassword: passwordHash,
    users: [
      ...given.map((u, i) => ({
        id: u.id,
        la_code: plan.code,
        email: u.email,
        name: u.name,
        roles: [...new Set(u.roles)],
        password_hash: hashes[i] ?? '',
      })),
      ...invented.map((r) => ({ ...r, password_hash: passwordHash })),
    ],
    given: new Map(given.map((u, i) => [options.users?.[i]?.email ?? u.email, u.id])),
  };
}

/**
 * Writes prepared LAs in the caller's transaction: first, as the owner, each LA's row and the mark
 * that the generator made it; then each LA's records as the application role in that LA.
 */
async function writeLas(tx: Tx, prepared: readonly PreparedLa[]): Promise<SeededLa[]> {
  const emails = prepared.flatMap((p) => [...p.given.keys()].map((e) => e.trim().toLowerCase()));
  const taken = await emailsTaken(tx, emails);
  if (taken.length) throw new SeedError(`A user with email ${taken.join(', ')} already exists`);
  for (const p of prepared)
    await insertSeededLa(tx, {
      code: p.plan.code,
      name: p.plan.name,
      scale: p.options.scale,
      seed: p.options.seed,
    });
  for (const p of prepared) {
    await actAsTenant(tx, { laCode: p.plan.code, userId: null });
    await load(
      tx,
      p.plan,
      p.data,
      p.ehc,
      p.finance,
      p.reviews,
      p.funding,
      p.sufficiency,
      p.candidateSites,
      p.programme,
      p.users,
      p.unknownPassword,
    );
  }
  return prepared.map((p) => ({
    code: p.plan.code,
    planChildren: p.plan.children,
    requests: p.ehc.requests.length,
    placements: {
      all: p.finance.placements.length,
      current: p.finance.placements.filter((x) => x.end_on === null).length,
      awaitingApproval: p.finance.placements.filter((x) => x.approval === 'awaiting').length,
    },
    users: p.given,
    data:
      p.options.scale === 'norfolk'
        ? p.data
        : { ...p.data, children: [], people: [], needs: [], relationships: [] },
  }));
}

const requestsPerYear = (p: LaPlan) => Math.round(p.children * requestsPerPlan);
const withoutPlan = (p: LaPlan) => Math.round(requestsPerYear(p) * childrenWithoutPlanPerRequest);
const childrenOf = (p: LaPlan) => p.children + withoutPlan(p);

// Invented staff sign in only once given a password: until then theirs is one no one knows.
const unknownPasswordHash = () => hashPassword(randomBytes(32).toString('base64url'));

/**
 * Generates and loads demo data: one LA at Norfolk's size, or all 153 at national scale
 * (700,000 children and young people with plans, 24,000 schools). The same seed gives the same data.
 *
 * Each LA is written in one transaction, its row included, so a seed that is stopped (Ctrl+C, a
 * crash, kill -9) leaves each LA whole or absent. Run again, a national seed keeps the LAs an
 * earlier run of the same seed made and makes the rest; any other LA that exists is refused.
 */
export async function seed(database: Database, options: SeedOptions): Promise<SeededLa[]> {
  const plans = planFor(options);
  const childrenTotal = plans.reduce((s, p) => s + childrenOf(p), 0);
  const existing = new Set(await listLaCodes(database));
  const kept = keptFromEarlierRun(options, plans, existing, await seededLas(database.db));
  const done: SeededLa[] = [];
  let children = 0;
  const today = options.today ?? isoDateInLondon(new Date());
  const unknownPassword = unknownPasswordHash();
  for (const [i, plan] of plans.entries()) {
    const progress = (stage: SeedProgress['stage']) =>
      options.onProgress?.({
        la: plan.code,
        stage,
        lasDone: i + (stage === 'writing' ? 0 : 1),
        lasTotal: plans.length,
        children,
        childrenTotal,
      });
    if (kept.has(plan.code)) {
      children += childrenOf(plan);
      progress('kept');
      continue;
    }
    const prepared = await prepareLa(plan, i, options, today, unknownPassword);
    const [seeded] = await database.db.transaction().execute((tx) => {
      progress('writing');
      return writeLas(tx, [prepared]);
    });
    if (seeded) done.push(seeded);
    children += prepared.data.children.length;
    progress('written');
  }
  return done;
}

/**
 * The planned LAs that already exist and that an earlier run of the same national seed made, to
 * be kept; any other planned LA that exists is refused, as seeding it again would double it.
 */
export function keptFromEarlierRun(
  options: Pick<SeedOptions, 'scale' | 'seed'>,
  plans: readonly { code: string }[],
  existing: ReadonlySet<string>,
  made: ReadonlyMap<string, { scale: string; seed: number }>,
): Set<string> {
  const kept = new Set<string>();
  for (const { code } of plans) {
    if (!existing.has(code)) continue;
    const mark = made.get(code);
    if (options.scale === 'national' && mark?.scale === 'national' && mark.seed === options.seed)
      kept.add(code);
    else throw new SeedError(`LA ${code} already exists; seed into an empty database or another LA code`);
  }
  return kept;
}

/**
 * Seeds several LAs at Norfolk scale in one transaction, then runs `finish` in it: all of it is
 * committed, or none. The demo is made this way, so that a first start stopped part-way leaves an
 * empty database, and the next start makes the whole demo again.
 */
export async function seedTogether(
  database: Database,
  runs: readonly SeedOptions[],
  then: {
    /** Told once everything is generated and the transaction begins. */
    onWriting?: () => void;
    /** The last of the transaction's work, after every LA is written. */
    finish?: (tx: Tx, seeded: SeededLa[]) => Promise<void>;
  } = {},
): Promise<SeededLa[]> {
  const unknownPassword = unknownPasswordHash();
  const prepared: PreparedLa[] = [];
  for (const options of runs) {
    if (options.scale !== 'norfolk') throw new SeedError('only LAs at Norfolk scale are seeded together');
    const [plan] = planFor(options);
    if (!plan) continue;
    if (await findLa(database, plan.code))
      throw new SeedError(`LA ${plan.code} already exists; seed into an empty database or another LA code`);
    const today = options.today ?? isoDateInLondon(new Date());
    prepared.push(await prepareLa(plan, 0, options, today, unknownPassword));
  }
  return database.db.transaction().execute(async (tx) => {
    then.onWriting?.();
    const seeded = await writeLas(tx, prepared);
    await then.finish?.(tx, seeded);
    return seeded;
  });
}
