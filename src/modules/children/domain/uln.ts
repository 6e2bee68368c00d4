/**
 * Unique Learner Number (Learning Records Service): 10 digits, the last a check digit.
 * Σ digit × (11 − position) over the first 9; remainder 0 mod 11 never occurs in a real ULN.
 */
export function ulnCheckDigit(first9: string): number | null {
  if (!/^[0-9]{9}$/.test(first9)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9.charAt(i)) * (10 - i);
  const remainder = sum % 11;
  return remainder === 0 ? null : 10 - remainder;
}

export function normaliseUln(uln: string): string {
  return uln.replace(/\s+/g, '');
}

/** Why a (normalised) ULN cannot be right; null when it is valid. */
export function ulnProblem(uln: string): string | null {
  if (!/^[0-9]{10}$/.test(uln)) return 'ULN must be 10 digits';
  const first9 = uln.slice(0, 9);
  const expected = ulnCheckDigit(first9);
  if (expected === null) return `ULN is not valid: no ULN starts with ${first9}`;
  if (String(expected) !== uln.charAt(9))
    return `ULN check digit is wrong: for ${first9} it should end with ${expected}`;
  return null;
}
