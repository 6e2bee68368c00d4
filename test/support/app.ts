import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { Role } from '../../src/platform/auth/roles.ts';
import { createUser } from '../../src/platform/auth/service.ts';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import type { Database } from '../../src/platform/db/connect.ts';
import { addLa } from '../../src/platform/las/index.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const password = 'correct horse battery staple';

/** A clock tests can move forward, to let sessions and lock-outs run out. */
export function testClock(start = new Date('2026-03-02T09:00:00Z')) {
  let now = start.getTime();
  const clock = () => new Date(now);
  clock.advance = (minutes: number) => {
    now += minutes * 60_000;
  };
  return clock;
}

export interface TestLa {
  code: string;
  name: string;
  users: Record<'admin' | 'coordinator' | 'parent', { id: string; email: string }>;
}

async function seedLa(database: Database, code: string, name: string): Promise<TestLa> {
  await addLa(database, { code, name });
  const make = async (local: string, roles: Role[]) => {
    const email = `${local}.${code}@example.org`;
    const id = await createUser(database, {
      laCode: code,
      email,
      name: `${local} of ${name}`,
      roles,
      password,
    });
    return { id, email };
  };
  return {
    code,
    name,
    users: {
      admin: await make('admin', ['administrator']),
      coordinator: await make('coordinator', ['ehc_coordinator']),
      parent: await make('parent', ['parent_carer']),
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  clock: ReturnType<typeof testClock>;
  la: TestLa;
  otherLa: TestLa;
  config: Config;
  close(): Promise<void>;
}

/** The whole app on a fresh database with two LAs, each with an administrator, a coordinator and a parent. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const la = await seedLa(database, '926', 'Norfolk (test)');
  const otherLa = await seedLa(database, '935', 'Suffolk (test)');
  const clock = testClock();
  // The app is told its own database's URL, as in production, for what connects by itself (pg_dump).
  // Files people send go to a directory of the test's own, removed with it.
  const uploads = await mkdtemp(path.join(tmpdir(), 'opensend-uploads-'));
  const config = loadConfig({
    SEED_DEMO: 'false',
    UPLOAD_DIR: uploads,
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const app = await buildApp({ config, database: database.app, clock });
  return {
    app,
    database,
    clock,
    la,
    otherLa,
    config,
    async close() {
      await app.close();
      await database.drop();
      await rm(uploads, { recursive: true, force: true });
    },
  };
}

/** Signs in through the real form (CSRF and all) and returns the cookies to send afterwards. */
export async function signInCookies(app: FastifyInstance, email: string, pw = password): Promise<string> {
  const form = await app.inject({ method: 'GET', url: '/sign-in' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const csrfCookie = form.cookies.find((c) => c.name === 'opensend_csrf');
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: `opensend_csrf=${csrfCookie?.value}`, accept: 'text/html' },
    payload: { _csrf: csrf, email, password: pw },
  });
  const session = res.cookies.find((c) => c.name === 'opensend_session');
  // Signing in starts a new CSRF secret; the browser keeps the cookie that carries it.
  const renewedCsrf = res.cookies.find((c) => c.name === 'opensend_csrf');
  if (res.statusCode !== 303 || !session || !renewedCsrf)
    throw new Error(`sign-in failed for ${email}: ${res.statusCode}`);
  return `opensend_csrf=${renewedCsrf.value}; opensend_session=${session.value}`;
}

/** The CSRF token from a page, for posting a form as the browser would. */
export function csrfFrom(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
}
