import { promisify } from 'node:util';
import { inflateRaw as inflateRawCallback } from 'node:zlib';

/**
 * Just enough of the ZIP format to open an uploaded workbook safely: the central directory says
 * which parts there are and how big each claims to be, so a part can be refused before anything
 * is unpacked, and each part read is unpacked with its claimed size as a hard limit, so a part
 * that unpacks to more than it claims (a zip bomb) is stopped at that size.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** The unpacked size the directory claims. */
  size: number;
  dataOffset: number;
}

export type ZipProblem = 'not-zip' | 'damaged' | 'encrypted' | 'too-big';
export type ZipDirectory = { ok: true; entries: Map<string, ZipEntry> } | { ok: false; problem: ZipProblem };

const endSignature = 0x06054b50;
const centralSignature = 0x02014b50;
const localSignature = 0x04034b50;
const endSize = 22;

function findEnd(b: Buffer): number {
  // The end record is the last thing in the file, after a comment of up to 65,535 bytes.
  const earliest = Math.max(0, b.length - endSize - 0xffff);
  for (let at = b.length - endSize; at >= earliest; at--) if (b.readUInt32LE(at) === endSignature) return at;
  return -1;
}

/** Reads a ZIP file's central directory, checking each entry's local header against it. */
export function readZipDirectory(bytes: Uint8Array): ZipDirectory {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < endSize || b.readUInt32LE(0) !== localSignature) return { ok: false, problem: 'not-zip' };
  const end = findEnd(b);
  // A zip cut short (a download that stopped) has lost its end record.
  if (end < 0) return { ok: false, problem: 'damaged' };
  const count = b.readUInt16LE(end + 10);
  const directorySize = b.readUInt32LE(end + 12);
  const directoryAt = b.readUInt32LE(end + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryAt === 0xffffffff)
    return { ok: false, problem: 'too-big' };
  if (b.readUInt16LE(end + 4) !== 0 || directoryAt + directorySize > end)
    return { ok: false, problem: 'damaged' };

  const entries = new Map<string, ZipEntry>();
  let at = directoryAt;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || b.readUInt32LE(at) !== centralSignature) return { ok: false, problem: 'damaged' };
    const flags = b.readUInt16LE(at + 8);
    const method = b.readUInt16LE(at + 10);
    const compressedSize = b.readUInt32LE(at + 20);
    const size = b.readUInt32LE(at + 24);
    const nameLength = b.readUInt16LE(at + 28);
    const extraLength = b.readUInt16LE(at + 30);
    const commentLength = b.readUInt16LE(at + 32);
    const localAt = b.readUInt32LE(at + 42);
    if (at + 46 + nameLength > end) return { ok: false, problem: 'damaged' };
    const name = b.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (compressedSize === 0xffffffff || size === 0xffffffff || localAt === 0xffffffff)
      return { ok: false, problem: 'too-big' };
    if (flags & 0x1) return { ok: false, problem: 'encrypted' };
    if (method !== 0 && method !== 8) return { ok: false, problem: 'damaged' };
    if (localAt + 30 > directoryAt || b.readUInt32LE(localAt) !== localSignature)
      return { ok: false, problem: 'damaged' };
    const localName = b.toString(
      'utf8',
      localAt + 30,
      Math.min(directoryAt, localAt + 30 + b.readUInt16LE(localAt + 26)),
    );
    const dataOffset = localAt + 30 + b.readUInt16LE(localAt + 26) + b.readUInt16LE(localAt + 28);
    if (localName !== name || dataOffset + compressedSize > directoryAt || entries.has(name))
      return { ok: false, problem: 'damaged' };
    if (method === 0 && compressedSize !== size) return { ok: false, problem: 'damaged' };
    entries.set(name, { name, method, compressedSize, size, dataOffset });
  }
  return { ok: true, entries };
}

const inflateRaw = promisify(inflateRawCallback);

/**
 * An entry's bytes, unpacked off the event loop with the size its directory entry claims as the
 * limit; undefined when it does not unpack to exactly that size (damaged, or lying about it).
 */
export async function unpackEntry(bytes: Uint8Array, entry: ZipEntry): Promise<Buffer | undefined> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packed = b.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(packed);
  try {
    // One byte over the claim is enough to know the claim was false.
    const unpacked = await inflateRaw(packed, { maxOutputLength: entry.size + 1 });
    return unpacked.length === entry.size ? unpacked : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A ZIP stream of the given parts, stored as they are, in the order given and with nothing else:
 * what a streaming reader that takes parts in file order needs to meet them in the right order.
 * It is read only in memory by a reader that does not check CRCs, so none are computed.
 */
export function storedZip(parts: readonly { name: string; data: Buffer }[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(localSignature, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6);
    header.writeUInt32LE(part.data.length, 18);
    header.writeUInt32LE(part.data.length, 22);
    header.writeUInt16LE(name.length, 26);
    chunks.push(header, name, part.data);
  }
  const end = Buffer.alloc(endSize);
  end.writeUInt32LE(endSignature, 0);
  chunks.push(end);
  return chunks;
}
