import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addMember } from '../../src/modules/local-offer/index.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addUser, errorSummaryOf, unescapeHtml } from '../support/children.ts';
import { addOrganization } from '../support/local-offer.ts';
import { browserFor } from '../support/portals.ts';

/**
 * The Local Offer's editing pages, as an editor and a provider use them in the browser: a service
 * added through the form (its problems named), submitted, published and seen by the public; the
 * list with what waits, downloaded; a provider's suggestion on its own service only.
 */

describe('the Local Offer editing pages', () => {
  let t: TestApp;
  let org: string;
  let editor: { id: string; email: string };
  let provider: { id: string; email: string };

  before(async () => {
    t = await startTestApp({ PUBLIC_LA: '926' });
    org = await addOrganization(t, t.la.code, 'Family Action');
    editor = await addUser(t, t.la.code, 'editor', ['local_offer_editor']);
    provider = await addUser(t, t.la.code, 'provider', ['service_provider']);
    await inTenant(t.database.app.db, { laCode: t.la.code, userId: null }, (tx) =>
      addMember(tx, t.la.code, org, provider.id),
    );
  });
  after(() => t.close());

  it('adds a service through the form, naming each problem, then submits and publishes it', async () => {
    const b = await browserFor(t, editor.email);
    assert.equal((await b.get('/local-offer/manage/services/new')).statusCode, 200);
    const bad = await b.post('/local-offer/manage/services/new', {
      organizationId: org,
      name: 'Sleep clinic',
      description: '',
      status: 'active',
      'locations-0-name': 'Clinic',
      'locations-0-postcode': 'XX',
      'schedules-0-opensAt': '9am',
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(bad.body).map((e) => e.href),
      [
        '#description',
        '#free',
        '#headings',
        '#categories',
        '#locations-0-address1',
        '#locations-0-city',
        '#locations-0-postcode',
        '#schedules-0-days',
        '#schedules-0-opensAt',
        '#schedules-0-closesAt',
      ],
    );
    // What was typed is shown back.
    assert.match(bad.body, /value="Sleep clinic"/);
    const made = await b.post('/local-offer/manage/services/new', {
      organizationId: org,
      name: 'Sleep clinic',
      description: 'Help for children who find sleep hard.',
      status: 'active',
      free: 'yes',
      headings: 'health-care',
      categories: 'health',
      needs: 'ASD',
      'schedules-0-days': 'TU',
      'schedules-0-opensAt': '09:30',
      'schedules-0-closesAt': '12:00',
    });
    assert.equal(made.statusCode, 303, made.body);
    const url = String(made.headers.location).split('?')[0] ?? '';
    const page = unescapeHtml((await b.get(url)).body);
    assert.match(page, /Not published/);
    assert.match(page, /Draft by editor \(926\)/);
    const versionId = /versions\/([0-9a-f-]{36})\/submit/.exec(page)?.[1] ?? '';
    assert.equal((await b.post(`${url}/versions/${versionId}/submit`)).statusCode, 303);
    assert.equal((await b.post(`${url}/versions/${versionId}/publish`)).statusCode, 303);
    const published = unescapeHtml((await b.get(`${url}?done=published`)).body);
    assert.match(published, /Published: the public pages and the open data show it now\./);
    const id = url.split('/').pop() ?? '';
    const publicPage = await t.app.inject({ url: `/local-offer/services/${id}` });
    assert.equal(publicPage.statusCode, 200);
    assert.match(unescapeHtml(publicPage.body), /Tuesday: 09:30 to 12:00/);
    // Publishing twice is refused on the page, not a failure.
    const again = await b.post(`${url}/versions/${versionId}/publish`);
    assert.equal(again.statusCode, 409);

    const list = unescapeHtml((await b.get('/local-offer/manage')).body);
    assert.match(list, /Sleep clinic/);
    const csv = await b.get('/local-offer/manage?format=csv');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /^\uFEFF?Service,Organisation,Published,Waiting,Last checked,Check due\r?\n/);
    // Last checked on publication, 2 March 2026; the next check a year on, 2 March 2027.
    assert.match(csv.body, /Sleep clinic,Family Action,Yes,,2026-03-02,2027-03-02/);
  });

  it('lets a provider suggest a change to its own services only; the editor sees it waiting', async () => {
    const e = await browserFor(t, editor.email);
    const other = await addOrganization(t, t.la.code, 'Other charity');
    const made = await e.post('/local-offer/manage/services/new', {
      organizationId: other,
      name: 'Not theirs',
      description: 'Another organisation’s service.',
      status: 'active',
      free: 'yes',
      headings: 'childcare-leisure',
      categories: 'leisure',
    });
    const notTheirs = String(made.headers.location).split('?')[0] ?? '';
    const p = await browserFor(t, provider.email);
    const list = unescapeHtml((await p.get('/local-offer/manage')).body);
    assert.match(list, /Sleep clinic/);
    assert.doesNotMatch(list, /Not theirs/);
    assert.equal((await p.get(notTheirs)).statusCode, 404);
    assert.equal((await p.get('/local-offer/manage/services/new')).statusCode, 403);
    const mine =
      /href="(\/local-offer\/manage\/services\/[0-9a-f-]{36})"/.exec(
        (await p.get('/local-offer/manage')).body,
      )?.[1] ?? '';
    const sent = await p.post(mine, {
      organizationId: org,
      name: 'Sleep clinic',
      description: 'Now on Thursdays as well.',
      status: 'active',
      free: 'yes',
      headings: 'health-care',
      categories: 'health',
      note: 'From April.',
    });
    assert.equal(sent.statusCode, 303, sent.body);
    assert.match(
      unescapeHtml((await e.get('/local-offer/manage?show=waiting')).body),
      /Suggestion to review/,
    );
    assert.equal(
      (await p.post(`${mine}/withdraw`)).statusCode,
      403,
      'a provider does not take services down',
    );
    const anonymous = await t.app.inject({ url: '/local-offer/manage' });
    assert.equal(anonymous.statusCode, 302);
  });
});
