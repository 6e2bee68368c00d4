// Letters that do not come apart into a base letter and an accent under Unicode normalisation.
const ligatures: Record<string, string> = {
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ß: 'ss',
  đ: 'd',
  ł: 'l',
  þ: 'th',
  ð: 'd',
};

/**
 * A name as it is searched: lower case, accents and ligatures spelled plainly, runs of space
 * collapsed, so "St Ædan's Café" is found by "st aedans cafe", "Aedan's" or "café".
 */
export function searchableName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[æœøßđłþð]/g, (c) => ligatures[c] ?? c)
    .replace(/['‘’`´]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
