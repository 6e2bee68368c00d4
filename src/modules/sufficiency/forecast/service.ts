import { ageOn, type IsoDate } from '../../../platform/kernel/dates.ts';
import { fyOf } from '../../../platform/kernel/financial-years.ts';
import { type SenType, senTypes } from '../../../platform/kernel/sen2.ts';
import { childPlanningFacts } from '../../children/index.ts';
import { ehcPlanSpans } from '../../ehc/index.ts';
import { type PlacementType, placementsCostingInYear, placementsOn } from '../../placements/index.ts';
import { planningSettings } from '../../providers/index.ts';
import { authorise, type SufficiencyContext, transaction } from '../context.ts';
import type { AgeBasis } from './domain/ages.ts';
import { type ChildJanuary, type CohortForecast, fitCohort, forecastCohort } from './domain/cohort.ts';
import { costPerPlaceByGroup, type GroupCost } from './domain/place-costs.ts';
import { compareScenario, type ScenarioComparison } from './domain/scenarios.ts';
import type { ScenarioInput } from './query.ts';

/**
 * The five-year forecast of EHC plans from the LA's own records: every child with a plan in force
 * on each January's census day, their age, primary need and the group of setting they were placed
 * in that day, and the cohort model run on them.
 */

export const settingGroups = ['mainstream', 'srb', 'special', 'independent', 'post16', 'other'] as const;
export type SettingGroup = (typeof settingGroups)[number];

export const settingGroupLabels: Record<SettingGroup, string> = {
  mainstream: 'Mainstream school',
  srb: 'SEN unit or resourced provision',
  special: 'Special school',
  independent: 'Independent or non-maintained',
  post16: 'College or post-16',
  other: 'Elsewhere (AP, home, hospital, not known)',
};

function groupOf(type: PlacementType | null, special: boolean): SettingGroup {
  switch (type) {
    case 'mainstream':
      return 'mainstream';
    case 'mainstream_unit':
      return 'srb';
    case 'maintained_special':
    case 'academy_special':
      return 'special';
    case 'independent_special':
    case 'non_maintained_special':
      return 'independent';
    case 'fe_college':
    case 'specialist_post_16':
      return 'post16';
    case null:
      return special ? 'special' : 'mainstream';
    default:
      return 'other';
  }
}

/** The school census's January day: the third Thursday of January. */
export function censusDay(year: number): IsoDate {
  const first = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - first + 7) % 7);
  return `${year}-01-${String(firstThursday + 14).padStart(2, '0')}`;
}

/** Every January census day on or before today that any plan was in force on. */
function januarysOf(spans: readonly { issuedOn: string }[], today: IsoDate): number[] {
  if (!spans.length) return [];
  const first = Math.min(...spans.map((s) => Number(s.issuedOn.slice(0, 4))));
  const years: number[] = [];
  for (let y = first; censusDay(y) <= today; y++) years.push(y);
  return years;
}

export async function januaryRecords(ctx: SufficiencyContext): Promise<ChildJanuary[]> {
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const spans = await ehcPlanSpans(tx, laCode);
    const facts = new Map((await childPlanningFacts(tx, laCode)).map((f) => [f.id, f]));
    const special = new Set((await planningSettings(tx)).filter((s) => s.isSpecial).map((s) => s.id));
    const records: ChildJanuary[] = [];
    for (const year of januarysOf(spans, ctx.today)) {
      const day = censusDay(year);
      const inForce = new Set(
        spans
          .filter((s) => s.issuedOn <= day && (s.endedOn === null || s.endedOn > day))
          .map((s) => s.childId),
      );
      if (!inForce.size) continue;
      const placed = new Map((await placementsOn(tx, laCode, day)).map((p) => [p.childId, p]));
      for (const childId of inForce) {
        const f = facts.get(childId);
        const need = f?.primaryNeed;
        if (!f || !need || !(senTypes as readonly string[]).includes(need)) continue;
        const age = ageOn(f.dateOfBirth, `${year - 1}-08-31`);
        if (age < 0 || age > 25) continue;
        const p = placed.get(childId);
        const setting = p ? p.establishmentId : f.establishmentId;
        records.push({
          childId,
          year,
          age,
          need: need as SenType,
          group: groupOf(p ? p.type : null, setting !== null && special.has(setting)),
        });
      }
    }
    return records;
  });
}

export interface ForecastAsked {
  years: number;
  simulations: number;
  ageBasis: AgeBasis;
}

/** The forecast, or the model's refusal (fewer than two Januarys, say) for the caller to show. */
export async function getForecast(ctx: SufficiencyContext, asked: ForecastAsked): Promise<CohortForecast> {
  authorise(ctx, 'sufficiency:read');
  const records = await januaryRecords(ctx);
  return forecastCohort(records, {
    simulations: asked.simulations,
    // The same seed each time, so the same records give the same figures on every page and call.
    seed: 2014,
    horizon: asked.years,
    ageBasis: asked.ageBasis,
  });
}

/**
 * What a place costs a year in each group, from this financial year's placements held since its
 * first day (1 April) in the same setting: the high needs block's share, which is what the LA's
 * sufficiency decisions spend.
 */
export async function placeCostsFromPlacements(ctx: SufficiencyContext): Promise<GroupCost[]> {
  authorise(ctx, 'sufficiency:read');
  const laCode = ctx.principal.laCode;
  const fy = fyOf(ctx.today);
  return transaction(ctx, async (tx) => {
    const special = new Set((await planningSettings(tx)).filter((s) => s.isSpecial).map((s) => s.id));
    const held = new Set(
      (await placementsOn(tx, laCode, `${fy}-04-01`)).map(
        (p) => `${p.childId}|${p.establishmentId}|${p.type}`,
      ),
    );
    const costed = (await placementsCostingInYear(tx, laCode, fy)).flatMap((p) =>
      held.has(`${p.childId}|${p.establishmentId}|${p.type}`) && p.highNeedsPence > 0
        ? [
            {
              group: groupOf(p.type, p.establishmentId !== null && special.has(p.establishmentId)),
              pence: p.highNeedsPence,
            },
          ]
        : [],
    );
    return costPerPlaceByGroup(costed, settingGroups);
  });
}

export interface CostedScenario extends ScenarioComparison {
  /** Where the cost a place came from: the caller, the placements, or nowhere (places only). */
  costFrom: 'given' | 'placements' | null;
  costPerPlacePounds: Partial<Record<SettingGroup, number>> | null;
}

/**
 * A scenario against the forecast, run by run with the same random draws, so the difference is
 * the change's. Without costs given, the placements' costs are used where there are any.
 */
export async function getScenario(ctx: SufficiencyContext, input: ScenarioInput): Promise<CostedScenario> {
  authorise(ctx, 'sufficiency:read');
  const model = fitCohort(await januaryRecords(ctx));
  const fromPlacements = input.costPerPlacePounds ? [] : await placeCostsFromPlacements(ctx);
  const costs: Partial<Record<SettingGroup, number>> | undefined =
    input.costPerPlacePounds ??
    (fromPlacements.length
      ? Object.fromEntries(fromPlacements.map((c) => [c.group, c.meanPence / 100]))
      : undefined);
  const comparison = compareScenario(model, input.changes, {
    simulations: input.simulations,
    seed: 2014,
    horizon: input.years,
    // An LA's first SRBs, say: joiners may be sent to any group, with or without children today.
    groupsThatMayOpen: settingGroups,
    // Every group needs a cost once any is given; a group not priced costs nothing.
    ...(costs
      ? {
          costPerPlacePence: Object.fromEntries(
            settingGroups.map((g) => [g, Math.round((costs[g] ?? 0) * 100)]),
          ),
        }
      : {}),
  });
  return {
    ...comparison,
    costFrom: input.costPerPlacePounds ? 'given' : costs ? 'placements' : null,
    costPerPlacePounds: costs ?? null,
  };
}
