import { formatDate, type IsoDate } from './dates.ts';

/** A school's membership of a cluster, from its first day up to (not including) `endsOn`. */
export interface Membership {
  id: string;
  clusterId: string;
  clusterName: string;
  establishmentId: string;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
}

export interface Period {
  startsOn: IsoDate;
  endsOn: IsoDate | null;
}

/** Half-open periods [startsOn, endsOn), as the database's exclusion constraint compares them. */
export function overlaps(a: Period, b: Period): boolean {
  return (a.endsOn === null || b.startsOn < a.endsOn) && (b.endsOn === null || a.startsOn < b.endsOn);
}

export function isCurrent(m: Period, today: IsoDate): boolean {
  return m.startsOn <= today && (m.endsOn === null || today < m.endsOn);
}

/**
 * A cluster host's term, as a period: from the day they were nominated up to (not including) the
 * day it ends, which is the day their successor's term starts.
 */
export function hostTerm(h: { nominatedOn: IsoDate; endsOn: IsoDate | null }): Period {
  return { startsOn: h.nominatedOn, endsOn: h.endsOn };
}

export function describePeriod(m: Period): string {
  return m.endsOn
    ? `from ${formatDate(m.startsOn)} until ${formatDate(m.endsOn)}`
    : `from ${formatDate(m.startsOn)}`;
}

export type JoinDecision =
  | { ok: true; endCurrent?: { membershipId: string; endsOn: IsoDate } }
  | { ok: false; message: string };

/**
 * Whether a school may join a cluster for a period, given its memberships. A school is in one
 * cluster at a time. Moving it ends its open membership of another cluster the day the new one
 * starts; a membership that would still overlap is refused, naming the school and that cluster.
 */
export function decideJoin(
  school: { name: string; urn: number | null },
  memberships: readonly Membership[],
  target: { clusterId: string; clusterName: string } & Period,
  move: boolean,
): JoinDecision {
  const who = `${school.name}${school.urn ? ` (URN ${school.urn})` : ''}`;
  if (target.endsOn !== null && target.endsOn <= target.startsOn)
    return { ok: false, message: 'The end date must be after the start date' };
  const clashes = memberships.filter((m) => overlaps(m, target));
  if (!clashes.length) return { ok: true };
  const same = clashes.find((m) => m.clusterId === target.clusterId);
  if (same) return { ok: false, message: `${who} is already in ${same.clusterName} ${describePeriod(same)}` };
  const [clash] = clashes;
  if (!clash) return { ok: true };
  const movable = move && clashes.length === 1 && clash.endsOn === null && clash.startsOn < target.startsOn;
  if (movable) return { ok: true, endCurrent: { membershipId: clash.id, endsOn: target.startsOn } };
  const advice =
    move && clash.startsOn >= target.startsOn
      ? `It can move to ${target.clusterName} only after it joined ${clash.clusterName}: choose a start date after ${formatDate(clash.startsOn)}`
      : 'A school is in one cluster at a time: move it, or end that membership first';
  return { ok: false, message: `${who} is in ${clash.clusterName} ${describePeriod(clash)}. ${advice}` };
}

export interface HostNomination {
  nominatedOn: IsoDate;
  agreedOn: IsoDate | null;
}

/** Checks a cluster host nomination against the current host's; null when it may be recorded. */
export function hostNominationProblem(
  next: HostNomination,
  current: (HostNomination & { name: string }) | undefined,
): { field: 'nominatedOn' | 'agreedOn'; message: string } | null {
  if (next.agreedOn !== null && next.agreedOn < next.nominatedOn)
    return {
      field: 'agreedOn',
      message: 'The date the headteachers agreed must be on or after the nomination',
    };
  if (current && next.nominatedOn < current.nominatedOn)
    return {
      field: 'nominatedOn',
      message: `The nomination date must be on or after ${formatDate(current.nominatedOn)}, when ${current.name} was nominated`,
    };
  return null;
}
