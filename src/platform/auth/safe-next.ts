// .invalid is reserved, so no real site has this origin: a `next` resolving to any other named a host.
const ownOrigin = 'http://opensend.invalid';

/**
 * C0 controls, DEL and C1 controls: browsers silently drop tabs and newlines from a URL, so
 * `/\t/evil.example` would arrive as `//evil.example`; none of them belongs in a path anyway.
 * A backslash is read as a slash by browsers, so `/\evil.example` is another host too.
 */
function hasUnsafeCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c === 0x5c) return true;
  }
  return false;
}

/** Longer than any page's address here; a longer `next` is not worth reading. */
const maxLength = 2000;

/**
 * Where to send a browser after sign-in: a path and query on this site, or `/` for anything else
 * (another host, a scheme, a control character, a backslash, something that is not a string).
 * The answer is percent-encoded ASCII, so a Location header can always carry it.
 */
export function safeNext(next: unknown): string {
  if (
    typeof next !== 'string' ||
    !next.startsWith('/') ||
    next.length > maxLength ||
    hasUnsafeCharacter(next)
  )
    return '/';
  let url: URL;
  try {
    url = new URL(next, ownOrigin);
  } catch {
    return '/';
  }
  if (url.origin !== ownOrigin) return '/';
  const path = `${url.pathname}${url.search}`;
  // Dot segments can collapse into a leading `//` (`/.//evil.example`), which a browser reads as a host.
  if (path.startsWith('//') || path.length > maxLength) return '/';
  return path;
}
