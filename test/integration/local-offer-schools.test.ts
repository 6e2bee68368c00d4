import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addSchool, addStaff, addUser, errorSummaryOf, unescapeHtml } from '../support/children.ts';
import { browserFor } from '../support/portals.ts';

/**
 * Schools and settings in the Local Offer, from the schools list, each with the link to its SEN
 * information report (SEND Regulations 2014 reg 51; Schedule 2 paragraph 1): kept by an editor or
 * by the school's own SENCo, shown to anyone.
 */

describe('schools’ SEN information reports in the Local Offer', () => {
  let t: TestApp;
  let editor: Awaited<ReturnType<typeof browserFor>>;
  let senco: Awaited<ReturnType<typeof browserFor>>;
  let cromer = '';
  let diss = '';

  before(async () => {
    t = await startTestApp({ PUBLIC_LA: '926' });
    cromer = await addSchool(t, t.la.code, 'Cromer Junior School', 120001);
    diss = await addSchool(t, t.la.code, 'Diss High School', 120002);
    editor = await browserFor(t, (await addUser(t, t.la.code, 'editor', ['local_offer_editor'])).email);
    const s = await addUser(t, t.la.code, 'senco-cromer', ['senco']);
    await addStaff(t, t.la.code, s.id, cromer);
    senco = await browserFor(t, s.email);
  });
  after(() => t.close());

  it('lists every open school for anyone, with its report once someone gives the link', async () => {
    const before = await t.app.inject({ url: '/local-offer/schools?q=cromer' });
    assert.equal(before.statusCode, 200);
    assert.match(before.body, /Cromer Junior School/);
    assert.doesNotMatch(before.body, /Diss High School/);
    assert.match(before.body, /has not yet given us the address of its report/);

    const set = await editor.post(`/local-offer/manage/schools/${cromer}`, {
      url: 'https://www.cromer-jun.norfolk.sch.uk/send',
    });
    assert.equal(set.statusCode, 303);
    const after = await t.app.inject({ url: '/local-offer/schools?q=120001' });
    assert.match(after.body, /href="https:\/\/www\.cromer-jun\.norfolk\.sch\.uk\/send"/);

    const bad = await t.app.inject({ url: '/local-offer/schools?phase=Kindergarten' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(errorSummaryOf(bad.body), [{ href: '#phase', text: 'Choose a phase from the list' }]);
  });

  it('refuses an address that is not a web page, and lets the editor find schools with none', async () => {
    for (const url of ['javascript:alert(1)', 'www.school.example', 'https://<script>']) {
      const r = await editor.post(`/local-offer/manage/schools/${diss}`, { url });
      assert.equal(r.statusCode, 400, url);
      assert.match(unescapeHtml(r.body), /Enter the whole web address of the report, starting https:\/\//);
    }
    const missing = await editor.get('/local-offer/manage/schools?missing=yes');
    assert.match(missing.body, /Diss High School/);
    assert.doesNotMatch(missing.body, /Cromer Junior School/);
    const csv = await editor.get('/local-offer/manage/schools?format=csv');
    assert.match(
      csv.body,
      /Cromer Junior School,120001,Primary,Community school,,,https:\/\/www\.cromer-jun\.norfolk\.sch\.uk\/send/,
    );
  });

  it('lets a school’s SENCo keep their own school’s link and no other', async () => {
    assert.equal((await senco.get(`/local-offer/manage/schools/${cromer}`)).statusCode, 200);
    const own = await senco.post(`/local-offer/manage/schools/${cromer}`, {
      url: 'https://cromer.example.org/sen-report',
    });
    assert.equal(own.statusCode, 303);
    assert.equal((await senco.get(`/local-offer/manage/schools/${diss}`)).statusCode, 404);
    assert.equal(
      (await senco.post(`/local-offer/manage/schools/${diss}`, { url: 'https://x.example.org' })).statusCode,
      404,
    );
    assert.equal((await senco.get('/local-offer/manage/schools')).statusCode, 403);
    const parent = await browserFor(t, t.la.users.parent.email);
    assert.equal((await parent.get(`/local-offer/manage/schools/${cromer}`)).statusCode, 404);
    // Blank takes the link away.
    assert.equal((await senco.post(`/local-offer/manage/schools/${cromer}`, { url: '' })).statusCode, 303);
    assert.match(
      (await t.app.inject({ url: '/local-offer/schools?q=cromer' })).body,
      /has not yet given us the address/,
    );
  });
});
