import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { escalationScore, riskScore } from './risks.ts';
import { type ProjectStatus, type Rag, ragLabels, statusLabels } from './structure.ts';

/**
 * The programme board's report for a date: status by workstream, what changed since the last
 * report the board was given, the decisions asked of it, the serious risks, and the money and
 * benefits. What changed is worked out against the snapshot the last report saved, so the board
 * hears of a change once. Pure.
 */

export interface ReportProject {
  id: string;
  name: string;
  workstream: string;
  status: ProjectStatus;
  rag: Rag;
  ragReason: string;
  plannedEnd: IsoDate;
  earliestFinish: IsoDate | null;
}

export interface ReportRisk {
  id: string;
  ref: string;
  title: string;
  likelihood: number;
  impact: number;
  status: 'open' | 'closed';
  escalatedOn: IsoDate | null;
}

export interface ReportMilestone {
  id: string;
  name: string;
  project: string;
  achievedOn: IsoDate | null;
}

/** What a report saves, so the next can say what changed since. */
export interface ReportSnapshot {
  on: IsoDate;
  projects: { id: string; name: string; status: ProjectStatus; rag: Rag; plannedEnd: IsoDate }[];
  risks: { id: string; ref: string; title: string; score: number; status: 'open' | 'closed' }[];
  milestonesAchieved: string[];
}

export function snapshotOf(
  on: IsoDate,
  projects: readonly ReportProject[],
  risks: readonly ReportRisk[],
  milestones: readonly ReportMilestone[],
): ReportSnapshot {
  return {
    on,
    projects: projects.map((p) => ({
      id: p.id,
      name: p.name,
      status: p.status,
      rag: p.rag,
      plannedEnd: p.plannedEnd,
    })),
    risks: risks.map((r) => ({
      id: r.id,
      ref: r.ref,
      title: r.title,
      score: riskScore(r.likelihood, r.impact),
      status: r.status,
    })),
    milestonesAchieved: milestones.filter((m) => m.achievedOn && m.achievedOn <= on).map((m) => m.id),
  };
}

/**
 * The changes from the last report's snapshot to now, a sentence each: projects added, their
 * status, RAG and planned end; risks raised, rescored and closed; milestones achieved. With no
 * last report, nothing is a change: the report is the first.
 */
export function changesSince(
  previous: ReportSnapshot | null,
  now: ReportSnapshot,
  milestones: readonly ReportMilestone[],
): string[] {
  if (!previous) return [];
  const out: string[] = [];
  const before = new Map(previous.projects.map((p) => [p.id, p]));
  for (const p of now.projects) {
    const b = before.get(p.id);
    if (!b) {
      out.push(`${p.name}: added to the programme`);
      continue;
    }
    if (b.status !== p.status) out.push(`${p.name}: ${statusLabels[b.status]} → ${statusLabels[p.status]}`);
    if (b.rag !== p.rag) out.push(`${p.name}: RAG ${ragLabels[b.rag]} → ${ragLabels[p.rag]}`);
    if (b.plannedEnd !== p.plannedEnd)
      out.push(`${p.name}: planned end moved from ${b.plannedEnd} to ${p.plannedEnd}`);
  }
  const risksBefore = new Map(previous.risks.map((r) => [r.id, r]));
  for (const r of now.risks) {
    const b = risksBefore.get(r.id);
    if (!b) out.push(`${r.ref} ${r.title}: raised, scored ${r.score}`);
    else if (b.status === 'open' && r.status === 'closed') out.push(`${r.ref} ${r.title}: closed`);
    else if (b.score !== r.score) out.push(`${r.ref} ${r.title}: score ${b.score} → ${r.score}`);
  }
  const achieved = new Set(previous.milestonesAchieved);
  for (const id of now.milestonesAchieved)
    if (!achieved.has(id)) {
      const m = milestones.find((x) => x.id === id);
      if (m) out.push(`${m.name} (${m.project}): achieved`);
    }
  return out;
}

/** The risks the board should see: open ones scoring 10 or more (high and very high), worst first. */
export function boardRisks(
  risks: readonly ReportRisk[],
): (ReportRisk & { score: number; forBoard: boolean })[] {
  return risks
    .filter((r) => r.status === 'open')
    .map((r) => {
      const score = riskScore(r.likelihood, r.impact);
      return { ...r, score, forBoard: score >= escalationScore };
    })
    .filter((r) => r.score >= 10)
    .sort((a, b) => b.score - a.score || a.ref.localeCompare(b.ref, 'en-GB', { numeric: true }));
}

/** Projects by workstream, each workstream with its count of red, amber and green. */
export function statusByWorkstream(projects: readonly ReportProject[]) {
  const names = [...new Set(projects.map((p) => p.workstream))];
  return names.map((workstream) => {
    const own = projects.filter((p) => p.workstream === workstream);
    return {
      workstream,
      red: own.filter((p) => p.rag === 'red').length,
      amber: own.filter((p) => p.rag === 'amber').length,
      green: own.filter((p) => p.rag === 'green').length,
      projects: own,
    };
  });
}
