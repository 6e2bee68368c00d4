/**
 * PostgreSQL text cannot hold the NUL character, so a value carrying one would fail in the
 * database as a server error. NUL means nothing in anything a person types, so it is taken out
 * of every string a request brings before validation sees it.
 */
export function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value)))
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [withoutNul(k), withoutNul(v)]),
    );
  return value;
}
