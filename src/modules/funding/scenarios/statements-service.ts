import { can } from '../../../platform/auth/roles.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { DocumentModel } from '../../../platform/documents/model.ts';
import { forbidden, notFound } from '../../../platform/http/problem.ts';
import { type IsoDate, isoDateInLondon } from '../../../platform/kernel/dates.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { clustersOn, hostingsOf, staffLinksOf } from '../../providers/index.ts';
import { audit, type FundingContext, transaction } from '../context.ts';
import {
  clusterStatement,
  type Statement,
  type StoredFactors,
  schoolStatement,
  statementDocument,
} from './domain/statements.ts';
import { yearLabel } from './inputs.ts';
import * as repo from './repo.ts';
import { scenarioAndPot, storedFormula } from './service.ts';

/**
 * Funding statements of adopted scenarios. The LA's finance team reads every one, published or
 * not; once published, a head teacher reads their own school's and their cluster's, and a cluster
 * host the clusters they host today. Anyone else, or any other school or cluster, is told there is
 * no such statement: a statement's address says nothing about whether it exists. Each read and
 * each download is audited.
 */

/**
 * Who is reading: the LA, or a head or host with the schools they head, the clusters they host
 * today, and (for the API) every cluster one of their schools is in today.
 */
type Reader =
  | { kind: 'la' }
  | { kind: 'school'; schools: Set<string>; clusters: Set<string>; hosted: Set<string> };

async function readerOf(tx: Tx, ctx: FundingContext): Promise<Reader> {
  const roles = ctx.principal.roles;
  if (can(roles, 'finance:read')) return { kind: 'la' };
  if (!can(roles, 'clusters:toolkit')) throw forbidden();
  const userId = ctx.principal.userId;
  const [links, hostings] = await Promise.all([staffLinksOf(tx, userId), hostingsOf(tx, userId)]);
  const schools = links.filter((l) => l.role === 'headteacher').map((l) => l.establishmentId);
  const hosted = hostings
    .filter((h) => h.nominatedOn <= ctx.today && (h.endsOn === null || h.endsOn > ctx.today))
    .map((h) => h.clusterId);
  const today = await clustersOn(tx, ctx.principal.laCode, schools, ctx.today);
  return {
    kind: 'school',
    schools: new Set(schools),
    hosted: new Set(hosted),
    clusters: new Set([...hosted, ...today.map((c) => c.clusterId)]),
  };
}

const noSuchStatement = () =>
  notFound('There is no such funding statement, or it has not been published yet.');

export interface StatementRead {
  statement: Statement;
  document: DocumentModel;
  /** The LA, as the PDF's author. */
  author: string;
  /** The download's name, without the extension: says which statement without naming anyone. */
  fileStem: string;
  scenarioId: string;
  /** What the audit log records the statement as. */
  about: Record<string, unknown>;
}

const dayOf = (at: Date | null): IsoDate | null => (at ? isoDateInLondon(at) : null);

async function adoptedFor(tx: Tx, reader: Reader, scenarioId: string) {
  if (!isUuid(scenarioId)) throw noSuchStatement();
  const { row, pot } = await scenarioAndPot(tx, scenarioId).catch(() => {
    throw noSuchStatement();
  });
  if (row.status !== 'adopted' || !row.adoptedAt) throw noSuchStatement();
  if (reader.kind === 'school' && !row.publishedAt) throw noSuchStatement();
  const allocations = await repo.allocationsOf(tx, row.id);
  const base = {
    potName: pot.name,
    yearLabel: yearLabel(pot),
    scenarioName: row.name,
    adoptedOn: isoDateInLondon(row.adoptedAt),
    publishedOn: dayOf(row.publishedAt),
    delegatedPence: pot.delegatedPence,
  };
  return { row, pot, allocations, base };
}

function sum(rows: readonly repo.AllocationRow[]) {
  const lasts = rows.filter((r) => r.lastYearPence !== null);
  return {
    pence: rows.reduce((s, r) => s + r.pence, 0),
    lastYearPence: lasts.length ? lasts.reduce((s, r) => s + (r.lastYearPence ?? 0), 0) : null,
  };
}

/**
 * Why the statement is read: to show, or to download as a PDF (audited here) or as a spreadsheet
 * (audited by the export as it streams, with the rows it wrote).
 */
export type Purpose = 'read' | 'pdf' | 'xlsx';

function recordRead(
  tx: Tx,
  ctx: FundingContext,
  purpose: Purpose,
  detail: Record<string, unknown>,
  entityId: string,
) {
  if (purpose === 'xlsx') return Promise.resolve();
  return audit(tx, ctx, {
    action: purpose === 'read' ? 'funding.statement.read' : 'funding.statement.exported',
    entityType: 'funding-statement',
    entityId,
    childId: null,
    detail: purpose === 'read' ? detail : { ...detail, format: purpose },
  });
}

const sender = (ctx: FundingContext) => ({
  name: ctx.principal.laName,
  lines: ['SEND funding delegated to school clusters'],
});

export function schoolStatementFor(
  ctx: FundingContext,
  scenarioId: string,
  establishmentId: string,
  purpose: Purpose,
): Promise<StatementRead> {
  return transaction(ctx, async (tx) => {
    const reader = await readerOf(tx, ctx);
    if (reader.kind === 'school' && !reader.schools.has(establishmentId)) throw noSuchStatement();
    const { row, allocations, base } = await adoptedFor(tx, reader, scenarioId);
    const school = allocations.find((a) => a.establishmentId === establishmentId);
    if (!school) throw noSuchStatement();
    const cluster = allocations.filter((a) => a.clusterId === school.clusterId);
    const statement = schoolStatement({
      ...base,
      laName: ctx.principal.laName,
      formula: storedFormula(row),
      schoolsInPot: allocations.length,
      clustersInPot: new Set(allocations.map((a) => a.clusterId)).size,
      school: {
        name: school.name,
        urn: school.urn,
        pence: school.pence,
        lastYearPence: school.lastYearPence,
        factors: school.factors as StoredFactors,
      },
      cluster: { name: school.clusterName, schools: cluster.length, ...sum(cluster) },
    });
    const about = { scenario: row.name, year: base.yearLabel, school: school.name, urn: school.urn };
    await recordRead(tx, ctx, purpose, about, `${row.id}/schools/${establishmentId}`);
    return {
      statement,
      document: statementDocument(statement, sender(ctx)),
      author: ctx.principal.laName,
      fileStem: `funding-statement-${school.urn ?? establishmentId.slice(0, 8)}-${base.yearLabel}`,
      scenarioId: row.id,
      about,
    };
  });
}

export function clusterStatementFor(
  ctx: FundingContext,
  scenarioId: string,
  clusterId: string,
  purpose: Purpose,
): Promise<StatementRead> {
  return transaction(ctx, async (tx) => {
    const reader = await readerOf(tx, ctx);
    const { row, allocations, base } = await adoptedFor(tx, reader, scenarioId);
    const schools = allocations.filter((a) => a.clusterId === clusterId);
    const first = schools[0];
    if (!first) throw noSuchStatement();
    // A head's cluster statement is the one for the cluster their school was allocated in.
    if (
      reader.kind === 'school' &&
      !reader.hosted.has(clusterId) &&
      !schools.some((s) => reader.schools.has(s.establishmentId))
    )
      throw noSuchStatement();
    const statement = clusterStatement({
      ...base,
      laName: ctx.principal.laName,
      cluster: { name: first.clusterName },
      schools: schools.map((s) => ({
        name: s.name,
        urn: s.urn,
        pence: s.pence,
        lastYearPence: s.lastYearPence,
      })),
    });
    const about = { scenario: row.name, year: base.yearLabel, cluster: first.clusterName };
    await recordRead(tx, ctx, purpose, about, `${row.id}/clusters/${clusterId}`);
    return {
      statement,
      document: statementDocument(statement, sender(ctx)),
      author: ctx.principal.laName,
      fileStem: `cluster-funding-statement-${base.yearLabel}`,
      scenarioId: row.id,
      about,
    };
  });
}

export interface StatementLink {
  scenarioId: string;
  potName: string;
  yearLabel: string;
  scenarioName: string;
  publishedOn: IsoDate | null;
  name: string;
  href: string;
  pence: number;
}

export interface MyStatements {
  /** The LA's view: every adopted scenario, published or not. */
  la: boolean;
  schools: StatementLink[];
  clusters: StatementLink[];
}

/** The statements this person may read: a head's school and cluster, a host's clusters, or all for the LA. */
export function myStatements(ctx: FundingContext): Promise<MyStatements> {
  return transaction(ctx, async (tx) => {
    const reader = await readerOf(tx, ctx);
    if (reader.kind === 'la') {
      const scenarios = await repo.adoptedScenarios(tx);
      const byId = new Map(scenarios.map((s) => [s.id, s]));
      const totals = await repo.clusterTotals(
        tx,
        scenarios.map((s) => s.id),
      );
      return {
        la: true,
        schools: [],
        clusters: totals.map((t) => {
          const s = byId.get(t.scenarioId) as repo.AdoptedScenarioRow;
          return {
            scenarioId: s.id,
            potName: s.potName,
            yearLabel: yearLabel(s),
            scenarioName: s.name,
            publishedOn: dayOf(s.publishedAt),
            name: t.clusterName,
            href: `/funding/scenarios/${s.id}/clusters/${t.clusterId}`,
            pence: t.pence,
          };
        }),
      };
    }
    const own = await repo.adoptedAllocations(tx, {
      establishmentIds: [...reader.schools],
      clusterIds: [],
      publishedOnly: true,
    });
    const clusterIds = new Set([...reader.hosted, ...own.map((a) => a.clusterId)]);
    const inClusters = await repo.adoptedAllocations(tx, {
      establishmentIds: [],
      clusterIds: [...clusterIds],
      publishedOnly: true,
    });
    const link = (
      a: repo.AdoptedAllocationRow,
      name: string,
      href: string,
      pence: number,
    ): StatementLink => ({
      scenarioId: a.scenarioId,
      potName: a.potName,
      yearLabel: yearLabel(a),
      scenarioName: a.scenarioName,
      publishedOn: dayOf(a.publishedAt),
      name,
      href,
      pence,
    });
    const allocatedIn = new Set(own.map((o) => `${o.scenarioId}/${o.clusterId}`));
    const clusters = new Map<string, StatementLink>();
    for (const a of inClusters) {
      const key = `${a.scenarioId}/${a.clusterId}`;
      if (!reader.hosted.has(a.clusterId) && !allocatedIn.has(key)) continue;
      const before = clusters.get(key);
      if (before) before.pence += a.pence;
      else
        clusters.set(
          key,
          link(a, a.clusterName, `/funding/scenarios/${a.scenarioId}/clusters/${a.clusterId}`, a.pence),
        );
    }
    return {
      la: false,
      schools: own.map((a) =>
        link(a, a.name, `/funding/scenarios/${a.scenarioId}/schools/${a.establishmentId}`, a.pence),
      ),
      clusters: [...clusters.values()],
    };
  });
}

export interface ClusterAllocationView {
  clusterId: string;
  clusterName: string;
  allocations: {
    potId: string;
    potName: string;
    yearKind: 'financial' | 'academic';
    year: string;
    scenarioId: string;
    scenarioName: string;
    adoptedOn: IsoDate;
    publishedOn: IsoDate | null;
    pence: number;
    lastYearPence: number | null;
    schools: {
      establishmentId: string;
      urn: number | null;
      name: string;
      allocationPence: number;
      lastYearPence: number | null;
    }[];
  }[];
}

/**
 * A cluster's allocation from each adopted scenario, by pot and year, with its schools: for the
 * LA's finance team (published or not), and for the cluster's host and the heads of its schools
 * once published.
 */
export function clusterAllocation(ctx: FundingContext, clusterId: string): Promise<ClusterAllocationView> {
  return transaction(ctx, async (tx) => {
    const reader = await readerOf(tx, ctx);
    const noSuchCluster = () => notFound('There is no cluster with this ID that you can see the funding of.');
    if (!isUuid(clusterId)) throw noSuchCluster();
    const cluster = await repo.findCluster(tx, clusterId);
    if (!cluster) throw noSuchCluster();
    const rows = await repo.adoptedAllocations(tx, {
      establishmentIds: [],
      clusterIds: [clusterId],
      publishedOnly: reader.kind === 'school',
    });
    if (
      reader.kind === 'school' &&
      !reader.clusters.has(clusterId) &&
      !rows.some((r) => reader.schools.has(r.establishmentId))
    )
      throw noSuchCluster();
    const byScenario = new Map<string, ClusterAllocationView['allocations'][number]>();
    for (const r of rows) {
      let a = byScenario.get(r.scenarioId);
      if (!a) {
        a = {
          potId: r.potId,
          potName: r.potName,
          yearKind: r.yearKind,
          year: yearLabel(r),
          scenarioId: r.scenarioId,
          scenarioName: r.scenarioName,
          adoptedOn: isoDateInLondon(r.adoptedAt),
          publishedOn: dayOf(r.publishedAt),
          pence: 0,
          lastYearPence: null,
          schools: [],
        };
        byScenario.set(r.scenarioId, a);
      }
      a.pence += r.pence;
      if (r.lastYearPence !== null) a.lastYearPence = (a.lastYearPence ?? 0) + r.lastYearPence;
      a.schools.push({
        establishmentId: r.establishmentId,
        urn: r.urn,
        name: r.name,
        allocationPence: r.pence,
        lastYearPence: r.lastYearPence,
      });
    }
    await audit(tx, ctx, {
      action: 'funding.cluster-allocation.read',
      entityType: 'cluster',
      entityId: clusterId,
      childId: null,
      detail: { cluster: cluster.name, scenarios: byScenario.size },
    });
    return { clusterId, clusterName: cluster.name, allocations: [...byScenario.values()] };
  });
}
