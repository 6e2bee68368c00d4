import type { ExportTable } from '../../../platform/exports/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import type { ScheduledTask } from '../domain/schedule.ts';
import { type Rag, ragLabels, statusLabels } from '../domain/structure.ts';
import type { ProjectRow, WorkstreamRow } from './repo.ts';
import type { ProgrammeView } from './service.ts';

/** How the programme reads: its projects by workstream, as the page shows them and as they download. */

const ragTag: Record<Rag, string> = {
  red: 'govuk-tag--red',
  amber: 'govuk-tag--orange',
  green: 'govuk-tag--green',
};

export const ragHtml = (rag: Rag) => `<strong class="govuk-tag ${ragTag[rag]}">${ragLabels[rag]}</strong>`;

export const projectHref = (programmeId: string, projectId: string) =>
  `/programme/${programmeId}/projects/${projectId}`;

export interface ProjectLine extends ProjectRow {
  workstream: string;
  scheduled: ScheduledTask | undefined;
}

export function projectLines(v: ProgrammeView): ProjectLine[] {
  const ws = new Map(v.workstreams.map((w) => [w.id, w.name]));
  const planned = new Map((v.schedule?.tasks ?? []).map((t) => [t.id, t]));
  return v.projects.map((p) => ({
    ...p,
    workstream: ws.get(p.workstreamId) ?? '',
    scheduled: planned.get(p.id),
  }));
}

export const projectsHead = [
  { text: 'Project' },
  { text: 'Status' },
  { text: 'RAG' },
  { text: 'Priority', format: 'numeric' },
  { text: 'Lead' },
  { text: 'Planned' },
  { text: 'Can start from' },
];

export function projectRows(programmeId: string, lines: readonly ProjectLine[]) {
  return lines.map((p) => [
    { html: `<a class="govuk-link" href="${projectHref(programmeId, p.id)}">${escapeHtml(p.name)}</a>` },
    { text: statusLabels[p.status] },
    { html: ragHtml(p.rag) },
    { text: String(p.priority), format: 'numeric' },
    { text: p.leadName },
    { text: `${longDate(p.plannedStart)} to ${longDate(p.plannedEnd)}` },
    {
      text: p.actualStart
        ? `Started ${longDate(p.actualStart)}`
        : p.scheduled
          ? longDate(p.scheduled.earliestStart)
          : 'Not worked out',
    },
  ]);
}

export function byWorkstream(workstreams: readonly WorkstreamRow[], lines: readonly ProjectLine[]) {
  return workstreams.map((w) => ({ ...w, lines: lines.filter((l) => l.workstreamId === w.id) }));
}

export const projectsTable: ExportTable<ProjectLine> = {
  fileStem: 'programme-projects',
  sheetTitle: 'Projects',
  columns: [
    { heading: 'Workstream', kind: 'text', width: 36, value: (p) => p.workstream },
    { heading: 'Project', kind: 'text', width: 40, value: (p) => p.name },
    { heading: 'Lead', kind: 'text', width: 24, value: (p) => p.leadName },
    { heading: 'Status', kind: 'text', width: 22, value: (p) => statusLabels[p.status] },
    { heading: 'Priority', kind: 'integer', value: (p) => p.priority },
    { heading: 'RAG', kind: 'text', value: (p) => ragLabels[p.rag] },
    { heading: 'Reason for the RAG', kind: 'text', width: 50, value: (p) => p.ragReason },
    { heading: 'Planned start', kind: 'date', value: (p) => p.plannedStart },
    { heading: 'Planned end', kind: 'date', value: (p) => p.plannedEnd },
    { heading: 'Actual start', kind: 'date', value: (p) => p.actualStart },
    { heading: 'Actual end', kind: 'date', value: (p) => p.actualEnd },
    { heading: 'Start order', kind: 'integer', value: (p) => p.scheduled?.order ?? null },
    { heading: 'Earliest start', kind: 'date', value: (p) => p.scheduled?.earliestStart ?? null },
    { heading: 'Earliest finish', kind: 'date', value: (p) => p.scheduled?.earliestFinish ?? null },
    { heading: 'Float (days)', kind: 'integer', value: (p) => p.scheduled?.floatDays ?? null },
    { heading: 'On the critical path', kind: 'text', value: (p) => (p.scheduled?.critical ? 'Yes' : 'No') },
  ],
};
