import type { Block, DocumentModel, Fact } from './model.ts';

/**
 * A document as plain text, for an email: the same model the page and the PDF are drawn from, in
 * the same order, so a letter sent by email says what its PDF says. Headings are underlined and
 * list items bulleted, as people write them in plain text; lines are not wrapped, since a mail
 * reader wraps them to its own width.
 */
export function plainTextOf(model: DocumentModel): string {
  const parts: string[] = [[model.sender.name, ...model.sender.lines].join('\n')];
  if (model.addressee?.length) parts.push(model.addressee.join('\n'));
  if (model.facts.length) parts.push(facts(model.facts));
  parts.push(underlined(model.title, '='));
  for (const block of model.blocks) parts.push(blockText(block));
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}

const facts = (rows: readonly Fact[]) => rows.map((r) => `${r.label}: ${r.value}`).join('\n');

/** A line under a heading as long as it is, counting characters as a reader sees them. */
const underlined = (text: string, mark: string) => `${text}\n${mark.repeat([...text].length)}`;

function blockText(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return underlined(block.text, '-');
    case 'subheading':
      return block.text;
    case 'paragraph':
      return block.text;
    case 'list':
      return block.items.map((item) => `• ${item}`).join('\n');
    case 'facts':
      return facts(block.rows);
  }
}
