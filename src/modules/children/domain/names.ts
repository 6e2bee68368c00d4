// Letters NFKD does not split into a base letter and an accent.
const unsplittable: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * A name as search compares it: lower case, accents removed, apostrophes dropped and other
 * punctuation as spaces, so "Zoë O'Brien-Brontë" is found by "zoe obrien bronte".
 */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => unsplittable[c] ?? c)
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function nameSearchFor(forename: string, surname: string): string {
  return foldName(`${forename} ${surname}`);
}
