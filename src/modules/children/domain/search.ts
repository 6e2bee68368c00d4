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

/** pg_trgm's defaults, stated so a server configured otherwise does not change who is found. */
export const similarityThreshold = 0.3;
export const wordSimilarityThreshold = 0.6;

/**
 * Trigrams of a searched name of which every match must hold at least one, so a search can skip
 * names that cannot reach either threshold without comparing them.
 *
 * A name matches when `similarity` ≥ 0.3 or `word_similarity` ≥ 0.6. With n distinct trigrams in
 * the query and k of them shared, similarity = k / (|name| + n − k) ≤ k / n and word similarity
 * ≤ k / n, so a match shares k ≥ ⌈0.3·n⌉ of the query's trigrams and lacks at most n − k. Any
 * n − k + 1 of them therefore include one it has. Single-letter word starts ("  s") are shared by
 * the most names, so those are the ones left out. pg_trgm compares in single precision, so the
 * bound allows a hair below 0.3.
 */
export function trigramsEveryMatchShares(queryTrigrams: readonly string[]): string[] {
  const n = queryTrigrams.length;
  const mustShare = Math.max(1, Math.ceil(similarityThreshold * n - 0.01));
  const commonness = (t: string) =>
    t.startsWith('  ') ? 3 : t.startsWith(' ') ? 2 : t.endsWith(' ') ? 1 : 0;
  return [...queryTrigrams]
    .sort((a, b) => commonness(a) - commonness(b) || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, n - mustShare + 1);
}

/** A text-search query true for a set of trigrams holding any of these (each quoted as a lexeme). */
export function anyOfTrigrams(trigrams: readonly string[]): string {
  return trigrams.map((t) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' | ');
}
