import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildTests, removeBuild } from '../build.mjs';

/**
 * `npm run test:reliability`: the files beside this one under Node's test runner, one at a time,
 * sharing one seeded demo (made by the first file that needs it) through a work directory that
 * is removed at the end, with any database a failed test left behind.
 */
const here = import.meta.dirname;
const form = process.env.RELIABILITY ?? (process.env.CI === 'true' ? 'short' : 'full');
if (form !== 'short' && form !== 'full') {
  process.stderr.write(`RELIABILITY must be short or full, not ${JSON.stringify(form)}\n`);
  process.exit(2);
}
const names = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.test.ts'))
  .sort();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-reliability-'));
process.stdout.write(
  `Reliability, ${form} form, on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}: ${names.join(', ')}\n`,
);
// From a compiled copy of the project, as npm test runs: the servers the files start load faster.
const build = await buildTests();
const files = names.map((f) => path.join(build, 'test/reliability', f.replace(/\.ts$/, '.js')));

const child = spawn(process.execPath, ['--enable-source-maps', '--test', '--test-concurrency=1', ...files], {
  cwd: build,
  stdio: 'inherit',
  env: {
    ...process.env,
    RELIABILITY: form,
    RELIABILITY_WORK_DIR: work,
    RELIABILITY_RUN_ID: new Date().toISOString(),
  },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
const code = await new Promise<number>((resolve) => child.once('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));

const made = path.join(work, 'databases.txt');
if (process.env.DATABASE_URL && fs.existsSync(made)) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    for (const name of new Set(fs.readFileSync(made, 'utf8').split('\n').filter(Boolean)))
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
fs.rmSync(work, { recursive: true, force: true });
removeBuild(build);
process.exit(code);
