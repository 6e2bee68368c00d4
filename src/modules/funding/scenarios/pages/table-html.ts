import { escapeHtml } from '../../../../platform/http/html.ts';

/**
 * A GOV.UK table as the govukTable macro writes it, for the comparison's tables of every school
 * and cluster: the macro calls another macro for each cell's attributes, which for 400 schools
 * in up to a dozen columns took most of the page's time. Text is escaped here; `html` is already
 * markup the presenter escaped.
 */

export interface TableCell {
  text?: string;
  html?: string;
  format?: 'numeric';
  classes?: string;
}

const content = (c: TableCell) => (c.html !== undefined ? c.html : escapeHtml(c.text ?? ''));
const classes = (base: string, c: TableCell) =>
  `${base}${c.format ? ` ${base}--${c.format}` : ''}${c.classes ? ` ${escapeHtml(c.classes)}` : ''}`;

export function tableHtml(t: {
  caption: string;
  captionClasses?: string;
  classes?: string;
  head: readonly TableCell[];
  rows: readonly (readonly TableCell[])[];
}): string {
  const out: string[] = [
    `<table class="govuk-table${t.classes ? ` ${escapeHtml(t.classes)}` : ''}">`,
    `<caption class="govuk-table__caption${t.captionClasses ? ` ${escapeHtml(t.captionClasses)}` : ''}">${escapeHtml(t.caption)}</caption>`,
    '<thead class="govuk-table__head"><tr class="govuk-table__row">',
  ];
  for (const h of t.head)
    out.push(`<th scope="col" class="${classes('govuk-table__header', h)}">${content(h)}</th>`);
  out.push('</tr></thead>', '<tbody class="govuk-table__body">');
  for (const row of t.rows) {
    out.push('<tr class="govuk-table__row">');
    for (const c of row) out.push(`<td class="${classes('govuk-table__cell', c)}">${content(c)}</td>`);
    out.push('</tr>');
  }
  out.push('</tbody>', '</table>');
  // A line between cells, as the macro leaves white space between them: text taken out of the
  // table (copied, or read by a test as a person reads it) keeps its cells apart.
  return out.join('\n');
}
