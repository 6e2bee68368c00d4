import PDFDocument from 'pdfkit';
import { type FontFace, fontFaces, fontRuns, type Weight } from './fonts.ts';
import type { Block, DocumentModel, Fact } from './model.ts';

/**
 * Renders a document as a tagged PDF (PDF/UA): a structure tree of headings, paragraphs and
 * lists in reading order, the language and title set, fonts embedded, and page numbers marked
 * as artifacts so a screen reader skips them.
 */

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

const size = { body: 11, h1: 18, h2: 14, h3: 12, sender: 13 } as const;
const margin = 56;

export function renderPdf(
  model: DocumentModel,
  options: { author: string; createdAt: Date },
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    bufferPages: true,
    pdfVersion: '1.7',
    tagged: true,
    // pdfkit writes the PDF/UA identification; its type definitions list only the PDF/A subsets.
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: model.title, Author: options.author, CreationDate: options.createdAt },
  });
  const faces = fontFaces();
  for (const face of [...faces.regular, ...faces.bold]) doc.registerFont(face.name, face.data);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const write = (weight: Weight, fontSize: number, text: string, after = 0.5) => {
    const runs = fontRuns(text, faces[weight]);
    runs.forEach((run, i) => {
      doc
        .font(run.face.name)
        .fontSize(fontSize)
        .text(run.text, { continued: i < runs.length - 1 });
    });
    doc.moveDown(after);
  };
  const element = (parent: Struct, role: string, draw: () => void) => {
    const el = doc.struct(role, {}, draw);
    parent.add(el);
    el.end();
  };

  element(root, 'P', () => write('bold', size.sender, model.sender.name, 0.2));
  for (const line of model.sender.lines) element(root, 'P', () => write('regular', size.body, line, 0));
  doc.moveDown(1);
  if (model.addressee) {
    for (const line of model.addressee) element(root, 'P', () => write('regular', size.body, line, 0));
    doc.moveDown(1);
  }
  facts(doc, root, model.facts, element);
  doc.moveDown(0.5);
  element(root, 'H1', () => write('bold', size.h1, model.title, 0.6));
  for (const block of model.blocks) render(doc, root, block, write, element);
  root.end();

  pageNumbers(doc, faces.regular);
  doc.end();
  return finished;
}

type Write = (weight: Weight, fontSize: number, text: string, after?: number) => void;
type Element = (parent: Struct, role: string, draw: () => void) => void;

function facts(doc: Doc, parent: Struct, rows: readonly Fact[], element: Element) {
  for (const row of rows)
    element(parent, 'P', () => {
      const runs = [
        ...fontRuns(`${row.label}: `, fontFaces().bold),
        ...fontRuns(row.value, fontFaces().regular),
      ];
      runs.forEach((run, i) => {
        doc
          .font(run.face.name)
          .fontSize(size.body)
          .text(run.text, { continued: i < runs.length - 1 });
      });
      doc.moveDown(0.2);
    });
}

/** Starts a new page unless `points` of height are left: a heading is not left alone at a page's foot. */
function keepSpace(doc: Doc, points: number) {
  if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function render(doc: Doc, parent: Struct, block: Block, write: Write, element: Element) {
  switch (block.kind) {
    case 'heading':
      doc.moveDown(0.4);
      keepSpace(doc, size.h2 * 2 + size.body * 4);
      return element(parent, 'H2', () => write('bold', size.h2, block.text, 0.4));
    case 'subheading':
      doc.moveDown(0.2);
      keepSpace(doc, size.h3 + size.body * 4);
      return element(parent, 'H3', () => write('bold', size.h3, block.text, 0.3));
    case 'paragraph':
      return element(parent, 'P', () => write('regular', size.body, block.text));
    case 'facts':
      facts(doc, parent, block.rows, element);
      doc.moveDown(0.3);
      return;
    case 'list': {
      const list = doc.struct('L');
      parent.add(list);
      for (const item of block.items) {
        const li = doc.struct('LI');
        list.add(li);
        // The bullet and the first line of its text go on the same page.
        keepSpace(doc, size.body * 3);
        const { x, y } = doc;
        li.add(doc.struct('Lbl', {}, () => write('regular', size.body, '•', 0)));
        // The item's text starts beside its bullet, on the same line.
        doc.x = x + 14;
        doc.y = y;
        li.add(doc.struct('LBody', {}, () => write('regular', size.body, item, 0.2)));
        doc.x = x;
        li.end();
      }
      list.end();
      doc.moveDown(0.3);
      return;
    }
  }
}

function pageNumbers(doc: Doc, faces: readonly FontFace[]) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.markContent('Artifact', { type: 'Pagination' });
    const text = `Page ${i + 1} of ${range.count}`;
    const bottom = doc.page.height - margin / 2 - size.body;
    // Writing below the bottom margin would start a new page; lift the margin while the number goes in.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(faces[0]?.name ?? '')
      .fontSize(9)
      .text(text, margin, bottom, { align: 'right', width: doc.page.width - 2 * margin, lineBreak: false });
    doc.page.margins.bottom = saved;
    doc.endMarkedContent();
  }
}
