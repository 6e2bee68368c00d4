import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertEveryRouteHasAccess, RouteAccessError } from '../../src/app.ts';
import { isAccess } from '../../src/platform/auth/roles.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

describe('every route declares who may use it', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('the app refuses a route that has no access rule', () => {
    assert.throws(
      () =>
        assertEveryRouteHasAccess([
          { method: 'GET', url: '/fine', config: { access: 'public' } },
          { method: 'POST', url: '/forgotten', config: {} },
        ]),
      (err: Error) => err instanceof RouteAccessError && /POST \/forgotten/.test(err.message),
    );
    assert.throws(() =>
      assertEveryRouteHasAccess([{ method: 'GET', url: '/typo', config: { access: 'audit:raed' } }]),
    );
  });

  test('every route in the running app has a valid rule, and only known pages are public', () => {
    assert.ok(t.app.routeTable.length > 10);
    for (const r of t.app.routeTable) assert.ok(isAccess(r.config?.access), `${r.method} ${r.url}`);
    const publicRoutes = t.app.routeTable
      .filter((r) => r.config?.access === 'public' && r.method === 'GET')
      .map((r) => r.url)
      .filter((u) => !u.startsWith('/build/'));
    assert.deepEqual([...new Set(publicRoutes)].sort(), [
      '/',
      '/accessibility',
      '/api/docs',
      '/api/docs/openapi.json',
      // Consultations and surveys anyone may answer while they are open.
      '/consultations',
      '/consultations/:id',
      '/consultations/:id/thanks',
      '/cookies',
      // Events anyone may book, and a booking through the link in its email.
      '/events',
      '/events/:id',
      '/events/:id/calendar.ics',
      '/events/bookings/:token',
      '/health',
      '/invitation/:token',
      // The public Local Offer: its search and each service's page.
      '/local-offer',
      '/local-offer/annual-report',
      '/local-offer/feedback/thanks',
      '/local-offer/pages/:slug',
      '/local-offer/schools',
      '/local-offer/services/:id',
      // The Local Offer's open data: the Open Referral UK feed of published services.
      '/oruk',
      '/oruk/',
      '/oruk/service_at_locations',
      '/oruk/service_at_locations/:id',
      '/oruk/services',
      '/oruk/services/:id',
      '/oruk/taxonomies',
      '/oruk/taxonomies/:id',
      '/oruk/taxonomy_terms',
      '/oruk/taxonomy_terms/:id',
      // The single point of access's start page: what it is for and how to start.
      '/request',
      '/sign-in',
      '/signed-out',
    ]);
  });

  test('the API refuses anonymous calls except to its own documentation', async () => {
    for (const url of ['/api/v1/me', '/api/v1/audit']) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, 401, url);
    }
    assert.equal((await t.app.inject({ url: '/api/docs/openapi.json' })).statusCode, 200);
  });
});
