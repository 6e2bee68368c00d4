import { penceText } from '../../../../platform/kernel/money.ts';

/**
 * What the central share pays for (posts, with their FTE, and services) and whether it can: the
 * uses may cost the central share at most, so a use that takes them over it is refused, saying by
 * how much.
 */

export const centralUseKinds = ['post', 'service', 'other'] as const;
export type CentralUseKind = (typeof centralUseKinds)[number];

export const centralUseKindLabels: Record<CentralUseKind, string> = {
  post: 'Post',
  service: 'Service',
  other: 'Other',
};

export interface CentralUse {
  id: string;
  kind: CentralUseKind;
  name: string;
  /** Full-time equivalents, for a post. */
  fte: number | null;
  costPence: number;
}

export const usesTotal = (uses: readonly Pick<CentralUse, 'costPence'>[]) =>
  uses.reduce((sum, u) => sum + u.costPence, 0);

export const usesFte = (uses: readonly Pick<CentralUse, 'fte'>[]) =>
  Math.round(uses.reduce((sum, u) => sum + (u.fte ?? 0), 0) * 100) / 100;

/**
 * Why the uses, with `changed` added (or put in place of the use with its id), would cost more
 * than the central share; null when they fit.
 */
export function overTheShare(
  centralPence: number,
  uses: readonly CentralUse[],
  changed: Pick<CentralUse, 'costPence'> & { id?: string },
): string | null {
  const others = uses.filter((u) => u.id !== changed.id);
  const total = usesTotal(others) + changed.costPence;
  if (total <= centralPence) return null;
  return `The central uses would cost ${penceText(total)}, ${penceText(total - centralPence)} more than the central share of ${penceText(centralPence)}: reduce the cost by ${penceText(total - centralPence)} or more`;
}

/** Why a pot's new central share is too small for the uses it already pays for; null when they fit. */
export function shareTooSmall(
  centralPence: number,
  uses: readonly Pick<CentralUse, 'costPence'>[],
): string | null {
  const total = usesTotal(uses);
  if (total <= centralPence) return null;
  return `The central share would be ${penceText(centralPence)}, ${penceText(total - centralPence)} less than the ${penceText(total)} its central uses cost: change or remove uses first, or keep more of the pot central`;
}
