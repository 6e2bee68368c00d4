import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publish, saveDraft } from '../../src/modules/local-offer/editing/service.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { errorSummaryOf, unescapeHtml } from '../support/children.ts';
import { addCentroid, addOrganization, editorOf, publishedService } from '../support/local-offer.ts';

/**
 * The public Local Offer: search by words, type of need, age, category, heading and distance from
 * a postcode; a service's page, kept rendered until an editor publishes; what a family types
 * shown back as text; a postcode that is wrong or unknown said so.
 */

const base = {
  status: 'active' as const,
  free: true,
  categories: ['leisure' as const],
  headings: ['childcare-leisure' as const],
};

describe('the public Local Offer', () => {
  let t: TestApp;
  let swim: string;
  let org: string;

  before(async () => {
    t = await startTestApp({ PUBLIC_LA: '926' });
    const editor = await editorOf(t);
    org = await addOrganization(t, t.la.code, 'Active Norfolk');
    await addCentroid(t, t.la.code, 'NR1 2DH', 52.6262, 1.2999);
    await addCentroid(t, t.la.code, 'PE30 1EX', 52.7543, 0.3959);
    await addCentroid(t, t.la.code, 'NR2 4SQ', 52.632, 1.28);
    swim = await publishedService(editor, {
      ...base,
      organizationId: org,
      name: 'Inclusive swimming <b>lessons</b>',
      description: 'Small swimming groups for children with autism.\nParents can stay poolside.',
      minimumAge: 5,
      maximumAge: 16,
      needs: ['ASD'],
      eligibility: 'Children living in Norwich.',
      locations: [{ name: 'Norwich pool', address1: 'Riverside', city: 'Norwich', postcode: 'NR1 2DH' }],
      schedules: [{ days: ['SA', 'SU'], opensAt: '09:00', closesAt: '11:00', description: 'term time only' }],
    });
    await publishedService(editor, {
      ...base,
      organizationId: org,
      name: 'Youth climbing club',
      description: 'Climbing for young people with any need.',
      minimumAge: 11,
      maximumAge: 25,
      free: false,
      fees: '£4 a session',
      locations: [{ name: 'Lynn wall', address1: 'Lynnsport', city: 'King’s Lynn', postcode: 'PE30 1EX' }],
    });
    await publishedService(editor, {
      ...base,
      organizationId: org,
      name: 'Hearing support service',
      description: 'Teachers of the deaf visit schools and homes.',
      categories: ['education'],
      headings: ['provision-in-area'],
      needs: ['HI'],
    });
  });
  after(() => t.close());

  const page = async (url: string) => {
    const res = await t.app.inject({ url, headers: { accept: 'text/html' } });
    return { status: res.statusCode, html: res.body, text: unescapeHtml(res.body), headers: res.headers };
  };
  const found = async (q: string) =>
    [
      ...(await page(`/local-offer?${q}`)).html.matchAll(
        /href="\/local-offer\/services\/[0-9a-f-]{36}">([^<]*)</g,
      ),
    ].map((m) => unescapeHtml(m[1] ?? ''));

  it('opens on the Local Offer headings, without sign-in', async () => {
    const p = await page('/local-offer');
    assert.equal(p.status, 200);
    assert.match(p.text, /Browse the Local Offer/);
    assert.match(p.text, /Health care/);
    assert.match(p.text, /Open Referral UK feed/);
  });

  it('searches by words, need, age, category and heading', async () => {
    assert.deepEqual(await found('q=swimming'), ['Inclusive swimming <b>lessons</b>']);
    // A service that names no need is for every need: the climbing club shows for autism too.
    assert.deepEqual((await found('need=ASD')).sort(), [
      'Inclusive swimming <b>lessons</b>',
      'Youth climbing club',
    ]);
    assert.deepEqual(await found('need=HI'), ['Hearing support service', 'Youth climbing club']);
    // Age 18: the climbing club (11 to 25) only; the swimming (5 to 16) is too young for them.
    assert.deepEqual(await found('age=18&category=leisure'), ['Youth climbing club']);
    assert.deepEqual(await found('heading=provision-in-area'), ['Hearing support service']);
    const none = await page('/local-offer?q=unicycling');
    assert.match(none.text, /0 services found/);
  });

  it('searches near a postcode, nearest first, within the distance chosen', async () => {
    // From NR2 4SQ (52.632, 1.28) to the pool (52.6262, 1.2999): 0.0058° north is 645 m, 0.0199° east at
    // latitude 52.63 is 0.0199 × cos 52.63° × 111.2 km = 1,343 m; together √(645² + 1,343²) = 1,490 m,
    // 0.9 miles. King’s Lynn (52.7543, 0.3959) is about 61 km, 38 miles: beyond 25.
    const p = await page('/local-offer?postcode=nr2%204sq&miles=25');
    assert.match(p.text, /1 service found/);
    assert.match(p.text, /Inclusive swimming <b>lessons<\/b>/);
    assert.match(p.text, /Active Norfolk, 0\.9 miles away/);
    const wider = await found('postcode=NR2+4SQ&miles=25&q=club');
    assert.deepEqual(wider, []);
  });

  it('says what is wrong with a search, naming the field, and never fails', async () => {
    const bad = await page('/local-offer?postcode=NR1%201CA&age=ten&need=XYZ&miles=7');
    assert.equal(bad.status, 400);
    assert.deepEqual(
      errorSummaryOf(bad.html)
        .map((e) => e.href)
        .sort(),
      ['#age', '#miles', '#need', '#postcode'],
    );
    const unknown = await page('/local-offer?postcode=NR99%209ZZ');
    assert.equal(unknown.status, 400);
    assert.deepEqual(errorSummaryOf(unknown.html), [
      { href: '#postcode', text: 'We do not know where NR99 9ZZ is: check it, or search without a postcode' },
    ]);
    assert.equal((await page('/local-offer?page=0')).status, 400);
  });

  it('shows a service with its text as text, and keeps the page until an editor publishes', async () => {
    const first = await page(`/local-offer/services/${swim}`);
    assert.equal(first.status, 200);
    assert.match(first.html, /Inclusive swimming &lt;b&gt;lessons&lt;\/b&gt;/);
    assert.doesNotMatch(first.html, /<b>lessons<\/b>/);
    assert.match(first.text, /Saturday, Sunday: 09:00 to 11:00 \(term time only\)/);
    assert.match(first.text, /Autistic spectrum disorder/);
    assert.match(first.text, /last checked this service with Active Norfolk on 2 March 2026/);
    assert.match(String(first.headers['cache-control']), /public/);
    assert.equal(first.headers['set-cookie'], undefined, 'a public page sets no cookie');
    const again = await page(`/local-offer/services/${swim}`);
    assert.equal(again.html, first.html);

    const editor = await editorOf(t, t.la.code, 'editor-2');
    const change = await saveDraft(editor, swim, {
      ...base,
      organizationId: org,
      name: 'Inclusive swimming lessons',
      description: 'Now on Fridays too.',
      needs: ['ASD'],
    });
    assert.ok(change.ok);
    assert.match(
      (await page(`/local-offer/services/${swim}`)).text,
      /Inclusive swimming <b>lessons<\/b>/,
      'a draft changes nothing',
    );
    assert.ok((await publish(editor, change.value.versionId)).ok);
    assert.match((await page(`/local-offer/services/${swim}`)).text, /Now on Fridays too\./);
    assert.equal((await page('/local-offer/services/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await page('/local-offer/services/nope')).status, 404);
  });
});
