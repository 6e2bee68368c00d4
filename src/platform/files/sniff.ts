/**
 * What a file is, told from its first bytes rather than its name or the type the browser claims,
 * and whether its name says the same. People send letters and reports as PDFs, Word documents and
 * photos of paper; anything else, or a file whose content is not what its name says, is refused.
 */

export const fileKinds = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'], label: 'a PDF' },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    label: 'a Word document',
  },
  doc: { mediaType: 'application/msword', extensions: ['doc'], label: 'a Word document' },
  odt: {
    mediaType: 'application/vnd.oasis.opendocument.text',
    extensions: ['odt'],
    label: 'an OpenDocument text',
  },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'a JPEG photo' },
  png: { mediaType: 'image/png', extensions: ['png'], label: 'a PNG image' },
  heic: { mediaType: 'image/heic', extensions: ['heic', 'heif'], label: 'a HEIC photo' },
} as const;
export type FileKind = keyof typeof fileKinds;

/** How many leading bytes `sniff` needs to see: a Word document names its parts near its start. */
export const sniffBytes = 64 * 1024;

export const acceptedFilesText = 'a PDF, a Word document (DOCX, DOC or ODT) or a photo (JPEG, PNG or HEIC)';

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const zip = [0x50, 0x4b, 0x03, 0x04];
const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const heifBrands = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/** The names of the entries whose local headers lie within `head`, in order. */
function zipEntryNames(head: Uint8Array): string[] {
  const names: string[] = [];
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let at = 0;
  while (at + 30 <= head.length && startsWith(head, zip, at)) {
    const flags = view.getUint16(at + 6, true);
    const compressed = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const extraLength = view.getUint16(at + 28, true);
    if (at + 30 + nameLength > head.length) break;
    names.push(new TextDecoder().decode(head.subarray(at + 30, at + 30 + nameLength)));
    // With a data descriptor the size is not in the header, so the next entry cannot be found.
    if (flags & 0x08) break;
    at += 30 + nameLength + extraLength + compressed;
  }
  return names;
}

/** The kind of file these first bytes begin, or null when it is none we take. */
export function sniff(head: Uint8Array): FileKind | null {
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('ftyp'), 4)) {
    const brand = new TextDecoder().decode(head.subarray(8, 12));
    return heifBrands.has(brand) ? 'heic' : null;
  }
  if (startsWith(head, ole)) return 'doc';
  if (startsWith(head, zip)) {
    if (startsWith(head, ascii('mimetypeapplication/vnd.oasis.opendocument.text'), 30)) return 'odt';
    const names = zipEntryNames(head);
    return names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('word/')) ? 'docx' : null;
  }
  return null;
}

export type FileCheck = { ok: true; kind: FileKind } | { ok: false; message: string };

/** Whether a file named `fileName` beginning `head` is one we take, and is what its name says. */
export function checkFile(fileName: string, head: Uint8Array): FileCheck {
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const claimed = (Object.keys(fileKinds) as FileKind[]).find((k) =>
    (fileKinds[k].extensions as readonly string[]).includes(extension),
  );
  if (!claimed)
    return {
      ok: false,
      message: `${fileName} is not a kind of file we can take: send ${acceptedFilesText}`,
    };
  const kind = sniff(head);
  // A .doc is an older Word file; Word also saves DOCX content under a .doc name, which opens the same.
  const fits = kind === claimed || (claimed === 'doc' && kind === 'docx');
  if (!kind || !fits)
    return {
      ok: false,
      message: `${fileName} is not ${fileKinds[claimed].label}, as its name says: it may be damaged or another kind of file. Save it again as ${fileKinds[claimed].label} and send that`,
    };
  return { ok: true, kind };
}
