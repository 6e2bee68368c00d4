/**
 * Places against the children who fill them, on a day: each local special school, SEN unit and
 * resourced provision (SRB) with its designated places and the children placed there; settings
 * full or over; and the children placed out of county or in independent settings, with whether a
 * local place of their need and phase has room for them.
 */

import type { SenType } from '../../../../platform/kernel/sen2.ts';

export type Provision = 'special_school' | 'sen_unit' | 'resourced_provision';
export type ChildPhase = 'early_years' | 'primary' | 'secondary' | 'post_16';
export type LinePhase = ChildPhase | 'all_through';

/** The phase of a child aged this on 31 August before the school year. */
export function phaseOfAge(ageOn31August: number): ChildPhase {
  if (ageOn31August < 4) return 'early_years';
  if (ageOn31August < 11) return 'primary';
  if (ageOn31August < 16) return 'secondary';
  return 'post_16';
}

export interface SettingIn {
  id: string;
  name: string;
  urn: number | null;
  district: string | null;
  /** The LA's own (GIAS puts it in this LA), rather than out of county. */
  local: boolean;
  /** An independent or non-maintained school, whoever's area it is in. */
  independent: boolean;
}

export interface LineIn {
  settingId: string;
  provision: Provision;
  senType: SenType;
  phase: LinePhase;
  lowAge: number;
  highAge: number;
  places: number;
}

export interface ChildIn {
  id: string;
  need: SenType | null;
  ageOn31August: number;
  /** Where the child is placed on the day, and in what provision there; none in mainstream alone. */
  settingId: string | null;
  provision: Provision | null;
  /** Placed out of county or in an independent setting not on the register, and which. */
  outsideUnregistered?: 'independent' | 'out-of-county';
}

export type SettingStatus = 'over' | 'full' | 'room' | 'no-places';

export interface ProvisionRow {
  setting: SettingIn;
  provision: Provision;
  places: number;
  children: number;
  /** Places less children: below 0 when over. */
  free: number;
  status: SettingStatus;
  /** By need: the places designated for it and the children of that primary need placed here. */
  needs: { senType: SenType | 'unknown'; places: number; children: number }[];
}

export interface GroupRow<K extends string> {
  key: K;
  places: number;
  children: number;
}

export interface OutOfAreaRow {
  childId: string;
  need: SenType | null;
  phase: ChildPhase;
  settingId: string | null;
  reason: 'independent' | 'out-of-county';
  /** A local line of the child's need takes their age and has a place free. */
  localPlaceWithRoom: boolean;
}

export interface Occupancy {
  rows: ProvisionRow[];
  byNeed: GroupRow<SenType | 'unknown'>[];
  byPhase: GroupRow<LinePhase>[];
  byDistrict: GroupRow<string>[];
  totals: { places: number; children: number; free: number; over: number; full: number };
  outOfArea: OutOfAreaRow[];
}

/** A provision with children but no places recorded is missing its places, not over them. */
const statusOf = (places: number, children: number): SettingStatus =>
  places === 0 ? 'no-places' : children > places ? 'over' : children === places ? 'full' : 'room';

function add<K extends string>(m: Map<K, GroupRow<K>>, key: K, places: number, children: number) {
  const g = m.get(key) ?? { key, places: 0, children: 0 };
  g.places += places;
  g.children += children;
  m.set(key, g);
}

/** Not known, last; otherwise in the order given, or by name. */
const sorted = <K extends string>(m: Map<K, GroupRow<K>>, order?: readonly K[]) =>
  [...m.values()].sort((a, b) =>
    order
      ? order.indexOf(a.key) - order.indexOf(b.key)
      : a.key === ''
        ? 1
        : b.key === ''
          ? -1
          : a.key.localeCompare(b.key),
  );

const linePhases: LinePhase[] = ['early_years', 'primary', 'secondary', 'post_16', 'all_through'];

export function occupancy(
  settings: readonly SettingIn[],
  lines: readonly LineIn[],
  children: readonly ChildIn[],
  needOrder: readonly SenType[],
): Occupancy {
  const settingById = new Map(settings.map((s) => [s.id, s]));
  const key = (settingId: string, provision: Provision) => `${settingId}|${provision}`;
  const rows = new Map<string, ProvisionRow>();
  const rowFor = (setting: SettingIn, provision: Provision) => {
    const k = key(setting.id, provision);
    let r = rows.get(k);
    if (!r) {
      r = { setting, provision, places: 0, children: 0, free: 0, status: 'no-places', needs: [] };
      rows.set(k, r);
    }
    return r;
  };
  const needRow = (r: ProvisionRow, senType: SenType | 'unknown') => {
    let n = r.needs.find((x) => x.senType === senType);
    if (!n) {
      n = { senType, places: 0, children: 0 };
      r.needs.push(n);
    }
    return n;
  };
  const byNeed = new Map<SenType | 'unknown', GroupRow<SenType | 'unknown'>>();
  const byPhase = new Map<LinePhase, GroupRow<LinePhase>>();
  const byDistrict = new Map<string, GroupRow<string>>();

  for (const l of lines) {
    const setting = settingById.get(l.settingId);
    if (!setting?.local || setting.independent) continue;
    const r = rowFor(setting, l.provision);
    r.places += l.places;
    needRow(r, l.senType).places += l.places;
    add(byNeed, l.senType, l.places, 0);
    add(byPhase, l.phase, l.places, 0);
    add(byDistrict, setting.district ?? '', l.places, 0);
  }

  const outOfArea: OutOfAreaRow[] = [];
  const placedOutside: ChildIn[] = [];
  for (const c of children) {
    const setting = c.settingId ? settingById.get(c.settingId) : undefined;
    if (c.outsideUnregistered || (setting && (setting.independent || !setting.local))) {
      if (c.provision || c.outsideUnregistered || setting?.independent) placedOutside.push(c);
      continue;
    }
    if (!setting || !c.provision) continue;
    const r = rowFor(setting, c.provision);
    r.children++;
    needRow(r, c.need ?? 'unknown').children++;
    add(byNeed, c.need ?? 'unknown', 0, 1);
    add(byPhase, phaseOfAge(c.ageOn31August), 0, 1);
    add(byDistrict, setting.district ?? '', 0, 1);
  }

  for (const r of rows.values()) {
    r.free = r.places - r.children;
    r.status = statusOf(r.places, r.children);
    r.needs.sort((a, b) => needOrder.indexOf(a.senType as SenType) - needOrder.indexOf(b.senType as SenType));
  }

  // Room by line: a local line's places less the children of its need and age placed at its setting.
  const room = lines
    .filter((l) => {
      const s = settingById.get(l.settingId);
      return s?.local && !s.independent;
    })
    .map((l) => ({
      line: l,
      free:
        l.places -
        children.filter(
          (c) =>
            c.settingId === l.settingId &&
            c.provision === l.provision &&
            c.need === l.senType &&
            c.ageOn31August >= l.lowAge &&
            c.ageOn31August < l.highAge,
        ).length,
    }));
  for (const c of placedOutside) {
    const setting = c.settingId ? settingById.get(c.settingId) : undefined;
    outOfArea.push({
      childId: c.id,
      need: c.need,
      phase: phaseOfAge(c.ageOn31August),
      settingId: c.settingId,
      reason: c.outsideUnregistered ?? (setting?.independent ? 'independent' : 'out-of-county'),
      localPlaceWithRoom: room.some(
        (x) =>
          x.free > 0 &&
          x.line.senType === c.need &&
          c.ageOn31August >= x.line.lowAge &&
          c.ageOn31August < x.line.highAge,
      ),
    });
  }

  const all = [...rows.values()].sort(
    (a, b) => a.setting.name.localeCompare(b.setting.name) || a.provision.localeCompare(b.provision),
  );
  const places = all.reduce((s, r) => s + r.places, 0);
  const placed = all.reduce((s, r) => s + r.children, 0);
  return {
    rows: all,
    byNeed: sorted(byNeed, [...needOrder, 'unknown']),
    byPhase: sorted(byPhase, linePhases),
    byDistrict: sorted(byDistrict),
    totals: {
      places,
      children: placed,
      free: all.reduce((s, r) => s + Math.max(0, r.free), 0),
      over: all.filter((r) => r.status === 'over').length,
      full: all.filter((r) => r.status === 'full').length,
    },
    outOfArea,
  };
}
