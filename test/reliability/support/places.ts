import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { assertLocal } from '../../../bench/lib/postgres.ts';
import { isoDateInLondon } from '../../../src/platform/kernel/dates.ts';
import { type DemoCounts, demoCounts, withDatabase } from './direct.ts';
import { startServer } from './server.ts';
import { type DatabaseKind, databaseKind, ownsWorkDir, workDir } from './settings.ts';

/**
 * Where one server under test keeps its data: a data directory (PGlite's files, the demo's
 * sign-in details) and, on PostgreSQL, a database of its own on the server DATABASE_URL names.
 */
export interface Place {
  kind: DatabaseKind;
  dataDir: string;
  /** The place's own database, on PostgreSQL. */
  databaseUrl: string | undefined;
  /** DATA_DIR, and DATABASE_URL on PostgreSQL, as the server's environment needs them. */
  env: Record<string, string>;
  remove(): Promise<void>;
}

/** A place holding the demo LAs as a first start seeds them, and the password it printed. */
export interface DemoPlace extends Place {
  password: string;
}

function serverUrl(): string {
  const url = process.env.DATABASE_URL ?? '';
  // Loads and faults go only to a server on this machine, never to someone's real database.
  assertLocal(url);
  return url;
}

export async function adminQuery(query: string, url = serverUrl()): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

/** Databases made by this run, so the runner can drop any a failed test left behind. */
function remember(name: string) {
  fs.appendFileSync(path.join(workDir(), 'databases.txt'), `${name}\n`);
}

export async function createDatabase(template?: string): Promise<{ name: string; url: string }> {
  const name = `opensend_reliability_${randomBytes(6).toString('hex')}`;
  remember(name);
  await adminQuery(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

function place(dataDir: string, database: { name: string; url: string } | undefined): Place {
  return {
    kind: databaseKind,
    dataDir,
    databaseUrl: database?.url,
    env: { DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) },
    async remove() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (database) await dropDatabase(database.name);
    },
  };
}

/** Inside the run's work directory, so that nothing is left behind if a test fails half-way. */
const newDataDir = (prefix: string) => fs.mkdtempSync(path.join(workDir(), `${prefix}-`));

/** An empty place: a new data directory, and a new database on PostgreSQL. */
export async function emptyPlace(prefix: string): Promise<Place> {
  return place(newDataDir(prefix), databaseKind === 'postgresql' ? await createDatabase() : undefined);
}

interface Template {
  dataDir: string;
  /** What a complete demo holds, to tell a complete one from a partial one. */
  counts: DemoCounts;
  databaseName: string | undefined;
  password: string;
  /** How long the first start took, seeding the demo, from spawn to the sign-in details. */
  firstStartMs: number;
  /**
   * The day in London the demo was made from (its EHC stories are cut at today), or undefined
   * when its first start ran over midnight and the day it read is not known.
   */
  day: string | undefined;
}

/**
 * The demo as the first start seeds it, made once per run and copied for each test: seeding
 * Norfolk's 12,000 children takes a minute or more, a copy a few seconds.
 */
export async function demoTemplate(): Promise<Template> {
  const file = path.join(workDir(), `template-${databaseKind}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Template;
  const target = await emptyPlace('reliability-template');
  const started = performance.now();
  const dayBefore = isoDateInLondon(new Date());
  const server = await startServer(target, { seedDemo: true, readyTimeoutMs: 20 * 60_000 });
  const firstStartMs = Math.round(performance.now() - started);
  const dayAfter = isoDateInLondon(new Date());
  await server.stop();
  if (!server.demoPassword) throw new Error(`the first start printed no demo password:\n${server.output()}`);
  const template: Template = {
    dataDir: target.dataDir,
    counts: await withDatabase(target, demoCounts),
    databaseName: target.databaseUrl ? new URL(target.databaseUrl).pathname.slice(1) : undefined,
    password: server.demoPassword,
    firstStartMs,
    day: dayBefore === dayAfter ? dayBefore : undefined,
  };
  fs.writeFileSync(file, JSON.stringify(template));
  return template;
}

/**
 * What a first start that is not killed makes now: for a test whose own first start may have
 * read another day than the template's, as the demo's records follow the day it is made.
 */
export async function freshDemoCounts(): Promise<DemoCounts> {
  const target = await emptyPlace('fresh-demo');
  try {
    const server = await startServer(target, { seedDemo: true, readyTimeoutMs: 20 * 60_000 });
    await server.stop();
    return await withDatabase(target, demoCounts);
  } finally {
    await target.remove();
  }
}

/** A copy of the seeded demo for one test to change as it likes. */
export async function demoPlace(prefix: string): Promise<DemoPlace> {
  const template = await demoTemplate();
  const dataDir = newDataDir(prefix);
  fs.cpSync(template.dataDir, dataDir, { recursive: true });
  const database = template.databaseName ? await createDatabase(template.databaseName) : undefined;
  return { ...place(dataDir, database), password: template.password };
}

/** Removes what a file run on its own made; under the runner, the runner does it once at the end. */
export async function removeTemplate(): Promise<void> {
  const file = path.join(workDir(), `template-${databaseKind}.json`);
  if (!fs.existsSync(file)) return;
  const template = JSON.parse(fs.readFileSync(file, 'utf8')) as Template;
  fs.rmSync(template.dataDir, { recursive: true, force: true });
  if (template.databaseName) await dropDatabase(template.databaseName);
  fs.rmSync(file);
}

/** For a test file's `after`: a file run on its own clears up its run's template and directory. */
export async function clearUpOwnRun(): Promise<void> {
  if (!ownsWorkDir()) return;
  await removeTemplate();
  fs.rmSync(workDir(), { recursive: true, force: true });
}
