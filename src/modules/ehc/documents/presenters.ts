import { escapeHtml } from '../../../platform/http/html.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { letterLabel, letterMethodLabels } from './domain/letters-sent.ts';
import type { LetterSent } from './letters-sent.ts';

/**
 * How the letters sent read in a table: what, how, when and by whom, and where to reprint each
 * (under `base`: a request's `/ehc/requests/{id}/letters`, a review's `/ehc/reviews/{id}/sent`).
 */
export function letterSentRows(
  base: string,
  letters: readonly Pick<LetterSent, 'id' | 'kind' | 'method' | 'sentOn' | 'sentBy'>[],
) {
  return letters.map((l) => {
    const href = `${base}/${l.id}`;
    // Each link names its letter for a screen reader's list of links, where "Reprint" alone is ambiguous.
    const which = escapeHtml(`${letterLabel(l.kind)}, sent ${longDate(l.sentOn)}`);
    return [
      { text: letterLabel(l.kind) },
      { text: letterMethodLabels[l.method] },
      { text: longDate(l.sentOn) },
      { text: l.sentBy?.name ?? 'Unknown' },
      {
        html: `<a class="govuk-link" href="${href}">Reprint<span class="govuk-visually-hidden"> (${which})</span></a> · <a class="govuk-link" href="${href}/pdf" download>PDF<span class="govuk-visually-hidden"> (${which})</span></a>`,
      },
    ];
  });
}

export const letterSentHead = [
  { text: 'Letter' },
  { text: 'Sent by' },
  { text: 'Date sent' },
  { text: 'Who sent it' },
  { html: '<span class="govuk-visually-hidden">Links</span>' },
];
