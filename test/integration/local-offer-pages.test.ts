import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addUser, errorSummaryOf, unescapeHtml } from '../support/children.ts';
import { browserFor } from '../support/portals.ts';

/**
 * Information pages of the Local Offer: written in Markdown by an editor (any HTML shown as text),
 * kept as a draft or shown to the public, one address a page, a stale change refused.
 */

describe('Local Offer information pages', () => {
  let t: TestApp;
  let editor: { id: string; email: string };

  before(async () => {
    t = await startTestApp({ PUBLIC_LA: '926' });
    editor = await addUser(t, t.la.code, 'editor', ['local_offer_editor']);
  });
  after(() => t.close());

  it('names what is missing, publishes a page with its Markdown as GOV.UK HTML, and shows HTML in it as text', async () => {
    const e = await browserFor(t, editor.email);
    const empty = await e.post('/local-offer/manage/pages/new', { title: '', body: '' });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(empty.body).map((x) => x.href),
      ['#title', '#summary', '#body', '#heading', '#published'],
    );
    const made = await e.post('/local-offer/manage/pages/new', {
      title: 'Short breaks: who can have them?',
      summary: 'Breaks for families of disabled children.',
      body: '# Who can have them\n\nChildren with a disability.<script>alert(1)</script>\n\n- Clubs\n- Overnight stays',
      heading: 'social-care',
      published: 'yes',
    });
    assert.equal(made.statusCode, 303, made.body);
    const page = await t.app.inject({ url: '/local-offer/pages/short-breaks-who-can-have-them' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h2 class="govuk-heading-m">Who can have them<\/h2>/);
    assert.match(page.body, /<li>Overnight stays<\/li>/);
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    const start = unescapeHtml((await t.app.inject({ url: '/local-offer' })).body);
    assert.match(start, /Information and advice/);
    assert.match(start, /Short breaks: who can have them\?/);

    const same = await e.post('/local-offer/manage/pages/new', {
      title: 'Short breaks: who can have them?',
      summary: 'Again.',
      body: 'Again.',
      heading: 'social-care',
      published: 'no',
    });
    assert.equal(same.statusCode, 409);
    assert.match(unescapeHtml(same.body), /Another page has the address short-breaks-who-can-have-them/);
  });

  it('keeps a draft off the public pages, and refuses a change made to an older version', async () => {
    const e = await browserFor(t, editor.email);
    const made = await e.post('/local-offer/manage/pages/new', {
      title: 'Travel policy 2027',
      summary: 'Next year’s policy.',
      body: 'Coming soon.',
      heading: 'travel',
      published: 'no',
    });
    const url = String(made.headers.location).split('?')[0] ?? '';
    assert.equal((await t.app.inject({ url: '/local-offer/pages/travel-policy-2027' })).statusCode, 404);
    const fields = {
      title: 'Travel policy 2027',
      summary: 'Next year’s policy.',
      body: 'Now out.',
      heading: 'travel',
      published: 'yes',
    };
    assert.equal((await e.post(url, { ...fields, version: '1' })).statusCode, 303);
    assert.equal((await t.app.inject({ url: '/local-offer/pages/travel-policy-2027' })).statusCode, 200);
    const stale = await e.post(url, { ...fields, body: 'Older edit.', version: '1' });
    assert.equal(stale.statusCode, 409);
    assert.equal(
      (await (await browserFor(t, t.la.users.parent.email)).get('/local-offer/manage/pages')).statusCode,
      403,
    );
  });
});
