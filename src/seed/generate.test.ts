import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { placeLineProblems } from '../modules/providers/places/domain/places.ts';
import { norfolkDistricts, norfolkPlaces } from './catalogue.ts';
import { generateLa, type LaPlan } from './generate.ts';
import { planFor } from './index.ts';
import { Prng } from './prng.ts';

const flat = (e: number, n: number) => ({ latitude: 52 + n / 1e7, longitude: e / 1e7 });
const plan = (children: number): LaPlan => ({
  code: '926',
  name: 'Norfolk (demo)',
  children,
  schools: 60,
  specialSchools: 3,
  srbs: 5,
  places: norfolkPlaces.slice(0, 8),
  urnBase: 900_001,
  censusYear: 2026,
});

const upnLetters = 'ABCDEFGHJKLMNPQRTUVWXYZ';
function upnValid(upn: string): boolean {
  let sum = 0;
  for (let i = 1; i < 13; i++) sum += Number(upn[i]) * (i + 1);
  return upn[0] === upnLetters[sum % 23];
}
function ulnValid(uln: string): boolean {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(uln[i]) * (10 - i);
  return sum % 11 !== 0 && Number(uln[9]) === 10 - (sum % 11);
}

test('the same seed makes the same LA, a different seed a different one', () => {
  const a = generateLa(plan(300), new Prng(7), flat);
  const b = generateLa(plan(300), new Prng(7), flat);
  const c = generateLa(plan(300), new Prng(8), flat);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.children, c.children);
});

test('each designation has one place line over its setting’s ages, in the narrowest phase that holds them', () => {
  const la = generateLa(plan(300), new Prng(11), flat);
  const schools = new Map(la.establishments.map((e) => [e.id, e]));
  assert.ok(la.designations.length > 0);
  const ids = la.placeLines.map((l) => l.id);
  assert.equal(new Set(ids).size, ids.length);
  const elsewhere = generateLa({ ...plan(300), code: '927' }, new Prng(11), flat).placeLines.map((l) => l.id);
  assert.ok(!elsewhere.some((id) => ids.includes(id)), 'another LA’s lines have other ids');
  assert.deepEqual(
    la.placeLines.map((l) => `${l.establishment_id}:${l.provision}:${l.sen_type}`),
    la.designations.map((d) => `${d.establishment_id}:${d.provision}:${d.sen_type}`),
  );
  for (const l of la.placeLines) {
    const school = schools.get(l.establishment_id);
    assert.equal(l.low_age, school?.statutory_low_age);
    assert.equal(l.high_age, school?.statutory_high_age);
    const line = {
      provision: l.provision,
      senType: l.sen_type,
      phase: l.phase,
      lowAge: l.low_age,
      highAge: l.high_age,
      places: l.places,
      startsOn: l.starts_on,
      endsOn: null,
    };
    assert.deepEqual(placeLineProblems(line), [], JSON.stringify(l));
    // The generator's settings are primary (4 to 11), secondary (from 11) or special schools from 3 to 7 up to 16 or 19.
    const expected = l.high_age <= 11 ? 'primary' : l.low_age >= 11 ? 'secondary' : 'all_through';
    assert.equal(l.phase, expected, JSON.stringify(l));
  }
});

test('a generated LA holds together: identifiers valid in form, each school in one cluster, needs ranked once', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1_000_000 }),
      fc.integer({ min: 20, max: 400 }),
      (seed, children) => {
        const la = generateLa(plan(children), new Prng(seed), flat);
        assert.equal(la.children.length, children);
        const upns = la.children.flatMap((c) => (c.upn ? [c.upn] : []));
        assert.equal(new Set(upns).size, upns.length, 'UPNs are unique in the LA');
        for (const upn of upns) assert.ok(/^[A-Z]926\d{9}$/.test(upn) && upnValid(upn), upn);
        for (const c of la.children) {
          if (c.uln) assert.ok(ulnValid(c.uln), c.uln);
          assert.match(c.home_postcode, /^[A-Z]{1,2}\d{1,2} \d[A-Z]{2}$/);
          assert.ok(c.upn || c.upn_unknown_reason, 'no UPN only with a reason');
        }
        const member = new Map<string, number>();
        for (const m of la.memberships)
          member.set(m.establishment_id, (member.get(m.establishment_id) ?? 0) + 1);
        assert.ok([...member.values()].every((n) => n === 1));
        const ids = new Set(la.establishments.map((e) => e.id));
        for (const c of la.children) if (c.establishment_id) assert.ok(ids.has(c.establishment_id));
        const ranks = new Set(la.needs.map((n) => `${n.child_id}:${n.rank}`));
        assert.equal(ranks.size, la.needs.length);
        assert.ok(la.needs.filter((n) => n.rank === 1).length === children, 'every child has a primary need');
        return true;
      },
    ),
    { numRuns: 25 },
  );
});

test("children's ages follow Norfolk's: most are of school age, none over 25", () => {
  const la = generateLa(plan(3000), new Prng(1), flat);
  const ageOn31Aug2025 = (dob: string) => {
    const [y, m] = dob.split('-').map(Number) as [number, number];
    return 2025 - y - (m >= 9 ? 1 : 0);
  };
  const ages = la.children.map((c) => ageOn31Aug2025(c.date_of_birth));
  assert.ok(Math.max(...ages) <= 25);
  assert.ok(Math.min(...ages) >= 2);
  const schoolAge = ages.filter((a) => a >= 5 && a <= 15).length / ages.length;
  assert.ok(schoolAge > 0.55 && schoolAge < 0.8, `school-age share ${schoolAge}`);
});

const norfolkSized: LaPlan = {
  ...plan(15_522),
  schools: 430,
  specialSchools: 15,
  srbs: 30,
  places: norfolkPlaces,
};

test('no surname is shared by 1% of the children in a Norfolk-sized LA, brothers and sisters included', () => {
  for (const seed of [926_001, 1_001]) {
    const la = generateLa(norfolkSized, new Prng(seed), flat);
    const bySurname = new Map<string, number>();
    for (const c of la.children) bySurname.set(c.surname, (bySurname.get(c.surname) ?? 0) + 1);
    const [surname, most] = [...bySurname].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    // 1% of 15,522 children is 155.22: the commonest surname may be borne by 155 at most.
    assert.ok(most <= 155, `${surname}: ${most} of ${la.children.length}`);
  }
});

test("every setting has its district: Norfolk's one of its seven, an invented LA's the invented district it is in", () => {
  const norfolk = generateLa(norfolkSized, new Prng(926_001), flat);
  const seven: ReadonlySet<string> = new Set(norfolkDistricts);
  assert.ok(norfolk.establishments.length > 400);
  for (const e of norfolk.establishments)
    assert.ok(e.district && seven.has(e.district), `${e.name}: ${e.district}`);
  assert.deepEqual(
    new Set(norfolk.establishments.map((e) => e.district)),
    seven,
    'each district has settings',
  );
  const thetford = norfolk.establishments.find((e) => e.town === 'Thetford');
  assert.equal(thetford?.district, 'Breckland');

  const invented = planFor({ scale: 'national', seed: 5 }).find((p) => p.code !== '926');
  assert.ok(invented);
  const la = generateLa({ ...invented, children: 50 }, new Prng(5), flat);
  const districts = new Set(invented.places.map((p) => p.name));
  assert.ok(la.establishments.length > 0);
  for (const e of la.establishments) {
    assert.equal(e.district, e.town, 'an invented place is a district of its own');
    assert.ok(e.district && districts.has(e.district), `${e.name}: ${e.district}`);
  }
});

// Forenames no one would take for the other sex's, written out here rather than taken from the generator.
const womensNames = new Set(
  'Sarah Emma Laura Rebecca Claire Gemma Kelly Rachel Natalie Lisa Amy Joanne Michelle Victoria Hayley Stacey Nicola Louise Helen Karen Julie Angela Sharon Mary Bridget Agnieszka Katarzyna Anna Ana Fatima Nasreen Shazia Priya Ngozi Marcia'.split(
    ' ',
  ),
);
const mensNames = new Set(
  'David Mark Paul Andrew Richard Daniel Christopher Stuart Craig Darren Matthew Wayne Gary James John Michael Robert Steven Simon Peter Alan Patrick Piotr Tomasz Krzysztof João Imran Tariq Abdul Kwame Winston Mohammed'.split(
    ' ',
  ),
);

test("a parent recorded as a mother has a woman's forename and one recorded as a father a man's", () => {
  const la = generateLa(norfolkSized, new Prng(926_001), flat);
  const people = new Map(la.people.map((p) => [p.id, p]));
  const named = (relationship: string) =>
    la.relationships
      .filter((r) => r.relationship === relationship)
      .map((r) => people.get(r.person_id)?.forename ?? '');
  const mothers = named('mother');
  const fathers = named('father');
  assert.deepEqual(
    mothers.filter((n) => mensNames.has(n)),
    [],
    "mothers with men's names",
  );
  assert.deepEqual(
    fathers.filter((n) => womensNames.has(n)),
    [],
    "fathers with women's names",
  );
  // The lists above are short, but most parents have one of the names on them: the check bites.
  assert.ok(mothers.filter((n) => womensNames.has(n)).length > mothers.length / 3);
  assert.ok(fathers.filter((n) => mensNames.has(n)).length > fathers.length / 3);
});

test('a child shares a surname with a parent or carer, as most children do', () => {
  const la = generateLa(plan(3000), new Prng(3), flat);
  const people = new Map(la.people.map((p) => [p.id, p]));
  const surnamesOfCarers = new Map<string, Set<string>>();
  for (const r of la.relationships) {
    const set = surnamesOfCarers.get(r.child_id) ?? new Set();
    set.add(people.get(r.person_id)?.surname ?? '');
    surnamesOfCarers.set(r.child_id, set);
  }
  const sharing = la.children.filter((c) => surnamesOfCarers.get(c.id)?.has(c.surname)).length;
  assert.ok(sharing / la.children.length > 0.9, `${sharing} of ${la.children.length}`);
});
