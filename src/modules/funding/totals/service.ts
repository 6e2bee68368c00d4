import type { Tx } from '../../../platform/db/tenancy.ts';
import { fyLabel } from '../../../platform/kernel/financial-years.ts';
import { childIdentities, primaryNeeds } from '../../children/index.ts';
import { placementsCostingInYear, placementsToConfirmInYear } from '../../placements/index.ts';
import { clustersOn, establishmentSummaries } from '../../providers/index.ts';
import { audit, authorise, type FundingContext, transaction } from '../context.ts';
import { expectedStarterCost } from '../domain/position.ts';
import * as repo from '../repo.ts';
import { expectedStarters, startingToConfirm } from '../service.ts';
import {
  dayOfReference,
  type Grouping,
  type PlacementInYear,
  type Setting,
  type StarterInYear,
  type YearTotals,
  yearTotals,
} from './domain/totals.ts';

/**
 * A year's high needs spend totalled by child, type, setting, need, cluster or Ofsted grade, for
 * finance officers and SEND commissioners. Totals by child name children, so only those who may
 * read placements see them, and every list or download of them is audited.
 */

export interface Totals extends YearTotals {
  fy: number;
  label: string;
  /** What the budget records as committed outside placements: with these totals it makes the position's. */
  otherCommittedPence: number;
  /** Expected starters of a type with no expected cost: in no group, as the position leaves them out. */
  unpricedStarters: number;
}

export interface NamedGroup {
  /** By child, the child's name; otherwise null. */
  childName: string | null;
}

export interface TotalsPage extends Totals {
  groups: (Totals['groups'][number] & NamedGroup)[];
  /** How many groups there are in all; `groups` holds those from `offset`, at most `limit`. */
  total: number;
  limit: number;
  offset: number;
}

const childRefusal =
  'Totals by child name children: only people who may read placements may see them. Choose another grouping.';

/** Refuses a grouping the person may not see: by child needs leave to read placements as well. */
export function authoriseGrouping(ctx: FundingContext, by: Grouping) {
  authorise(ctx, 'finance:read');
  if (by === 'child') authorise(ctx, 'placements:read', childRefusal);
}

/** Every placement costing anything in the year and every priced expected starter, with what groups them. */
async function readTotals(tx: Tx, ctx: FundingContext, fy: number, by: Grouping): Promise<Totals> {
  const laCode = ctx.principal.laCode;
  const [costs, planned, toConfirm, averages, lines] = await Promise.all([
    placementsCostingInYear(tx, laCode, fy),
    expectedStarters(tx, laCode, fy),
    placementsToConfirmInYear(tx, laCode, fy),
    repo.expectedCosts(tx, laCode),
    repo.budgetLines(tx, laCode, fy),
  ]);
  // As the position counts them: plans being finalised, and placements issued plans made whose
  // costs are still to be entered, at the expected cost of their type beyond what their own lines commit.
  const starters = [
    ...planned.map((s) => ({ ...s, providerName: null })),
    ...toConfirm.map(startingToConfirm),
  ];
  const settingIds = [
    ...new Set([
      ...costs.flatMap((c) => (c.establishmentId ? [c.establishmentId] : [])),
      ...starters.flatMap((s) => (s.establishmentId ? [s.establishmentId] : [])),
    ]),
  ];
  // Every grouping reads the settings (the share below Good is on every page); only totals by
  // cluster read clusters, and only totals by need read needs: the others never look at them.
  const [summaries, clusters, needOf] = await Promise.all([
    establishmentSummaries(tx, settingIds),
    by === 'cluster' ? clustersOn(tx, laCode, settingIds, dayOfReference(fy, ctx.today)) : [],
    by === 'need' ? primaryNeeds(tx, laCode) : new Map<string, string>(),
  ]);
  const clusterOf = new Map(
    clusters.map((c) => [c.establishmentId, { id: c.clusterId, name: c.clusterName }]),
  );
  const settings = new Map<string, Setting>(
    summaries.map((s) => [
      s.id,
      {
        id: s.id,
        name: s.name,
        urn: s.urn,
        ofstedRating: s.ofstedRating,
        cluster: clusterOf.get(s.id) ?? null,
      },
    ]),
  );
  const settingOf = (id: string | null) => (id === null ? null : (settings.get(id) ?? null));

  const placements: PlacementInYear[] = costs.map((c) => ({
    childId: c.childId,
    type: c.type,
    setting: settingOf(c.establishmentId),
    providerName: c.providerName,
    primaryNeed: needOf.get(c.childId) ?? null,
    awaitingApproval: c.awaitingApproval,
    highNeedsPence: c.highNeedsPence,
    paidByOthersPence: c.othersPence,
  }));
  let unpriced = 0;
  const priced: StarterInYear[] = [];
  for (const s of starters) {
    const pence = expectedStarterCost(fy, s, averages);
    if (pence === null) unpriced += 1;
    else
      priced.push({
        childId: s.childId,
        type: s.placementType,
        setting: settingOf(s.establishmentId),
        providerName: s.providerName,
        primaryNeed: needOf.get(s.childId) ?? null,
        pence,
      });
  }
  return {
    fy,
    label: fyLabel(fy),
    ...yearTotals(by, placements, priced),
    otherCommittedPence: lines.reduce((sum, l) => sum + l.otherCommittedPence, 0),
    unpricedStarters: unpriced,
  };
}

export interface TotalsQuery {
  fy: number;
  by: Grouping;
  limit: number;
  offset: number;
}

/**
 * A page of a year's groups with the totals over them all. By child, the page's children are
 * named and the read is audited naming each of them, as every list of children is.
 */
export function getTotals(ctx: FundingContext, query: TotalsQuery): Promise<TotalsPage> {
  authoriseGrouping(ctx, query.by);
  return transaction(ctx, async (tx) => {
    const totals = await readTotals(tx, ctx, query.fy, query.by);
    const shown = totals.groups.slice(query.offset, query.offset + query.limit);
    const names =
      query.by === 'child'
        ? await childNames(
            tx,
            ctx,
            shown.map((g) => g.key),
          )
        : new Map();
    if (query.by === 'child')
      await audit(tx, ctx, {
        action: 'finance.totals.children-listed',
        entityType: 'high-needs-totals',
        childId: null,
        childIds: shown.map((g) => g.key),
        detail: { fy: totals.label, by: query.by, offset: query.offset, limit: query.limit },
      });
    return {
      ...totals,
      groups: shown.map((g) => ({ ...g, childName: names.get(g.key) ?? null })),
      total: totals.groups.length,
      limit: query.limit,
      offset: query.offset,
    };
  });
}

/** Every group of the year, unnamed, for a download, which audits itself as it is written. */
export function allTotals(ctx: FundingContext, fy: number, by: Grouping): Promise<Totals> {
  authoriseGrouping(ctx, by);
  return transaction(ctx, (tx) => readTotals(tx, ctx, fy, by));
}

async function childNames(tx: Tx, ctx: FundingContext, ids: readonly string[]): Promise<Map<string, string>> {
  const children = await childIdentities(tx, ctx.principal.laCode, ids);
  return new Map(children.map((c) => [c.id, `${c.forename} ${c.surname}`]));
}

/** The names of these children, for a download of totals by child a page at a time. */
export function namesOfChildren(ctx: FundingContext, ids: readonly string[]): Promise<Map<string, string>> {
  authorise(ctx, 'placements:read', childRefusal);
  return transaction(ctx, (tx) => childNames(tx, ctx, ids));
}
