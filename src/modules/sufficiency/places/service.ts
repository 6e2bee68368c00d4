import type { Database } from '../../../platform/db/connect.ts';
import { inTenant } from '../../../platform/db/tenancy.ts';
import { ageOn, type IsoDate } from '../../../platform/kernel/dates.ts';
import { type SenType, senTypes } from '../../../platform/kernel/sen2.ts';
import { type ChildPlanningFacts, childPlanningFacts } from '../../children/index.ts';
import { type PlacementType, placementsOn } from '../../placements/index.ts';
import { inForce, type PlanningSetting, placeLinesFrom, planningSettings } from '../../providers/index.ts';
import { authorise, type SufficiencyContext } from '../context.ts';
import {
  type ChildIn,
  type LineIn,
  type Occupancy,
  occupancy,
  type Provision,
  type SettingIn,
} from './domain/occupancy.ts';

/** Places against occupancy on a day, from the register, the place lines and where children are placed. */

const specialTypes = new Set<PlacementType>([
  'maintained_special',
  'academy_special',
  'non_maintained_special',
  'independent_special',
]);

/** The 31 August before the school year the day is in: the day admissions count ages on. */
export function countingDay(day: IsoDate): IsoDate {
  const year = Number(day.slice(0, 4));
  return day.slice(5) >= '09-01' ? `${year}-08-31` : `${year - 1}-08-31`;
}

const isIndependent = (s: PlanningSetting) =>
  s.settingKind === 'independent' || /independent|non-maintained/i.test(`${s.typeGroup ?? ''}`);

/** The provision a child placed at this setting fills, from the placement's type and what the setting has. */
function provisionOf(
  type: PlacementType | null,
  s: PlanningSetting | undefined,
  planned: boolean,
): Provision | null {
  if (!s) return null;
  if (type === 'mainstream_unit')
    return s.hasResourcedProvision || !s.hasSenUnit ? 'resourced_provision' : 'sen_unit';
  if (type && specialTypes.has(type)) return 'special_school';
  // Without a placement, a child with a plan on a special school's roll fills one of its places.
  if (type === null && planned && s.isSpecial) return 'special_school';
  return null;
}

export interface PlacesInputs {
  day: IsoDate;
  settings: PlanningSetting[];
  /** Every child of the LA as planning reads them: age, need, home and school. */
  facts: ChildPlanningFacts[];
  settingIns: SettingIn[];
  lines: LineIn[];
  children: ChildIn[];
}

/** What the views count, read in one transaction: settings, lines in force and children placed. */
export function placesInputs(ctx: SufficiencyContext, day: IsoDate): Promise<PlacesInputs> {
  return readPlacesInputs(ctx.database, { laCode: ctx.principal.laCode, userId: ctx.principal.userId }, day);
}

/** The same for a background job, which acts in its LA for the person who started it. */
export async function readPlacesInputs(
  database: Database,
  tenant: { laCode: string; userId: string | null },
  day: IsoDate,
): Promise<PlacesInputs> {
  const laCode = tenant.laCode;
  const { settings, lines, facts, placed } = await inTenant(database.db, tenant, async (tx) => ({
    settings: await planningSettings(tx),
    lines: await placeLinesFrom(tx, day),
    facts: await childPlanningFacts(tx, laCode),
    placed: await placementsOn(tx, laCode, day),
  }));
  const byId = new Map(settings.map((s) => [s.id, s]));
  const placementOf = new Map(placed.map((p) => [p.childId, p]));
  const on31August = countingDay(day);
  const children: ChildIn[] = [];
  for (const f of facts) {
    const p = placementOf.get(f.id);
    const settingId = p ? p.establishmentId : f.establishmentId;
    const setting = settingId ? byId.get(settingId) : undefined;
    const outside =
      p && !p.establishmentId
        ? p.type === 'independent_special' || p.type === 'non_maintained_special'
          ? ('independent' as const)
          : p.type === 'out_of_county'
            ? ('out-of-county' as const)
            : undefined
        : undefined;
    const provision = provisionOf(p ? p.type : null, setting, f.senProvision === 'ehc_plan');
    if (!provision && !outside && !(setting && isIndependent(setting) && f.senProvision === 'ehc_plan'))
      continue;
    children.push({
      id: f.id,
      need: (senTypes as readonly string[]).includes(f.primaryNeed ?? '') ? (f.primaryNeed as SenType) : null,
      ageOn31August: ageOn(f.dateOfBirth, on31August),
      settingId: settingId ?? null,
      provision,
      ...(outside ? { outsideUnregistered: outside } : {}),
    });
  }
  return {
    day,
    settings,
    facts,
    settingIns: settings.map((s) => ({
      id: s.id,
      name: s.name,
      urn: s.urn,
      district: s.district,
      local: s.giasLaCode === null || s.giasLaCode === laCode,
      independent: isIndependent(s),
    })),
    lines: lines
      .filter((l) => inForce(l, day))
      .map((l) => ({
        settingId: l.establishmentId,
        provision: l.provision,
        senType: l.senType,
        phase: l.phase,
        lowAge: l.lowAge,
        highAge: l.highAge,
        places: l.places,
      })),
    children,
  };
}

export interface OccupancyOn extends Occupancy {
  day: IsoDate;
  /** Where each setting is, for the map. */
  locations: Map<string, { latitude: number; longitude: number }>;
}

export async function getOccupancy(ctx: SufficiencyContext, day: IsoDate): Promise<OccupancyOn> {
  authorise(ctx, 'sufficiency:read');
  const i = await placesInputs(ctx, day);
  const locations = new Map<string, { latitude: number; longitude: number }>();
  for (const s of i.settings)
    if (s.latitude !== null && s.longitude !== null)
      locations.set(s.id, { latitude: s.latitude, longitude: s.longitude });
  return { ...occupancy(i.settingIns, i.lines, i.children, senTypes), day, locations };
}
