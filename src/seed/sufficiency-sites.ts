import { checkInEngland } from '../modules/sufficiency/travel/domain/england.ts';
import { academicYearStart, type IsoDate } from '../platform/kernel/dates.ts';
import type { SenType } from '../platform/kernel/sen2.ts';
import type { EstablishmentRow, GeneratedLa } from './generate.ts';
import type { Prng } from './prng.ts';

/**
 * The demo's candidate sites for new specialist places, as a sufficiency lead would keep them:
 * mainstream schools across the LA's districts that have expressed interest in hosting an SRB,
 * and sites for a new special school in four of its towns, each with the places it would add.
 */

export interface CandidateSiteRow {
  id: string;
  la_code: string;
  kind: 'srb_interest' | 'new_special';
  name: string;
  establishment_id: string | null;
  easting: number;
  northing: number;
  latitude: number;
  longitude: number;
  capital_cost_pence: number | null;
  opens_on: IsoDate | null;
  received_on: IsoDate | null;
  note: string | null;
}

export interface CandidateSitePlaceRow {
  la_code: string;
  site_id: string;
  sen_type: SenType;
  phase: 'primary' | 'secondary';
  places: number;
}

export interface GeneratedCandidateSites {
  sites: CandidateSiteRow[];
  places: CandidateSitePlaceRow[];
}

const expressions = 10;
const specialSites = 4;
const srbNeeds: readonly SenType[] = ['ASD', 'SEMH', 'SLCN'];
const specialNeeds: readonly SenType[] = ['ASD', 'SEMH', 'SLCN', 'MLD', 'SLD'];

const addDays = (day: IsoDate, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const inEngland = (e: { easting: number; northing: number }) => checkInEngland(e);

/** Mainstream primaries and secondaries, not already hosting a unit or an SRB, in England. */
const hosts = (data: GeneratedLa) =>
  data.establishments.filter(
    (e) =>
      e.setting_kind === 'school' &&
      !e.is_special &&
      e.urn !== null &&
      (e.phase === 'Primary' || e.phase === 'Secondary') &&
      !e.has_resourced_provision &&
      !e.has_sen_unit &&
      inEngland(e).ok,
  );

/** Schools taken from each district in turn, so the expressions of interest spread over the LA. */
function spreadOverDistricts(
  schools: readonly EstablishmentRow[],
  count: number,
  rng: Prng,
): EstablishmentRow[] {
  const byDistrict = new Map<string, EstablishmentRow[]>();
  for (const s of schools) byDistrict.set(s.district, [...(byDistrict.get(s.district) ?? []), s]);
  const districts = [...byDistrict.keys()].sort();
  const picked: EstablishmentRow[] = [];
  while (picked.length < count && districts.some((d) => (byDistrict.get(d) ?? []).length)) {
    for (const d of districts) {
      const left = byDistrict.get(d) ?? [];
      if (!left.length || picked.length >= count) continue;
      const [school] = left.splice(Math.floor(rng.next() * left.length), 1);
      if (school) picked.push(school);
    }
  }
  return picked;
}

/** The LA's towns with the most settings, largest first. */
function largestTowns(data: GeneratedLa): string[] {
  const count = new Map<string, number>();
  for (const e of data.establishments) count.set(e.town, (count.get(e.town) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([town]) => town);
}

export function generateCandidateSites(
  input: { laCode: string; today: IsoDate },
  data: GeneratedLa,
  rng: Prng,
): GeneratedCandidateSites {
  const { laCode, today } = input;
  const sites: CandidateSiteRow[] = [];
  const places: CandidateSitePlaceRow[] = [];
  const thisYear = academicYearStart(today);

  for (const school of spreadOverDistricts(hosts(data), expressions, rng)) {
    const id = rng.uuid();
    const phase = school.phase === 'Secondary' ? 'secondary' : 'primary';
    const need = rng.pick(srbNeeds);
    sites.push({
      id,
      la_code: laCode,
      kind: 'srb_interest',
      name: school.name,
      establishment_id: school.id,
      easting: school.easting,
      northing: school.northing,
      latitude: school.latitude,
      longitude: school.longitude,
      // Some schools have had their building costed; the rest have not yet.
      capital_cost_pence: rng.chance(0.6) ? rng.int(30, 120) * 5_000 * 100 : null,
      opens_on: `${thisYear + rng.int(1, 2)}-09-01`,
      received_on: addDays(today, -rng.int(0, 364)),
      note: rng.chance(0.5) ? 'The governing body has agreed to host the provision' : null,
    });
    places.push({ la_code: laCode, site_id: id, sen_type: need, phase, places: rng.int(8, 16) });
  }

  const towns = largestTowns(data).slice(0, specialSites);
  for (const town of towns) {
    const inTown = data.establishments.filter((e) => e.town === town && inEngland(e).ok);
    const anchor = inTown.length ? rng.pick(inTown) : undefined;
    if (!anchor) continue;
    // A few hundred metres from a school in the town, kept in England however the jitter falls.
    let point = { easting: anchor.easting, northing: anchor.northing };
    for (let tries = 0; tries < 10; tries++) {
      const jittered = {
        easting: Math.round(anchor.easting + rng.gaussian() * 300),
        northing: Math.round(anchor.northing + rng.gaussian() * 300),
      };
      if (inEngland(jittered).ok) {
        point = jittered;
        break;
      }
    }
    const where = inEngland(point);
    if (!where.ok) continue;
    const id = rng.uuid();
    sites.push({
      id,
      la_code: laCode,
      kind: 'new_special',
      name: `New special school site, ${town}`,
      establishment_id: null,
      ...point,
      ...where.latLon,
      capital_cost_pence: rng.int(16, 40) * 500_000 * 100,
      // The start of a school year two to four on from this one: time to build.
      opens_on: `${thisYear + rng.int(2, 4)}-09-01`,
      received_on: addDays(today, -rng.int(30, 700)),
      note: rng.chance(0.5) ? 'Land the council owns; outline planning to be sought' : null,
    });
    const needs = new Set<SenType>();
    const needCount = rng.int(2, 3);
    while (needs.size < needCount) needs.add(rng.pick(specialNeeds));
    const lines = [...needs].flatMap((need) =>
      (['primary', 'secondary'] as const).map((phase) => ({ need, phase })),
    );
    const total = rng.int(60, 120);
    lines.forEach((l, i) => {
      const share = Math.floor(total / lines.length) + (i < total % lines.length ? 1 : 0);
      places.push({ la_code: laCode, site_id: id, sen_type: l.need, phase: l.phase, places: share });
    });
  }
  return { sites, places };
}
