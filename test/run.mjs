#!/usr/bin/env node
// `npm test`: Node's test runner over the files test/files.mjs chooses, with the runner's exit code.
// Spawned rather than listed by the shell, so a list that cannot be made fails the run instead of
// leaving the runner with no files, which it would pass.
import { spawn } from 'node:child_process';
import { chosenTestFiles } from './files.mjs';

const files = chosenTestFiles();
if (files.length === 0) {
  console.error('npm test: no test files found under src and test/integration');
  process.exit(1);
}
const run = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-force-exit',
    '--test-timeout=600000',
    ...process.argv.slice(2),
    ...files,
  ],
  { stdio: 'inherit' },
);
// A stop asked of this process (a CI time limit, Ctrl+C) reaches the runner and its test files too.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => run.kill(signal));
run.on('exit', (code) => process.exit(code ?? 1));
