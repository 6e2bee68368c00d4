import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PGlite serves one process. A second process that opens the same data directory (the CLI while
 * the server runs, a second server) would write the same files without either seeing the other's
 * changes, so whoever opens it first takes a lock file beside it and everyone else is refused.
 */

/** Who holds a data directory, as its lock file records them. */
export interface LockHolder {
  pid: number;
  /** When the lock was taken (ISO 8601). */
  since: string;
  /** What the holder is doing: `server`, or the command that was run. */
  command: string;
  /** OpenSEND itself serving pages, rather than a command or a benchmark. */
  server: boolean;
  hostname: string;
  /** The holder's start time as the kernel counts it (Linux), which tells a reused PID apart. */
  processStart: string | null;
  /** Identifies this lock, so a process only ever removes its own. */
  token: string;
}

export interface DataDirLock {
  file: string;
  holder: LockHolder;
  release(): void;
}

/** What the process opening a data directory is, for its lock and for the message another gets. */
export interface LockRequest {
  command: string;
  server?: boolean;
  /** Told when a lock left by a process that is no longer running is taken over. */
  onStaleLock?: (message: string) => void;
}

export class DataDirBusy extends Error {
  constructor(
    message: string,
    readonly holder: LockHolder | null,
    readonly file: string,
  ) {
    super(message);
  }
}

/** The lock of an embedded data directory: beside it, so replacing the directory keeps the lock. */
export function lockFileOf(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

// A lock file still empty after this long was left by a process that died while writing it.
const unfinishedLockMs = 10_000;

const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

function since(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? 'an unknown time' : londonTime.format(at);
}

/** Field 22 of /proc/PID/stat: when the process started, in clock ticks after boot. */
export function processStartOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in brackets and may itself hold spaces or brackets.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote the lock is still running (and is the same process). */
export function holderIsAlive(holder: LockHolder): boolean {
  // A process on another machine sharing the directory cannot be checked from here: assume it runs.
  if (holder.hostname !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  const start = processStartOf(holder.pid);
  return !(holder.processStart && start && start !== holder.processStart);
}

function describe(holder: LockHolder): string {
  return `${holder.server ? 'OpenSEND' : holder.command} (PID ${holder.pid}, since ${since(holder.since)})`;
}

/** What a process refused the data directory is told: who has it, and what to do instead. */
export function busyMessage(
  holder: LockHolder | null,
  request: { server?: boolean },
  dataDir: string,
): string {
  if (!holder)
    return `Another process is opening the data directory ${dataDir} at this moment. Try again in a few seconds.`;
  const who = `PID ${holder.pid}, since ${since(holder.since)}`;
  if (holder.server && request.server)
    return `OpenSEND is already running on the data directory ${dataDir} (${who}). Stop it first, or give this one another DATA_DIR.`;
  if (holder.server)
    return `OpenSEND is running on this data directory, ${dataDir} (${who}). Stop OpenSEND first, or use /admin/users in the browser for people and /admin/backups for a backup.`;
  return `Another OpenSEND command is using the data directory ${dataDir}: ${holder.command} (${who}). Wait for it to finish, or stop it, then try again.`;
}

type Found = LockHolder | 'gone' | 'unfinished' | 'unreadable';

function readLock(file: string): Found {
  let text: string;
  let modified: number;
  try {
    text = fs.readFileSync(file, 'utf8');
    modified = fs.statSync(file).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid === 'number' && typeof h.token === 'string' && typeof h.since === 'string')
      return {
        pid: h.pid,
        since: h.since,
        command: typeof h.command === 'string' ? h.command : 'unknown',
        server: h.server === true,
        hostname: typeof h.hostname === 'string' ? h.hostname : os.hostname(),
        processStart: typeof h.processStart === 'string' ? h.processStart : null,
        token: h.token,
      };
  } catch {
    // Not JSON: empty because its writer is writing it now, or died doing so.
  }
  return Date.now() - modified < unfinishedLockMs ? 'unfinished' : 'unreadable';
}

/**
 * Takes the lock of an embedded data directory, or throws DataDirBusy naming who holds it. The
 * file is created with O_EXCL ('wx'), so of two processes starting together exactly one gets it.
 * A lock whose process has gone (or whose PID now belongs to another process) is stale: it is
 * taken over, and `onStaleLock` is told. The lock is released by `release()` and, failing that,
 * when the process exits.
 */
export function lockDataDir(dataDir: string, request: LockRequest): DataDirLock {
  const file = lockFileOf(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const me: LockHolder = {
    pid: process.pid,
    since: new Date().toISOString(),
    command: request.command,
    server: request.server === true,
    hostname: os.hostname(),
    processStart: processStartOf(process.pid),
    token: randomUUID(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o644);
      try {
        fs.writeSync(fd, `${JSON.stringify(me)}\n`);
      } finally {
        fs.closeSync(fd);
      }
      return held(file, me);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const found = readLock(file);
    if (found === 'gone') continue;
    if (found === 'unfinished')
      throw new DataDirBusy(busyMessage(null, request, path.resolve(dataDir)), null, file);
    if (found !== 'unreadable' && holderIsAlive(found))
      throw new DataDirBusy(busyMessage(found, request, path.resolve(dataDir)), found, file);
    // Moved aside rather than deleted: a rename is atomic, so if two processes take over the same
    // stale lock together, the second moves the first one's fresh lock and can tell, and put it back.
    const aside = `${file}.${process.pid}.${me.token}`;
    try {
      fs.renameSync(file, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const moved = readLock(aside);
    const stale =
      found === 'unreadable'
        ? moved === 'unreadable'
        : typeof moved === 'object' && moved.token === found.token;
    if (!stale) {
      try {
        fs.linkSync(aside, file);
      } catch {
        // Someone else holds it now; they will be found on the next attempt.
      }
      fs.rmSync(aside, { force: true });
      continue;
    }
    fs.rmSync(aside, { force: true });
    request.onStaleLock?.(
      found === 'unreadable'
        ? `An unfinished lock file on ${path.resolve(dataDir)} was left by a process that stopped while taking it; it has been taken over.`
        : `The lock on ${path.resolve(dataDir)} was left by ${describe(found)}, which is no longer running; it has been taken over.`,
    );
  }
  throw new DataDirBusy(busyMessage(null, request, path.resolve(dataDir)), null, file);
}

function held(file: string, me: LockHolder): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      // Only this lock: if it was taken over (this process was thought gone), the file is another's.
      const found = readLock(file);
      if (typeof found === 'object' && found.token === me.token) fs.rmSync(file, { force: true });
    } catch {
      // Left in place, the lock names a process that has ended, so the next to come takes it over.
    }
  };
  process.on('exit', release);
  return { file, holder: me, release };
}
