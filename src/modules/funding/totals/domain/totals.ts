import type { IsoDate } from '../../../../platform/kernel/dates.ts';
import { fyEnd, fyStart } from '../../../../platform/kernel/financial-years.ts';
import { mulDivHalfUp } from '../../../../platform/kernel/money.ts';

/**
 * A financial year's high needs spend totalled by child, placement type, setting, primary need,
 * cluster or the setting's Ofsted grade (issue 12, item 3). The facts come in already read:
 * each placement costing anything in the year with its shares, and each priced expected starter.
 * Every placement and starter falls in exactly one group of each grouping, so each grouping's
 * groups add up to the same totals: what the position counts for placements and starters.
 *
 * Which group a placement falls in:
 * - need: the child's primary need as recorded now. The record keeps needs without their history,
 *   so the need at the placement's start cannot be known; the need as it stands is also what the
 *   SEN2 return reports. A child with none recorded is "none".
 * - cluster: the cluster the setting belongs to on the year's day of reference (today for this
 *   year, 31 March for a past year, 1 April for a year to come), so a setting that moved cluster
 *   counts once, where it is (or was at the year's end). A setting in no cluster that day, and a
 *   provider not on the register (independent, out of county), is "none".
 * - ofsted: the setting's grade as recorded now (no history of grades is kept). A setting on the
 *   register with a URN and no grade, or "not yet inspected", is "not_inspected"; a setting with
 *   no URN and no grade, and a provider not on the register, is "no_urn".
 * - provider: the setting on the register, or the provider's name as typed when it is not on it.
 */

export const groupings = ['type', 'provider', 'need', 'cluster', 'ofsted', 'child'] as const;
export type Grouping = (typeof groupings)[number];

/** The Ofsted groups in the order they are shown: best grade first, then those with none. */
export const ofstedGroups = [
  'outstanding',
  'good',
  'requires_improvement',
  'inadequate',
  'not_inspected',
  'no_urn',
] as const;
export type OfstedGroup = (typeof ofstedGroups)[number];

/** The grades below Good: where a commissioner would look first to move or support placements. */
export const belowGoodGrades: readonly OfstedGroup[] = ['requires_improvement', 'inadequate'];

export const noneKey = 'none';

export interface Setting {
  id: string;
  name: string;
  urn: number | null;
  /** As recorded: outstanding, good, requires_improvement, inadequate, not_yet_inspected or null. */
  ofstedRating: string | null;
  /** The cluster on the year's day of reference; null for none. */
  cluster: { id: string; name: string } | null;
}

interface Placed {
  childId: string;
  type: string;
  /** The setting on the register; null for a provider known only by name. */
  setting: Setting | null;
  providerName: string | null;
  primaryNeed: string | null;
}

export interface PlacementInYear extends Placed {
  awaitingApproval: boolean;
  /** The high needs block's share of its cost in the year. */
  highNeedsPence: number;
  /** What the ESFA, health, social care and transport pay of it. */
  paidByOthersPence: number;
}

/** A plan being finalised that names a setting, priced from its expected start to 31 March. */
export interface StarterInYear extends Placed {
  pence: number;
}

export interface Figures {
  /** Different children with a placement or an expected start in the group. */
  children: number;
  placements: number;
  /** Placements that need no approval or have it; the high needs block's share. */
  committedPence: number;
  awaitingApprovalPence: number;
  expectedStartersPence: number;
  /** committed + awaiting approval + expected starters: the cost to the block by 31 March. */
  forecastPence: number;
  /** What others pay towards committed placements, as the position counts it. */
  paidByOthersPence: number;
  /** The forecast over the children, to the penny; null with no children. */
  averagePerChildPence: number | null;
}

export interface Group extends Figures {
  key: string;
  /** The setting's or cluster's name; null where the key has a label of its own (a type, a need). */
  name: string | null;
  /** By provider, the setting's Ofsted group. */
  ofsted: OfstedGroup | null;
}

export interface YearTotals {
  by: Grouping;
  /** Largest forecast first (then by key, so the order is stable); by Ofsted grade, in grade order. */
  groups: Group[];
  totals: Figures;
  /** Settings graded Requires improvement or Inadequate, what they take of the forecast and for whom. */
  belowGood: { settings: number; children: number; forecastPence: number };
}

export function ofstedGroupOf(p: Pick<Placed, 'setting'>): OfstedGroup {
  const s = p.setting;
  if (s === null) return 'no_urn';
  switch (s.ofstedRating) {
    case 'outstanding':
    case 'good':
    case 'requires_improvement':
    case 'inadequate':
      return s.ofstedRating;
    default:
      return s.urn === null ? 'no_urn' : 'not_inspected';
  }
}

/** The group a placement or starter falls in, and the name the group goes by where it has one. */
function groupOf(by: Grouping, p: Placed): { key: string; name: string | null } {
  switch (by) {
    case 'type':
      return { key: p.type, name: null };
    case 'provider':
      return p.setting
        ? { key: p.setting.id, name: p.setting.name }
        : // Typed names differ only in case or spacing for the same provider often enough to merge them.
          { key: `name:${(p.providerName ?? '').trim().toLowerCase()}`, name: p.providerName ?? '' };
    case 'need':
      return { key: p.primaryNeed ?? noneKey, name: null };
    case 'cluster':
      return p.setting?.cluster
        ? { key: p.setting.cluster.id, name: p.setting.cluster.name }
        : { key: noneKey, name: null };
    case 'ofsted':
      return { key: ofstedGroupOf(p), name: null };
    case 'child':
      return { key: p.childId, name: null };
  }
}

/**
 * The different children in a group. Most groups by child, and many by setting, hold one child,
 * so a set is made only for a second: a county has ten thousand groups by child.
 */
class Children {
  private first: string | undefined;
  private rest: Set<string> | undefined;

  add(childId: string) {
    if (this.first === undefined) this.first = childId;
    else if (childId !== this.first) {
      this.rest ??= new Set([this.first]);
      this.rest.add(childId);
    }
  }

  get size(): number {
    return this.rest?.size ?? (this.first === undefined ? 0 : 1);
  }
}

class Tally {
  readonly children = new Children();
  placements = 0;
  committed = 0;
  awaiting = 0;
  starters = 0;
  others = 0;

  addPlacement(p: PlacementInYear) {
    this.children.add(p.childId);
    this.placements += 1;
    if (p.awaitingApproval) this.awaiting += p.highNeedsPence;
    else {
      this.committed += p.highNeedsPence;
      // The position leaves out what others would pay towards a placement not yet approved.
      this.others += p.paidByOthersPence;
    }
  }

  addStarter(s: StarterInYear) {
    this.children.add(s.childId);
    this.starters += s.pence;
  }

  figures(): Figures {
    const forecast = this.committed + this.awaiting + this.starters;
    const children = this.children.size;
    return {
      children,
      placements: this.placements,
      committedPence: this.committed,
      awaitingApprovalPence: this.awaiting,
      expectedStartersPence: this.starters,
      forecastPence: forecast,
      paidByOthersPence: this.others,
      averagePerChildPence: children ? mulDivHalfUp(forecast, 1, children) : null,
    };
  }
}

export function yearTotals(
  by: Grouping,
  placements: readonly PlacementInYear[],
  starters: readonly StarterInYear[],
): YearTotals {
  const groups = new Map<string, { tally: Tally; name: string | null; ofsted: OfstedGroup | null }>();
  const all = new Tally();
  const belowGood = { settings: new Set<string>(), tally: new Tally() };
  const groupFor = (p: Placed) => {
    const { key, name } = groupOf(by, p);
    let found = groups.get(key);
    if (!found) {
      found = { tally: new Tally(), name, ofsted: by === 'provider' ? ofstedGroupOf(p) : null };
      groups.set(key, found);
    }
    return found.tally;
  };
  const isBelowGood = (p: Placed) => belowGoodGrades.includes(ofstedGroupOf(p));

  for (const p of placements) {
    groupFor(p).addPlacement(p);
    all.addPlacement(p);
    if (isBelowGood(p) && p.setting) {
      belowGood.settings.add(p.setting.id);
      belowGood.tally.addPlacement(p);
    }
  }
  for (const s of starters) {
    groupFor(s).addStarter(s);
    all.addStarter(s);
    if (isBelowGood(s) && s.setting) {
      belowGood.settings.add(s.setting.id);
      belowGood.tally.addStarter(s);
    }
  }

  const listed: Group[] = [...groups].map(([key, g]) => ({
    key,
    name: g.name,
    ofsted: g.ofsted,
    ...g.tally.figures(),
  }));
  if (by === 'ofsted')
    listed.sort(
      (a, b) => ofstedGroups.indexOf(a.key as OfstedGroup) - ofstedGroups.indexOf(b.key as OfstedGroup),
    );
  else
    listed.sort((a, b) => b.forecastPence - a.forecastPence || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const below = belowGood.tally.figures();
  return {
    by,
    groups: listed,
    totals: all.figures(),
    belowGood: {
      settings: belowGood.settings.size,
      children: below.children,
      forecastPence: below.forecastPence,
    },
  };
}

/**
 * The day a setting's cluster is read on for a year: today while the year runs, its last day once
 * it has ended, its first before it starts.
 */
export function dayOfReference(fy: number, today: IsoDate): IsoDate {
  if (today < fyStart(fy)) return fyStart(fy);
  if (today > fyEnd(fy)) return fyEnd(fy);
  return today;
}
