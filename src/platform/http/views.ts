import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { penceText } from '../kernel/money.ts';
import { wholeNumber } from '../kernel/numbers.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * One Nunjucks environment for every page: the platform's layout, each module's `views/`,
 * and the GOV.UK and MOJ Frontend macros. Autoescape is on: user text is never raw HTML.
 */
// Made once: building a formatter with a time zone costs far more than formatting with it.
const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

export function createViewEnvironment(moduleViewDirs: string[]): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [
        path.join(root, 'src/platform/views'),
        ...moduleViewDirs,
        path.join(root, 'node_modules/govuk-frontend/dist'),
        path.join(root, 'node_modules/@ministryofjustice/frontend'),
      ],
      { noCache: process.env.NODE_ENV === 'development' },
    ),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addFilter('dateTime', (value: Date | string | null | undefined) => {
    if (!value) return '';
    return londonDateTime.format(value instanceof Date ? value : new Date(value));
  });
  // GOV.UK style: whole numbers with thousands separators (12,147).
  env.addFilter('number', (value: number | null | undefined) =>
    value === null || value === undefined ? '' : wholeNumber(value),
  );
  // Money in pence, as GOV.UK writes it: £1,350, £933.33, −£2,400.
  env.addFilter('money', (pence: number | null | undefined) =>
    pence === null || pence === undefined ? '' : penceText(pence),
  );
  env.addFilter('date', (value: Date | string | null | undefined) => {
    if (!value) return '';
    return londonDate.format(value instanceof Date ? value : new Date(value));
  });
  return env;
}
