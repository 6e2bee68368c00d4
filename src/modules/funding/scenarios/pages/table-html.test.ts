import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tableHtml } from './table-html.ts';

test('a table is written as the GOV.UK macro writes it, with what people typed escaped', () => {
  assert.equal(
    tableHtml({
      caption: 'By school',
      captionClasses: 'govuk-visually-hidden',
      head: [{ text: 'School' }, { text: 'Last year', format: 'numeric' }],
      rows: [
        [{ text: 'St <Mary> & All' }, { text: '£1,350', format: 'numeric' }],
        [{ html: '<a href="/x">X</a>' }, { text: 'None', format: 'numeric' }],
      ],
    }),
    [
      '<table class="govuk-table">',
      '<caption class="govuk-table__caption govuk-visually-hidden">By school</caption>',
      '<thead class="govuk-table__head"><tr class="govuk-table__row">',
      '<th scope="col" class="govuk-table__header">School</th>',
      '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Last year</th>',
      '</tr></thead>',
      '<tbody class="govuk-table__body">',
      '<tr class="govuk-table__row">',
      '<td class="govuk-table__cell">St &lt;Mary&gt; &amp; All</td>',
      '<td class="govuk-table__cell govuk-table__cell--numeric">£1,350</td>',
      '</tr>',
      '<tr class="govuk-table__row">',
      '<td class="govuk-table__cell"><a href="/x">X</a></td>',
      '<td class="govuk-table__cell govuk-table__cell--numeric">None</td>',
      '</tr>',
      '</tbody>',
      '</table>',
    ].join('\n'),
  );
});
