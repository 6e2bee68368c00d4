/**
 * UK postcodes: an outward code (area, district) and an inward code (sector, unit), in the
 * shapes Royal Mail allows. Letters that are never used in a position are refused, so a
 * slip like "NR1 1CA" is caught; it does not say the postcode exists.
 */
const outward =
  '(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])';
const inward = '[0-9][ABD-HJLNP-UW-Z]{2}';
const pattern = new RegExp(`^(?:${outward}${inward}|GIR0AA)$`);

/** "nr1  1aa" → "NR1 1AA"; null when it is not the shape of a UK postcode. */
export function normalisePostcode(input: string): string | null {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (!pattern.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}
