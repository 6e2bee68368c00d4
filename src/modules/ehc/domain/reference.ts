/**
 * A request's reference, as letters quote it and people type it: EHC- and the first 8 characters
 * of its ID. Enough to find it, nothing about the child.
 */
export const referenceOf = (requestId: string) => `EHC-${requestId.slice(0, 8).toUpperCase()}`;

/** The ID prefix a typed reference stands for ("ehc-1a2b3c4d", "EHC 1A2B", "1a2b3c4d"), or null if it is not one. */
export function referencePrefix(text: string): string | null {
  const m = /^(?:ehc[\s-]?)?([0-9a-f]{4,8})$/i.exec(text.trim());
  return m?.[1] ? m[1].toLowerCase() : null;
}
