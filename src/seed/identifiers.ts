import { ulnCheckDigit, upnCheckLetter } from '../modules/children/index.ts';
import type { Prng } from './prng.ts';

/**
 * Invented identifiers that are valid in form (check letter and check digit right), made with
 * the children module's own rules so the demo passes the checks the forms apply.
 */

export function upnWithCheckLetter(body12: string): string {
  const letter = upnCheckLetter(body12);
  if (!letter) throw new Error(`not a UPN body: ${body12}`);
  return `${letter}${body12}`;
}

export function randomUln(rng: Prng): string {
  for (;;) {
    const first9 = `${rng.int(1, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    const check = ulnCheckDigit(first9);
    if (check !== null) return `${first9}${check}`;
  }
}

const inwardLetters = 'ABDEFGHJLNPQRSTUWXYZ';

/** A postcode in the right district and of the right shape (invented; it may or may not exist). */
export function postcodeIn(district: string, rng: Prng): string {
  return `${district} ${rng.int(1, 9)}${rng.pick([...inwardLetters])}${rng.pick([...inwardLetters])}`;
}
