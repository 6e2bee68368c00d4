import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import {
  markReviewed,
  publish,
  reject,
  saveDraft,
  submitForReview,
  suggestChange,
} from '../../src/modules/local-offer/editing/service.ts';
import { addMember } from '../../src/modules/local-offer/index.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addUser } from '../support/children.ts';
import { addOrganization, editorOf, publishedService } from '../support/local-offer.ts';

/**
 * Editing the Local Offer: a draft names each field it gets wrong; a change to a published service
 * stays off the public feed until it is published; a provider suggests changes to its own services
 * only, which an editor publishes or rejects with a reason; each step is kept as a version.
 */

const record = (organizationId: string, name = 'Family support') => ({
  organizationId,
  name,
  description: 'Help for families at home.',
  status: 'active' as const,
  free: true,
  headings: ['social-care' as const],
  categories: ['social-care' as const],
});

describe('editing the Local Offer', () => {
  let t: TestApp;
  let org: string;
  let otherOrg: string;

  before(async () => {
    t = await startTestApp({ PUBLIC_LA: '926' });
    org = await addOrganization(t, t.la.code, 'Family Action');
    otherOrg = await addOrganization(t, t.la.code, 'Another charity');
  });
  after(() => t.close());

  const feedNames = async () =>
    ((await t.app.inject({ url: '/oruk/services' })).json() as { contents: { name: string }[] }).contents.map(
      (c) => c.name,
    );

  it('names each field a draft gets wrong, a place and a set of times by number', async () => {
    const editor = await editorOf(t);
    const r = await saveDraft(editor, null, {
      organizationId: org,
      name: ' ',
      description: 'x',
      status: 'open',
      free: false,
      minimumAge: 12,
      maximumAge: 5,
      url: 'javascript:alert(1)',
      headings: [],
      categories: ['nonsense'],
      locations: [{ name: 'Hall', address1: '1 Road', city: 'Norwich', postcode: 'NR1 1CA' }],
      schedules: [{ days: ['MO'], opensAt: '17:00', closesAt: '09:00' }],
    });
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.deepEqual(
      r.errors.map((e) => [e.field, e.message]),
      [
        ['name', 'Enter the name of the service'],
        ['url', 'The website must be a web address starting with https://'],
        ['status', 'Choose whether the service is running'],
        ['headings', 'Choose at least one Local Offer heading the service belongs under'],
        ['categories-0', 'Choose categories from the list'],
        ['locations-0-postcode', 'Place 1: Enter a real postcode, like NR1 2DH'],
        ['schedules-0-closesAt', 'Times 1: It must close after it opens'],
      ],
    );
    const ages = await saveDraft(editor, null, {
      ...record(org),
      minimumAge: 12,
      maximumAge: 5,
      free: false,
    });
    assert.ok(!ages.ok);
    assert.deepEqual(
      ages.errors.map((e) => e.field),
      ['maximumAge', 'fees'],
    );
    const stranger = await saveDraft(editor, null, record('00000000-0000-4000-8000-000000000000'));
    assert.ok(!stranger.ok);
    assert.deepEqual(stranger.errors, [
      { field: 'organizationId', message: 'Choose an organisation of this Local Offer' },
    ]);
  });

  it('keeps a change to a published service off the feed until it is published, and keeps each version', async () => {
    const editor = await editorOf(t, t.la.code, 'editor-b');
    const id = await publishedService(editor, record(org, 'Holiday club'));
    assert.ok((await feedNames()).includes('Holiday club'));
    const change = await saveDraft(editor, id, record(org, 'Holiday and weekend club'));
    assert.ok(change.ok);
    assert.ok((await feedNames()).includes('Holiday club'), 'the draft is not published yet');
    // Saving again changes the same draft, not a second one.
    const again = await saveDraft(editor, id, record(org, 'Holiday and weekend club <script>x</script>'));
    assert.ok(again.ok);
    assert.equal(again.value.versionId, change.value.versionId);
    assert.ok((await submitForReview(editor, change.value.versionId)).ok);
    const second = await submitForReview(editor, change.value.versionId);
    assert.ok(!second.ok);
    assert.equal(second.status, 409);
    assert.ok((await publish(editor, change.value.versionId)).ok);
    // The text is kept as written: the feed is JSON, and the pages show it as text.
    assert.ok((await feedNames()).includes('Holiday and weekend club <script>x</script>'));
    const republish = await publish(editor, change.value.versionId);
    assert.ok(!republish.ok);
    assert.equal(republish.status, 409);
    const versions = await inTenant(t.database.app.db, { laCode: t.la.code, userId: null }, async (tx) =>
      (
        await sql<{
          state: string;
        }>`SELECT state FROM lo_service_versions WHERE service_id = ${id} ORDER BY created_at`.execute(tx)
      ).rows.map((r) => r.state),
    );
    assert.deepEqual(versions, ['published', 'published']);
  });

  it('lets a provider suggest changes to its own services only, which an editor rejects with a reason or publishes', async () => {
    const editor = await editorOf(t, t.la.code, 'editor-c');
    const id = await publishedService(editor, record(org, 'Parent support group'));
    const theirs = await publishedService(editor, record(otherOrg, 'Other group'));
    const user = await addUser(t, t.la.code, 'provider', ['service_provider']);
    await inTenant(t.database.app.db, { laCode: t.la.code, userId: null }, (tx) =>
      addMember(tx, t.la.code, org, user.id),
    );
    const provider = {
      ...editor,
      principal: { ...editor.principal, userId: user.id, roles: ['service_provider'] },
    };
    await assert.rejects(suggestChange(provider, theirs, record(otherOrg), ''), { status: 404 });
    await assert.rejects(saveDraft(provider, id, record(org)), { status: 403 }, 'a provider does not edit');
    const moved = await suggestChange(provider, id, record(otherOrg, 'Parent support group'), '');
    assert.ok(!moved.ok, 'a provider cannot move its service to another organisation');
    const s = await suggestChange(
      provider,
      id,
      record(org, 'Parent and carer support group'),
      'New name from April.',
    );
    assert.ok(s.ok);
    const noReason = await reject(editor, s.value.versionId, ' ');
    assert.ok(!noReason.ok);
    assert.deepEqual(noReason.errors, [
      { field: 'reason', message: 'Say why it is rejected, for the person who wrote it' },
    ]);
    assert.ok((await reject(editor, s.value.versionId, 'The group keeps its name until April.')).ok);
    assert.ok((await feedNames()).includes('Parent support group'));
    const s2 = await suggestChange(provider, id, record(org, 'Parent and carer support group'), '');
    assert.ok(s2.ok);
    assert.ok((await publish(editor, s2.value.versionId)).ok);
    assert.ok((await feedNames()).includes('Parent and carer support group'));
    assert.ok((await markReviewed(editor, id)).ok);
  });
});
