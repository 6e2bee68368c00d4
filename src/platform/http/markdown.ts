import MarkdownIt from 'markdown-it';

/**
 * An editor's Markdown as GOV.UK-styled HTML. Raw HTML in it is shown as text (html: false), links
 * to anything but web, mail and telephone addresses are not made links (markdown-it's own check),
 * and headings start one level under the page's title, so the page keeps one h1.
 */

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

const classes: Record<string, string> = {
  paragraph_open: 'govuk-body',
  bullet_list_open: 'govuk-list govuk-list--bullet',
  ordered_list_open: 'govuk-list govuk-list--number',
  link_open: 'govuk-link',
  blockquote_open: 'govuk-inset-text',
  table_open: 'govuk-table',
  hr: 'govuk-section-break govuk-section-break--m govuk-section-break--visible',
};
const headingClasses: Record<string, string> = {
  h2: 'govuk-heading-m',
  h3: 'govuk-heading-s',
  h4: 'govuk-heading-s',
};

md.core.ruler.push('govuk', (state) => {
  const walk = (tokens: typeof state.tokens) => {
    for (const t of tokens) {
      if (t.type === 'heading_open' || t.type === 'heading_close') {
        const level = Math.min(4, Number(t.tag.slice(1)) + 1);
        t.tag = `h${level}`;
        if (t.type === 'heading_open') t.attrSet('class', headingClasses[t.tag] ?? 'govuk-heading-s');
      }
      const cls = classes[t.type];
      if (cls) t.attrSet('class', cls);
      if (t.children) walk(t.children);
    }
  };
  walk(state.tokens);
});

export function renderMarkdown(text: string): string {
  return md.render(text);
}

/** A page's address from its title: "Short breaks: who can have them?" → "short-breaks-who-can-have-them". */
export function slugOf(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}
