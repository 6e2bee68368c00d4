#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx opensend …` works without a build step. In the
// compiled copy of the project that `npm test` runs from (test/build.mjs), the CLI is compiled
// beside its source, and that is run instead.
import fs from 'node:fs';

const compiled = new URL('../src/cli.js', import.meta.url);
if (fs.existsSync(compiled)) await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
