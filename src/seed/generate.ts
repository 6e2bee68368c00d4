import { nameSearchFor } from '../modules/children/index.ts';
import { searchableName } from '../modules/providers/index.ts';
import { type PlacePhase, phaseAges } from '../modules/providers/places/domain/places.ts';
import {
  ethnicityWeights,
  norfolkAgeSettings,
  primaryNeedWeights,
  type SenType,
  schoolWords,
  sexWeights,
  specialDesignationMixes,
  srbDesignations,
} from './catalogue.ts';
import { postcodeIn, randomUln, upnWithCheckLetter } from './identifiers.ts';
import {
  adultForename,
  adultName,
  childForename,
  familyOriginsFor,
  type NameOrigin,
  surnameAs,
  surnameFrom,
} from './names.ts';
import { Prng } from './prng.ts';

/** Pure generation of one LA's schools, clusters, children and families: rows in, nothing written. */

export interface Place {
  name: string;
  e: number;
  n: number;
  postcode: string;
  weight: number;
  /** The local authority district it is in; an invented place is an invented district of its own. */
  district?: string;
}

export interface LaPlan {
  code: string;
  name: string;
  children: number;
  schools: number;
  specialSchools: number;
  srbs: number;
  places: Place[];
  /** First URN to use: URNs are national, so each LA in a national run gets its own range. */
  urnBase: number;
  /** The January of the academic year the ages are counted in (ages are on the 31 August before). */
  censusYear: number;
}

export type LatLon = (easting: number, northing: number) => { latitude: number; longitude: number };

export interface EstablishmentRow {
  id: string;
  la_code: string;
  urn: number | null;
  ukprn: number | null;
  name: string;
  name_search: string;
  setting_kind: 'school' | 'independent' | 'early_years' | 'post_16' | 'alternative_provision';
  type_code: number | null;
  type_name: string;
  type_group: string;
  phase: string;
  gias_la_code: string;
  street: string;
  town: string;
  postcode: string;
  /** The local authority district it is in. */
  district: string;
  easting: number;
  northing: number;
  latitude: number;
  longitude: number;
  statutory_low_age: number;
  statutory_high_age: number;
  capacity: number;
  pupils: number;
  ofsted_rating: string;
  ofsted_date: string;
  is_special: boolean;
  has_sen_unit: boolean;
  sen_unit_capacity: number | null;
  has_resourced_provision: boolean;
  resourced_provision_capacity: number | null;
}

export interface DesignationRow {
  la_code: string;
  establishment_id: string;
  provision: 'special_school' | 'sen_unit' | 'resourced_provision';
  sen_type: SenType;
}
/** A setting's places for one need, over its whole age range and in force from `starts_on` on. */
export interface PlaceLineRow extends DesignationRow {
  id: string;
  phase: PlacePhase;
  low_age: number;
  high_age: number;
  places: number;
  starts_on: string;
}
export interface ClusterRow {
  id: string;
  la_code: string;
  name: string;
}
export interface MembershipRow {
  id: string;
  la_code: string;
  cluster_id: string;
  establishment_id: string;
  starts_on: string;
}
export interface HostRow {
  id: string;
  la_code: string;
  cluster_id: string;
  name: string;
  establishment_id: string;
  nominated_on: string;
  agreed_on: string;
}
export interface ChildRow {
  id: string;
  la_code: string;
  upn: string | null;
  upn_unknown_reason: string | null;
  uln: string | null;
  forename: string;
  surname: string;
  name_search: string;
  date_of_birth: string;
  sex: 'M' | 'F' | 'U';
  ethnicity: string;
  home_postcode: string;
  home_latitude: number;
  home_longitude: number;
  establishment_id: string | null;
}
export interface NeedRow {
  la_code: string;
  child_id: string;
  rank: number;
  sen_type: SenType;
}
export interface PersonRow {
  id: string;
  la_code: string;
  forename: string;
  surname: string;
  email: string;
  phone: string;
  address: string;
  postcode: string;
  preferred_contact: 'email' | 'phone' | 'text' | 'post';
  preferred_language: string;
  needs_interpreter: boolean;
}
export interface RelationshipRow {
  la_code: string;
  child_id: string;
  person_id: string;
  relationship: 'mother' | 'father' | 'carer' | 'guardian' | 'foster_carer';
  parental_responsibility: boolean;
  lives_with: boolean;
  main_contact: boolean;
}

export interface GeneratedLa {
  establishments: EstablishmentRow[];
  designations: DesignationRow[];
  placeLines: PlaceLineRow[];
  clusters: ClusterRow[];
  memberships: MembershipRow[];
  hosts: HostRow[];
  children: ChildRow[];
  needs: NeedRow[];
  people: PersonRow[];
  relationships: RelationshipRow[];
}

type Ethnicity = keyof typeof ethnicityWeights;
type SettingGroup = 'mainstream' | 'special' | 'ap' | 'fe' | 'elsewhere' | 'earlyYears';

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m, 2)}-${pad(d, 2)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A 32-bit FNV-1a hash of an LA's code: a seed no other LA in the same database shares in practice. */
function codeSeed(code: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < code.length; i++) h = Math.imul(h ^ code.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The narrowest phase whose ages hold the setting's, or all-through when none does. */
function phaseFor(low: number, high: number): PlacePhase {
  const narrow = (['early_years', 'post_16', 'primary', 'secondary'] as const).find(
    (p) => low >= phaseAges[p].low && high <= phaseAges[p].high,
  );
  return narrow ?? 'all_through';
}

function pickPlace(places: Place[], rng: Prng): Place {
  const weights: Record<string, number> = {};
  places.forEach((p, i) => {
    weights[String(i)] = p.weight;
  });
  return places[Number(rng.weighted(weights))] as Place;
}

const ofstedWeights = {
  outstanding: 15,
  good: 65,
  requires_improvement: 14,
  inadequate: 3,
  not_yet_inspected: 3,
};

export function generateLa(plan: LaPlan, rng: Prng, toLatLon: LatLon): GeneratedLa {
  const out: GeneratedLa = {
    establishments: [],
    designations: [],
    placeLines: [],
    clusters: [],
    memberships: [],
    hosts: [],
    children: [],
    needs: [],
    people: [],
    relationships: [],
  };
  // A setting designated for a need has places for it, over its age range. The invented settings
  // have no opening date, so their places run from the start of the 2014 reforms, as the migration
  // that brought in place lines dates places recorded without one. The lines' ids come from a
  // generator of their own, seeded by the LA's code, so a demo seeded again has the same ids and
  // everything drawn from `rng` stays as it was before there were lines.
  const lineIds = new Prng(codeSeed(plan.code));
  const designate = (
    school: EstablishmentRow,
    provision: DesignationRow['provision'],
    sen: SenType,
    places: number,
  ) => {
    const designation = { la_code: plan.code, establishment_id: school.id, provision, sen_type: sen };
    out.designations.push(designation);
    out.placeLines.push({
      ...designation,
      id: lineIds.uuid(),
      phase: phaseFor(school.statutory_low_age, school.statutory_high_age),
      low_age: school.statutory_low_age,
      high_age: school.statutory_high_age,
      places,
      starts_on: '2014-09-01',
    });
  };
  let urn = plan.urnBase;
  let dfeNumber = 2000;
  const estabNumber = new Map<string, number>();

  const located = (place: Place, spread: number) => {
    const easting = Math.round(place.e + rng.gaussian() * spread);
    const northing = Math.round(place.n + rng.gaussian() * spread);
    return { easting, northing, ...toLatLon(easting, northing) };
  };

  const establishment = (
    place: Place,
    kind: EstablishmentRow['setting_kind'],
    details: Pick<
      EstablishmentRow,
      | 'name'
      | 'type_code'
      | 'type_name'
      | 'type_group'
      | 'phase'
      | 'statutory_low_age'
      | 'statutory_high_age'
      | 'capacity'
    > & { is_special?: boolean; withUrn?: boolean },
  ): EstablishmentRow => {
    const withUrn = details.withUrn ?? true;
    const thisUrn = withUrn ? urn++ : null;
    const where = located(place, 2500);
    const row: EstablishmentRow = {
      id: rng.uuid(),
      la_code: plan.code,
      urn: thisUrn,
      ukprn: thisUrn && (kind === 'post_16' || rng.chance(0.5)) ? 10_000_000 + (thisUrn % 10_000_000) : null,
      name: details.name,
      name_search: searchableName(details.name),
      setting_kind: kind,
      type_code: details.type_code,
      type_name: details.type_name,
      type_group: details.type_group,
      phase: details.phase,
      gias_la_code: plan.code,
      street: `${rng.int(1, 120)} ${rng.pick(schoolWords)} ${rng.pick(['Road', 'Lane', 'Street', 'Way', 'Close'])}`,
      town: place.name,
      postcode: postcodeIn(place.postcode, rng),
      district: place.district ?? place.name,
      ...where,
      statutory_low_age: details.statutory_low_age,
      statutory_high_age: details.statutory_high_age,
      capacity: details.capacity,
      pupils: Math.round(details.capacity * (0.75 + rng.next() * 0.3)),
      ofsted_rating: rng.weighted(ofstedWeights),
      ofsted_date: isoDate(plan.censusYear - rng.int(1, 5), rng.int(1, 12), rng.int(1, 28)),
      is_special: details.is_special ?? false,
      has_sen_unit: false,
      sen_unit_capacity: null,
      has_resourced_provision: false,
      resourced_provision_capacity: null,
    };
    out.establishments.push(row);
    estabNumber.set(row.id, dfeNumber++);
    return row;
  };

  // Mainstream schools, shared between places by weight; each place with schools is a cluster.
  const mainstreamCount = Math.max(1, plan.schools - plan.specialSchools);
  const byPlace = new Map<Place, EstablishmentRow[]>();
  const primaries: EstablishmentRow[] = [];
  const secondaries: EstablishmentRow[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < mainstreamCount; i++) {
    const place = i < plan.places.length ? (plan.places[i] as Place) : pickPlace(plan.places, rng);
    const secondary = rng.chance(0.14);
    const type = rng.weighted({ academy: 55, community: 25, voluntary: 15, foundation: 5 });
    const typeInfo = {
      academy: { code: 28, name: 'Academy converter', group: 'Academies' },
      community: { code: 1, name: 'Community school', group: 'Local authority maintained schools' },
      voluntary: { code: 3, name: 'Voluntary aided school', group: 'Local authority maintained schools' },
      foundation: { code: 5, name: 'Foundation school', group: 'Local authority maintained schools' },
    }[type];
    let name = '';
    for (let tries = 0; tries < 20 && (!name || usedNames.has(name)); tries++) {
      const town = place.name.replace(/ (North|South|City)$/, '');
      name = secondary
        ? `${town} ${rng.pick(schoolWords)} ${rng.pick(['High School', 'Academy', 'School'])}`
        : `${town} ${rng.pick(schoolWords)} ${rng.pick(['Primary School', 'Primary Academy', 'Infant School', 'Junior School', 'Church of England Primary School'])}`;
    }
    if (usedNames.has(name)) name = `${name} ${i}`;
    usedNames.add(name);
    const row = establishment(place, 'school', {
      name,
      type_code: typeInfo.code,
      type_name: typeInfo.name,
      type_group: typeInfo.group,
      phase: secondary ? 'Secondary' : 'Primary',
      statutory_low_age: secondary ? 11 : 4,
      statutory_high_age: secondary ? (rng.chance(0.5) ? 18 : 16) : 11,
      capacity: secondary ? rng.int(600, 1800) : rng.int(60, 630),
    });
    (secondary ? secondaries : primaries).push(row);
    byPlace.set(place, [...(byPlace.get(place) ?? []), row]);
  }
  if (!secondaries.length && primaries.length) secondaries.push(primaries[0] as EstablishmentRow);

  // Resourced provision and units (SRBs) in mainstream schools.
  const mainstream = [...primaries, ...secondaries];
  for (let i = 0; i < Math.min(plan.srbs, mainstream.length); i++) {
    const school = mainstream[(i * 7) % mainstream.length] as EstablishmentRow;
    if (school.has_resourced_provision || school.has_sen_unit) continue;
    const places = rng.int(8, 16);
    const unit = rng.chance(0.3);
    if (unit) {
      school.has_sen_unit = true;
      school.sen_unit_capacity = places;
    } else {
      school.has_resourced_provision = true;
      school.resourced_provision_capacity = places;
    }
    designate(school, unit ? 'sen_unit' : 'resourced_provision', rng.pick(srbDesignations), places);
  }

  // Special schools, spread across the larger places.
  const specials: EstablishmentRow[] = [];
  const bigPlaces = [...plan.places].sort((a, b) => b.weight - a.weight);
  for (let i = 0; i < plan.specialSchools; i++) {
    const place = bigPlaces[i % bigPlaces.length] as Place;
    const mix = specialDesignationMixes[i % specialDesignationMixes.length] as SenType[];
    const academy = rng.chance(0.6);
    const row = establishment(place, 'school', {
      name: `${place.name.replace(/ (North|South|City)$/, '')} ${rng.pick(schoolWords)} ${rng.pick(['School', 'Academy', 'Specialist School'])}`,
      type_code: academy ? 44 : 7,
      type_name: academy ? 'Academy special converter' : 'Community special school',
      type_group: 'Special schools',
      phase: 'Not applicable',
      statutory_low_age: rng.pick([3, 4, 5, 7, 11]),
      statutory_high_age: rng.pick([16, 19]),
      capacity: rng.int(70, 220),
      is_special: true,
    });
    specials.push(row);
    const each = Math.round(row.capacity / mix.length);
    for (const sen of mix) designate(row, 'special_school', sen, each);
  }

  // Independent special schools (often out of county), further education, alternative provision and early years.
  const independents = Array.from({ length: Math.max(1, Math.round(plan.specialSchools * 0.8)) }, () =>
    establishment(pickPlace(plan.places, rng), 'independent', {
      name: `${rng.pick(schoolWords)} House ${rng.pick(['School', 'College', 'Learning Centre'])}`,
      type_code: 10,
      type_name: 'Other independent special school',
      type_group: 'Independent schools',
      phase: 'Not applicable',
      statutory_low_age: 7,
      statutory_high_age: 19,
      capacity: rng.int(20, 90),
      is_special: true,
    }),
  );
  const colleges = Array.from({ length: Math.max(1, Math.round(plan.schools / 90)) }, (_, i) =>
    establishment(bigPlaces[i % bigPlaces.length] as Place, 'post_16', {
      name: `${(bigPlaces[i % bigPlaces.length] as Place).name.replace(/ (North|South|City)$/, '')} ${rng.pick(['College', 'College of Further Education', 'Sixth Form College'])}`,
      type_code: 18,
      type_name: 'Further education',
      type_group: 'Colleges',
      phase: '16 plus',
      statutory_low_age: 16,
      statutory_high_age: 25,
      capacity: rng.int(1500, 6000),
    }),
  );
  const aps = Array.from({ length: Math.max(1, Math.round(plan.schools / 140)) }, (_, i) =>
    establishment(bigPlaces[i % bigPlaces.length] as Place, 'alternative_provision', {
      name: `${(bigPlaces[i % bigPlaces.length] as Place).name.replace(/ (North|South|City)$/, '')} Short Stay School`,
      type_code: 14,
      type_name: 'Pupil referral unit',
      type_group: 'Local authority maintained schools',
      phase: 'Not applicable',
      statutory_low_age: 5,
      statutory_high_age: 16,
      capacity: rng.int(30, 90),
    }),
  );
  const earlyYears = Array.from({ length: Math.max(1, Math.round(plan.schools / 80)) }, () =>
    establishment(pickPlace(plan.places, rng), 'early_years', {
      name: `${rng.pick(schoolWords)} Day Nursery`,
      type_code: null,
      type_name: 'Private nursery',
      type_group: 'Early years',
      phase: 'Nursery',
      statutory_low_age: 0,
      statutory_high_age: 5,
      capacity: rng.int(20, 80),
      withUrn: false,
    }),
  );

  // Clusters: every place with mainstream schools, named after it, with a host nominated and agreed.
  for (const [place, schools] of byPlace) {
    const cluster = { id: rng.uuid(), la_code: plan.code, name: place.name };
    out.clusters.push(cluster);
    for (const s of schools)
      out.memberships.push({
        id: rng.uuid(),
        la_code: plan.code,
        cluster_id: cluster.id,
        establishment_id: s.id,
        starts_on: '2012-09-01',
      });
    const hostSchool = schools[0] as EstablishmentRow;
    const host = adultName(rng.weighted(ethnicityWeights), rng);
    out.hosts.push({
      id: rng.uuid(),
      la_code: plan.code,
      cluster_id: cluster.id,
      name: `${host.forename} ${host.surname}`,
      establishment_id: hostSchool.id,
      nominated_on: isoDate(2012, 6, rng.int(1, 29)),
      agreed_on: isoDate(2012, 7, rng.int(2, 20)),
    });
  }

  // Children and young people with EHC plans.
  const ageWeights: Record<string, number> = {};
  for (const a of norfolkAgeSettings)
    ageWeights[String(a.age)] = a.mainstream + a.special + a.ap + a.fe + a.elsewhere + a.earlyYears;
  const usedUpns = new Set<string>();
  const nearest = (list: EstablishmentRow[], home: { easting: number; northing: number }) => {
    let best = list[0] as EstablishmentRow;
    let bestD = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 6; i++) {
      const s = rng.pick(list);
      const d = (s.easting - home.easting) ** 2 + (s.northing - home.northing) ** 2;
      if (d < bestD) {
        best = s;
        bestD = d;
      }
    }
    return best;
  };
  let family:
    | {
        carers: { person: PersonRow; relationship: RelationshipRow['relationship'] }[];
        surname: string;
        place: Place;
        ethnicity: Ethnicity;
        origins: [NameOrigin, NameOrigin];
      }
    | undefined;
  for (let i = 0; i < plan.children; i++) {
    const age = Number(rng.weighted(ageWeights));
    const row = norfolkAgeSettings.find((a) => a.age === age) ?? norfolkAgeSettings[0];
    const group = rng.weighted<SettingGroup>({
      mainstream: row?.mainstream ?? 1,
      special: row?.special ?? 0,
      ap: row?.ap ?? 0,
      fe: row?.fe ?? 0,
      elsewhere: row?.elsewhere ?? 0,
      earlyYears: row?.earlyYears ?? 0,
    });
    const sibling = family && rng.chance(0.06);
    const place = sibling && family ? family.place : pickPlace(plan.places, rng);
    const home = located(place, 4000);
    const setting =
      group === 'mainstream'
        ? nearest(age >= 11 ? secondaries : primaries.length ? primaries : secondaries, home)
        : group === 'special'
          ? nearest(
              rng.chance(0.75) || !independents.length
                ? specials.length
                  ? specials
                  : independents
                : independents,
              home,
            )
          : group === 'ap'
            ? nearest(aps, home)
            : group === 'fe'
              ? nearest(colleges, home)
              : group === 'earlyYears'
                ? nearest(earlyYears, home)
                : null;

    const sex = rng.weighted(sexWeights);
    // Brothers and sisters share their family's background and surname.
    const ethnicity = sibling && family ? family.ethnicity : rng.weighted(ethnicityWeights);
    const origins = sibling && family ? family.origins : familyOriginsFor(ethnicity, rng);
    const forename = childForename(rng.pick(origins), sex === 'U' ? (rng.chance(0.5) ? 'M' : 'F') : sex, rng);
    const familySurname = sibling && family ? family.surname : surnameFrom(origins[0], rng);
    const surname = surnameAs(familySurname, origins[0], sex === 'F' ? 'F' : 'M', false);
    // Age on the 31 August before the census: born between 1 September and 31 August a year apart.
    const birthYear = plan.censusYear - 1 - age - (rng.chance(8 / 12) ? 1 : 0);
    const month = birthYear === plan.censusYear - 2 - age ? rng.int(9, 12) : rng.int(1, 8);
    const dob = isoDate(birthYear, month, rng.int(1, daysInMonth(birthYear, month)));

    let upn: string | null = null;
    if (age >= 4 && age <= 19 && rng.chance(0.94)) {
      const estab = setting ? (estabNumber.get(setting.id) ?? 2000) : 2000;
      const entryYear = (birthYear + 5) % 100;
      for (let tries = 0; tries < 50 && (!upn || usedUpns.has(upn)); tries++)
        upn = upnWithCheckLetter(
          `${plan.code}${pad(estab % 10000, 4)}${pad(entryYear, 2)}${pad(rng.int(0, 999), 3)}`,
        );
      if (upn && usedUpns.has(upn)) upn = null;
      if (upn) usedUpns.add(upn);
    }
    const child: ChildRow = {
      id: rng.uuid(),
      la_code: plan.code,
      upn,
      upn_unknown_reason: upn ? null : age < 6 ? 'UN1' : 'UN2',
      uln: age >= 14 && rng.chance(0.7) ? randomUln(rng) : null,
      forename,
      surname,
      name_search: nameSearchFor(forename, surname),
      date_of_birth: dob,
      sex,
      ethnicity,
      home_postcode: postcodeIn(place.postcode, rng),
      home_latitude: home.latitude,
      home_longitude: home.longitude,
      establishment_id: setting?.id ?? null,
    };
    out.children.push(child);

    const needs: SenType[] = [rng.weighted(primaryNeedWeights)];
    if (rng.chance(0.4)) needs.push(rng.weighted(primaryNeedWeights));
    if (rng.chance(0.1)) needs.push(rng.weighted(primaryNeedWeights));
    [...new Set(needs)].forEach((sen, r) => {
      out.needs.push({ la_code: plan.code, child_id: child.id, rank: r + 1, sen_type: sen });
    });

    if (sibling && family) {
      family.carers.forEach(({ person, relationship }, k) => {
        out.relationships.push({
          la_code: plan.code,
          child_id: child.id,
          person_id: person.id,
          relationship,
          parental_responsibility: true,
          lives_with: true,
          main_contact: k === 0,
        });
      });
      continue;
    }
    const carers: NonNullable<typeof family>['carers'] = [];
    const count = rng.chance(0.6) ? 2 : 1;
    for (let k = 0; k < count; k++) {
      const relationship: RelationshipRow['relationship'] =
        count === 1
          ? rng.weighted({ mother: 70, father: 15, carer: 8, guardian: 4, foster_carer: 3 })
          : k === 0
            ? 'mother'
            : 'father';
      // A mother is a woman and a father a man; carers, guardians and foster carers are either,
      // more often women, as most are.
      const adultSex =
        relationship === 'mother' ? 'F' : relationship === 'father' ? 'M' : rng.chance(0.7) ? 'F' : 'M';
      // A foster carer is from another family; a guardian is often a grandparent.
      const origin =
        relationship === 'foster_carer'
          ? familyOriginsFor(rng.weighted(ethnicityWeights), rng)[0]
          : (origins[k] ?? origins[0]);
      const sharesSurname =
        relationship === 'foster_carer'
          ? false
          : relationship === 'guardian' || relationship === 'carer'
            ? rng.chance(0.5)
            : k === 0 || rng.chance(0.75);
      const fore = adultForename(origin, adultSex, rng);
      const sur = sharesSurname
        ? surnameAs(familySurname, origins[0], adultSex, true)
        : surnameAs(surnameFrom(origin, rng), origin, adultSex, true);
      const language = rng.weighted({
        English: 92,
        Polish: 3,
        Portuguese: 1.5,
        Lithuanian: 1,
        Romanian: 1,
        Arabic: 0.8,
        Bengali: 0.7,
      });
      const person: PersonRow = {
        id: rng.uuid(),
        la_code: plan.code,
        forename: fore,
        surname: sur,
        email: `${nameSearchFor(fore, '').replace(/[^a-z]/g, '')}.${nameSearchFor('', sur).replace(/[^a-z]/g, '')}.${i}@example.org`,
        phone: `07700 900${pad(rng.int(0, 999), 3)}`,
        address: `${rng.int(1, 200)} ${rng.pick(schoolWords)} ${rng.pick(['Road', 'Lane', 'Close', 'Gardens', 'Drive'])}, ${place.name}`,
        postcode: child.home_postcode,
        preferred_contact: rng.weighted({ email: 55, phone: 20, text: 20, post: 5 }),
        preferred_language: language,
        needs_interpreter: language !== 'English' && rng.chance(0.4),
      };
      carers.push({ person, relationship });
      out.people.push(person);
      out.relationships.push({
        la_code: plan.code,
        child_id: child.id,
        person_id: person.id,
        relationship,
        parental_responsibility: true,
        lives_with: k === 0 || rng.chance(0.7),
        main_contact: k === 0,
      });
    }
    family = { carers, surname: familySurname, place, ethnicity, origins };
  }
  return out;
}
