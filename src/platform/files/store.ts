import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Tx } from '../db/tenancy.ts';
import { checkFile, type FileCheck, fileKinds, sniffBytes } from './sniff.ts';
import type { FilesTables } from './tables.ts';

/**
 * Files people send, kept on disk under the configured directory (never in the database, never
 * in memory whole), with what they are in the `stored_files` table. A file arrives into a holding
 * place as it streams in, hashed and sized on the way; the use case that takes it keeps it in its
 * own transaction, and anything it did not keep is removed when the request ends.
 */

export interface ReceivedFile {
  fileName: string;
  /** Where it waits until a use case keeps it. */
  holding: string;
  bytes: number;
  sha256: string;
  /** It went past the size limit, so what is held is cut short and must not be kept. */
  tooLarge: boolean;
  check: FileCheck;
}

export interface StoredFile {
  id: string;
  fileName: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: Date;
}

const db = (tx: Tx) => tx.withTables<FilesTables>();
const holdingDir = (dir: string) => path.join(dir, '.incoming');
const storedPath = (dir: string, laCode: string, id: string) => path.join(dir, laCode, id.slice(0, 2), id);

/** A file name as people see it: the last part of a path, printable, at most 200 characters. */
export function cleanFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const printable = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return printable.slice(-200) || 'file';
}

/** Streams a file into the holding place, hashing, counting and keeping its first bytes to tell its kind. */
export async function receiveFile(
  source: Readable & { truncated?: boolean },
  givenName: string,
  dir: string,
): Promise<ReceivedFile> {
  await mkdir(holdingDir(dir), { recursive: true });
  const holding = path.join(holdingDir(dir), randomUUID());
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let bytes = 0;
  const watch = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      if (headBytes < sniffBytes) {
        head.push(chunk.subarray(0, sniffBytes - headBytes));
        headBytes += Math.min(chunk.length, sniffBytes - headBytes);
      }
      done(null, chunk);
    },
  });
  await pipeline(source, watch, createWriteStream(holding, { flags: 'wx', mode: 0o600 }));
  const fileName = cleanFileName(givenName);
  return {
    fileName,
    holding,
    bytes,
    sha256: hash.digest('hex'),
    tooLarge: Boolean(source.truncated),
    check: checkFile(fileName, Buffer.concat(head)),
  };
}

/** Removes a held file no use case kept (it may already have been kept or removed). */
export async function discardReceived(file: ReceivedFile): Promise<void> {
  await rm(file.holding, { force: true });
}

/**
 * Keeps a received file that passed its checks: moved to its place and recorded, in the caller's
 * transaction. If that transaction then fails, the moved file has no record and nobody can reach
 * it; it is never the other way round, a record without its file.
 */
export async function keepFile(
  tx: Tx,
  dir: string,
  file: ReceivedFile,
  who: { laCode: string; userId: string | null },
): Promise<StoredFile> {
  if (file.tooLarge || !file.check.ok) throw new Error('a file that failed its checks cannot be kept');
  const id = randomUUID();
  const to = storedPath(dir, who.laCode, id);
  await mkdir(path.dirname(to), { recursive: true });
  await rename(file.holding, to);
  const row = await db(tx)
    .insertInto('stored_files')
    .values({
      id,
      la_code: who.laCode,
      file_name: file.fileName,
      media_type: fileKinds[file.check.kind].mediaType,
      bytes: file.bytes,
      sha256: file.sha256,
      uploaded_by: who.userId,
    })
    .returning('uploaded_at')
    .executeTakeFirstOrThrow();
  return {
    id,
    fileName: file.fileName,
    mediaType: fileKinds[file.check.kind].mediaType,
    bytes: file.bytes,
    sha256: file.sha256,
    uploadedBy: who.userId,
    uploadedAt: row.uploaded_at,
  };
}

export async function storedFiles(tx: Tx, laCode: string, ids: readonly string[]): Promise<StoredFile[]> {
  if (!ids.length) return [];
  const rows = await db(tx)
    .selectFrom('stored_files')
    .select(['id', 'file_name', 'media_type', 'bytes', 'sha256', 'uploaded_by', 'uploaded_at'])
    .where('la_code', '=', laCode)
    .where('id', 'in', ids)
    .orderBy('uploaded_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    mediaType: r.media_type,
    bytes: Number(r.bytes),
    sha256: r.sha256,
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at,
  }));
}

/** The stored file's bytes, read from disk as they are sent. */
export function openStoredFile(dir: string, laCode: string, id: string): Readable {
  return createReadStream(storedPath(dir, laCode, id));
}
