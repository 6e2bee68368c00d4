import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { createUser } from '../src/platform/auth/service.ts';
import type { Database } from '../src/platform/db/connect.ts';
import { refreshStatistics } from '../src/platform/db/migrate.ts';
import { inTenant } from '../src/platform/db/tenancy.ts';
import { discardReceived, receiveFile } from '../src/platform/files/index.ts';
import { seed } from '../src/seed/index.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  type Target,
  writeResult,
} from './lib/report.ts';
import { againstServer } from './lib/served.ts';
import { signIn } from './lib/sign-in.ts';
import { time } from './lib/timing.ts';

const laCode = '926';
const password = 'correct horse battery staple';
const rounds = 50;
const uploads = 10;
const megabytes = 10;
const pageTargetMs = 100;
const uploadTargetMs = 1_000;

/**
 * The family's side of the portal on the demo LA (Norfolk's size): a parent's pages for the EHC
 * request about their child in its draft-plan stage (every date in words, the draft's sections, the
 * comment form, the messages) and for their online request, over HTTP; baseline in the same run,
 * the child's record page the same parent reads. And a 10 MB PDF uploaded with a request, over
 * HTTP, and the same file received in this process while its memory is watched, against reading
 * it whole into memory as a baseline. Targets: the page p95 under 100 ms on PGlite; an upload
 * stored and checked in under 1 s, with memory flat.
 */
async function prepare(database: Database) {
  process.stdout.write('portal-pages: seeding Norfolk...\n');
  await seed(database, { scale: 'norfolk', seed: 1, la: { code: laCode, name: 'Norfolk (bench)' } });
  const userId = await createUser(database, {
    laCode,
    email: 'parent@bench.example.org',
    name: 'Bench parent',
    roles: ['parent_carer'],
    password,
  });
  await refreshStatistics(database);
  return inTenant(database.db, { laCode, userId: null }, async (tx) => {
    // A child whose request is at the draft plan, with a parent or carer the bench signs in as.
    const r = await sql<{ requestId: string; childId: string; personId: string }>`
      SELECT r.id AS "requestId", r.child_id AS "childId", cr.person_id AS "personId" FROM ehc_requests r
      JOIN child_relationships cr ON cr.child_id = r.child_id
      WHERE r.stage = 'drafting' ORDER BY r.received_on DESC LIMIT 1`.execute(tx);
    const row = r.rows[0];
    if (!row) throw new Error('the demo LA has no request at the draft plan');
    await sql`UPDATE people SET user_id = ${userId} WHERE id = ${row.personId}`.execute(tx);
    return row;
  });
}

function pdfOf(bytes: number): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(bytes - 9, 0x20)]);
}

/** Peak growth of this process's memory outside the heap (where file buffers live) while `work` runs. */
async function peakGrowth(work: () => Promise<unknown>): Promise<number> {
  global.gc?.();
  const start = process.memoryUsage().arrayBuffers + process.memoryUsage().external;
  let peak = start;
  const watch = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.arrayBuffers + m.external);
  }, 1);
  try {
    await work();
  } finally {
    clearInterval(watch);
  }
  const m = process.memoryUsage();
  return Math.max(peak, m.arrayBuffers + m.external) - start;
}

/**
 * A file arriving in 64 KB pieces, as a request body arrives. The pieces share one buffer, so that
 * what grows is what the reader keeps, not garbage the sender made and the collector has not yet met.
 */
const piece = Buffer.alloc(65_536, 0x20);
const arriving = (bytes: number) =>
  Readable.from(
    (function* () {
      yield Buffer.from('%PDF-1.7\n');
      for (let sent = 9; sent < bytes; sent += piece.length)
        yield piece.subarray(0, Math.min(piece.length, bytes - sent));
    })(),
  );

export async function portalPagesBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  return againstServer(kind, 'portal-pages', prepare, async (base, made) => {
    const cookie = await signIn(base, 'parent@bench.example.org', password);
    const get = async (url: string) => {
      const res = await fetch(`${base}${url}`, { headers: { cookie } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 300)}`);
      return body;
    };
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await get('/request/new'))?.[1] ?? '';
    const post = async (url: string, fields: Record<string, string>) => {
      const res = await fetch(`${base}${url}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
      if (res.status !== 303)
        throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      return res.headers.get('location') ?? '';
    };
    // The parent asks for help online; its page is what they follow it on.
    const id =
      /\/request\/([0-9a-f-]{36})/.exec(
        await post('/request/new', { by: 'child', childId: made.childId }),
      )?.[1] ?? '';
    await post(`/request/${id}/what`, { kind: 'help' });
    await post(`/request/${id}/needs`, { needs: 'Reading and noisy rooms are hard.' });
    await post(`/request/${id}/views`, { views: 'Loves trains.' });
    await post(`/request/${id}/check`, {});

    const ehcPage = await time(rounds, () => get(`/portal/ehc/${made.requestId}`));
    const requestPage = await time(rounds, () => get(`/request/${id}`));
    const baseline = await time(rounds, () => get(`/children/${made.childId}`));

    // Uploads go to a draft; each is removed again, as a request carries at most ten files.
    const draft =
      /\/request\/([0-9a-f-]{36})/.exec(
        await post('/request/new', { by: 'child', childId: made.childId }),
      )?.[1] ?? '';
    const file = pdfOf(megabytes * 1024 * 1024);
    const upload = await time(uploads, async () => {
      const form = new FormData();
      form.set('_csrf', csrf);
      form.set('description', 'Scanned report');
      form.set('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), 'report.pdf');
      const res = await fetch(`${base}/request/${draft}/files`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie },
        body: form,
      });
      if (res.status !== 303)
        throw new Error(`upload answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      const page = await get(`/request/${draft}/files`);
      const fileId = /\/files\/([0-9a-f-]{36})"/.exec(page)?.[1];
      if (fileId) await post(`/request/${draft}/files/${fileId}/remove`, {});
    });

    const dir = await mkdtemp(path.join(tmpdir(), 'opensend-bench-uploads-'));
    let streamed = 0;
    let buffered = 0;
    try {
      const bytes = megabytes * 1024 * 1024;
      streamed = await peakGrowth(async () => {
        const received = await receiveFile(arriving(bytes), 'report.pdf', dir);
        if (!received.check.ok || received.bytes !== bytes)
          throw new Error('the streamed file was not received whole');
        await discardReceived(received);
      });
      buffered = await peakGrowth(async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of arriving(bytes)) chunks.push(chunk as Buffer);
        if (Buffer.concat(chunks).length !== bytes) throw new Error('the buffered file was not read whole');
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
    printTable(
      'The family’s portal pages and uploads, over HTTP',
      ['request', 'p50 ms', 'p95 ms', 'max ms'],
      [
        ['the EHC request at its draft plan (/portal/ehc)', ehcPage.p50, ehcPage.p95, ehcPage.max],
        ['their online request (/request/{id})', requestPage.p50, requestPage.p95, requestPage.max],
        ['baseline: the child’s record page', baseline.p50, baseline.p95, baseline.max],
        [`${megabytes} MB PDF uploaded, checked and stored`, upload.p50, upload.p95, upload.max],
      ],
    );
    printTable(
      `Memory while a ${megabytes} MB file arrives`,
      ['how', 'peak growth MB'],
      [
        ['streamed to disk (as the app does)', mb(streamed)],
        ['baseline: read whole into memory', mb(buffered)],
      ],
    );
    const targets: Target[] = [
      {
        description: `parent's request page, Norfolk scale, p95 < ${pageTargetMs} ms`,
        met: Math.max(ehcPage.p95, requestPage.p95) < pageTargetMs,
        measured: `EHC request page p95 ${ehcPage.p95} ms, online request page p95 ${requestPage.p95} ms (child record ${baseline.p95} ms)`,
      },
      {
        description: `${megabytes} MB upload stored and type-checked < ${uploadTargetMs} ms, memory flat`,
        met: upload.p95 < uploadTargetMs && streamed < buffered / 4,
        measured: `p95 ${upload.p95} ms; memory grew ${mb(streamed)} MB streamed against ${mb(buffered)} MB read whole`,
      },
    ];
    process.stdout.write(
      `written ${writeResult('portal-pages', env, { rounds, ehcPage, requestPage, baseline, upload, streamed, buffered, targets })}\n`,
    );
    return { name: 'portal-pages', database: kind, targets };
  });
}
