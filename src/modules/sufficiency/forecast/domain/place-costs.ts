/**
 * What a place costs a year in each group of setting, from the placements the LA pays for: the
 * mean of their costs over a financial year, to the whole penny. Only placements held all year
 * count, since one that started in the autumn costs half a year and would pull the mean down.
 * A group with no such placement has no cost here, so the person running a scenario gives one.
 */

export interface CostedPlacement {
  group: string;
  pence: number;
}

export interface GroupCost {
  group: string;
  placements: number;
  meanPence: number;
}

/** One row per group with placements, in the order of `groups`; groups not in it are left out. */
export function costPerPlaceByGroup(
  placements: readonly CostedPlacement[],
  groups: readonly string[],
): GroupCost[] {
  return groups.flatMap((group) => {
    const inGroup = placements.filter((p) => p.group === group);
    if (!inGroup.length) return [];
    const total = inGroup.reduce((s, p) => s + p.pence, 0);
    return [{ group, placements: inGroup.length, meanPence: Math.round(total / inGroup.length) }];
  });
}
