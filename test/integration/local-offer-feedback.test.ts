import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signInCookies, startTestApp, type TestApp } from '../support/app.ts';
import { addUser, errorSummaryOf, unescapeHtml } from '../support/children.ts';
import { addOrganization, editorOf, publishedService } from '../support/local-offer.ts';
import { browserFor } from '../support/portals.ts';

/**
 * "Was this page helpful?" on the public pages, the editors' answers, and the year's published
 * report of comments with the LA's response (reg 56); a flood from one address is stopped.
 */

describe('feedback on the Local Offer', () => {
  let t: TestApp;
  let service: string;

  before(async () => {
    t = await startTestApp({ PUBLIC_LA: '926' });
    const editor = await editorOf(t);
    const org = await addOrganization(t, t.la.code, 'Short Breaks Norfolk');
    service = await publishedService(editor, {
      organizationId: org,
      name: 'Weekend short breaks',
      description: 'Clubs at weekends.',
      status: 'active',
      free: true,
      headings: ['social-care'],
      categories: ['social-care'],
    });
  });
  after(() => t.close());

  const post = (fields: Record<string, string>, ip = '203.0.113.9', headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/local-offer/feedback',
      remoteAddress: ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
      payload: new URLSearchParams(fields).toString(),
    });

  it('takes a yes or no with a comment from anyone, from a cached page with no token', async () => {
    const page = await t.app.inject({ url: `/local-offer/services/${service}` });
    assert.match(page.body, /Was this page helpful\?/);
    const sent = await post({
      page: `/local-offer/services/${service}`,
      helpful: 'no',
      comment: 'The times are wrong <script>alert(1)</script>',
    });
    assert.equal(sent.statusCode, 303);
    assert.match(String(sent.headers.location), /^\/local-offer\/feedback\/thanks\?page=/);
    const thanks = await t.app.inject({ url: String(sent.headers.location) });
    assert.match(thanks.body, new RegExp(`href="/local-offer/services/${service}"`));
    assert.equal((await post({ page: '/local-offer', helpful: 'yes' })).statusCode, 303);
    const missing = await post({ page: '/local-offer', comment: 'Hello' });
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(errorSummaryOf(missing.body), [
      { href: '#helpful', text: 'Say whether the page was helpful' },
    ]);
    const elsewhere = await post({ page: 'https://evil.example/', helpful: 'yes' });
    assert.equal(elsewhere.statusCode, 400);
    assert.match(unescapeHtml(elsewhere.body), /The page is not one of the Local Offer’s/);
  });

  it('checks the token of someone signed in, as every form does', async () => {
    const b = await browserFor(t, t.la.users.parent.email);
    const withToken = await b.post('/local-offer/feedback', { page: '/local-offer', helpful: 'yes' });
    assert.equal(withToken.statusCode, 303);
    const cookie = await signInCookies(t.app, t.la.users.parent.email);
    const without = await post({ page: '/local-offer', helpful: 'yes' }, '203.0.113.20', { cookie });
    assert.equal(without.statusCode, 403);
  });

  it('stops a flood from one address after 10 in an hour', async () => {
    const statuses = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await post({ page: '/local-offer', helpful: 'yes' }, '198.51.100.7')).statusCode);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(303));
    assert.equal(statuses[10], 429);
    assert.equal(
      (await post({ page: '/local-offer', helpful: 'yes' }, '198.51.100.8')).statusCode,
      303,
      'another address is not held back',
    );
  });

  it('lets an editor answer a comment, and publishes both in the year’s report, grouped by heading', async () => {
    const editor = await addUser(t, t.la.code, 'eden', ['local_offer_editor']);
    const e = await browserFor(t, editor.email);
    const list = await e.get('/local-offer/manage/feedback');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /The times are wrong &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(unescapeHtml(list.body), /Yours to do: answer 1 comment\./);
    const id = /action="\/local-offer\/manage\/feedback\/([0-9a-f-]{36})"/.exec(list.body)?.[1] ?? '';
    const blank = await e.post(`/local-offer/manage/feedback/${id}`, { response: ' ' });
    assert.equal(blank.statusCode, 400);
    assert.deepEqual(errorSummaryOf(blank.body), [
      { href: `#response-${id}`, text: 'Write the LA’s response' },
    ]);
    const answered = await e.post(`/local-offer/manage/feedback/${id}`, {
      response: 'Thank you: the provider has corrected the times.',
      action: 'We now check times with providers every term.',
    });
    assert.equal(answered.statusCode, 303);
    const csv = await e.get('/local-offer/manage/feedback?format=csv');
    assert.match(csv.body, /^\uFEFF?Received,Page,Service,Helpful,Comment,Response,What the LA will do/);

    const report = await t.app.inject({ url: '/local-offer/annual-report?year=2026' });
    assert.equal(report.statusCode, 200);
    const text = unescapeHtml(report.body);
    assert.match(text, /Social care and short breaks/);
    assert.match(
      text,
      /You said<\/strong> about Weekend short breaks: The times are wrong <script>alert\(1\)<\/script>/,
    );
    assert.match(text, /Our response<\/strong>: Thank you: the provider has corrected the times\./);
    assert.match(text, /What we will do<\/strong>: We now check times with providers every term\./);
    assert.doesNotMatch(report.body, /<script>alert/);
    const pdf = await t.app.inject({ url: '/local-offer/annual-report?year=2026&format=pdf' });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  });
});
