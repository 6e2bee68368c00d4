import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { createUser } from '../../src/platform/auth/service.ts';
import { type BackupSettings, backupLa } from '../../src/platform/backups/index.ts';
import { requestBackup } from '../../src/platform/backups/service.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { addLa } from '../../src/platform/las/index.ts';
import { seedTogether } from '../../src/seed/index.ts';
import { csrfFrom, password, signInCookies, startTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase } from '../support/db.ts';

const actionsIn = (t: TestApp, la: string) =>
  inTenant(t.database.db, { laCode: la, userId: null }, async (tx) =>
    (
      await sql<{
        action: string;
      }>`SELECT action FROM audit_events WHERE action LIKE 'backup%' ORDER BY id`.execute(tx)
    ).rows.map((r) => r.action),
  );

describe('/admin/backups: the administrators of the LA named by BACKUP_LA make and download backups', () => {
  let t: TestApp;
  let dir: string;
  let admin: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-backup-pages-'));
    t = await startTestApp({ BACKUP_LA: '926', BACKUP_DIR: dir });
    admin = await signInCookies(t.app, t.la.users.admin.email);
  });
  after(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const page = (cookie: string, url = '/admin/backups') =>
    t.app.inject({ url, headers: { cookie, accept: 'text/html' } });
  const makeOne = async (cookie: string) => {
    const form = await page(cookie);
    return t.app.inject({
      method: 'POST',
      url: '/admin/backups',
      headers: { cookie, accept: 'text/html' },
      payload: { _csrf: csrfFrom(form.body) },
    });
  };

  test('before any backup, the page says to make one, and offers the button', async () => {
    const r = await page(admin);
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /No backup has been made yet\. Make one now/);
    assert.match(r.body, /Make a backup now/);
    assert.match(r.body, new RegExp(`Backups are written to ${dir.replace(/[/.]/g, '\\$&')} on the server`));
    assert.match(r.body, /href="\/admin\/backups"[^>]*>[\s\S]{0,200}?Backups/, 'in the administrator’s menu');
  });

  test('a backup is made in the background, listed with its size and checksum, downloads whole, and every LA’s log records it', async () => {
    const asked = await makeOne(admin);
    assert.equal(asked.statusCode, 303);
    assert.equal(asked.headers.location, '/admin/backups');
    let r = await page(admin);
    for (let i = 0; i < 120 && r.headers.refresh; i++) {
      assert.match(r.body, /A backup is being made|This page refreshes itself every 5 seconds/);
      await sleep(250);
      r = await page(admin);
    }
    assert.equal(r.headers.refresh, undefined, 'made within 30 s');
    assert.match(r.body, /The last backup was made less than a minute ago, on .*\. Make the next one by/);
    assert.match(r.body, /admin of Norfolk \(test\)/, 'who asked');
    const sha = /<code>([0-9a-f]{64})<\/code>/.exec(r.body)?.[1];
    const link = /href="(\/admin\/backups\/[0-9a-f-]{36}\/file)"/.exec(r.body)?.[1];
    assert.ok(sha && link, r.body);

    const file = await t.app.inject({ url: link, headers: { cookie: admin } });
    assert.equal(file.statusCode, 200);
    assert.match(
      String(file.headers['content-disposition']),
      /^attachment; filename="opensend-backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.backup"$/,
    );
    assert.equal(file.headers['cache-control'], 'no-store');
    assert.match(file.rawPayload.subarray(0, 30).toString(), /^OpenSEND backup 1 /);
    assert.equal(
      createHash('sha256').update(file.rawPayload).digest('hex'),
      sha,
      'the download is the file listed',
    );

    assert.deepEqual(await actionsIn(t, '926'), ['backup.requested', 'backup.made', 'backup.downloaded']);
    assert.deepEqual(
      await actionsIn(t, '935'),
      ['backup.made', 'backup.downloaded'],
      'Suffolk’s records are in it too',
    );
  });

  test('the list downloads as CSV, and that is recorded', async () => {
    const r = await t.app.inject({ url: '/admin/backups?format=csv', headers: { cookie: admin } });
    assert.equal(r.statusCode, 200);
    const [headings, row] = r.body.split('\r\n');
    assert.match(
      headings ?? '',
      /^\uFEFF?Asked for,Asked for by,Status,Finished,File,Size in bytes,SHA-256 of the file,/,
    );
    assert.match(row ?? '', /admin of Norfolk \(test\),Made,.*opensend-backup-.*\.backup,\d+,[0-9a-f]{64},/);
    assert.ok((await actionsIn(t, '926')).includes('backups.list.exported'));
  });

  test('another LA’s administrator is told who makes backups, and can neither make nor download one', async () => {
    const other = await signInCookies(t.app, t.otherLa.users.admin.email);
    const r = await page(other);
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /so backups are made and downloaded by the administrators of Norfolk \(test\)\./);
    assert.doesNotMatch(r.body, /Make a backup now|Backups made/);
    assert.equal((await makeOne(other)).statusCode, 403);
    const own = await page(admin);
    const link = /href="(\/admin\/backups\/[0-9a-f-]{36}\/file)"/.exec(own.body)?.[1] ?? '';
    assert.equal((await t.app.inject({ url: link, headers: { cookie: other } })).statusCode, 403);
  });

  test('people who are not administrators do not get the page; a backup that is not there is a 404', async () => {
    const coordinator = await signInCookies(t.app, t.la.users.coordinator.email);
    assert.equal((await page(coordinator)).statusCode, 403);
    for (const url of [
      '/admin/backups/00000000-0000-4000-8000-000000000000/file',
      '/admin/backups/not-an-id/file',
    ]) {
      const r = await t.app.inject({ url, headers: { cookie: admin, accept: 'text/html' } });
      assert.equal(r.statusCode, 404, url);
    }
  });
});

describe('which LA’s administrators make backups', () => {
  const settings = (la?: string): BackupSettings => ({ dir: os.tmpdir(), databaseUrl: undefined, la });

  test('the only LA; a database of invented demo LAs, the first; several real LAs, none until BACKUP_LA names one', async () => {
    const db = await createTestDatabase();
    try {
      assert.deepEqual(await backupLa(db, settings()), { la: null, because: 'shared' });
      await addLa(db, { code: '940', name: 'Only' });
      assert.deepEqual(await backupLa(db, settings()), {
        la: { code: '940', name: 'Only' },
        because: 'only-la',
      });
      await addLa(db, { code: '941', name: 'Second' });
      assert.deepEqual(await backupLa(db, settings()), { la: null, because: 'shared' });
      assert.deepEqual(await backupLa(db, settings('941')), {
        la: { code: '941', name: 'Second' },
        because: 'configured',
      });
      assert.deepEqual(await backupLa(db, settings('999')), {
        la: null,
        because: 'unknown-la',
        configured: '999',
      });
    } finally {
      await db.drop();
    }
    const demo = await createTestDatabase();
    try {
      const small = (code: string, seedNumber: number) => ({
        scale: 'norfolk' as const,
        seed: seedNumber,
        la: { code, name: `LA ${code} (demo)` },
        children: 20,
        today: '2026-11-24',
      });
      await seedTogether(demo, [small('936', 1), small('926', 2)]);
      assert.deepEqual(await backupLa(demo, settings()), {
        la: { code: '926', name: 'LA 926 (demo)' },
        because: 'demo',
      });
    } finally {
      await demo.drop();
    }
  });

  test('one backup at a time: asking again while one waits is refused, naming the button', async () => {
    const db = await createTestDatabase();
    try {
      await addLa(db, { code: '940', name: 'Only' });
      const userId = await createUser(db, {
        laCode: '940',
        email: 'a@example.org',
        name: 'A',
        roles: ['administrator'],
        password,
      });
      const actor = {
        principal: {
          userId,
          laCode: '940',
          laName: 'Only',
          email: 'a@example.org',
          name: 'A',
          roles: ['administrator'],
          via: 'session' as const,
        },
        ip: null,
        requestId: null,
      };
      await requestBackup(db, settings(), actor);
      await assert.rejects(
        requestBackup(db, settings(), actor),
        (err: { status?: number; errors?: { field: string; message: string }[] }) => {
          assert.equal(err.status, 409);
          assert.deepEqual(err.errors, [
            { field: 'make-backup', message: 'A backup is already being made: wait for it to finish' },
          ]);
          return true;
        },
      );
    } finally {
      await db.drop();
    }
  });
});
