import { auditListing } from '../../../platform/audit/index.ts';
import { userNames } from '../../../platform/auth/directory.ts';
import { can } from '../../../platform/auth/roles.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import { forbidden, HttpProblem, notFound } from '../../../platform/http/problem.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { childIdentities } from '../../children/index.ts';
import { type FundingContext, transaction } from '../context.ts';
import { myClusters, type Standing, type StandingKind, standingOf } from './access.ts';
import {
  type HostTask,
  hostTasks,
  type LineFigures,
  type ReturnStatus,
  returnOpen,
  returnStatus,
  type ToolkitFigures,
  toolkitFigures,
} from './domain/toolkit.ts';
import { type PotYear, potYear, returnDueOn } from './domain/years.ts';
import * as repo from './repo.ts';

/**
 * Reading a cluster's toolkit for a pot: its allocation, plan, panel decisions, spend and return,
 * with its figures and what its host has to do. Named pupils are named only to the host and to
 * the heads of the pupils' schools, and every such read is audited naming the children shown.
 */

export interface PotSummary {
  id: string;
  name: string;
  year: PotYear;
  adoptedScenarioId: string | null;
}

export const potSummary = (p: repo.PotRow): PotSummary => ({
  id: p.id,
  name: p.name,
  year: potYear(p.yearKind, p.year),
  adoptedScenarioId: p.adoptedScenarioId,
});

/** A pupil as the person reading may see them: by name only where they may. */
export interface PupilView {
  /** The child's ID, name and initials, or null for a person who may not see who they are. */
  childId: string | null;
  name: string | null;
  initials: string | null;
  schoolName: string;
}

export interface LineView extends repo.PlanLineRow {
  schools: { id: string; name: string }[];
  pupil: PupilView | null;
  figures: LineFigures;
}

export interface DecisionView extends repo.DecisionRow {
  schoolName: string;
  pupil: PupilView | null;
  headNames: string[];
  line: { id: string; description: string } | null;
}

export interface SpendView extends repo.SpendRow {
  schoolName: string;
  lineDescription: string;
}

export interface HeadTeacher {
  userId: string;
  name: string;
  schoolNames: string[];
}

export interface ReturnView extends repo.ReturnRow {
  submittedByName: string | null;
  decidedByName: string | null;
  events: (repo.ReturnEventRow & { byName: string | null })[];
}

export interface Toolkit {
  cluster: { id: string; name: string; hostName: string | null };
  pot: PotSummary;
  standing: Omit<Standing, 'pupilSchools'>;
  adopted: boolean;
  schools: repo.AllocatedSchool[];
  heads: HeadTeacher[];
  /** The cluster's schools with no head teacher linked: their heads cannot be recorded at a panel. */
  schoolsWithoutHead: string[];
  lines: LineView[];
  decisions: DecisionView[];
  spend: SpendView[];
  figures: ToolkitFigures;
  returned: ReturnView | null;
  returnStatus: ReturnStatus;
  dueOn: IsoDate;
  /** Whether the year has ended, so the return may be sent. */
  returnOpen: boolean;
  /** A submitted or accepted return freezes the plan, decisions and spend. */
  frozen: boolean;
  tasks: HostTask[];
}

const initialsOf = (c: { forename: string; surname: string }) =>
  `${c.forename.trim().charAt(0)}${c.surname.trim().charAt(0)}`.toUpperCase();

export const notTheirs = () =>
  notFound('There is no cluster funding at this address, or it is not yours to see.');

/** The person's standing to a cluster and the pot: not found when either is not theirs. */
export async function openToolkit(
  tx: Tx,
  ctx: FundingContext,
  clusterId: string,
  potId: string,
): Promise<{ pot: PotSummary; standing: Standing; clusterName: string }> {
  if (!isUuid(clusterId) || !isUuid(potId)) throw notTheirs();
  const laCode = ctx.principal.laCode;
  const [potRow, names] = await Promise.all([
    repo.findPot(tx, laCode, potId),
    repo.clusterNames(tx, laCode, [clusterId]),
  ]);
  const clusterName = names.get(clusterId);
  if (!potRow || !clusterName) throw notTheirs();
  const standing = await standingOf(tx, ctx, clusterId, potRow.adoptedScenarioId);
  if (!standing) throw notTheirs();
  return { pot: potSummary(potRow), standing, clusterName };
}

/** Who may use the toolkit at all: a host, a head or the LA's finance team; for anyone else no cluster is theirs. */
export function authoriseToolkit(ctx: FundingContext) {
  const roles = ctx.principal.roles;
  if (!can(roles, 'clusters:toolkit') && !can(roles, 'finance:read')) throw notTheirs();
}

/** The toolkit as read inside a transaction, with the children the person was shown. */
export async function readToolkit(
  tx: Tx,
  ctx: FundingContext,
  clusterId: string,
  potId: string,
): Promise<{ toolkit: Toolkit; childrenShown: string[] }> {
  const laCode = ctx.principal.laCode;
  const { pot, standing, clusterName } = await openToolkit(tx, ctx, clusterId, potId);
  const scenario = pot.adoptedScenarioId;
  const [schools, lines, decisions, spend, returnRow, hosts] = await Promise.all([
    scenario ? repo.allocatedSchools(tx, laCode, scenario, clusterId) : [],
    repo.planLines(tx, laCode, clusterId, potId),
    repo.decisions(tx, laCode, clusterId, potId),
    repo.spend(tx, laCode, clusterId, potId),
    repo.findReturn(tx, laCode, clusterId, potId),
    repo.hostNamesOn(tx, laCode, [clusterId], ctx.today),
  ]);
  const heads = await repo.headTeachersOf(
    tx,
    laCode,
    schools.map((s) => s.establishmentId),
  );
  const events = returnRow ? await repo.returnEvents(tx, laCode, returnRow.id) : [];
  const people = await userNames(tx, [
    ...decisions.flatMap((d) => d.headIds),
    returnRow?.submittedBy ?? null,
    returnRow?.decidedBy ?? null,
    ...events.map((e) => e.byUser),
  ]);

  // Schools named anywhere in the toolkit: the allocation's, and any a line or decision names.
  const schoolName = new Map(schools.map((s) => [s.establishmentId, s.name]));
  const childIds = [
    ...new Set([
      ...lines.flatMap((l) => (l.childId ? [l.childId] : [])),
      ...decisions.flatMap((d) => (d.childId ? [d.childId] : [])),
    ]),
  ];
  const children = new Map((await childIdentities(tx, laCode, childIds)).map((c) => [c.id, c]));
  const shown = new Set<string>();
  const pupilOf = (childId: string | null, atSchool: string): PupilView | null => {
    if (!childId) return null;
    const child = children.get(childId);
    const school = schoolName.get(atSchool) ?? 'a school no longer in the cluster';
    const visible =
      child && child.establishmentId !== null && standing.pupilSchools.has(child.establishmentId);
    if (!child || !visible) return { childId: null, name: null, initials: null, schoolName: school };
    shown.add(child.id);
    return {
      childId: child.id,
      name: `${child.forename} ${child.surname}`,
      initials: initialsOf(child),
      schoolName: school,
    };
  };

  const figures = toolkitFigures(
    scenario ? schools.reduce((sum, s) => sum + s.pence, 0) : null,
    lines,
    decisions,
    spend,
  );
  const lineFigures = new Map(figures.lines.map((f) => [f.id, f]));
  const lineDescription = new Map(lines.map((l) => [l.id, l.description]));
  const lineViews: LineView[] = lines.map((l) => ({
    ...l,
    schools: l.schoolIds.map((id) => ({
      id,
      name: schoolName.get(id) ?? 'A school no longer in the cluster',
    })),
    pupil: pupilOf(l.childId, l.schoolIds[0] ?? ''),
    figures: lineFigures.get(l.id) as LineFigures,
  }));
  const decisionViews: DecisionView[] = decisions.map((d) => ({
    ...d,
    schoolName: schoolName.get(d.establishmentId) ?? 'A school no longer in the cluster',
    pupil: pupilOf(d.childId, d.establishmentId),
    headNames: d.headIds.map((id) => people.get(id) ?? 'A former head teacher'),
    line: d.planLineId ? { id: d.planLineId, description: lineDescription.get(d.planLineId) ?? '' } : null,
  }));
  const headsBySchool = new Map<string, HeadTeacher>();
  for (const h of heads) {
    const head = headsBySchool.get(h.userId) ?? { userId: h.userId, name: h.name, schoolNames: [] };
    head.schoolNames.push(schoolName.get(h.establishmentId) ?? '');
    headsBySchool.set(h.userId, head);
  }
  const withHead = new Set(heads.map((h) => h.establishmentId));
  const state = returnRow?.status ?? null;
  const toolkit: Toolkit = {
    cluster: { id: clusterId, name: clusterName, hostName: hosts.get(clusterId) ?? null },
    pot,
    standing: { as: standing.as, canChange: standing.canChange, canDecideReturn: standing.canDecideReturn },
    adopted: scenario !== null,
    schools,
    heads: [...headsBySchool.values()],
    schoolsWithoutHead: schools.filter((s) => !withHead.has(s.establishmentId)).map((s) => s.name),
    lines: lineViews,
    decisions: decisionViews,
    spend: spend.map((s) => ({
      ...s,
      schoolName: schoolName.get(s.establishmentId) ?? 'A school no longer in the cluster',
      lineDescription: lineDescription.get(s.planLineId) ?? '',
    })),
    figures,
    returned: returnRow
      ? {
          ...returnRow,
          submittedByName: returnRow.submittedBy ? (people.get(returnRow.submittedBy) ?? null) : null,
          decidedByName: returnRow.decidedBy ? (people.get(returnRow.decidedBy) ?? null) : null,
          events: events.map((e) => ({ ...e, byName: e.byUser ? (people.get(e.byUser) ?? null) : null })),
        }
      : null,
    returnStatus: returnStatus(pot.year, ctx.today, state),
    dueOn: returnDueOn(pot.year),
    returnOpen: returnOpen(pot.year, ctx.today),
    frozen: state === 'submitted' || state === 'accepted',
    tasks: hostTasks({
      year: pot.year,
      today: ctx.today,
      allocated: scenario !== null,
      figures,
      decisions,
      spend,
      returnState: state,
      returnedReason: returnRow?.returnedReason ?? null,
    }),
  };
  return { toolkit, childrenShown: [...shown] };
}

/** Records that the person was shown these children by name, on this page of the toolkit. */
export async function auditPupilsShown(
  tx: Tx,
  ctx: FundingContext,
  childIds: readonly string[],
  detail: Record<string, unknown>,
) {
  if (!childIds.length) return;
  await auditListing(tx, ctx, {
    action: 'funding.toolkit.pupils-read',
    entityType: 'cluster-toolkit',
    childIds,
    detail,
  });
}

/**
 * A cluster's toolkit for a pot, for its host, its heads and the LA; `view` names the page, for the
 * audit log. The page shows every pupil the person may see unless `shows` says which of them it
 * shows (a form shows one, or none): those are the reads recorded.
 */
export function getToolkit(
  ctx: FundingContext,
  clusterId: string,
  potId: string,
  view: string,
  shows?: (t: Toolkit) => (string | null | undefined)[],
): Promise<Toolkit> {
  authoriseToolkit(ctx);
  return transaction(ctx, async (tx) => {
    const { toolkit, childrenShown } = await readToolkit(tx, ctx, clusterId, potId);
    const shown = shows ? new Set(shows(toolkit)) : null;
    await auditPupilsShown(tx, ctx, shown ? childrenShown.filter((id) => shown.has(id)) : childrenShown, {
      clusterId,
      potId,
      view,
    });
    return toolkit;
  });
}

export interface Pupil {
  id: string;
  name: string;
  dateOfBirth: IsoDate;
}

/**
 * The pupils at one of the cluster's schools, for the host to name one in the plan or a request.
 * Listing them is a read of each child's record, audited naming them all.
 */
export function pupilsToChoose(
  ctx: FundingContext,
  clusterId: string,
  potId: string,
  schoolId: string,
): Promise<{ school: { id: string; name: string }; pupils: Pupil[] }> {
  authoriseToolkit(ctx);
  return transaction(ctx, async (tx) => {
    const laCode = ctx.principal.laCode;
    const { pot, standing } = await openToolkit(tx, ctx, clusterId, potId);
    if (!standing.canChange) throw forbidden('Only the cluster’s host names pupils in its toolkit.');
    const schools = pot.adoptedScenarioId
      ? await repo.allocatedSchools(tx, laCode, pot.adoptedScenarioId, clusterId)
      : [];
    const school = schools.find((s) => s.establishmentId === schoolId);
    if (!school)
      throw notFound('That school is not one of the cluster’s for this pot: choose one from the list.');
    if (!standing.pupilSchools.has(schoolId))
      throw forbidden(`You may not see the pupils of ${school.name}: only those of the schools you host.`);
    const pupils = await repo.pupilsAt(tx, laCode, schoolId);
    await auditListing(tx, ctx, {
      action: 'funding.toolkit.pupils-listed',
      entityType: 'cluster-toolkit',
      childIds: pupils.map((p) => p.id),
      detail: { clusterId, potId, schoolId },
    });
    return {
      school: { id: school.establishmentId, name: school.name },
      pupils: pupils.map((p) => ({
        id: p.id,
        name: `${p.forename} ${p.surname}`,
        dateOfBirth: p.dateOfBirth,
      })),
    };
  });
}

export interface HomeRow {
  clusterId: string;
  clusterName: string;
  as: StandingKind;
  pot: PotSummary;
  allocationPence: number | null;
  plannedPence: number;
  spentPence: number;
  returnStatus: ReturnStatus;
  dueOn: IsoDate;
}

/** A host's or head's clusters, each with every pot's figures, the latest year first. */
export function toolkitHome(ctx: FundingContext): Promise<HomeRow[]> {
  if (!can(ctx.principal.roles, 'clusters:toolkit')) throw forbidden();
  return transaction(ctx, async (tx) => {
    const laCode = ctx.principal.laCode;
    const mine = await myClusters(tx, ctx);
    const clusterIds = [...mine.keys()];
    if (!clusterIds.length) return [];
    const [pots, names] = await Promise.all([
      repo.pots(tx, laCode),
      repo.clusterNames(tx, laCode, clusterIds),
    ]);
    const sums = await repo.clusterSums(
      tx,
      laCode,
      pots.map((p) => p.id),
      clusterIds,
    );
    const sumOf = new Map(sums.map((s) => [`${s.clusterId}/${s.potId}`, s]));
    const rows: HomeRow[] = [];
    for (const p of pots) {
      const pot = potSummary(p);
      const allocations = p.adoptedScenarioId
        ? new Map(
            (await repo.clusterAllocations(tx, laCode, p.adoptedScenarioId, clusterIds)).map((a) => [
              a.clusterId,
              a.pence,
            ]),
          )
        : null;
      for (const [clusterId, as] of mine) {
        const s = sumOf.get(`${clusterId}/${p.id}`);
        // An adopted pot that gave the cluster nothing is not the cluster's pot.
        if (allocations && !allocations.has(clusterId) && !s) continue;
        rows.push({
          clusterId,
          clusterName: names.get(clusterId) ?? '',
          as,
          pot,
          allocationPence: allocations ? (allocations.get(clusterId) ?? 0) : null,
          plannedPence: s?.plannedPence ?? 0,
          spentPence: s?.spentPence ?? 0,
          returnStatus: returnStatus(pot.year, ctx.today, s?.returnState ?? null),
          dueOn: returnDueOn(pot.year),
        });
      }
    }
    return rows.sort((a, b) => a.clusterName.localeCompare(b.clusterName));
  });
}

/** The refusal for a change to a frozen toolkit, naming the return that froze it. */
export function frozenProblem(pot: PotSummary, r: { status: string; submittedOn: IsoDate }) {
  return new HttpProblem(
    409,
    'The toolkit is frozen',
    r.status === 'accepted'
      ? `The LA accepted the ${pot.year.label} end-of-year return: the toolkit for ${pot.name} can no longer be changed.`
      : `The ${pot.year.label} end-of-year return was submitted on ${longDate(r.submittedOn)}: the toolkit for ${pot.name} cannot be changed while the LA checks it. If the LA sends it back, you can correct it then.`,
  );
}

export const notAdoptedProblem = (pot: PotSummary) =>
  new HttpProblem(
    409,
    'No allocation yet',
    `Allocations for ${pot.year.label} are not yet adopted by the LA: the toolkit for ${pot.name} opens once they are.`,
  );
