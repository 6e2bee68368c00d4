import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../src/platform/auth/roles.ts';
import { createApiToken, createUser } from '../../src/platform/auth/service.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { getJob, type Job } from '../../src/platform/jobs/index.ts';
import { csrfFrom, password, signInCookies, type TestApp } from './app.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A file from test/fixtures/gias: GIAS's real columns, invented schools, Windows-1252. */
export function giasFixture(name: string): Buffer {
  return fs.readFileSync(path.join(root, 'test/fixtures/gias', name));
}
export const fixturePath = (name: string) => path.join(root, 'test/fixtures/gias', name);

export async function addPerson(t: TestApp, laCode: string, local: string, roles: Role[]) {
  const email = `${local}.${laCode}@example.org`;
  const id = await createUser(t.database, { laCode, email, name: `${local} (${laCode})`, roles, password });
  return { id, email };
}

export async function tokenFor(t: TestApp, user: { id: string }, laCode: string): Promise<string> {
  const r = await createApiToken(
    t.database,
    { userId: user.id, laCode },
    { name: 'test', days: 30 },
    { ip: null, requestId: 'test', now: t.clock() },
  );
  return r.token;
}

/** Calls the API as a program would, with a bearer token. */
export function callApi(
  t: TestApp,
  token: string,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: unknown,
) {
  return t.app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
}

/** A signed-in browser: GET a page, POST its form with the page's CSRF token. */
export async function browser(t: TestApp, email: string) {
  const cookie = await signInCookies(t.app, email);
  const get = (url: string) => t.app.inject({ url, headers: { cookie, accept: 'text/html' } });
  return {
    cookie,
    get,
    async post(formUrl: string, action: string, fields: Record<string, string | string[]>) {
      const page = await get(formUrl);
      return t.app.inject({
        method: 'POST',
        url: action,
        headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(
          Object.entries({ _csrf: csrfFrom(page.body), ...fields }).flatMap(([k, v]) =>
            (Array.isArray(v) ? v : [v]).map((x) => [k, x]),
          ),
        ).toString(),
      });
    },
  };
}

/** A multipart/form-data body, as a browser sends a file upload form. */
export function multipartBody(
  fields: Record<string, string>,
  files: Record<string, { filename: string; data: Buffer }>,
) {
  const boundary = `----opensend${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  for (const [name, f] of Object.entries(files)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${f.filename}"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads GIAS files through the import page, as an administrator does. */
export async function uploadGias(
  t: TestApp,
  cookie: string,
  files: { gias: Buffer; links?: Buffer; filename?: string },
) {
  const page = await t.app.inject({ url: '/admin/imports/gias', headers: { cookie, accept: 'text/html' } });
  const body = multipartBody(
    { _csrf: csrfFrom(page.body) },
    {
      gias: { filename: files.filename ?? 'edubasealldata.csv', data: files.gias },
      ...(files.links ? { links: { filename: 'links.csv', data: files.links } } : {}),
    },
  );
  return t.app.inject({
    method: 'POST',
    url: '/admin/imports/gias',
    headers: { cookie, accept: 'text/html', 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** Waits for a background job to finish, as its progress page does. */
export async function waitForJob(t: TestApp, laCode: string, id: string, timeoutMs = 30_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await inTenant(t.database.db, { laCode, userId: null }, (tx) => getJob(tx, id));
    if (job && (job.status === 'succeeded' || job.status === 'failed')) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} is still ${job?.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
