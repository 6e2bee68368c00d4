/**
 * A request's reference, as letters quote it and people type it: EHC- and the first 8 characters
 * of its ID. Enough to find it, nothing about the child.
 */
export const referenceOf = (requestId: string) => `EHC-${requestId.slice(0, 8).toUpperCase()}`;

/**
 * The ID prefix a typed reference stands for ("EHC-1A2B3C4D", "ehc 1a2b", or the 8 characters
 * alone), or null if it is not one. Without "EHC" only all 8 count, so a name such as "Bede" is
 * never read as a reference.
 */
export function referencePrefix(text: string): string | null {
  const t = text.trim();
  const m = /^ehc[\s-]?([0-9a-f]{4,8})$/i.exec(t) ?? /^([0-9a-f]{8})$/i.exec(t);
  return m?.[1] ? m[1].toLowerCase() : null;
}
