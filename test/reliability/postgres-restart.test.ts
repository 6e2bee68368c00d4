import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createApiToken, createUser } from '../../src/platform/auth/service.ts';
import { connect } from '../../src/platform/db/connect.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { databaseUnavailable } from '../../src/platform/http/unavailable.ts';
import { isoDateInLondon } from '../../src/platform/kernel/dates.ts';
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
      const today = isoDateInLondon(new Date());
      // Each child's EHC request, decided for assessment, so advice can be asked for again and
      // again: a write of a dozen statements in one transaction, like most of the service's.
      const requests: string[] = [];
      for (const [i, surname] of surnames.entries()) {
        const made = await api.post<{ id: string }>(
          '/api/v1/children',
          newChildJson({ surname, forename: `Ada${i}` }),
        );
        assert.equal(made.status, 201, JSON.stringify(made.json));
        const opened = await api.post<{ id: string }>('/api/v1/ehc/requests', {
          childId: made.json.id,
          receivedOn: today,
          source: 'parent',
          requestedBy: 'Pat Parent',
          consent: true,
        });
        assert.equal(opened.status, 201, JSON.stringify(opened.json));
        const decided = await api.post(`/api/v1/ehc/requests/${opened.json.id}/events`, {
          corrects: null,
          event: { type: 'assessment-decided', on: today, outcome: 'assess' },
        });
        assert.equal(decided.status, 201, JSON.stringify(decided.json));
        requests.push(opened.json.id);
      }

      const answers: Answer[] = [];
      const started = performance.now();
      const end = started + plan.outage.seconds * 1000;
      const restarts: { from: number; to: number }[] = [];
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
      const json = { ...bearer, 'content-type': 'application/json' };
      const base = server.url;
      const running = server;
      const alive = () => running.child.exitCode === null && running.child.signalCode === null;
      const client = async (i: number) => {
        // Bounded, and given up if the app has died: its answers would all be the same refusal.
        for (let n = 0; performance.now() < end && n < 100_000 && alive(); n++) {
          const surname = surnames[(i + n) % surnames.length] as string;
          switch (n % 5) {
            case 0:
              await send('api search', () =>
                fetch(`${base}/api/v1/children?q=${encodeURIComponent(surname)}`, { headers: bearer }),
              );
              break;
            case 1:
              await send('api write', () =>
                fetch(`${base}/api/v1/children`, {
                  method: 'POST',
                  headers: json,
                  body: JSON.stringify(newChildJson({ surname, forename: `Load${i}n${n}` })),
                }),
              );
              break;
            case 2:
              await send('api step', () =>
                fetch(`${base}/api/v1/ehc/requests/${requests[(i + n) % requests.length]}/events`, {
                  method: 'POST',
                  headers: json,
                  body: JSON.stringify({
                    corrects: null,
                    event: { type: 'advice-requested', on: today, kind: 'health', adviser: `Dr ${i}-${n}` },
                  }),
                }),
              );
              break;
            case 3:
              await send('page', () =>
                browser.fetch(`/children?q=${encodeURIComponent(surname)}`, {}, 30_000),
              );
              break;
            default:
              await send('health', () => fetch(`${base}/health`));
          }
        }
      };
      // Restarted several times, evenly through the traffic, the last with time left to recover.
      const restart = async () => {
        const gap = (plan.outage.seconds * 1000) / (plan.outage.restarts + 1);
        for (let k = 1; k <= plan.outage.restarts; k++) {
          await new Promise((r) => setTimeout(r, Math.max(0, started + k * gap - performance.now())));
          const from = performance.now() - started;
          await postgres?.restart();
          restarts.push({ from, to: performance.now() - started });
        }
      };
      await Promise.all([restart(), ...Array.from({ length: plan.outage.clients }, (_, i) => client(i))]);

      const during = answers.filter((a) => restarts.some((r) => a.at >= r.from && a.at <= r.to + 1_000));
      const unavailable = answers.filter((a) => a.status === 503 && a.kind !== 'health');
      const failures = answers.filter((a) => a.status === 'network' || (a.status >= 500 && a.status !== 503));
      // Given a second after pg_ctl says the server is back for the pool's next connections.
      const last = restarts.at(-1) ?? { from: 0, to: 0 };
      const afterwards = answers.filter((a) => a.at > last.to + 1_000);
      const notRecovered = afterwards.filter((a) => a.status === 'network' || a.status >= 400);
      const counts = (list: Answer[]) =>
        Object.fromEntries(
          [...new Set(list.map((a) => `${a.kind} ${a.status}`))]
            .sort()
            .map((k) => [k, list.filter((a) => `${a.kind} ${a.status}` === k).length]),
        );
      const logged = loggedErrors(server.output());
      const tally = (list: string[]) =>
        Object.fromEntries([...new Set(list)].sort().map((k) => [k, list.filter((x) => x === k).length]));
      recordResult('postgresRestart', {
        clients: plan.outage.clients,
        seconds: plan.outage.seconds,
        restartsMs: restarts.map((r) => ({ from: Math.round(r.from), took: Math.round(r.to - r.from) })),
        answers: counts(answers),
        answersDuringRestart: counts(during),
        unavailable503: unavailable.length,
        failures: failures.length,
        notRecovered: notRecovered.length,
        firstFailuresAtMs: failures.slice(0, 20).map((a) => Math.round(a.at)),
        serverLogged: tally(
          logged.map((e) => `${e.msg}: ${e.err?.code ?? ''} ${e.err?.message ?? ''}`.trim()),
        ),
      });
      // Whatever the app logged must be the outage itself: requests and the job worker meeting it.
      const unexplained = logged.filter(
        (e) => !databaseUnavailable(Object.assign(new Error(e.err?.message ?? e.msg), { code: e.err?.code })),
      );

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
      assert.deepEqual(unexplained, [], 'nothing else went wrong in the app');
    } finally {
      await server?.stop();
      await postgres?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
