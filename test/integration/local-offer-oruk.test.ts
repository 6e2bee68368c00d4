import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { saveDraft, withdraw } from '../../src/modules/local-offer/editing/service.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addCentroid, addOrganization, editorOf, publishedService } from '../support/local-offer.ts';
import { orukMock, orukProblems, pageFields } from '../support/oruk.ts';

/**
 * The Local Offer's Open Referral UK 3.0 feed: every answer checked against the profile's own
 * schemas, its filters and paging, a page past the end, an unknown ID, a bad filter, CORS; only
 * published services of the public LA, never a draft or another LA's.
 */

interface Page {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: { id: string; name: string; [k: string]: unknown }[];
}

const base = {
  description: 'A service for families.',
  status: 'active' as const,
  free: true,
  eligibility: 'Children and young people who live in Norfolk.',
  howToAccess: 'Ask your school, or ring us.',
};

describe('the ORUK feed', () => {
  let t: TestApp;
  let speech: string;
  let club: string;
  let hidden: string;

  before(async () => {
    t = await startTestApp({ PUBLIC_LA: '926' });
    const editor = await editorOf(t);
    const org = await addOrganization(t, t.la.code, 'Norfolk Community Health');
    await addCentroid(t, t.la.code, 'NR1 2DH', 52.6262, 1.2999);
    await addCentroid(t, t.la.code, 'PE30 1EX', 52.7543, 0.3959);
    speech = await publishedService(editor, {
      ...base,
      organizationId: org,
      name: 'Children’s speech and language therapy',
      description: 'Speech and language therapy in clinics and schools.',
      url: 'https://example.org/speech',
      email: 'speech@example.org',
      minimumAge: 0,
      maximumAge: 18,
      headings: ['health-care'],
      categories: ['health'],
      needs: ['SLCN', 'ASD'],
      locations: [{ name: 'Norwich clinic', address1: '1 Bank Plain', city: 'Norwich', postcode: 'nr1 2dh' }],
      schedules: [{ days: ['MO', 'WE'], opensAt: '09:00', closesAt: '17:00' }],
    });
    club = await publishedService(editor, {
      ...base,
      organizationId: org,
      name: 'Saturday inclusive sports club',
      description: 'Football, swimming and climbing for young people with any need.',
      free: false,
      fees: '£3 a session',
      minimumAge: 8,
      maximumAge: 25,
      headings: ['childcare-leisure'],
      categories: ['leisure'],
      locations: [
        {
          name: 'King’s Lynn leisure centre',
          address1: 'Lynnsport',
          city: 'King’s Lynn',
          postcode: 'PE30 1EX',
        },
      ],
      schedules: [{ days: ['SA'], opensAt: '10:00', closesAt: '12:30' }],
    });
    // Drafted, never published: not in the feed.
    const draft = await saveDraft(editor, null, {
      ...base,
      organizationId: org,
      name: 'A draft service',
      headings: ['health-care'],
      categories: ['health'],
    });
    assert.ok(draft.ok);
    hidden = draft.value.serviceId;
    // Another LA's service: not in this LA's feed.
    const otherEditor = await editorOf(t, t.otherLa.code, 'other-editor');
    const otherOrg = await addOrganization(t, t.otherLa.code, 'Suffolk Health');
    await publishedService(otherEditor, {
      ...base,
      organizationId: otherOrg,
      name: 'Suffolk speech therapy',
      headings: ['health-care'],
      categories: ['health'],
    });
  });
  after(() => t.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: { origin: 'https://elsewhere.example' } });
    return { status: res.statusCode, headers: res.headers, body: res.json() as unknown };
  };

  it('answers / with the profile it follows, open to any origin', async () => {
    const res = await get('/oruk');
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.deepEqual((res.body as { version: string }).version, 'HSDS-UK-3.0');
    const preflight = await t.app.inject({ method: 'OPTIONS', url: '/oruk/services' });
    assert.equal(preflight.statusCode, 204);
    assert.match(String(preflight.headers['access-control-allow-methods']), /GET/);
  });

  it('lists the published services of the LA, each valid against the profile', async () => {
    const res = await get('/oruk/services');
    assert.equal(res.status, 200);
    const page = res.body as Page;
    for (const f of pageFields) assert.ok(f in page, f);
    assert.deepEqual(
      page.contents.map((s) => s.name),
      ['Children’s speech and language therapy', 'Saturday inclusive sports club'],
    );
    assert.ok(!page.contents.some((s) => s.id === hidden));
    for (const s of page.contents) assert.deepEqual(orukProblems('serviceList', s), [], s.name);
    assert.deepEqual(
      [page.total_items, page.total_pages, page.first_page, page.last_page, page.empty],
      [2, 1, true, true, false],
    );
  });

  it('gives a service whole, valid against the compiled service schema, with its terms, place and times', async () => {
    const res = await get(`/oruk/services/${speech}`);
    assert.equal(res.status, 200);
    assert.deepEqual(orukProblems('service', res.body), []);
    const s = res.body as {
      attributes: { taxonomy_term: { term: string } }[];
      service_at_locations: {
        location: { addresses: { postal_code: string; state_province: string }[]; latitude: number };
      }[];
      schedules: { byday: string; opens_at: string; closes_at: string }[];
      cost_options: unknown[];
    };
    assert.deepEqual(s.attributes.map((a) => a.taxonomy_term.term).sort(), [
      'ASD',
      'SLCN',
      'health',
      'health-care',
    ]);
    assert.equal(s.service_at_locations[0]?.location.addresses[0]?.postal_code, 'NR1 2DH');
    assert.equal(s.service_at_locations[0]?.location.addresses[0]?.state_province, 'Norfolk (test)');
    assert.equal(s.service_at_locations[0]?.location.latitude, 52.6262);
    assert.deepEqual(
      s.schedules.map((x) => [x.byday, x.opens_at, x.closes_at]),
      [['MO,WE', '09:00', '17:00']],
    );
    assert.deepEqual(s.cost_options, []);
    const paid = await get(`/oruk/services/${club}`);
    assert.deepEqual(orukProblems('service', paid.body), []);
    assert.equal((paid.body as { fees: string }).fees, '£3 a session');
  });

  it('filters by term, taxonomy, age, day and time, and text', async () => {
    const terms = (await get('/oruk/taxonomy_terms?per_page=200')).body as Page;
    const slcn = terms.contents.find((x) => x.term === 'SLCN')?.id;
    const names = async (q: string) => {
      const res = await get(`/oruk/services?${q}`);
      assert.equal(res.status, 200, `${q}: ${JSON.stringify(res.body)}`);
      return (res.body as Page).contents.map((s) => s.name);
    };
    assert.deepEqual(await names(`taxonomy_term_id=${slcn}`), ['Children’s speech and language therapy']);
    // minimum_age: services whose youngest age is at least 5 (the club's is 8, the therapy's 0).
    assert.deepEqual(await names('minimum_age=5'), ['Saturday inclusive sports club']);
    // maximum_age: services whose oldest age is 18 or under.
    assert.deepEqual(await names('maximum_age=18'), ['Children’s speech and language therapy']);
    assert.deepEqual(await names('day=SA'), ['Saturday inclusive sports club']);
    assert.deepEqual(await names('day=wednesday&start_time=08:30&end_time=17:00'), [
      'Children’s speech and language therapy',
    ]);
    assert.deepEqual(await names('search=swimming'), ['Saturday inclusive sports club']);
  });

  it('pages: a page past the end is an empty page, not an error', async () => {
    const first = (await get('/oruk/services?per_page=1')).body as Page;
    assert.deepEqual([first.size, first.total_items, first.total_pages, first.last_page], [1, 2, 2, false]);
    const past = await get('/oruk/services?page=5&per_page=1');
    assert.equal(past.status, 200);
    const p = past.body as Page;
    assert.deepEqual([p.empty, p.size, p.total_items, p.page_number, p.contents.length], [true, 0, 2, 5, 0]);
  });

  it('refuses a bad filter with 400 naming it, and an unknown ID with 404, each a short JSON body', async () => {
    const bad = await get('/oruk/services?page=0&minimum_age=old&taxonomy_term_id=nope');
    assert.equal(bad.status, 400);
    const errors = (bad.body as { errors: { parameter: string }[] }).errors.map((e) => e.parameter).sort();
    assert.deepEqual(errors, ['minimum_age', 'page', 'taxonomy_term_id']);
    assert.equal((await get('/oruk/services?proximity=1000')).status, 400, 'a distance needs a postcode');
    assert.equal((await get('/oruk/services?postcode=NOT%20ONE')).status, 400);
    for (const url of [
      '/oruk/services/00000000-0000-4000-8000-000000000000',
      `/oruk/services/${hidden}`,
      '/oruk/services/not-a-uuid',
      '/oruk/service_at_locations/00000000-0000-4000-8000-000000000000',
      '/oruk/taxonomies/00000000-0000-4000-8000-000000000000',
      '/oruk/taxonomy_terms/00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await get(url);
      assert.equal(res.status, 404, url);
      assert.equal(typeof (res.body as { message: string }).message, 'string');
    }
  });

  it('lists services at their places, nearest a postcode first, and cut at a distance', async () => {
    // From King’s Lynn (PE30 1EX): the sports club there is 0 m away, the Norwich clinic about 61 km.
    const near = (await get('/oruk/service_at_locations?postcode=PE30%201EX')).body as Page;
    assert.deepEqual(
      near.contents.map((c) => (c as unknown as { location: { name: string } }).location.name),
      ['King’s Lynn leisure centre', 'Norwich clinic'],
    );
    for (const c of near.contents) assert.deepEqual(orukProblems('serviceAtLocationList', c), []);
    const within = (await get('/oruk/service_at_locations?postcode=PE30%201EX&proximity=10000')).body as Page;
    assert.equal(within.total_items, 1);
    const one = await get(`/oruk/service_at_locations/${near.contents[0]?.id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(orukProblems('serviceAtLocation', one.body), []);
  });

  it('lists taxonomies and terms valid against their schemas', async () => {
    const list = (await get('/oruk/taxonomies')).body as Page;
    assert.deepEqual(
      list.contents.map((x) => x.name),
      ['Local Offer categories', 'Local Offer headings', 'Types of special educational need'],
    );
    for (const x of list.contents) assert.deepEqual(orukProblems('taxonomy', x), []);
    const headings = list.contents.find((x) => x.name === 'Local Offer headings');
    const one = await get(`/oruk/taxonomies/${headings?.id}`);
    assert.deepEqual(orukProblems('taxonomy', one.body), []);
    assert.equal((one.body as { taxonomy_terms: unknown[] }).taxonomy_terms.length, 16);
    const terms = (await get('/oruk/taxonomy_terms?per_page=200')).body as Page;
    // 16 headings, 13 types of need, 10 categories.
    assert.equal(terms.total_items, 39);
    for (const x of terms.contents) assert.deepEqual(orukProblems('taxonomyTerm', x), []);
    const term = await get(`/oruk/taxonomy_terms/${terms.contents[0]?.id}`);
    assert.deepEqual(orukProblems('taxonomyTerm', term.body), []);
  });

  it('drops a withdrawn service from the feed', async () => {
    const editor = await editorOf(t, t.la.code, 'editor-2');
    assert.ok((await withdraw(editor, club)).ok);
    assert.equal((await get(`/oruk/services/${club}`)).status, 404);
    assert.equal(((await get('/oruk/services')).body as Page).total_items, 1);
  });

  it('checks itself: the validator’s passing mock feeds pass these schemas, and its failing ones fail', () => {
    assert.deepEqual(orukProblems('service', orukMock('V3.0-UK-Default', 'service_full.json')), []);
    assert.notDeepEqual(orukProblems('service', orukMock('V3.0-UK-Fail', 'service_full.json')), []);
    assert.deepEqual(orukProblems('taxonomyTerm', orukMock('V3.0-UK-Default', 'taxonomy_term.json')), []);
    assert.notDeepEqual(orukProblems('taxonomyTerm', orukMock('V3.0-UK-Fail', 'taxonomy_term.json')), []);
  });
});

describe('the ORUK feed where no LA is named', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('says no Local Offer is published here rather than show one LA’s as another’s', async () => {
    const res = await t.app.inject({ url: '/oruk/services' });
    assert.equal(res.statusCode, 404);
    assert.match((res.json() as { message: string }).message, /PUBLIC_LA/);
  });
});
