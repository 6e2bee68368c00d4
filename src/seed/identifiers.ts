import type { Prng } from './prng.ts';

/** Invented identifiers that are valid in form (check letter and check digit right), never real ones. */

const upnLetters = 'ABCDEFGHJKLMNPQRTUVWXYZ';

export function upnWithCheckLetter(body12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[i]) * (i + 2);
  return `${upnLetters[sum % 23]}${body12}`;
}

export function ulnOrNull(first9: string): string | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
  const remainder = sum % 11;
  return remainder === 0 ? null : `${first9}${10 - remainder}`;
}

export function randomUln(rng: Prng): string {
  for (;;) {
    const uln = ulnOrNull(`${rng.int(1, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`);
    if (uln) return uln;
  }
}

const inwardLetters = 'ABDEFGHJLNPQRSTUWXYZ';

/** A postcode in the right district and of the right shape (invented; it may or may not exist). */
export function postcodeIn(district: string, rng: Prng): string {
  return `${district} ${rng.int(1, 9)}${rng.pick([...inwardLetters])}${rng.pick([...inwardLetters])}`;
}

/** Lower case without accents, as name search compares them. */
export function foldForSearch(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
