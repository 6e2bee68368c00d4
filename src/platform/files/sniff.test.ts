import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storedZip } from '../imports/zip.ts';
import { checkFile, sniff } from './sniff.ts';

/** Each kind's first bytes written out from its format's specification, not from the code. */
const zipOf = (...names: string[]) =>
  Buffer.concat(storedZip(names.map((name) => ({ name, data: Buffer.from('<x/>') }))));
const heads = {
  // ISO 32000: a PDF starts with %PDF- and its version.
  pdf: Buffer.from('%PDF-1.7\n%âãÏÓ\n'),
  // PNG's eight-byte signature: 0x89 'PNG' CR LF SUB LF.
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  // JPEG: start of image FF D8, then a marker's FF.
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
  // ISO BMFF: a box size, then 'ftyp' and the major brand, 'heic' for a phone's photo.
  heic: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(12)]),
  // OLE2 compound file, as Word 97–2003 saves.
  doc: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
  // OOXML: a ZIP whose parts include [Content_Types].xml and word/.
  docx: zipOf('[Content_Types].xml', '_rels/.rels', 'word/document.xml'),
  // ODF: a ZIP whose first part, stored, is named mimetype and holds the media type.
  odt: Buffer.concat(
    storedZip([{ name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.text') }]),
  ),
};

describe('telling a file from its first bytes', () => {
  it('knows each kind people send', () => {
    for (const [kind, head] of Object.entries(heads)) assert.equal(sniff(head), kind, kind);
  });

  it('takes no other kind: a spreadsheet is a ZIP without word/, a program starts MZ, text is text', () => {
    assert.equal(sniff(zipOf('[Content_Types].xml', 'xl/workbook.xml')), null);
    assert.equal(sniff(Buffer.from('MZ\x90\x00')), null);
    assert.equal(sniff(Buffer.from('<html><script>')), null);
    assert.equal(
      sniff(Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom')])),
      null,
      'an MP4 video',
    );
    assert.equal(sniff(Buffer.alloc(0)), null);
  });

  it('refuses a file whose content is not what its name says, naming it and what to do', () => {
    const r = checkFile('report.pdf', heads.png);
    assert.deepEqual(r, {
      ok: false,
      message:
        'report.pdf is not a PDF, as its name says: it may be damaged or another kind of file. Save it again as a PDF and send that',
    });
    assert.equal(checkFile('photo.JPG', heads.jpeg).ok, true, 'extensions in capitals are the same');
    assert.equal(checkFile('old.doc', heads.docx).ok, true, 'Word opens DOCX content saved under .doc');
    assert.equal(checkFile('new.docx', heads.doc).ok, false);
    assert.match(
      String((checkFile('notes.txt', Buffer.from('hello')) as { message: string }).message),
      /not a kind of file we can take/,
    );
    assert.equal(checkFile('no-extension', heads.pdf).ok, false);
  });
});
