// A compiled copy of the project for one test run (test/run.mjs, test/reliability/run.ts), so that
// the test processes load plain JavaScript. Under `--import tsx` every module a process loads
// passes through loader hooks on another thread, which costs a process that loads the app about
// 2.5 s of CPU before its first test, and the suite starts hundreds of them; compiled once up
// front, that goes.
//
// Each .ts file under src, test, bench and bin is compiled to a .js file beside a copy of itself
// (esbuild, as tsx uses, with the source map inline so a failure names the .ts line), and its
// relative `.ts` imports are pointed at the `.js` files. Every other file there is copied, and the
// rest of the project (db, public, node_modules, package.json …) is linked, as are the benchmarks'
// results and data, so that paths worked out from a module's own location find what they find in
// the project, and figures a run writes outlive it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stop, transform } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiledDirs = ['src', 'test', 'bench', 'bin'];
const notLinked = new Set([...compiledDirs, '.git', '.test-build', 'data', 'scratch']);
// Inside the compiled directories, what runs write for people to read afterwards (the benchmarks'
// and the reliability suite's figures) and data generated for benchmarks: linked, not copied.
const linkedInside = ['bench/results', 'bench/data'];
const builds = path.join(root, '.test-build');

// `from './x.ts'`, `import './x.ts'` and `import('./x.ts')`, as esbuild writes them.
const relativeTsImport = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"'\n]*?)\.ts\2/g;

function filesUnder(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (linkedInside.includes(path.relative(root, p))) continue;
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** Removes the builds of runs whose process has gone (a run stopped by kill -9 leaves its own). */
function removeAbandoned() {
  if (!fs.existsSync(builds)) return;
  for (const name of fs.readdirSync(builds)) {
    const pid = Number(name);
    let alive = false;
    try {
      alive = Number.isInteger(pid) && pid > 0 && process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) fs.rmSync(path.join(builds, name), { recursive: true, force: true });
  }
}

/** Builds this process's copy and returns where it is; `removeBuild` takes it away again. */
export async function buildTests() {
  removeAbandoned();
  const out = path.join(builds, String(process.pid));
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const name of fs.readdirSync(root))
    if (!notLinked.has(name)) fs.symlinkSync(path.join(root, name), path.join(out, name));
  const files = compiledDirs.flatMap((d) => filesUnder(path.join(root, d)));
  for (const rel of linkedInside) {
    fs.mkdirSync(path.join(root, rel), { recursive: true });
    fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    fs.symlinkSync(path.join(root, rel), path.join(out, rel));
  }
  const made = new Set();
  const dirOf = (dest) => {
    const dir = path.dirname(dest);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
  };
  await Promise.all(
    files.map(async (file) => {
      const dest = path.join(out, path.relative(root, file));
      dirOf(dest);
      fs.copyFileSync(file, dest);
      if (!file.endsWith('.ts') || file.endsWith('.d.ts')) return;
      const { code } = await transform(fs.readFileSync(file, 'utf8'), {
        loader: 'ts',
        format: 'esm',
        target: 'node20',
        supported: { 'import-attributes': true },
        sourcemap: 'inline',
        sourcefile: file,
      });
      fs.writeFileSync(dest.replace(/\.ts$/, '.js'), code.replace(relativeTsImport, '$1$2$3.js$2'));
    }),
  );
  // esbuild's compiler runs as a service beside this process until told to stop.
  await stop();
  return out;
}

export function removeBuild(out) {
  fs.rmSync(out, { recursive: true, force: true });
}
