import assert from 'node:assert/strict';
import { test } from 'node:test';
import { childrenOf, describeEvents, personOf } from './presenter.ts';
import type { AuditEventRow } from './repo.ts';
import { auditLabeller, exportedAs, platformVocabulary, readableCode } from './vocabulary.ts';

const labels = auditLabeller([
  platformVocabulary,
  {
    actions: {
      'ehc.request.read': 'Viewed an EHC request',
      'ehc.request.exported': exportedAs('EHC requests'),
    },
    records: {
      ehc_request: (id) => `EHC request EHC-${id?.slice(0, 8).toUpperCase()}`,
      ehc_letter_settings: 'Letter details',
    },
  },
]);

const event = (action: string, entityType: string, entityId: string | null = null, detail = null) => ({
  action,
  entityType,
  entityId,
  detail,
});

test("each module's labels are used for its actions and records", () => {
  assert.equal(labels.action(event('ehc.request.read', 'ehc_request')), 'Viewed an EHC request');
  assert.equal(
    labels.record(event('ehc.request.read', 'ehc_request', '1a2b3c4d-0000-4000-8000-000000000000')),
    'EHC request EHC-1A2B3C4D',
  );
  assert.equal(labels.record(event('ehc.letter-settings.changed', 'ehc_letter_settings')), 'Letter details');
  assert.equal(labels.action(event('sign-in.succeeded', 'user')), 'Signed in');
});

test('an export is labelled with the format it recorded', () => {
  assert.equal(
    labels.action({ ...event('ehc.request.exported', 'ehc_request'), detail: { format: 'xlsx' } }),
    'Exported EHC requests as XLSX',
  );
  assert.equal(
    labels.action({ ...event('audit.events.exported', 'audit-log'), detail: { format: 'csv' } }),
    'Exported audit log events as CSV',
  );
});

test('an action or record nobody labelled still reads as words', () => {
  assert.equal(readableCode('ehc.request.form-opened'), 'Ehc request form opened');
  assert.equal(labels.action(event('cluster.host.agreed', 'cluster')), 'Cluster host agreed');
  assert.equal(labels.record(event('x', 'la_term', '42')), 'La term 42');
});

const row = (over: Partial<AuditEventRow>): AuditEventRow => ({
  id: 1,
  at: new Date('2026-03-02T09:00:00Z'),
  userId: 'u1',
  userName: 'Casey Jones',
  userEmail: 'casey@norfolk.example',
  action: 'child.viewed',
  entityType: 'child',
  entityId: null,
  childId: null,
  childIds: null,
  ip: null,
  requestId: null,
  detail: null,
  ...over,
});

test('children are named, a listing lists them in order, and an account is named for its holder', () => {
  const children = new Map([
    ['c1', 'Zoë Brontë'],
    ['c2', 'Sam Smith'],
  ]);
  const users = new Map([['u2', 'Pat Admin']]);
  const [one, listing, account, nobody] = describeEvents(
    [
      row({ childId: 'c1' }),
      row({ action: 'children.searched', entityType: 'children', childIds: ['c2', 'c1', 'gone'] }),
      row({ action: 'user.created', entityType: 'user', entityId: 'u2' }),
      row({ userId: null, userName: null, userEmail: null, action: 'sign-in.failed', entityType: 'user' }),
    ],
    labels,
    { children, users },
  );
  assert.equal(one?.childName, 'Zoë Brontë');
  assert.equal(childrenOf(one as NonNullable<typeof one>), 'Zoë Brontë');
  assert.deepEqual(listing?.children, [
    { id: 'c2', name: 'Sam Smith' },
    { id: 'c1', name: 'Zoë Brontë' },
    { id: 'gone', name: 'Unknown child (gone)' },
  ]);
  assert.equal(
    childrenOf(listing as NonNullable<typeof listing>),
    '3 children: Sam Smith, Zoë Brontë, Unknown child (gone)',
  );
  assert.equal(account?.record, 'Account of Pat Admin');
  assert.equal(account?.actionLabel, 'Created a user');
  assert.equal(personOf(account as NonNullable<typeof account>), 'Casey Jones (casey@norfolk.example)');
  assert.equal(personOf(nobody as NonNullable<typeof nobody>), 'OpenSEND');
  assert.equal(nobody?.record, 'Account');
});
