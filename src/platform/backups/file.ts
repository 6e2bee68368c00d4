import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { DatabaseKind } from '../db/connect.ts';

/**
 * A backup is one file: a header that says what it holds, then the payload (PGlite's data
 * directory as a gzipped tarball, or pg_dump's custom format). The header is text, so
 * `head -c 4096 FILE` shows it:
 *
 *   OpenSEND backup 1 4096
 *   {"kind":"pglite","sha256":"…","schemaVersion":14,…}
 *   (spaces to the header's length)
 *
 * The payload's SHA-256 is known only once it is written, so the header's room is set aside
 * first and filled in last; a file whose header was never filled in is refused as unfinished.
 */

export const backupFormat = 1;
const magic = 'OpenSEND backup';
const block = 4096;

export interface BackupManifest {
  format: typeof backupFormat;
  kind: DatabaseKind;
  payload: 'pglite-data-dir.tar.gz' | 'pg_dump-custom';
  /** The payload's length and SHA-256 (hex). */
  bytes: number;
  sha256: string;
  /** The highest migration applied, and every migration applied, as the database recorded them. */
  schemaVersion: number;
  migrations: { version: number; name: string; checksum: string }[];
  opensendVersion: string;
  /** When the backup was begun (ISO 8601). */
  createdAt: string;
  /** The LAs the database held. */
  las: string[];
  /** The job that made it, when the running service did. */
  jobId: string | null;
}

const manifestSchema = z.object({
  format: z.literal(backupFormat),
  kind: z.enum(['pglite', 'postgresql']),
  payload: z.enum(['pglite-data-dir.tar.gz', 'pg_dump-custom']),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  schemaVersion: z.number().int().min(0),
  migrations: z.array(z.object({ version: z.number().int().min(1), name: z.string(), checksum: z.string() })),
  opensendVersion: z.string().max(50),
  createdAt: z.string().datetime(),
  las: z.array(z.string().regex(/^[0-9]{3}$/)),
  jobId: z.string().uuid().nullable(),
});

/** A backup that cannot be used as it is: named for the person who has to decide what to do. */
export class BackupError extends Error {}

function headerText(manifest: BackupManifest, length: number): Buffer {
  const body = Buffer.from(
    `${magic} ${backupFormat} ${String(length).padStart(10, '0')}\n${JSON.stringify(manifest)}\n`,
  );
  if (body.length > length - 1) throw new Error('backup header does not fit its room');
  return Buffer.concat([body, Buffer.alloc(length - 1 - body.length, ' '), Buffer.from('\n')]);
}

/** Room for the header: the manifest at its longest (a 64-digit checksum, the largest size), whole blocks. */
export function headerRoom(manifest: Omit<BackupManifest, 'bytes' | 'sha256'>): number {
  const longest = { ...manifest, bytes: Number.MAX_SAFE_INTEGER, sha256: 'f'.repeat(64) };
  const needed = Buffer.byteLength(`${magic} ${backupFormat} 0000000000\n${JSON.stringify(longest)}\n`) + 1;
  return Math.ceil(needed / block) * block;
}

/**
 * Writes a backup: the header's room, then the payload from `source` while hashing it, then
 * the header. Written to FILE.partial and renamed once whole, so FILE is never half a backup.
 */
export async function writeBackup(
  file: string,
  manifest: Omit<BackupManifest, 'bytes' | 'sha256'>,
  source: AsyncIterable<Uint8Array> | Readable,
  /** Settles when whatever writes `source` has finished, and rejects if it failed. */
  sourceDone: Promise<void> = Promise.resolve(),
): Promise<BackupManifest> {
  // Handled here as well as awaited below, so a failure before the payload ends is not "unhandled".
  sourceDone.catch(() => undefined);
  const partial = `${file}.partial`;
  const room = headerRoom(manifest);
  const handle = await fs.promises.open(partial, 'w', 0o600);
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    await handle.write(Buffer.alloc(room, 0), 0, room, 0);
    for await (const chunk of source) {
      const data = chunk instanceof Buffer ? chunk : Buffer.from(chunk);
      hash.update(data);
      await handle.write(data, 0, data.length, room + bytes);
      bytes += data.length;
    }
    // A program that fails part-way still ends its output: only its exit says the payload is whole.
    await sourceDone;
    const whole: BackupManifest = { ...manifest, bytes, sha256: hash.digest('hex') };
    await handle.write(headerText(whole, room), 0, room, 0);
    await handle.sync();
    await handle.close();
    await fs.promises.rename(partial, file);
    return whole;
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(partial, { force: true });
    throw err;
  }
}

export interface OpenedBackup {
  manifest: BackupManifest;
  /** Where the payload starts in the file. */
  offset: number;
}

/** Reads a backup's header; refuses a file that is not one, or not a whole one. */
export async function readBackupHeader(file: string): Promise<OpenedBackup> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new BackupError(
      `cannot read ${file}: ${code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message}`,
    );
  }
  try {
    const first = Buffer.alloc(64);
    const { bytesRead } = await handle.read(first, 0, 64, 0);
    const line = first.subarray(0, bytesRead).toString('latin1').split('\n')[0] ?? '';
    const m = /^OpenSEND backup (\d+) (\d{10})$/.exec(line);
    if (!m) {
      if (first.subarray(0, bytesRead).every((b) => b === 0))
        throw new BackupError(`${file} is an unfinished backup: it was being written when it stopped`);
      throw new BackupError(`${file} is not an OpenSEND backup`);
    }
    if (Number(m[1]) !== backupFormat)
      throw new BackupError(
        `${file} is a backup of format ${m[1]}; this OpenSEND reads format ${backupFormat}. Restore it with the OpenSEND that made it.`,
      );
    const room = Number(m[2]);
    const header = Buffer.alloc(room);
    await handle.read(header, 0, room, 0);
    const json = header.toString('utf8').split('\n')[1] ?? '';
    let manifest: BackupManifest;
    try {
      manifest = manifestSchema.parse(JSON.parse(json));
    } catch {
      throw new BackupError(`${file} has a damaged header: it cannot be restored; use another copy`);
    }
    const { size } = await handle.stat();
    if (size - room !== manifest.bytes)
      throw new BackupError(
        `${file} is ${size - room < manifest.bytes ? 'cut short' : 'longer than it should be'}: its header says ${manifest.bytes.toLocaleString('en-GB')} bytes of data and it holds ${(size - room).toLocaleString('en-GB')}. It cannot be restored; use another copy.`,
      );
    return { manifest, offset: room };
  } finally {
    await handle.close();
  }
}

/** The payload, as it lies in the file. */
export function payloadStream(file: string, opened: OpenedBackup): fs.ReadStream {
  return fs.createReadStream(file, { start: opened.offset });
}

/** Reads the whole payload and checks its checksum, refusing a file changed since it was made. */
export async function verifyPayload(
  file: string,
  opened: OpenedBackup,
  keep: boolean,
): Promise<Buffer | null> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  for await (const chunk of payloadStream(file, opened)) {
    hash.update(chunk as Buffer);
    if (keep) chunks.push(chunk as Buffer);
  }
  const found = hash.digest('hex');
  if (found !== opened.manifest.sha256)
    throw new BackupError(
      `${file} is damaged: the SHA-256 of its data is ${found}, and when it was made it was ${opened.manifest.sha256}. Nothing was changed; use another copy.`,
    );
  return keep ? Buffer.concat(chunks) : null;
}

/** The SHA-256 of the whole file, header and all: what `sha256sum FILE` prints, to check a copy by. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** "81.3 MB", as people read a file's size: megabytes of 1,048,576 bytes, one decimal place. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB`;
}
