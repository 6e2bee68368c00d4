import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { type ChainReport, chainState, createAuditSealer } from '../../src/platform/audit/index.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { getJob, type Job, recentJobs } from '../../src/platform/jobs/index.ts';
import { csrfFrom, signInCookies, startTestApp, type TestApp } from '../support/app.ts';

describe('the verify page', () => {
  let t: TestApp;
  let admin: string;
  before(async () => {
    t = await startTestApp();
    admin = await signInCookies(t.app, t.la.users.admin.email);
  });
  after(() => t.close());

  const page = (cookies = admin) =>
    t.app.inject({ url: '/admin/audit/verify', headers: { cookie: cookies } });

  async function post(form: Record<string, string>) {
    const csrf = csrfFrom((await page()).body);
    return t.app.inject({
      method: 'POST',
      url: '/admin/audit/verify',
      headers: { cookie: admin, accept: 'text/html' },
      payload: { _csrf: csrf, ...form },
    });
  }

  async function latestCheck(): Promise<Job> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [job] = await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
        recentJobs(tx, 'audit.verify', 1),
      );
      if (job && (job.status === 'succeeded' || job.status === 'failed')) return job;
      if (Date.now() > deadline) throw new Error(`the check is still ${job?.status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const text = (html: string) =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;|&rsquo;/g, '’')
      .replace(/\s+/g, ' ');

  test('is for those who may read the audit log', async () => {
    const coordinator = await signInCookies(t.app, t.la.users.coordinator.email);
    assert.equal((await page(coordinator)).statusCode, 403);
    const res = await page();
    assert.equal(res.statusCode, 200);
    assert.match(text(res.body), /Check the audit log/);
  });

  test('shows the chain head to write down, and how far sealing is behind', async () => {
    await createAuditSealer(t.database).sealNow();
    const state = await chainState(t.database, t.la.code);
    assert.ok(state.head);
    const body = text((await page()).body);
    assert.match(body, new RegExp(`Seal number ${state.head.seq}`));
    assert.ok(body.includes(state.head.hash), 'the hash in full');
    assert.match(body, /Write the seal number and hash down/);
    // Showing the page is itself recorded by sign-ins and the like, which are not sealed yet.
    assert.match(body, /Every event is sealed\.|events? (is|are) not sealed yet; the oldest was recorded/);
  });

  test('a check runs in the background and reports the chain intact, with the lag in its result', async () => {
    await createAuditSealer(t.database).sealNow();
    const res = await post({ headSeq: '', headHash: '' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/audit/verify');
    const job = await latestCheck();
    assert.equal(job.status, 'succeeded');
    const report = (job.result as { report: ChainReport }).report;
    assert.equal(report.verdict.intact, true);
    assert.equal(typeof report.lag.unsealed, 'number');
    assert.equal(job.createdBy, t.la.users.admin.id);

    const body = text((await page()).body);
    assert.match(body, /Intact/);
    assert.match(body, /The chain is intact: \d+ events?, up to seal \d+\./);
    assert.match(body, /What to do next/);

    const recorded = await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
      sql<{ user_id: string; detail: { intact: boolean } }>`
        SELECT user_id, detail FROM audit_events WHERE action = 'audit.chain.verified'`.execute(tx),
    );
    assert.equal(recorded.rows.length, 1, 'the check is itself in the audit log');
    assert.equal(recorded.rows[0]?.user_id, t.la.users.admin.id);
    assert.equal(recorded.rows[0]?.detail.intact, true);
  });

  test('a head written down earlier is checked too; one given by halves or mistyped is refused by name', async () => {
    const half = await post({ headSeq: '3', headHash: '' });
    assert.equal(half.statusCode, 400);
    assert.match(text(half.body), /There is a problem/);
    assert.match(half.body, /href="#headHash"[^>]*>Enter the hash recorded with seal 3/);

    const typo = await post({ headSeq: 'three', headHash: 'abc' });
    assert.equal(typo.statusCode, 400);
    assert.match(typo.body, /href="#headSeq"[^>]*>Seal number must be a whole number, like 1234/);
    assert.match(
      typo.body,
      /href="#headHash"[^>]*>Hash must be the 64 letters and digits shown as the chain head/,
    );

    const state = await chainState(t.database, t.la.code);
    assert.ok(state.head);
    // Copied by hand: in capitals, in groups of eight.
    const copied = (state.head.hash.toUpperCase().match(/.{8}/g) ?? []).join(' ');
    const res = await post({ headSeq: String(state.head.seq), headHash: copied });
    assert.equal(res.statusCode, 303);
    const job = await latestCheck();
    const report = (job.result as { report: ChainReport }).report;
    assert.deepEqual(report.recorded, { seq: state.head.seq, hash: state.head.hash });
    assert.equal(report.verdict.intact, true);
    assert.match(text((await page()).body), new RegExp(`still passes through seal ${state.head.seq}`));
  });

  test('a check while one is running joins it rather than queueing another', async () => {
    const first = await post({});
    const second = await post({});
    assert.equal(first.statusCode, 303);
    assert.equal(second.statusCode, 303);
    const job = await latestCheck();
    const jobs = await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
      recentJobs(tx, 'audit.verify', 10),
    );
    const fromThese = jobs.filter((j) => j.createdAt >= job.createdAt);
    assert.ok(fromThese.length <= 2, 'at most the one waiting and the one that ran');
    assert.ok(await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) => getJob(tx, job.id)));
  });

  test('a broken chain is reported with where, what differs and whom to tell', async () => {
    await createAuditSealer(t.database).sealNow();
    const state = await chainState(t.database, t.la.code);
    assert.ok(state.head);
    const eventId = state.head.eventId;
    await t.database.db.transaction().execute(async (tx) => {
      await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`.execute(tx);
      await sql`UPDATE audit_events SET ip = '203.0.113.9' WHERE id = ${eventId}`.execute(tx);
      await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`.execute(tx);
    });
    await post({});
    const job = await latestCheck();
    const report = (job.result as { report: ChainReport }).report;
    assert.equal(report.verdict.intact, false);
    const body = text((await page()).body);
    assert.match(body, /Broken/);
    assert.match(body, new RegExp(`The chain is broken at seal ${state.head.seq}`));
    assert.match(body, new RegExp(`Event number ${eventId}`));
    assert.match(body, /An event has been changed/);
    assert.match(body, /Report this to your information governance lead/);
  });
});
