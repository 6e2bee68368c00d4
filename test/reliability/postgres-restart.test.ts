import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createApiToken, createUser } from '../../src/platform/auth/service.ts';
import { connect } from '../../src/platform/db/connect.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { addLa } from '../../src/platform/las/index.ts';
import { newChildJson } from '../support/children.ts';
import { apiClient, Browser } from './support/client.ts';
import type { Place } from './support/places.ts';
import { postgresBin, startThrowawayPostgres, type ThrowawayPostgres } from './support/postgres-server.ts';
import { recordResult } from './support/results.ts';
import { type AppServer, loggedErrors, startServer } from './support/server.ts';
import { databaseKind, form, plan } from './support/settings.ts';

const bin = postgresBin();
const skip =
  databaseKind !== 'postgresql'
    ? 'runs with DATABASE_URL set, beside the other PostgreSQL checks'
    : bin
      ? false
      : 'needs PostgreSQL installed under /usr/lib/postgresql to restart a server of its own';

interface Answer {
  at: number;
  kind: string;
  status: number | 'network';
  type: string;
  retryAfter: string | null;
}

describe(`PostgreSQL restarted under traffic (${form} form)`, { skip }, () => {
  test('requests during the outage are answered 503 problem+json with Retry-After, never 500, and the app recovers without a restart', {
    timeout: 10 * 60_000,
  }, async () => {
    let postgres: ThrowawayPostgres | undefined;
    let server: AppServer | undefined;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-pg-restart-'));
    try {
      postgres = await startThrowawayPostgres(bin as string);
      const database = await connect({ databaseUrl: postgres.url, poolSize: 2 });
      const password = 'a long enough passphrase';
      let token: string;
      try {
        await migrate(database);
        await addLa(database, { code: '926', name: 'Norfolk (test)' });
        const email = 'coordinator.926@example.org';
        const userId = await createUser(database, {
          laCode: '926',
          email,
          name: 'Casey Coordinator',
          roles: ['ehc_coordinator'],
          password,
        });
        token = (
          await createApiToken(
            database,
            { userId, laCode: '926' },
            { name: 'restart', days: 1 },
            { ip: null, requestId: 'test', now: new Date() },
          )
        ).token;
      } finally {
        await database.close();
      }
      const place: Place = {
        kind: 'postgresql',
        dataDir,
        databaseUrl: postgres.url,
        env: { DATA_DIR: dataDir, DATABASE_URL: postgres.url },
        remove: async () => undefined,
      };
      server = await startServer(place);
      const api = apiClient(server.url, token);
      const browser = await new Browser(server.url).signInOrFail('coordinator.926@example.org', password);
      const surnames = ['Brontë', 'Austen', 'Eliot', 'Gaskell', 'Shelley'];
      for (const [i, surname] of surnames.entries()) {
        const made = await api.post('/api/v1/children', newChildJson({ surname, forename: `Ada${i}` }));
        assert.equal(made.status, 201, JSON.stringify(made.json));
      }

      const answers: Answer[] = [];
      const started = performance.now();
      const end = started + plan.outage.seconds * 1000;
      let restartedAt = { from: 0, to: 0 };
      const send = async (kind: string, call: () => Promise<Response>) => {
        const at = performance.now() - started;
        try {
          const res = await call();
          await res.arrayBuffer();
          answers.push({
            at,
            kind,
            status: res.status,
            type: res.headers.get('content-type') ?? '',
            retryAfter: res.headers.get('retry-after'),
          });
        } catch {
          answers.push({ at, kind, status: 'network', type: '', retryAfter: null });
        }
      };
      const bearer = { authorization: `Bearer ${token}` };
      const base = server.url;
      const client = async (i: number) => {
        for (let n = 0; performance.now() < end && n < 100_000; n++) {
          const surname = surnames[(i + n) % surnames.length] as string;
          switch (n % 4) {
            case 0:
              await send('api search', () =>
                fetch(`${base}/api/v1/children?q=${encodeURIComponent(surname)}`, { headers: bearer }),
              );
              break;
            case 1:
              await send('api write', () =>
                fetch(`${base}/api/v1/children`, {
                  method: 'POST',
                  headers: { ...bearer, 'content-type': 'application/json' },
                  body: JSON.stringify(newChildJson({ surname, forename: `Load${i}n${n}` })),
                }),
              );
              break;
            case 2:
              await send('page', () =>
                browser.fetch(`/children?q=${encodeURIComponent(surname)}`, {}, 30_000),
              );
              break;
            default:
              await send('health', () => fetch(`${base}/health`));
          }
        }
      };
      const restart = async () => {
        await new Promise((r) => setTimeout(r, Math.min(3_000, (plan.outage.seconds * 1000) / 4)));
        const from = performance.now() - started;
        await postgres?.restart();
        restartedAt = { from, to: performance.now() - started };
      };
      await Promise.all([restart(), ...Array.from({ length: plan.outage.clients }, (_, i) => client(i))]);

      const during = answers.filter((a) => a.at >= restartedAt.from && a.at <= restartedAt.to + 1_000);
      const unavailable = answers.filter((a) => a.status === 503 && a.kind !== 'health');
      const failures = answers.filter((a) => a.status === 'network' || (a.status >= 500 && a.status !== 503));
      // Given a second after pg_ctl says the server is back for the pool's next connections.
      const afterwards = answers.filter((a) => a.at > restartedAt.to + 1_000);
      const notRecovered = afterwards.filter((a) => a.status === 'network' || a.status >= 400);
      const counts = (list: Answer[]) =>
        Object.fromEntries(
          [...new Set(list.map((a) => `${a.kind} ${a.status}`))]
            .sort()
            .map((k) => [k, list.filter((a) => `${a.kind} ${a.status}` === k).length]),
        );
      recordResult('postgresRestart', {
        clients: plan.outage.clients,
        seconds: plan.outage.seconds,
        restartMs: Math.round(restartedAt.to - restartedAt.from),
        answers: counts(answers),
        answersDuringRestart: counts(during),
        unavailable503: unavailable.length,
        failures: failures.length,
        notRecovered: notRecovered.length,
      });
      const errorsLogged = loggedErrors(server.output()).filter((e) => !/^request failed$/.test(e.msg));

      assert.equal(
        server.child.exitCode,
        null,
        `the app stopped when PostgreSQL restarted; its last words:\n${server.output().slice(-3000)}`,
      );
      assert.deepEqual(
        counts(failures),
        {},
        `answers other than 503 while the server was down: ${JSON.stringify(counts(during))}`,
      );
      assert.ok(unavailable.length > 0, `some requests met the outage: ${JSON.stringify(counts(during))}`);
      for (const a of unavailable) {
        assert.equal(a.retryAfter, '5', `${a.kind}: a 503 says when to try again`);
        if (a.kind.startsWith('api')) assert.match(a.type, /^application\/problem\+json/, a.kind);
        else assert.match(a.type, /^text\/html/, a.kind);
      }
      assert.ok(afterwards.length > 0, 'requests were sent after the restart');
      assert.deepEqual(counts(notRecovered), {}, 'a second after the restart every request succeeds again');
      assert.deepEqual(errorsLogged, [], 'nothing else went wrong in the app');
    } finally {
      await server?.stop();
      await postgres?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
