import { notFound, unprocessable } from '../../../platform/http/problem.ts';
import { type IsoDate, isRealIsoDate } from '../../../platform/kernel/dates.ts';
import { addDays } from '../../../platform/kernel/days.ts';
import { getTracker } from '../benefits/service.ts';
import { audit, authorise, type ProgrammeContext, transaction } from '../context.ts';
import { benefitStatusLabels } from '../domain/benefits.ts';
import {
  boardRisks,
  changesSince,
  type ReportMilestone,
  type ReportProject,
  type ReportRisk,
  snapshotOf,
  statusByWorkstream,
} from '../domain/report.ts';
import { listProgrammeRisks } from '../risks/service.ts';
import { getProgramme } from '../structure/service.ts';
import { reportDocument } from './document.ts';
import type { BoardReport } from './model.ts';
import * as repo from './repo.ts';

/**
 * The board report for a meeting: the programme as it stands, what changed since the last report
 * the board was given, the decisions asked of it, its serious risks, costs and benefits. Issuing
 * it saves what it said, so the next report starts from there.
 */

/** How far ahead a report may be made: for the next board meeting, within three months. */
const aheadDays = 92;

export function reportDateProblem(on: string, today: IsoDate): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || !isRealIsoDate(on)) return 'The meeting date must be a real date';
  if (on < today)
    return 'A report is for today or a board meeting to come: past reports are as they were issued';
  if (on > addDays(today, aheadDays)) return 'A report can be made for a meeting up to three months ahead';
  return null;
}

export async function getBoardReport(
  ctx: ProgrammeContext,
  programmeId: string,
  on: IsoDate,
): Promise<BoardReport> {
  authorise(ctx, 'programme:read');
  const problem = reportDateProblem(on, ctx.today);
  if (problem) throw unprocessable([{ field: 'on', message: problem }]);
  const v = await getProgramme(ctx, programmeId);
  if (!v) throw notFound('There is no such programme in your LA.');
  const [risks, tracker] = [await listProgrammeRisks(ctx, programmeId), await getTracker(ctx, programmeId)];
  const { last, decisions, issued } = await transaction(ctx, async (tx) => ({
    last: await repo.lastReportBefore(tx, ctx.principal.laCode, programmeId, on),
    decisions: await repo.listDecisions(tx, ctx.principal.laCode, programmeId),
    issued: await repo.reportDates(tx, ctx.principal.laCode, programmeId),
  }));
  const ws = new Map(v.workstreams.map((w) => [w.id, w.name]));
  const scheduled = new Map((v.schedule?.tasks ?? []).map((t) => [t.id, t]));
  const projects: ReportProject[] = v.projects.map((p) => ({
    id: p.id,
    name: p.name,
    workstream: ws.get(p.workstreamId) ?? '',
    status: p.status,
    rag: p.rag,
    ragReason: p.ragReason,
    plannedEnd: p.plannedEnd,
    earliestFinish: scheduled.get(p.id)?.earliestFinish ?? null,
  }));
  const projectName = new Map(v.projects.map((p) => [p.id, p.name]));
  const milestones: ReportMilestone[] = v.milestones.map((m) => ({
    id: m.id,
    name: m.name,
    project: projectName.get(m.projectId) ?? '',
    achievedOn: m.achievedOn,
  }));
  const reportRisks: ReportRisk[] = risks.map((r) => ({
    id: r.id,
    ref: r.ref,
    title: r.title,
    likelihood: r.likelihood,
    impact: r.impact,
    status: r.status,
    escalatedOn: r.escalatedOn,
  }));
  const snapshot = snapshotOf(on, projects, reportRisks, milestones);
  return {
    on,
    v,
    lastOn: last?.on ?? null,
    workstreams: statusByWorkstream(projects),
    changes: changesSince(last, snapshot, milestones),
    decisions: decisions
      .filter((d) => !d.decidedOn)
      .map((d) => ({
        ...d,
        project: d.projectId ? (projectName.get(d.projectId) ?? null) : null,
        overdue: d.neededBy < on,
      })),
    risks: boardRisks(reportRisks),
    tracker,
    benefits: tracker.benefits.map((b) => ({
      name: b.name,
      status: benefitStatusLabels[b.status],
      latest: b.latest ? String(b.latest.actual) : 'Not measured',
    })),
    snapshot,
    issued,
  };
}

/** Issues the report: saves what it says for its date, so the next report says what changed since. */
export async function issueBoardReport(
  ctx: ProgrammeContext,
  programmeId: string,
  on: IsoDate,
): Promise<void> {
  authorise(ctx, 'programme:manage');
  const report = await getBoardReport(ctx, programmeId, on);
  await transaction(ctx, async (tx) => {
    await repo.saveReport(
      tx,
      ctx.principal.laCode,
      programmeId,
      report.snapshot,
      reportDocument(report, ctx.principal.laName),
      ctx.principal.userId,
    );
    await audit(tx, ctx, {
      action: 'programme.report.issued',
      entityType: 'programme',
      entityId: programmeId,
      childId: null,
      detail: { on, changes: report.changes.length },
    });
  });
}

/** A report as the board was given it on its date. */
export async function getIssuedReport(ctx: ProgrammeContext, programmeId: string, on: string) {
  authorise(ctx, 'programme:read');
  const found =
    /^\d{4}-\d{2}-\d{2}$/.test(on) && isRealIsoDate(on)
      ? await transaction(ctx, (tx) => repo.issuedReport(tx, ctx.principal.laCode, programmeId, on))
      : null;
  if (!found) throw notFound('No report was issued for the board on that date.');
  return found;
}
