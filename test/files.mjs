#!/usr/bin/env node
// Lists the test files `npm test` runs (test/run.mjs), one a line when run itself.
//
// On PGlite (no DATABASE_URL) that is every test file. On PostgreSQL it is the files whose code
// can reach a database or start a process: the rest (pure rules, dates, money, parsers) cannot
// tell the two databases apart, so running them again would repeat the PGlite run's work to the
// byte. A file reaches a database when it, or a module it imports at run time (type-only imports
// are erased), imports a database driver or child processes, or names DATABASE_URL.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reachesOutside = /^(pg|@electric-sql\/pglite(\/.*)?|node:child_process|child_process)$/;

function testFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFiles(rel));
    else if (entry.name.endsWith('.test.ts')) out.push(rel);
  }
  return out;
}

// Run-time import specifiers: `import … from '…'`, `export … from '…'`, `import '…'` and
// `import('…')`, leaving out `import type` and `export type`, which compile to nothing.
const specifiers = (source) =>
  [
    ...source.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^'"`;]*?\bfrom\s+['"]([^'"]+)['"]/gms),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);

/** Each module the tests import, with whether it reaches outside itself and what it imports. */
const modules = new Map();
function visit(file) {
  if (modules.has(file)) return;
  const source = fs.readFileSync(file, 'utf8');
  const imports = specifiers(source);
  const deps = imports
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s))
    .filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && fs.existsSync(f));
  modules.set(file, {
    outside: source.includes('DATABASE_URL') || imports.some((s) => reachesOutside.test(s)),
    deps,
  });
  for (const d of deps) visit(d);
}

/** The modules that reach outside, themselves or through what they import. */
function reaching(files) {
  for (const f of files) visit(f);
  const reached = new Set([...modules].filter(([, m]) => m.outside).map(([f]) => f));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [f, m] of modules)
      if (!reached.has(f) && m.deps.some((d) => reached.has(d))) {
        reached.add(f);
        grew = true;
      }
  }
  return reached;
}

/** The test files to run, relative to the project, on the database the environment names. */
export function chosenTestFiles(env = process.env) {
  const all = [...testFiles('src'), ...testFiles('test/integration')].sort();
  if (!env.DATABASE_URL) return all;
  const reached = reaching(all.map((f) => path.join(root, f)));
  return all.filter((f) => reached.has(path.join(root, f)));
}

/** The browser tests (`npm run test:e2e`), relative to the project. */
export function e2eTestFiles() {
  return testFiles('test/e2e').sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.stdout.write(`${chosenTestFiles().join('\n')}\n`);
