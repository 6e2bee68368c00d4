import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { printTable } from '../../bench/lib/report.ts';
import type { ApiClient } from './support/client.ts';
import { withDatabase } from './support/direct.ts';
import { ehcDrift } from './support/ehc-consistency.ts';
import { loadFigures, lostWrites, prepareLoad, runLoad } from './support/load.ts';
import { clearUpOwnRun, type DemoPlace, demoPlace, demoTemplate } from './support/places.ts';
import { recordResult } from './support/results.ts';
import { type AppServer, killAllServers, loggedErrors, startServer } from './support/server.ts';
import { databaseKind, form, plan } from './support/settings.ts';

describe(`the server under load on ${databaseKind} (${form} form)`, () => {
  let place: DemoPlace;
  let server: AppServer;
  before(async () => {
    place = await demoPlace('load');
    server = await startServer(place);
  });
  after(async () => {
    await server?.stop();
    await killAllServers();
    await place?.remove();
    await clearUpOwnRun();
  });

  test(`${plan.load.connections} connections of mixed traffic for ${plan.load.seconds} s: no 5xx, and every acknowledged write is there afterwards`, {
    timeout: (plan.load.seconds + 600) * 1000,
  }, async () => {
    const target = await prepareLoad(server.url, place.password);
    const run = await runLoad(target, plan.load);
    const figures = loadFigures(run);
    const lost = await lostWrites(target.team[0]?.api as ApiClient, run.ehcWrites, run.childWrites);
    const errorsLogged = loggedErrors(server.output());
    await server.stop();
    // What the EHC engine works out from each request's events must be what is stored.
    const drift = await withDatabase(place, (database) => ehcDrift(database, '926'));

    const file = recordResult('load', {
      firstStartSeedingDemoMs: (await demoTemplate()).firstStartMs,
      ...figures,
      lostWrites: lost.length,
      ehcRequestsDrifted: new Set(drift.map((d) => d.requestId)).size,
    });
    printTable(
      `Load on ${databaseKind}: ${figures.connections} connections, ${figures.seconds} s, ${figures.requests} requests, ${figures.requestsPerSecond} requests/s (${file})`,
      ['kind', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'answers'],
      Object.entries(figures.kinds).map(([kind, k]) => [
        kind,
        k.requests,
        k.requestsPerSecond,
        k.latencyMs.p50,
        k.latencyMs.p99,
        k.latencyMs.max,
        Object.entries(k.statuses)
          .map(([s, n]) => `${s}×${n}`)
          .join(' '),
      ]),
    );

    assert.deepEqual(
      run.failures,
      [],
      `5xx or failed requests; the server logged: ${JSON.stringify(errorsLogged.slice(0, 5))}`,
    );
    assert.ok(figures.acknowledgedWrites.ehcEvents > 0, 'some EHC steps were recorded');
    assert.ok(figures.acknowledgedWrites.childEdits > 0, 'some children were edited');
    assert.deepEqual(lost, [], 'every acknowledged write is read back');
    assert.deepEqual(drift.slice(0, 5), [], 'stored EHC summaries and deadlines match their events');
  });
});
