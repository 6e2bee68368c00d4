/**
 * Unique Pupil Number (DfE, "Unique pupil numbers (UPN): guidance for schools and LAs").
 * Character 1 is a check letter; 2–4 the LA number, 5–8 the establishment, 9–10 the year,
 * 11–13 a serial number whose last character is a letter in a temporary UPN.
 */

/** The 23 letters a UPN may use: I, O and S are left out because they read as 1, 0 and 5. */
export const upnLetters = 'ABCDEFGHJKLMNPQRTUVWXYZ';

function characterValue(c: string): number | null {
  if (c >= '0' && c <= '9') return Number(c);
  const i = upnLetters.indexOf(c);
  return i === -1 ? null : i;
}

/**
 * The check letter for the 12 characters after it: Σ value × position (positions 2 to 13),
 * modulo 23, as an index into `upnLetters`. Null when a character cannot appear in a UPN.
 */
export function upnCheckLetter(rest: string): string | null {
  if (rest.length !== 12) return null;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const v = characterValue(rest.charAt(i));
    if (v === null) return null;
    sum += v * (i + 2);
  }
  return upnLetters.charAt(sum % 23);
}

/** Upper case with spaces removed, as people often type it in groups. */
export function normaliseUpn(upn: string): string {
  return upn.replace(/\s+/g, '').toUpperCase();
}

export const upnExample = 'D926123401001';

/** Why a (normalised) UPN cannot be right, in words a person can act on; null when it is valid. */
export function upnProblem(upn: string): string | null {
  if (upn.length !== 13) return `UPN must be 13 characters, like ${upnExample}`;
  if (!/^[A-Z][0-9]{11}[0-9A-Z]$/.test(upn))
    return 'UPN must be a letter, then 11 digits, then a digit or a letter';
  const last = upn.charAt(12);
  if (last === 'I' || last === 'O' || last === 'S') return 'The last character of a UPN cannot be I, O or S';
  const rest = upn.slice(1);
  const expected = upnCheckLetter(rest);
  if (expected !== upn.charAt(0))
    return `UPN check letter is wrong: for ${rest} it should start with ${expected}`;
  return null;
}

export function isValidUpn(upn: string): boolean {
  return upnProblem(upn) === null;
}
