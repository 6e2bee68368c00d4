/**
 * PostgreSQL text cannot hold the NUL character, so a value carrying one would fail in the
 * database as a server error. NUL means nothing in anything a person types, so it is taken out
 * of every string a request brings before validation sees it. A lone UTF-16 surrogate (half of a
 * character, "\ud800" in JSON) has no UTF-8 form: text would store it as U+FFFD anyway, but
 * jsonb (an audit event's detail) refuses its escape, so it becomes U+FFFD here, for both alike.
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') {
    const wellFormed = value.replace(loneSurrogate, '\uFFFD');
    return wellFormed.includes('\u0000') ? wellFormed.replaceAll('\u0000', '') : wellFormed;
  }
  if (Array.isArray(value)) return value.map(withoutNul);
  if (isPlainRecord(value))
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [withoutNul(k), withoutNul(v)]),
    );
  return value;
}

/**
 * An object that only holds data: `{}`, `Object.create(null)`, or the query parser's record, whose
 * prototype is an empty object with no prototype of its own. A Buffer, a Date or a file stream
 * is left as it is.
 */
function isPlainRecord(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
