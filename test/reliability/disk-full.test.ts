import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { createApiToken, createUser } from '../../src/platform/auth/service.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { addLa } from '../../src/platform/las/index.ts';
import { newChildJson } from '../support/children.ts';
import { apiClient } from './support/client.ts';
import { count, withDatabase } from './support/direct.ts';
import type { Place } from './support/places.ts';
import { recordResult } from './support/results.ts';
import { type AppServer, launchServer, loggedErrors, type RunningServer } from './support/server.ts';
import { databaseKind, form } from './support/settings.ts';

/**
 * PGlite keeps its files in DATA_DIR; when that disk fills, the service must say so plainly
 * (a 503 or 507 problem, or stop with a message naming the disk) and, once space is freed and it
 * is started again, the database must be whole. A small tmpfs stands in for the disk: mounting
 * one needs root, which CI has.
 */
const skip =
  databaseKind !== 'pglite'
    ? 'PGlite’s own disk: runs without DATABASE_URL'
    : process.getuid?.() !== 0
      ? 'needs root to mount a small tmpfs as the data directory’s disk (CI runs as root)'
      : false;

const migrationFiles = fs.readdirSync(path.resolve(import.meta.dirname, '../../db/migrations')).length;

describe(`a full disk under the embedded database (${form} form)`, { skip }, () => {
  test('writing onto a full disk answers with a clear error; freed and restarted, the database is whole', {
    timeout: 10 * 60_000,
  }, async (t) => {
    const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-disk-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=160m', 'tmpfs', mountPoint]);
    } catch (err) {
      fs.rmSync(mountPoint, { recursive: true, force: true });
      t.skip(`could not mount a tmpfs here: ${(err as Error).message.split('\n')[0]}`);
      return;
    }
    let server: RunningServer | undefined;
    try {
      const place: Place = {
        kind: 'pglite',
        dataDir: mountPoint,
        databaseUrl: undefined,
        env: { DATA_DIR: mountPoint },
        remove: async () => undefined,
      };
      const token = await withDatabase(place, async (database) => {
        await migrate(database);
        await addLa(database, { code: '926', name: 'Norfolk (test)' });
        const userId = await createUser(database, {
          laCode: '926',
          email: 'coordinator.926@example.org',
          name: 'Casey Coordinator',
          roles: ['ehc_coordinator'],
          password: 'a long enough passphrase',
        });
        const created = await createApiToken(
          database,
          { userId, laCode: '926' },
          { name: 'disk full', days: 1 },
          { ip: null, requestId: 'test', now: new Date() },
        );
        return created.token;
      });
      server = launchServer(place);
      const ready: AppServer = await server.ready;
      const api = apiClient(ready.url, token);

      // Leaves the database 256 KB, then writes children until the disk refuses or 2 minutes pass.
      const filler = path.join(mountPoint, 'filler');
      const free = () => fs.statfsSync(mountPoint).bavail * fs.statfsSync(mountPoint).bsize;
      fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 256 * 1024)));
      const answers = new Map<string, number>();
      const acknowledged: string[] = [];
      let unanswered = 0;
      let firstRefusal: { status: number; type: string; body: unknown } | undefined;
      const started = performance.now();
      for (let n = 0; n < 20_000 && performance.now() - started < 120_000; n++) {
        if (server.child.exitCode !== null || server.child.signalCode !== null) break;
        try {
          const r = await api.post<{ id: string }>(
            '/api/v1/children',
            newChildJson({ forename: `Disk${n}`, surname: 'Full', senNeeds: ['ASD'] }),
          );
          answers.set(String(r.status), (answers.get(String(r.status)) ?? 0) + 1);
          if (r.status === 201) acknowledged.push(r.json.id);
          else {
            firstRefusal ??= { status: r.status, type: r.type, body: r.json };
            if (Number(answers.get(String(r.status))) >= 20) break;
          }
        } catch {
          unanswered++;
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 1_000));
      const exited = server.child.exitCode !== null || server.child.signalCode !== null;
      const lastWords = server.output().slice(-2000);
      const logged = loggedErrors(server.output())[0]?.err;
      await server.kill9();

      fs.rmSync(filler);
      server = launchServer(place);
      const restarted = await server.ready;
      const readable = await apiClient(restarted.url, token).get<{ total: number }>(
        '/api/v1/children?q=full&limit=1',
      );
      await server.stop();
      const stored = await withDatabase(place, async (database) => ({
        migrations: await count(database, sql`SELECT count(*)::int AS n FROM schema_migrations`),
        children: (
          await sql<{ id: string }>`SELECT id FROM children WHERE surname = 'Full'`.execute(database.db)
        ).rows.map((r) => r.id),
        auditEvents: await count(database, sql`SELECT count(*)::int AS n FROM audit_events`),
        childrenCreatedInAudit: await count(
          database,
          sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'child.created'`,
        ),
      }));
      const missing = acknowledged.filter((id) => !stored.children.includes(id));
      recordResult('diskFull', {
        tmpfs: '160m',
        answers: Object.fromEntries(answers),
        unanswered,
        firstRefusal: firstRefusal ? { status: firstRefusal.status, type: firstRefusal.type } : null,
        errorLogged: logged ?? null,
        serverExited: exited,
        acknowledged: acknowledged.length,
        storedAfterRestart: stored.children.length,
        missing: missing.length,
        migrations: stored.migrations,
        auditEvents: stored.auditEvents,
      });

      assert.ok(acknowledged.length > 0, 'children were saved before the disk filled');
      const clearRefusal =
        (firstRefusal &&
          (firstRefusal.status === 503 || firstRefusal.status === 507) &&
          /^application\/problem\+json/.test(firstRefusal.type)) ||
        (exited && /no space|disk|ENOSPC/i.test(lastWords));
      assert.ok(
        clearRefusal,
        `a full disk should be a 503/507 problem or a clean stop naming the disk; it was ${JSON.stringify(firstRefusal)}, ${exited ? `the server stopped: ${lastWords}` : `the server kept running and logged ${JSON.stringify(logged)}`}`,
      );
      assert.equal(readable.status, 200, 'after freeing space and restarting, the children can be read');
      assert.equal(stored.migrations, migrationFiles, 'the migrations table is readable and complete');
      assert.deepEqual(missing, [], 'every child acknowledged before the disk filled is there');
      assert.equal(
        stored.childrenCreatedInAudit,
        stored.children.length,
        'the audit log is readable and has one entry for each child saved',
      );
    } finally {
      await server?.kill9();
      try {
        execFileSync('umount', [mountPoint]);
      } catch {
        // Something still has a file open there: detach it now, and the kernel frees it after.
        execFileSync('umount', ['-l', mountPoint]);
      }
      fs.rmSync(mountPoint, { recursive: true, force: true });
    }
  });
});
