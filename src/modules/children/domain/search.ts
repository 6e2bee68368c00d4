import { parseTypedDate } from './dates.ts';
import { foldName } from './names.ts';
import { normaliseUpn, upnProblem } from './upn.ts';

export type SearchText =
  | { kind: 'all' }
  | { kind: 'name'; name: string }
  | { kind: 'upn'; upn: string }
  | { kind: 'dateOfBirth'; dateOfBirth: string }
  | { kind: 'problem'; message: string };

/**
 * What someone meant by the one search box: a UPN (a letter and 12 more characters), a date
 * of birth (27/3/2015, 27 March 2015, 2015-03-27) or otherwise a name.
 */
export function interpretSearchText(text: string): SearchText {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'all' };
  const compact = normaliseUpn(trimmed);
  if (/^[A-Z][0-9]{11}[0-9A-Z]$/.test(compact)) {
    const problem = upnProblem(compact);
    return problem ? { kind: 'problem', message: problem } : { kind: 'upn', upn: compact };
  }
  const date = parseTypedDate(trimmed);
  if (date) return { kind: 'dateOfBirth', dateOfBirth: date };
  if (/^[\d\s/.-]+$/.test(trimmed))
    return { kind: 'problem', message: 'Enter a date of birth as a real date, like 27/3/2015' };
  const name = foldName(trimmed);
  return name ? { kind: 'name', name } : { kind: 'all' };
}
