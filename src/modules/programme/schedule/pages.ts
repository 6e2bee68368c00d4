import type { FastifyInstance } from 'fastify';
import {
  downloadLinks,
  type ExportTable,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { programmeContext } from '../context.ts';
import { statusLabels } from '../domain/structure.ts';
import { type ProjectLine, projectLines } from '../structure/presenters.ts';
import { getProgramme } from '../structure/service.ts';
import { ganttSvg } from './gantt.ts';

/** The timeline: every project in its start order, planned against what it can keep, with the critical path. */

const timelineTable: ExportTable<ProjectLine> = {
  fileStem: 'programme-timeline',
  sheetTitle: 'Timeline',
  columns: [
    { heading: 'Start order', kind: 'integer', value: (p) => p.scheduled?.order ?? null },
    { heading: 'Project', kind: 'text', width: 40, value: (p) => p.name },
    { heading: 'Workstream', kind: 'text', width: 36, value: (p) => p.workstream },
    { heading: 'Status', kind: 'text', width: 22, value: (p) => statusLabels[p.status] },
    { heading: 'Priority', kind: 'integer', value: (p) => p.priority },
    { heading: 'Planned start', kind: 'date', value: (p) => p.plannedStart },
    { heading: 'Planned end', kind: 'date', value: (p) => p.plannedEnd },
    { heading: 'Earliest start', kind: 'date', value: (p) => p.scheduled?.earliestStart ?? null },
    { heading: 'Earliest finish', kind: 'date', value: (p) => p.scheduled?.earliestFinish ?? null },
    { heading: 'Latest start', kind: 'date', value: (p) => p.scheduled?.latestStart ?? null },
    { heading: 'Float (days)', kind: 'integer', value: (p) => p.scheduled?.floatDays ?? null },
    { heading: 'On the critical path', kind: 'text', value: (p) => (p.scheduled?.critical ? 'Yes' : 'No') },
  ],
};

export async function timelinePages(app: FastifyInstance, deps: ModuleDeps) {
  app.get('/programme/:id/timeline', { config: { access: 'programme:read' } }, async (request, reply) => {
    const ctx = programmeContext(request, deps.database, deps.clock);
    const v = await getProgramme(ctx, (request.params as { id: string }).id);
    if (!v) throw new HttpProblem(404, 'Not Found', 'There is no such programme in your LA.');
    const lines = projectLines(v).sort((a, b) => (a.scheduled?.order ?? 0) - (b.scheduled?.order ?? 0));
    const format = requestedFormat(request.query);
    if (format)
      return sendExport(reply, {
        format,
        today: ctx.today,
        table: timelineTable,
        pages: async () => ({ rows: lines }),
        audit: {
          database: ctx.database,
          actor: ctx,
          action: 'programme.timeline.exported',
          entityType: 'programme',
          filters: { programme: v.programme.id },
        },
      });
    const name = new Map(v.projects.map((p) => [p.id, p.name]));
    return reply.page('programme/timeline.njk', {
      pageTitle: `${v.programme.name}: timeline`,
      v,
      finish: v.schedule?.finish ? longDate(v.schedule.finish) : null,
      critical: (v.schedule?.critical ?? []).map((id) => name.get(id) ?? ''),
      gantt: ganttSvg(
        lines.flatMap((p) =>
          p.scheduled
            ? [
                {
                  label: p.name,
                  plannedStart: p.plannedStart,
                  plannedEnd: p.plannedEnd,
                  start: p.scheduled.earliestStart,
                  finish: p.scheduled.earliestFinish,
                  critical: p.scheduled.critical,
                  milestones: v.milestones
                    .filter((m) => m.projectId === p.id && !m.achievedOn)
                    .map((m) => ({ name: m.name, on: m.dueOn })),
                },
              ]
            : [],
        ),
        ctx.today,
        `${v.programme.name}: each project planned against the dates it can keep`,
      ),
      rows: lines.map((p) => [
        { text: p.scheduled ? String(p.scheduled.order) : '', format: 'numeric' },
        {
          html: `<a class="govuk-link" href="/programme/${v.programme.id}/projects/${p.id}">${escapeHtml(p.name)}</a>`,
        },
        { text: `${longDate(p.plannedStart)} to ${longDate(p.plannedEnd)}` },
        {
          text: p.scheduled
            ? `${longDate(p.scheduled.earliestStart)} to ${longDate(p.scheduled.earliestFinish)}`
            : 'Not worked out',
        },
        {
          text: p.scheduled
            ? p.scheduled.critical
              ? 'None: critical'
              : `${p.scheduled.floatDays.toLocaleString('en-GB')} days`
            : '',
        },
      ]),
      downloads: downloadLinks(`/programme/${v.programme.id}/timeline`),
    });
  });
}
