import type { IsoDate } from '../../../platform/kernel/dates.ts';
import type { ScheduledTask } from './schedule.ts';
import type { ProjectStatus, Rag } from './structure.ts';

/**
 * What the programme manager has to act on today, most pressing first: projects rated red, late
 * to start or to finish, planned to start before what they wait for can finish, and work items and
 * milestones past their date. Pure.
 */

export interface AttentionProject {
  id: string;
  name: string;
  status: ProjectStatus;
  rag: Rag;
  ragReason: string;
  plannedStart: IsoDate;
  plannedEnd: IsoDate;
}

export interface Attention {
  kind: 'red' | 'late-start' | 'late-finish' | 'too-early' | 'item-overdue' | 'milestone-overdue';
  projectId: string;
  /** The day it is about (the date missed, or the earliest a start can be); null for a red rating. */
  day: IsoDate | null;
  text: string;
}

const open = (s: ProjectStatus) => s === 'not_started' || s === 'in_progress' || s === 'on_hold';
const rank: Record<Attention['kind'], number> = {
  red: 0,
  'late-finish': 1,
  'late-start': 2,
  'too-early': 3,
  'milestone-overdue': 4,
  'item-overdue': 5,
};

export function programmeAttention(
  projects: readonly AttentionProject[],
  schedule: readonly ScheduledTask[] | null,
  items: readonly { projectId: string; title: string; status: ProjectStatus; dueOn: IsoDate | null }[],
  milestones: readonly { projectId: string; name: string; dueOn: IsoDate; achievedOn: IsoDate | null }[],
  today: IsoDate,
): Attention[] {
  const byId = new Map(projects.map((p) => [p.id, p]));
  const planned = new Map((schedule ?? []).map((t) => [t.id, t]));
  const out: Attention[] = [];
  for (const p of projects) {
    if (!open(p.status)) continue;
    if (p.rag === 'red')
      out.push({ kind: 'red', projectId: p.id, day: null, text: `${p.name} is rated red: ${p.ragReason}` });
    if (p.status !== 'not_started' && p.plannedEnd < today)
      out.push({
        kind: 'late-finish',
        projectId: p.id,
        day: p.plannedEnd,
        text: `${p.name} was due to finish by then and has not`,
      });
    if (p.status === 'not_started' && p.plannedStart < today)
      out.push({
        kind: 'late-start',
        projectId: p.id,
        day: p.plannedStart,
        text: `${p.name} was due to start then and has not`,
      });
    const s = planned.get(p.id);
    if (s?.plannedTooEarly)
      out.push({
        kind: 'too-early',
        projectId: p.id,
        day: s.earliestStart,
        text: `${p.name} is planned to start before what it waits for can finish: it can start then at the earliest`,
      });
  }
  for (const i of items) {
    const p = byId.get(i.projectId);
    if (p && open(i.status) && i.dueOn && i.dueOn < today)
      out.push({
        kind: 'item-overdue',
        projectId: p.id,
        day: i.dueOn,
        text: `${i.title} (${p.name}) was due then`,
      });
  }
  for (const m of milestones) {
    const p = byId.get(m.projectId);
    if (p && !m.achievedOn && m.dueOn < today)
      out.push({
        kind: 'milestone-overdue',
        projectId: p.id,
        day: m.dueOn,
        text: `${m.name} (${p.name}) was due then`,
      });
  }
  return out.sort(
    (a, b) =>
      rank[a.kind] - rank[b.kind] || (a.day ?? '').localeCompare(b.day ?? '') || a.text.localeCompare(b.text),
  );
}
