import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import {
  createJobLanes,
  createJobWorker,
  enqueueJob,
  getJob,
  JobFailed,
  type JobHandler,
  type JobWorker,
  notifyJobQueued,
  releaseOrphanedJobs,
} from '../../src/platform/jobs/index.ts';
import { addLa } from '../../src/platform/las/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

describe('background jobs', () => {
  let database: TestDatabase;
  let worker: JobWorker;
  const seen: { kind: string; la: string; payload: string }[] = [];
  const norfolk = { laCode: '926', userId: null };
  const suffolk = { laCode: '935', userId: null };

  const handlers: JobHandler[] = [
    {
      kind: 'test.count',
      async run({ job, payload, progress }) {
        seen.push({ kind: job.kind, la: job.laCode, payload: Buffer.from(payload ?? []).toString() });
        for (let i = 1; i <= 3; i++) await progress(i, 3, `Counted ${i} of 3`);
        return { message: 'Counted 3', result: { counted: 3 } };
      },
    },
    {
      kind: 'test.refuse',
      async run() {
        throw new JobFailed('Nothing was done: row 2 is wrong', { report: [{ row: 2 }] });
      },
    },
    {
      kind: 'test.crash',
      async run() {
        throw new Error('disk on fire');
      },
    },
  ];

  before(async () => {
    database = await createTestDatabase();
    await addLa(database, { code: '926', name: 'Norfolk (test)' });
    await addLa(database, { code: '935', name: 'Suffolk (test)' });
    worker = createJobWorker(database, { handlers, pollMs: 60_000 });
    worker.start();
  });
  after(async () => {
    await worker.stop();
    await database.drop();
  });

  async function run(tenant: typeof norfolk, kind: string, payload?: string) {
    const id = await inTenant(database.db, tenant, (tx) =>
      enqueueJob(tx, {
        laCode: tenant.laCode,
        kind,
        createdBy: null,
        params: { file: 'x.csv' },
        payload: payload ? Buffer.from(payload) : null,
      }),
    );
    notifyJobQueued();
    await worker.drain();
    const job = await inTenant(database.db, tenant, (tx) => getJob(tx, id));
    assert.ok(job);
    return job;
  }

  test('a queued job is run by its handler in its own LA, with its payload, and its result kept', async () => {
    const job = await run(norfolk, 'test.count', 'hello');
    assert.equal(job.status, 'succeeded');
    assert.equal(job.message, 'Counted 3');
    assert.deepEqual(job.result, { counted: 3 });
    assert.deepEqual(job.progress, { done: 3, total: 3 });
    assert.deepEqual(job.params, { file: 'x.csv' });
    assert.ok(job.startedAt && job.finishedAt && job.attempts === 1);
    assert.deepEqual(seen.at(-1), { kind: 'test.count', la: '926', payload: 'hello' });
    const payload = await sql<{ payload: unknown }>`SELECT payload FROM jobs WHERE id = ${job.id}`.execute(
      database.db,
    );
    assert.equal(payload.rows[0]?.payload, null, 'what was uploaded is not kept once the job has run');
  });

  test('a job its handler refuses fails with the handler’s message and report', async () => {
    const job = await run(norfolk, 'test.refuse');
    assert.equal(job.status, 'failed');
    assert.equal(job.message, 'Nothing was done: row 2 is wrong');
    assert.deepEqual(job.result, { report: [{ row: 2 }] });
  });

  test('a job that crashes fails with a plain message, not the error', async () => {
    const job = await run(norfolk, 'test.crash');
    assert.equal(job.status, 'failed');
    assert.match(String(job.message), /problem on our side/);
    assert.doesNotMatch(String(job.message), /disk on fire/);
  });

  test("one LA cannot see another LA's jobs", async () => {
    const job = await run(suffolk, 'test.count', 'suffolk');
    assert.equal(await inTenant(database.db, norfolk, (tx) => getJob(tx, job.id)), undefined);
    assert.equal((await inTenant(database.db, suffolk, (tx) => getJob(tx, job.id)))?.status, 'succeeded');
  });

  test('a running job whose worker stopped beating is taken up again; one that keeps stopping is failed', async () => {
    const id = await inTenant(database.db, norfolk, (tx) =>
      enqueueJob(tx, { laCode: '926', kind: 'test.count', createdBy: null }),
    );
    await sql`UPDATE jobs SET status = 'running', attempts = 1, heartbeat_at = now() - interval '1 hour' WHERE id = ${id}`.execute(
      database.db,
    );
    await worker.drain();
    const retried = await inTenant(database.db, norfolk, (tx) => getJob(tx, id));
    assert.equal(retried?.status, 'succeeded');
    assert.equal(retried?.attempts, 2);

    const doomed = await inTenant(database.db, norfolk, (tx) =>
      enqueueJob(tx, { laCode: '926', kind: 'test.count', createdBy: null }),
    );
    await sql`UPDATE jobs SET status = 'running', attempts = 3, heartbeat_at = now() - interval '1 hour' WHERE id = ${doomed}`.execute(
      database.db,
    );
    await worker.drain();
    const failed = await inTenant(database.db, norfolk, (tx) => getJob(tx, doomed));
    assert.equal(failed?.status, 'failed');
    assert.match(String(failed?.message), /stopped before it finished 3 times/);
  });

  test('on a start that holds the database alone, a job a killed process left running is taken up at once', async () => {
    const id = await inTenant(database.db, norfolk, (tx) =>
      enqueueJob(tx, { laCode: '926', kind: 'test.count', createdBy: null }),
    );
    // Its heartbeat is fresh: a worker elsewhere would wait ten minutes before taking it as lost.
    await sql`UPDATE jobs SET status = 'running', attempts = 1, heartbeat_at = now() WHERE id = ${id}`.execute(
      database.db,
    );
    assert.equal(await releaseOrphanedJobs(database.db), 1);
    await worker.drain();
    const resumed = await inTenant(database.db, norfolk, (tx) => getJob(tx, id));
    assert.equal(resumed?.status, 'succeeded');
    assert.equal(resumed?.attempts, 2, 'the interrupted run counts as an attempt');
  });

  test('a job of a kind this worker has no handler for is left for a worker that has one', async () => {
    const id = await inTenant(database.db, norfolk, (tx) =>
      enqueueJob(tx, { laCode: '926', kind: 'other.module-job', createdBy: null }),
    );
    await worker.drain();
    assert.equal((await inTenant(database.db, norfolk, (tx) => getJob(tx, id)))?.status, 'queued');
  });

  test('a job someone starts runs while a long background run is still going', {
    timeout: 30_000,
  }, async () => {
    let finishBackground = () => {};
    const backgroundGoing = new Promise<void>((resolve) => {
      finishBackground = resolve;
    });
    let backgroundStarted = () => {};
    const started = new Promise<void>((resolve) => {
      backgroundStarted = resolve;
    });
    const lanes = createJobLanes(database, {
      handlers: [
        ...handlers,
        {
          kind: 'test.daily',
          async run() {
            backgroundStarted();
            await backgroundGoing;
            return { message: 'Done for the day' };
          },
        },
      ],
      background: new Set(['test.daily']),
      pollMs: 60_000,
    });
    // The suite's own worker would take the people's job too: only the lanes may run this test's.
    await worker.stop();
    lanes.start();
    try {
      const daily = await inTenant(database.db, suffolk, (tx) =>
        enqueueJob(tx, { laCode: '935', kind: 'test.daily', createdBy: null }),
      );
      notifyJobQueued();
      await started;
      const import_ = await inTenant(database.db, suffolk, (tx) =>
        enqueueJob(tx, { laCode: '935', kind: 'test.count', createdBy: null }),
      );
      notifyJobQueued();
      let state = await inTenant(database.db, suffolk, (tx) => getJob(tx, import_));
      while (state?.status !== 'succeeded') {
        assert.notEqual(state?.status, 'failed');
        await new Promise((r) => setTimeout(r, 20));
        state = await inTenant(database.db, suffolk, (tx) => getJob(tx, import_));
      }
      assert.equal((await inTenant(database.db, suffolk, (tx) => getJob(tx, daily)))?.status, 'running');
      finishBackground();
      await lanes.drain();
      assert.equal((await inTenant(database.db, suffolk, (tx) => getJob(tx, daily)))?.status, 'succeeded');
    } finally {
      finishBackground();
      await lanes.stop();
      worker.start();
    }
  });
});
