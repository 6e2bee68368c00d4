#!/usr/bin/env node
// `npm test` (the files test/files.mjs chooses) and `npm run test:e2e` (`node test/run.mjs e2e`,
// the browser tests): Node's test runner over them, two files at a time, with its exit code.
// Spawned rather than listed by the shell, so a list that cannot be made fails the run instead of
// leaving the runner with no files, which it would pass. The files run from a compiled copy of
// the project (test/build.mjs), made for this run and removed after it. Options after the suite
// go to the runner (`npm test -- --test-name-pattern=…`).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildTests, removeBuild } from './build.mjs';
import { chosenTestFiles, e2eTestFiles } from './files.mjs';

const e2e = process.argv[2] === 'e2e';
const files = e2e ? e2eTestFiles() : chosenTestFiles();
if (files.length === 0) {
  console.error(`no test files found under ${e2e ? 'test/e2e' : 'src and test/integration'}`);
  process.exit(1);
}
const build = await buildTests();
const run = spawn(
  process.execPath,
  [
    '--enable-source-maps',
    '--test',
    '--test-concurrency=2',
    '--test-force-exit',
    '--test-timeout=600000',
    ...process.argv.slice(e2e ? 3 : 2),
    ...files.map((f) => path.join(build, f.replace(/\.ts$/, '.js'))),
  ],
  { cwd: build, stdio: 'inherit' },
);
// A stop asked of this process (a CI time limit, Ctrl+C) reaches the runner and its test files too.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => run.kill(signal));
run.on('exit', (code) => {
  removeBuild(build);
  process.exit(code ?? 1);
});
