import { can } from '../../../platform/auth/roles.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import {
  clustersOn,
  establishmentIdsForClusterHost,
  hostingsOf,
  staffLinksOf,
} from '../../providers/index.ts';
import type { FundingContext } from '../context.ts';
import * as repo from './repo.ts';

/**
 * Who may see and keep which cluster's toolkit. A host keeps the clusters they host today; a head
 * teacher reads the cluster their school is in (today, or as the pot's allocations placed it); the
 * LA's finance team reads every cluster. Anyone else is told there is nothing here: a cluster that
 * is not theirs is not found, so its existence is not given away. Never trust an ID from the
 * address: each is checked against the person.
 */

export type StandingKind = 'host' | 'head' | 'la';

export interface Standing {
  as: StandingKind;
  /** The host, who may change the toolkit. */
  canChange: boolean;
  /** The LA's finance officers, who accept a return or send it back. */
  canDecideReturn: boolean;
  /** The schools whose pupils the person may see by name: a host's cluster's, a head's own. */
  pupilSchools: ReadonlySet<string>;
}

const current = (h: { nominatedOn: string; endsOn: string | null }, today: string) =>
  h.nominatedOn <= today && (h.endsOn === null || h.endsOn > today);

/** The clusters a host hosts today. */
async function hostedToday(tx: Tx, ctx: FundingContext): Promise<string[]> {
  const hostings = await hostingsOf(tx, ctx.principal.userId);
  return hostings.filter((h) => current(h, ctx.today)).map((h) => h.clusterId);
}

async function headSchools(tx: Tx, ctx: FundingContext): Promise<string[]> {
  const links = await staffLinksOf(tx, ctx.principal.userId);
  return links.filter((l) => l.role === 'headteacher').map((l) => l.establishmentId);
}

/** The clusters a host or head teacher has today, and how: for their home page. */
export async function myClusters(tx: Tx, ctx: FundingContext): Promise<Map<string, StandingKind>> {
  const mine = new Map<string, StandingKind>();
  if (!can(ctx.principal.roles, 'clusters:toolkit')) return mine;
  const schools = await headSchools(tx, ctx);
  for (const c of await clustersOn(tx, ctx.principal.laCode, schools, ctx.today))
    mine.set(c.clusterId, 'head');
  for (const id of await hostedToday(tx, ctx)) mine.set(id, 'host');
  return mine;
}

/**
 * How this person stands to a cluster's toolkit for a pot, or null when it is not theirs. With the
 * pot's allocations adopted, a head whose school the allocations place in the cluster is the
 * cluster's head for that pot even if the school has moved since.
 */
export async function standingOf(
  tx: Tx,
  ctx: FundingContext,
  clusterId: string,
  adoptedScenarioId: string | null,
): Promise<Standing | null> {
  const roles = ctx.principal.roles;
  const seesPupils = can(roles, 'children:read');
  const canDecideReturn = can(roles, 'finance:manage');
  if (can(roles, 'clusters:toolkit')) {
    if ((await hostedToday(tx, ctx)).includes(clusterId)) {
      const schools = seesPupils
        ? await establishmentIdsForClusterHost(tx, ctx.principal.userId, ctx.today)
        : [];
      return {
        as: 'host',
        canChange: can(roles, 'clusters:host'),
        canDecideReturn,
        pupilSchools: new Set(schools),
      };
    }
    const schools = await headSchools(tx, ctx);
    const today = (await clustersOn(tx, ctx.principal.laCode, schools, ctx.today)).map((c) => c.clusterId);
    const allocated = adoptedScenarioId
      ? await repo.allocatedClustersOf(tx, ctx.principal.laCode, adoptedScenarioId, schools)
      : [];
    if (today.includes(clusterId) || allocated.includes(clusterId))
      return {
        as: 'head',
        canChange: false,
        canDecideReturn,
        pupilSchools: new Set(seesPupils ? schools : []),
      };
  }
  if (can(roles, 'finance:read'))
    return { as: 'la', canChange: false, canDecideReturn, pupilSchools: new Set() };
  return null;
}
