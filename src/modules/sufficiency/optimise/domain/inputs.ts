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
