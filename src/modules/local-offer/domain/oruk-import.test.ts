import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fromOruk, type KnownTerms, servicesIn } from './oruk-import.ts';

const mocks = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../../test/fixtures/oruk/mocks');
const mock = (set: string, file: string) => JSON.parse(fs.readFileSync(path.join(mocks, set, file), 'utf8'));
const defaults = { heading: 'childcare-leisure', category: 'leisure' } as const;
const known: KnownTerms = new Map([
  ['11111111-1111-4111-8111-111111111111', { taxonomy: 'schedule-2', code: 'health-care' }],
]);

test('the validator’s full service reads into a record, leaving out what a Local Offer cannot hold', () => {
  const m = fromOruk(mock('V3.0-UK-Default', 'service_full.json'), defaults, known);
  assert.ok(m.ok);
  const r = m.service.record;
  assert.equal(m.service.sourceId, 'ac148810-d857-441c-9679-408f346de14b');
  assert.equal(r.name, 'Community Counselling');
  assert.equal(m.service.organization.name, 'Example Organization Inc.');
  assert.deepEqual([r.minimumAge, r.maximumAge], [12, 100]);
  // Fees and one cost option: "Under 18s and Over 60s", £35, "per 1 hour session".
  assert.equal(r.free, false);
  assert.equal(r.fees, 'fees_description; Under 18s and Over 60s £35 per 1 hour session');
  // Thursdays and Fridays, 10:00:00 to 18:00:00, weekly.
  assert.deepEqual(
    (r.schedules as { days: string[]; opensAt: string; closesAt: string }[]).map((x) => [
      x.days,
      x.opensAt,
      x.closesAt,
    ]),
    [[['TH', 'FR'], '10:00', '18:00']],
  );
  // Its one place is in "MyCity", postal code "ABC 1234": no UK postcode, so left out and said.
  assert.deepEqual(r.locations, []);
  assert.deepEqual(m.service.warnings, [
    'placed under the heading chosen for the import',
    'left out the place "MyCity Civic Center": it has no UK address with a postcode',
  ]);
  assert.deepEqual([r.headings, r.categories, r.needs], [['childcare-leisure'], ['leisure'], []]);
});

test('the validator’s failing service and list are refused, each problem named', () => {
  const full = fromOruk(mock('V3.0-UK-Fail', 'service_full.json'), defaults, known);
  assert.deepEqual(full.ok ? [] : full.problems, [
    'has the website "example/counselling", which is not a web address starting http:// or https://',
    'has the email address "email-example_com", which is not an email address',
  ]);
  // Four services with no name; the first and last share an ID (found when the file is imported whole).
  const page = servicesIn(mock('V3.0-UK-Fail', 'service_list.json')) ?? [];
  const problems = page.map((x) => {
    const m = fromOruk(x, defaults, known);
    return m.ok ? [] : m.problems;
  });
  assert.deepEqual(
    problems.map((p) => p[0]),
    ['has no name', 'has no name', 'has no name', 'has no name'],
  );
  assert.deepEqual(problems[2], [
    'has no name',
    'has the website "example_counselling", which is not a web address starting http:// or https://',
  ]);
});

test('terms are matched by their IDs, and a file is one service, a list or a page', () => {
  const m = fromOruk(
    {
      id: 'x1',
      name: 'Health visiting',
      organization: { name: 'NHS' },
      attributes: [
        { taxonomy_term_id: '11111111-1111-4111-8111-111111111111' },
        { taxonomy_term: { id: 'unknown' } },
      ],
    },
    defaults,
    known,
  );
  assert.ok(m.ok);
  assert.deepEqual(m.service.record.headings, ['health-care']);
  assert.equal(m.service.record.free, true);
  assert.equal(servicesIn({ id: 'a', name: 'b' })?.length, 1);
  assert.equal(servicesIn([{}, {}])?.length, 2);
  assert.equal(servicesIn({ something: 'else' }), null);
  assert.deepEqual(fromOruk('nonsense', defaults, known), {
    ok: false,
    sourceId: null,
    name: null,
    problems: ['is not a service (an object with an id and a name)'],
  });
});
