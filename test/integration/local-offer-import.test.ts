import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addUser, errorSummaryOf, unescapeHtml } from '../support/children.ts';
import { addOrganization, editorOf, publishedService } from '../support/local-offer.ts';
import { orukMock } from '../support/oruk.ts';
import { browserFor } from '../support/portals.ts';

/**
 * Importing another Open Referral UK feed: another Local Offer's service keeps its headings (the
 * same term IDs in every OpenSEND feed) and is updated, not doubled, when imported again; the
 * validator's mock feeds replayed, the good one imported with what was left out said, the failing
 * one refused whole with each service's problems.
 */

describe('importing another Open Referral UK feed', () => {
  let t: TestApp;
  let editor: Awaited<ReturnType<typeof browserFor>>;
  let own = '';

  before(async () => {
    t = await startTestApp({ PUBLIC_LA: '926' });
    const ctx = await editorOf(t);
    const org = await addOrganization(t, t.la.code, 'Short Breaks Norfolk');
    own = await publishedService(ctx, {
      organizationId: org,
      name: 'Weekend short breaks',
      description: 'Clubs at weekends.',
      status: 'active',
      free: true,
      headings: ['social-care'],
      categories: ['social-care'],
      needs: ['ASD'],
      locations: [{ name: 'Norwich club', address1: '1 Riverside', city: 'Norwich', postcode: 'NR1 2DH' }],
    });
    editor = await browserFor(t, (await addUser(t, t.la.code, 'importer', ['local_offer_editor'])).email);
  });
  after(() => t.close());

  const send = (
    json: unknown,
    fields: Record<string, string> = { heading: 'childcare-leisure', category: 'leisure' },
  ) =>
    editor.upload('/local-offer/manage/import', fields, {
      name: 'feed.json',
      data: Buffer.from(JSON.stringify(json)),
    });
  const services = async () =>
    Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM lo_services`.execute(t.database.db)).rows[0]
        ?.n,
    );

  it('imports another Local Offer’s service with its headings, and updates it when imported again', async () => {
    const theirs = (await t.app.inject({ url: `/oruk/services/${own}` })).json() as Record<string, unknown>;
    const sourceId = randomUUID();
    const feed = { ...theirs, id: sourceId, name: 'Holiday play schemes' };
    const first = await send(feed);
    assert.equal(first.statusCode, 200, unescapeHtml(first.body).slice(0, 2000));
    assert.match(unescapeHtml(first.body), /Imported and published: 1 added, 0 updated\./);
    const imported = await sql<{
      id: string;
      heading: string;
    }>`SELECT s.id, t.code AS heading FROM lo_services s
      JOIN lo_service_terms st ON st.service_id = s.id JOIN lo_taxonomy_terms t ON t.id = st.term_id
      JOIN lo_taxonomies x ON x.id = t.taxonomy_id AND x.code = 'schedule-2'
      WHERE s.name = 'Holiday play schemes'`.execute(t.database.db);
    assert.deepEqual(
      imported.rows.map((r) => r.heading),
      ['social-care'],
    );
    const before = await services();
    const again = await send({ ...feed, name: 'Holiday play schemes (summer)' });
    assert.match(unescapeHtml(again.body), /Imported and published: 0 added, 1 updated\./);
    assert.equal(await services(), before, 'updated, not added twice');
    const page = await t.app.inject({ url: `/local-offer/services/${imported.rows[0]?.id}` });
    assert.match(page.body, /Holiday play schemes \(summer\)/);
  });

  it('replays the validator’s feeds: the good one imported with what was left out, the failing one refused whole', async () => {
    const good = await send(orukMock('V3.0-UK-Default', 'service_full.json'));
    assert.equal(good.statusCode, 200);
    const text = unescapeHtml(good.body);
    assert.match(text, /Community Counselling/);
    assert.match(text, /Left out the place "MyCity Civic Center": it has no UK address with a postcode\./);

    const before = await services();
    const bad = await send(orukMock('V3.0-UK-Fail', 'service_list.json'));
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(errorSummaryOf(bad.body), [
      {
        href: '#file',
        text: '4 of 4 services cannot be imported, so none was: put right what the report says and import the file again',
      },
    ]);
    assert.match(unescapeHtml(bad.body), /Has the same id as service 1 in the file\./);
    assert.equal(await services(), before, 'nothing written');
    // One good service beside one bad: still none.
    const mixed = await send([
      orukMock('V3.0-UK-Default', 'service_full.json'),
      orukMock('V3.0-UK-Fail', 'service_full.json'),
    ]);
    assert.equal(mixed.statusCode, 422);
    assert.match(unescapeHtml(mixed.body), /Ready: not imported/);
    assert.equal(await services(), before);
  });

  it('names what is wrong with the form or the file', async () => {
    const noFile = await editor.upload('/local-offer/manage/import', { heading: '', category: 'leisure' });
    assert.equal(noFile.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(noFile.body).map((e) => e.href),
      ['#file', '#heading'],
    );
    const notJson = await editor.upload(
      '/local-offer/manage/import',
      { heading: 'childcare-leisure', category: 'leisure' },
      { name: 'feed.json', data: Buffer.from('<html>not json</html>') },
    );
    assert.equal(notJson.statusCode, 422);
    assert.match(unescapeHtml(notJson.body), /The file is not JSON/);
    const nothing = await send({ hello: 'world' });
    assert.match(unescapeHtml(nothing.body), /The file holds no services/);
    const parent = await browserFor(t, t.la.users.parent.email);
    assert.equal((await parent.get('/local-offer/manage/import')).statusCode, 403);
  });
});
