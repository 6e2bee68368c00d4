import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gridToLatLong } from '../modules/providers/index.ts';
import { checkInEngland } from '../modules/sufficiency/travel/domain/england.ts';
import { norfolkPlaces } from './catalogue.ts';
import { generateLa, type LaPlan } from './generate.ts';
import { Prng } from './prng.ts';
import { generateCandidateSites } from './sufficiency-sites.ts';

/** A small Norfolk: 80 schools over its towns, on 3 December 2026. */
const plan: LaPlan = {
  code: '926',
  name: 'Norfolk (demo)',
  children: 300,
  schools: 80,
  specialSchools: 4,
  srbs: 6,
  places: norfolkPlaces,
  urnBase: 900_001,
  censusYear: 2026,
};
const today = '2026-12-03';
const la = generateLa(plan, new Prng(5), gridToLatLong);
const made = (seed: number) => generateCandidateSites({ laCode: '926', today }, la, new Prng(seed));

describe('the demo’s candidate sites', () => {
  const { sites, places } = made(926);
  const srbs = sites.filter((s) => s.kind === 'srb_interest');
  const specials = sites.filter((s) => s.kind === 'new_special');
  const placesOf = (id: string) => places.filter((p) => p.site_id === id);

  test('ten expressions of interest and four new special school sites, with names of their own', () => {
    assert.equal(srbs.length, 10);
    assert.equal(specials.length, 4);
    assert.equal(new Set(sites.map((s) => s.name.toLowerCase())).size, sites.length);
    assert.equal(new Set(sites.map((s) => s.id)).size, sites.length);
  });

  test('every site is in England, by its grid reference and by its latitude and longitude', () => {
    for (const s of sites) {
      assert.ok(checkInEngland({ easting: s.easting, northing: s.northing }).ok, s.name);
      assert.ok(checkInEngland({ latitude: s.latitude, longitude: s.longitude }).ok, s.name);
      assert.ok(Number.isInteger(s.easting) && Number.isInteger(s.northing));
    }
  });

  test('an expression of interest is a mainstream school’s, 8 to 16 places of ASD, SEMH or SLCN in its phase', () => {
    const schools = new Map(la.establishments.map((e) => [e.id, e]));
    for (const s of srbs) {
      const school = schools.get(s.establishment_id ?? '');
      assert.ok(school && !school.is_special && school.name === s.name);
      assert.equal(s.easting, school.easting);
      const lines = placesOf(s.id);
      assert.equal(lines.length, 1);
      const [line] = lines;
      assert.ok(line && line.places >= 8 && line.places <= 16);
      assert.ok(['ASD', 'SEMH', 'SLCN'].includes(line.sen_type));
      assert.equal(line.phase, school.phase === 'Secondary' ? 'secondary' : 'primary');
      assert.ok(s.received_on && s.received_on <= today && s.received_on > '2025-12-03');
    }
    assert.ok(
      srbs.some((s) => s.capital_cost_pence !== null) && srbs.some((s) => s.capital_cost_pence === null),
    );
    const districts = new Set(srbs.map((s) => schools.get(s.establishment_id ?? '')?.district));
    assert.ok(districts.size >= 5, `${districts.size} districts`);
  });

  test('a new special school site has 60 to 120 places over 2 or 3 needs in both phases, costs £8m to £20m and opens in a September 2 to 4 years on', () => {
    for (const s of specials) {
      const lines = placesOf(s.id);
      const total = lines.reduce((t, l) => t + l.places, 0);
      assert.ok(total >= 60 && total <= 120, `${total} places`);
      const needs = new Set(lines.map((l) => l.sen_type));
      assert.ok(needs.size >= 2 && needs.size <= 3);
      assert.equal(lines.length, needs.size * 2);
      assert.ok((s.capital_cost_pence ?? 0) >= 800_000_000 && (s.capital_cost_pence ?? 0) <= 2_000_000_000);
      assert.match(s.opens_on ?? '', /^(2028|2029|2030)-09-01$/);
      assert.equal(s.establishment_id, null);
    }
    assert.equal(new Set(specials.map((s) => s.name)).size, 4);
  });

  test('the same seed makes the same sites, another seed others', () => {
    assert.deepEqual(made(926), made(926));
    assert.notDeepEqual(made(926).sites, made(927).sites);
  });
});
