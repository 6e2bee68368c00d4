import type { Block, DocumentModel } from '../../../platform/documents/model.ts';
import type { AnnualReport } from './service.ts';

/** The year's report as a document: the page and the PDF say the same. */
export function annualReportDocument(r: AnnualReport, laName: string, published: string): DocumentModel {
  const share = r.received ? `${Math.round((r.helpful / r.received) * 100)}% said yes` : 'none answered';
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: 'Every year we publish the comments we received about the Local Offer and our response to each, including what we will do (SEND Regulations 2014, regulation 56).',
    },
    {
      kind: 'paragraph',
      text: `In ${r.year} people told us ${r.received.toLocaleString('en-GB')} times whether a page was helpful: ${share}. They left ${r.comments.toLocaleString('en-GB')} comments${r.unanswered ? `, of which ${r.unanswered.toLocaleString('en-GB')} we have still to answer` : ''}.`,
    },
  ];
  for (const g of r.groups) {
    blocks.push({ kind: 'heading', text: g.heading });
    for (const f of g.items) {
      blocks.push({
        kind: 'subheading',
        text: f.serviceName ? `You said, about ${f.serviceName}` : 'You said',
      });
      blocks.push({ kind: 'paragraph', text: f.comment });
      blocks.push({ kind: 'paragraph', text: `Our response: ${f.response}` });
      if (f.action) blocks.push({ kind: 'paragraph', text: `What we will do: ${f.action}` });
    }
  }
  if (!r.groups.length)
    blocks.push({ kind: 'paragraph', text: `No comment received in ${r.year} has been answered yet.` });
  return {
    title: `What you told us about the Local Offer in ${r.year}, and what we are doing`,
    sender: { name: laName, lines: ['Local Offer'] },
    facts: [{ label: 'Published', value: published }],
    addressee: null,
    blocks,
  };
}
