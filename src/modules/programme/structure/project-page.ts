import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import {
  downloadLinks,
  type ExportTable,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type ProgrammeContext, programmeContext } from '../context.ts';
import { statusLabels } from '../domain/structure.ts';
import { projectHref, ragHtml } from './presenters.ts';
import type { MilestoneRow, WorkItemRow } from './repo.ts';
import { addDependency, getProgramme, type ProgrammeView, removeDependency } from './service.ts';

/**
 * A project: its lead, status, RAG and dates, where it stands in the schedule, its work items and
 * milestones, and what it waits for and what waits for it, which the programme manager changes here.
 */

type Params = { id: string; projectId: string };
const itemsTable: ExportTable<WorkItemRow> = {
  fileStem: 'project-work-items',
  sheetTitle: 'Work items',
  columns: [
    { heading: 'Work item', kind: 'text', width: 60, value: (i) => i.title },
    { heading: 'Status', kind: 'text', width: 22, value: (i) => statusLabels[i.status] },
    { heading: 'Due', kind: 'date', value: (i) => i.dueOn },
    { heading: 'Done', kind: 'date', value: (i) => i.doneOn },
  ],
};

const milestonesTable: ExportTable<MilestoneRow> = {
  fileStem: 'project-milestones',
  sheetTitle: 'Milestones',
  columns: [
    { heading: 'Milestone', kind: 'text', width: 50, value: (m) => m.name },
    { heading: 'Due', kind: 'date', value: (m) => m.dueOn },
    { heading: 'Achieved', kind: 'date', value: (m) => m.achievedOn },
  ],
};

const when = (d: string | null) => (d ? longDate(d) : 'Not yet');
const doneText: Record<string, string> = {
  added: 'The project was added.',
  changed: 'The project was changed.',
  'item-added': 'The work item was added.',
  'item-done': 'The work item was marked complete.',
  'milestone-added': 'The milestone was added.',
  'milestone-done': 'The milestone was marked achieved today.',
};

export async function showProject(
  reply: FastifyReply,
  ctx: ProgrammeContext,
  v: ProgrammeView,
  projectId: string,
  status: number,
  errors: FieldError[],
  chosen: string,
  done = '',
  typed: { title: string; name: string; dueOn: string; kind: string } = {
    title: '',
    name: '',
    dueOn: '',
    kind: '',
  },
) {
  const p = v.projects.find((x) => x.id === projectId);
  if (!p) throw new HttpProblem(404, 'Not Found', 'There is no such project in this programme.');
  const name = new Map(v.projects.map((x) => [x.id, x.name]));
  const s = v.schedule?.tasks.find((t) => t.id === p.id);
  const waitsFor = v.projectLinks.filter((l) => l.afterId === p.id).map((l) => l.beforeId);
  const waitedOnBy = v.projectLinks.filter((l) => l.beforeId === p.id).map((l) => l.afterId);
  const others = v.projects.filter((x) => x.id !== p.id && !waitsFor.includes(x.id));
  return reply.code(status).page('programme/project.njk', {
    pageTitle: p.name,
    v,
    p,
    workstream: v.workstreams.find((w) => w.id === p.workstreamId)?.name ?? '',
    statusText: statusLabels[p.status],
    rag: ragHtml(p.rag),
    planned: `${longDate(p.plannedStart)} to ${longDate(p.plannedEnd)}`,
    actualStart: when(p.actualStart),
    actualEnd: when(p.actualEnd),
    s: s
      ? {
          ...s,
          earliestStartText: longDate(s.earliestStart),
          earliestFinishText: longDate(s.earliestFinish),
          latestStartText: longDate(s.latestStart),
        }
      : null,
    items: v.workItems
      .filter((i) => i.projectId === p.id)
      .map((i) => [
        { text: i.title },
        { text: statusLabels[i.status] },
        { text: i.dueOn ? longDate(i.dueOn) : 'No date' },
      ]),
    milestones: v.milestones
      .filter((m) => m.projectId === p.id)
      .map((m) => [
        { text: m.name },
        { text: longDate(m.dueOn) },
        { text: m.achievedOn ? longDate(m.achievedOn) : 'Not yet' },
      ]),
    waitsFor: waitsFor.map((id) => ({ id, name: name.get(id) ?? '', href: projectHref(v.programme.id, id) })),
    waitedOnBy: waitedOnBy.map((id) => ({
      id,
      name: name.get(id) ?? '',
      href: projectHref(v.programme.id, id),
    })),
    beforeItems: [
      { value: '', text: 'Choose a project' },
      ...others.map((x) => ({ value: x.id, text: x.name, selected: x.id === chosen })),
    ],
    canManage: can(ctx.principal.roles, 'programme:manage'),
    errors: errorSummary(errors),
    fieldError: (f: string) => errorFor(errors, f),
    action: `${projectHref(v.programme.id, p.id)}/dependencies`,
    downloads: {
      items: downloadLinks(`${projectHref(v.programme.id, p.id)}?table=items`),
      milestones: downloadLinks(`${projectHref(v.programme.id, p.id)}?table=milestones`),
    },
    editHref: `${projectHref(v.programme.id, p.id)}/edit`,
    done: doneText[done] ?? null,
    typed,
    itemsAction: `${projectHref(v.programme.id, p.id)}/items`,
    itemChoices: v.workItems
      .filter((i) => i.projectId === p.id && i.status !== 'complete' && i.status !== 'closed')
      .map((i) => ({ value: i.id, text: i.title })),
    milestoneChoices: v.milestones
      .filter((m) => m.projectId === p.id && !m.achievedOn)
      .map((m) => ({ value: m.id, text: m.name })),
  });
}

const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
const str = (b: Record<string, unknown>, k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');

export async function projectPages(app: FastifyInstance, deps: ModuleDeps) {
  app.get(
    '/programme/:id/projects/:projectId',
    { config: { access: 'programme:read' } },
    async (request, reply) => {
      const ctx = programmeContext(request, deps.database, deps.clock);
      const { id, projectId } = request.params as Params;
      const v = await getProgramme(ctx, id);
      if (!v) throw new HttpProblem(404, 'Not Found', 'There is no such programme in your LA.');
      const q = (request.query ?? {}) as Record<string, unknown>;
      const format = requestedFormat(q);
      if (format) {
        const project = v.projects.find((p) => p.id === projectId);
        if (!project) throw new HttpProblem(404, 'Not Found', 'There is no such project in this programme.');
        const audit = {
          database: ctx.database,
          actor: ctx,
          action: 'programme.projects.exported',
          entityType: 'programme_project',
          filters: { project: projectId, table: q.table === 'milestones' ? 'milestones' : 'items' },
        };
        return q.table === 'milestones'
          ? sendExport(reply, {
              format,
              today: ctx.today,
              table: milestonesTable,
              pages: async () => ({ rows: v.milestones.filter((m) => m.projectId === projectId) }),
              audit,
            })
          : sendExport(reply, {
              format,
              today: ctx.today,
              table: itemsTable,
              pages: async () => ({ rows: v.workItems.filter((i) => i.projectId === projectId) }),
              audit,
            });
      }
      return showProject(reply, ctx, v, projectId, 200, [], '', typeof q.done === 'string' ? q.done : '');
    },
  );

  app.post(
    '/programme/:id/projects/:projectId/dependencies',
    { config: { access: 'programme:manage' } },
    async (request, reply) => {
      const ctx = programmeContext(request, deps.database, deps.clock);
      const { id, projectId } = request.params as Params;
      const b = body(request);
      const before = str(b, 'beforeId');
      const link = { beforeId: before, afterId: projectId };
      try {
        if (str(b, 'remove'))
          await removeDependency(ctx, id, { beforeId: str(b, 'remove'), afterId: projectId });
        else if (!before)
          throw new HttpProblem(422, 'Refused', undefined, [
            { field: 'beforeId', message: 'Choose the project this one waits for' },
          ]);
        else await addDependency(ctx, id, link);
      } catch (err) {
        if (!(err instanceof HttpProblem) || err.status !== 422) throw err;
        const v = await getProgramme(ctx, id);
        if (!v) throw err;
        return showProject(
          reply,
          ctx,
          v,
          projectId,
          422,
          err.errors.map((e) => ({ field: 'beforeId', message: e.message })),
          before,
        );
      }
      return reply.redirect(`${projectHref(id, projectId)}#dependencies`, 303);
    },
  );
}
