import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const sourceDir = path.join(root, 'src/platform/views/assets');
const govukDist = path.join(root, 'node_modules/govuk-frontend/dist/govuk');
const mojDist = path.join(root, 'node_modules/@ministryofjustice/frontend/moj');
export const buildRoot = path.join(root, 'public/build');

export interface AssetManifest {
  /** URL prefix of this build, e.g. `/build/3f2a…/`; everything under it may be cached forever. */
  base: string;
  css: string;
  js: string;
}

function inputsHash(): string {
  const h = createHash('sha256');
  for (const file of ['app.scss', 'app.js']) h.update(fs.readFileSync(path.join(sourceDir, file)));
  for (const pkg of ['govuk-frontend', '@ministryofjustice/frontend']) {
    h.update(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json')));
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * Builds the stylesheet and scripts into a directory named by the hash of their inputs, so
 * browsers may cache them for a year and a new release changes every URL. A build that
 * already exists is reused, which keeps start-up fast.
 */
export async function buildAssets(): Promise<AssetManifest> {
  const hash = inputsHash();
  const dir = path.join(buildRoot, hash);
  const manifest = { base: `/build/${hash}/`, css: `/build/${hash}/app.css`, js: `/build/${hash}/app.js` };
  if (fs.existsSync(path.join(dir, 'app.css'))) return manifest;

  const { compile, Logger } = await import('sass');
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.mkdirSync(tmp, { recursive: true });
  const css = compile(path.join(sourceDir, 'app.scss'), {
    loadPaths: [path.join(root, 'node_modules'), root],
    style: 'compressed',
    logger: Logger.silent,
  }).css;
  fs.writeFileSync(path.join(tmp, 'app.css'), css);
  fs.copyFileSync(path.join(sourceDir, 'app.js'), path.join(tmp, 'app.js'));
  fs.copyFileSync(path.join(govukDist, 'govuk-frontend.min.js'), path.join(tmp, 'govuk-frontend.min.js'));
  fs.copyFileSync(path.join(mojDist, 'moj-frontend.min.js'), path.join(tmp, 'moj-frontend.min.js'));
  fs.cpSync(path.join(govukDist, 'assets'), path.join(tmp, 'assets'), { recursive: true });
  fs.cpSync(path.join(mojDist, 'assets'), path.join(tmp, 'assets'), { recursive: true });
  // Another process may have finished the same build first; either copy is identical.
  try {
    fs.renameSync(tmp, dir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return manifest;
}
