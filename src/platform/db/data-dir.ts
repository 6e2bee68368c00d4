import fs from 'node:fs';

/**
 * Replacing an embedded data directory (a restore) without ever leaving it half-written: the new
 * directory is built beside the old one, renamed to `.restored` once whole, and only then swapped
 * in. Whoever opens the directory next, under its lock, finishes a swap that was interrupted and
 * clears away a build that never finished.
 */

/** Where a restore builds the new data directory. */
export const buildingDirOf = (dataDir: string) => `${dataDir}.restoring`;
const restoredDirOf = (dataDir: string) => `${dataDir}.restored`;
const replacedDirOf = (dataDir: string) => `${dataDir}.replaced`;

/** Puts a finished build in place of the data directory. The caller holds the directory's lock. */
export function replaceDataDir(dataDir: string): void {
  fs.renameSync(buildingDirOf(dataDir), restoredDirOf(dataDir));
  settleDataDir(dataDir);
}

/** Completes a replacement that stopped half-way, and removes what a stopped one left. */
export function settleDataDir(dataDir: string): void {
  const restored = restoredDirOf(dataDir);
  const replaced = replacedDirOf(dataDir);
  if (fs.existsSync(restored)) {
    if (fs.existsSync(dataDir)) {
      fs.rmSync(replaced, { recursive: true, force: true });
      fs.renameSync(dataDir, replaced);
    }
    fs.renameSync(restored, dataDir);
  }
  fs.rmSync(replaced, { recursive: true, force: true });
  fs.rmSync(buildingDirOf(dataDir), { recursive: true, force: true });
}
