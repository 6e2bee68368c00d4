/**
 * UK postcode format (the pattern in the Government Data Standards Catalogue): an outward code
 * of 2 to 4 characters, a space, and an inward code of a digit and two letters.
 */
const outward =
  '([A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])';
const inward = '[0-9][ABD-HJLNP-UW-Z]{2}';
const postcodePattern = new RegExp(`^(${outward} ${inward}|GIR 0AA)$`);

export const postcodeProblemMessage = 'Enter a real UK postcode, like NR1 2DH';

/** Upper case with one space before the inward code, or null when it is not a postcode. */
export function normalisePostcode(input: string): string | null {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (compact.length < 5 || compact.length > 7) return null;
  const formatted = `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  return postcodePattern.test(formatted) ? formatted : null;
}
