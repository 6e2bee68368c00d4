import type { IsoDate } from '../../../../platform/kernel/dates.ts';
import type { LatLon } from '../../travel/domain/journey.ts';
import type { Phase } from '../../travel/domain/summary.ts';
import type { Designation, PlacementChild, PlacementSetting } from './placement.ts';

/**
 * The LA's waiting list and free places as the placement model takes them. The model fits a child
 * to a designation by need and phase; a place here fits by need, by the provision the child waits
 * for and by age within the line's range, so each is written into the model's need as one key:
 * `special_school:ASD:7`. A line lists a key for each age it takes, under its own provision and
 * under "any", which a child waiting for any specialist place has.
 */

export type WaitProvision = 'special_school' | 'resourced_provision' | 'sen_unit' | 'any';

export interface LineRoom {
  settingId: string;
  provision: 'special_school' | 'resourced_provision' | 'sen_unit';
  senType: string;
  lowAge: number;
  highAge: number;
  /** Places less the children of its need and age placed there: never below 0. */
  free: number;
}

export interface WaitingChild {
  childId: string;
  provision: WaitProvision;
  senType: string;
  ageOn31August: number;
  waitingSince: IsoDate;
  home: LatLon | null;
  fixedSettingId?: string;
}

const key = (provision: string, senType: string, age: number) => `${provision}:${senType}:${age}`;

/** Year 7 on counts as secondary for the time limits, as the travel views count it. */
const phaseOfAge = (age: number): Phase => (age >= 11 ? 'secondary' : 'primary');

export interface OptimisationInputs {
  children: PlacementChild[];
  settings: PlacementSetting[];
  /** Waiting children whose home has no location: left out, and said so. */
  unlocated: string[];
}

export function optimisationInputs(
  waiting: readonly WaitingChild[],
  rooms: readonly LineRoom[],
  locations: ReadonlyMap<string, LatLon>,
): OptimisationInputs {
  const bySetting = new Map<string, Designation[]>();
  for (const r of rooms) {
    // A setting with no room stays in, for a child the panel has placed there already.
    if (!bySetting.has(r.settingId)) bySetting.set(r.settingId, []);
    if (r.free <= 0) continue;
    const needs: string[] = [];
    for (let age = r.lowAge; age < r.highAge; age++)
      needs.push(key(r.provision, r.senType, age), key('any', r.senType, age));
    bySetting.set(r.settingId, [
      ...(bySetting.get(r.settingId) ?? []),
      { needs, phases: ['primary', 'secondary'], places: r.free },
    ]);
  }
  const settings: PlacementSetting[] = [];
  for (const [id, designations] of bySetting) {
    const location = locations.get(id);
    if (location) settings.push({ id, location, designations });
  }
  const children: PlacementChild[] = [];
  const unlocated: string[] = [];
  for (const w of waiting) {
    if (!w.home) {
      unlocated.push(w.childId);
      continue;
    }
    children.push({
      id: w.childId,
      need: key(w.provision, w.senType, w.ageOn31August),
      phase: phaseOfAge(w.ageOn31August),
      waitingSince: w.waitingSince,
      home: w.home,
      ...(w.fixedSettingId ? { fixedSettingId: w.fixedSettingId } : {}),
    });
  }
  return { children, settings, unlocated };
}

export interface LineIn {
  settingId: string;
  provision: LineRoom['provision'];
  senType: string;
  lowAge: number;
  highAge: number;
  places: number;
}

export interface PlacedChild {
  settingId: string | null;
  provision: LineRoom['provision'] | null;
  need: string | null;
  ageOn31August: number;
}

/**
 * Each line's room: its places less the children of its need and age placed there, and less its
 * share of the children placed there whom no line of the setting names (a need it is not
 * designated for), shared evenly between its lines as they take up the setting's places too.
 */
export function lineRooms(lines: readonly LineIn[], children: readonly PlacedChild[]): LineRoom[] {
  const key = (settingId: string, provision: string) => `${settingId}|${provision}`;
  const linesAt = new Map<string, number[]>();
  lines.forEach((l, i) => {
    const k = key(l.settingId, l.provision);
    linesAt.set(k, [...(linesAt.get(k) ?? []), i]);
  });
  const taken = lines.map(() => 0);
  const unmatched = new Map<string, number>();
  for (const c of children) {
    if (!c.settingId || !c.provision) continue;
    const k = key(c.settingId, c.provision);
    const at = linesAt.get(k);
    if (!at) continue;
    const i = at.find((j) => {
      const l = lines[j] as LineIn;
      return l.senType === c.need && c.ageOn31August >= l.lowAge && c.ageOn31August < l.highAge;
    });
    if (i === undefined) unmatched.set(k, (unmatched.get(k) ?? 0) + 1);
    else taken[i] = (taken[i] ?? 0) + 1;
  }
  for (const [k, n] of unmatched) {
    const at = linesAt.get(k) ?? [];
    at.forEach((j, position) => {
      taken[j] = (taken[j] ?? 0) + Math.floor(n / at.length) + (position < n % at.length ? 1 : 0);
    });
  }
  return lines.map((l, i) => ({
    settingId: l.settingId,
    provision: l.provision,
    senType: l.senType,
    lowAge: l.lowAge,
    highAge: l.highAge,
    free: Math.max(0, l.places - (taken[i] ?? 0)),
  }));
}
