/**
 * A letter or a plan as structure, not layout: the same model is rendered as an HTML page and as
 * a tagged PDF, so the two cannot say different things.
 */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'facts'; rows: Fact[] };

export interface Fact {
  label: string;
  value: string;
}

export interface DocumentModel {
  /** The document's title: its first heading and the PDF's title. */
  title: string;
  /** Who sends it: the LA and its service, with their address and contact details. */
  sender: { name: string; lines: string[] };
  /** The date, references and who the document is about. */
  facts: Fact[];
  /** Who it is addressed to, a line each, if it is a letter. */
  addressee: string[] | null;
  blocks: Block[];
}

/**
 * Free text as typed into a form: a blank line starts a new paragraph, lines within a paragraph
 * run together, and lines starting "- ", "* " or "• " are a bulleted list.
 */
export function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    let prose: string[] = [];
    let items: string[] = [];
    const flush = () => {
      if (prose.length) blocks.push({ kind: 'paragraph', text: prose.join(' ') });
      if (items.length) blocks.push({ kind: 'list', items });
      prose = [];
      items = [];
    };
    for (const raw of chunk.split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      const bullet = /^[-*•]\s+(.*)$/.exec(line);
      if (bullet?.[1]) {
        if (prose.length) flush();
        items.push(bullet[1]);
      } else {
        if (items.length) flush();
        prose.push(line);
      }
    }
    flush();
  }
  return blocks;
}
