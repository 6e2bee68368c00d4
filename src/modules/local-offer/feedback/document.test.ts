import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annualReportDocument } from './document.ts';

test('the year’s report as a document holds each answered comment, its response and action, under its heading', () => {
  const at = new Date('2026-03-02T10:00:00Z');
  const doc = annualReportDocument(
    {
      year: 2026,
      received: 4,
      helpful: 3,
      comments: 2,
      unanswered: 1,
      groups: [
        {
          heading: 'Social care and short breaks',
          items: [
            {
              id: 'a',
              page: '/local-offer/services/x',
              serviceId: 'x',
              serviceName: 'Weekend short breaks',
              heading: 'Social care and short breaks',
              helpful: false,
              comment: 'The times are wrong',
              receivedAt: at,
              response: 'Corrected.',
              action: 'We check times every term.',
              respondedBy: 'Eden',
              respondedAt: at,
            },
          ],
        },
      ],
    },
    'Norfolk',
    '2 March 2026',
  );
  // 3 of 4 said yes: 75%.
  assert.match(JSON.stringify(doc.blocks[1]), /4 times whether a page was helpful: 75% said yes/);
  assert.match(JSON.stringify(doc.blocks[1]), /2 comments, of which 1 we have still to answer/);
  assert.deepEqual(
    doc.blocks.slice(2).map((b) => ('text' in b ? b.text : '')),
    [
      'Social care and short breaks',
      'You said, about Weekend short breaks',
      'The times are wrong',
      'Our response: Corrected.',
      'What we will do: We check times every term.',
    ],
  );
});
