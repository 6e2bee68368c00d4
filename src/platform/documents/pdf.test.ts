import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { blocksOf, type DocumentModel } from './model.ts';
import { renderPdf } from './pdf.ts';

interface Node {
  role?: string;
  children?: Node[];
}
const roles = (n: Node): string[] => [...(n.role ? [n.role] : []), ...(n.children ?? []).flatMap(roles)];

const model: DocumentModel = {
  title: 'Decision not to carry out an EHC needs assessment',
  sender: { name: 'Norfolk County Council', lines: ['SEND Service', 'County Hall, Norwich NR1 2DH'] },
  facts: [
    { label: 'Date', value: '2 March 2026' },
    { label: 'Child', value: 'Łukasz Σοφία Nowak' },
  ],
  addressee: ['Ms Anna Nowak', '1 High Street'],
  blocks: [
    { kind: 'heading', text: 'Your right to appeal' },
    ...blocksOf(`${'You can appeal to the Tribunal. '.repeat(200)}\n\n- first reason\n- second reason`),
    { kind: 'subheading', text: 'Mediation' },
    { kind: 'facts', rows: [{ label: 'Phone', value: '01603 000000' }] },
  ],
};

test('a document renders as a tagged PDF: title, language, structure in reading order, every character', async () => {
  const pdf = await getDocumentProxy(
    new Uint8Array(await renderPdf(model, { author: 'Norfolk County Council', createdAt: new Date(0) })),
  );
  assert.equal(pdf.numPages, 2, 'the long paragraph runs onto a second page');
  const meta = (await pdf.getMetadata()).info as Record<string, unknown>;
  assert.equal(meta.Title, model.title);
  assert.equal(meta.Language, 'en-GB');
  assert.equal(meta.Author, 'Norfolk County Council');
  const { text } = await extractText(pdf, { mergePages: true });
  for (const s of [
    'Łukasz Σοφία Nowak',
    'Your right to appeal',
    'first reason',
    'Phone: 01603 000000',
    'Page 2 of 2',
  ])
    assert.ok(text.includes(s), `the text layer has "${s}"`);
  const first = roles((await (await pdf.getPage(1)).getStructTree()) as Node);
  const second = roles((await (await pdf.getPage(2)).getStructTree()) as Node);
  assert.deepEqual(first.slice(0, 2), ['Root', 'Document']);
  assert.equal(first.filter((r) => r === 'H1').length, 1);
  assert.ok(first.includes('H2'));
  assert.ok(
    second.includes('L') && second.includes('LI') && second.includes('LBody') && second.includes('H3'),
  );
});

test('typed text: blank lines part paragraphs, lines run together, and dashes make a list', () => {
  assert.deepEqual(blocksOf('One\r\ntwo\n\n- a\n* b\nafter\n\n\n'), [
    { kind: 'paragraph', text: 'One two' },
    { kind: 'list', items: ['a', 'b'] },
    { kind: 'paragraph', text: 'after' },
  ]);
  assert.deepEqual(blocksOf('  \n '), []);
});
