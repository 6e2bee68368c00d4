import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, firstPerField, parse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type ProgrammeContext, programmeContext } from '../context.ts';
import { projectStatuses, ragLabels, rags, statusLabels } from '../domain/structure.ts';
import { projectHref } from './presenters.ts';
import { formIdOf, formOfBody, formOfProject, type ProjectForm, projectBodyOf } from './project-form.ts';
import type { ProjectRow } from './repo.ts';
import { projectChangeSchema, projectSchema } from './schemas.ts';
import { addProject, changeProject, getProgramme, type ProgrammeView } from './service.ts';

/** Adding a project to the programme and changing one: the programme manager's forms. */

type Params = { id: string; projectId?: string };

async function programmeOf(ctx: ProgrammeContext, id: string): Promise<ProgrammeView> {
  const v = await getProgramme(ctx, id);
  if (!v) throw new HttpProblem(404, 'Not Found', 'There is no such programme in your LA.');
  return v;
}

function show(
  reply: FastifyReply,
  v: ProgrammeView,
  project: ProjectRow | null,
  form: ProjectForm,
  status: number,
  errors: FieldError[],
) {
  const shown = errors.map((e) => ({ ...e, field: formIdOf(e.field) }));
  return reply.code(status).page('programme/project-form.njk', {
    pageTitle: project ? `Change ${project.name}` : 'Add a project',
    v,
    project,
    form,
    action: project
      ? `${projectHref(v.programme.id, project.id)}/edit`
      : `/programme/${v.programme.id}/projects/new`,
    back: project ? projectHref(v.programme.id, project.id) : `/programme/${v.programme.id}`,
    workstreamItems: [
      { value: '', text: 'Choose a workstream' },
      ...v.workstreams.map((w) => ({ value: w.id, text: w.name, selected: w.id === form.workstreamId })),
    ],
    statusItems: projectStatuses.map((s) => ({
      value: s,
      text: statusLabels[s],
      checked: s === form.status,
    })),
    ragItems: rags.map((r) => ({ value: r, text: ragLabels[r], checked: r === form.rag })),
    priorityItems: [
      { value: '', text: 'Choose a priority' },
      ...[1, 2, 3, 4, 5].map((n) => ({
        value: String(n),
        text: n === 1 ? '1 (highest)' : n === 5 ? '5 (lowest)' : String(n),
        selected: String(n) === form.priority,
      })),
    ],
    errors: shown.map((e) => ({ text: e.message, href: `#${e.field}` })),
    fieldError: (f: string) => errorFor(shown, f),
  });
}

export async function projectFormPages(app: FastifyInstance, deps: ModuleDeps) {
  const access = { config: { access: 'programme:manage' as const } };
  const context = (request: FastifyRequest) => programmeContext(request, deps.database, deps.clock);

  async function save(request: FastifyRequest, reply: FastifyReply) {
    const ctx = context(request);
    const { id, projectId } = request.params as Params;
    const v = await programmeOf(ctx, id);
    const project = projectId ? (v.projects.find((p) => p.id === projectId) ?? null) : null;
    if (projectId && !project)
      throw new HttpProblem(404, 'Not Found', 'There is no such project in this programme.');
    const form = formOfBody((request.body ?? {}) as Record<string, unknown>);
    const { body, problems } = projectBodyOf(form);
    const parsed = parse(project ? projectChangeSchema : projectSchema, body);
    const found = firstPerField([...problems, ...(parsed.ok ? [] : parsed.errors)]);
    if (found.length) return show(reply, v, project, form, 400, found);
    let saved: string;
    try {
      saved = project
        ? (await changeProject(ctx, id, project.id, body)).id
        : (await addProject(ctx, id, body)).id;
    } catch (err) {
      if (!(err instanceof HttpProblem) || (err.status !== 422 && err.status !== 409)) throw err;
      if (err.status === 409 && project) {
        // Someone saved first: keep what this person typed, against the version there is now.
        const now = await programmeOf(ctx, id);
        const current = now.projects.find((p) => p.id === project.id) ?? project;
        return show(reply, now, current, { ...form, version: String(current.version) }, 409, [
          {
            field: 'name',
            message: `Someone else changed this project while you were editing it (it is now version ${current.version}). Your changes are below: check them against the project as it is now, then save again to keep them`,
          },
        ]);
      }
      return show(reply, v, project, form, 422, err.errors);
    }
    return reply.redirect(`${projectHref(id, saved)}?done=${project ? 'changed' : 'added'}`, 303);
  }

  app.get('/programme/:id/projects/new', access, async (request, reply) => {
    const v = await programmeOf(context(request), (request.params as Params).id);
    const q = (request.query ?? {}) as Record<string, unknown>;
    return show(
      reply,
      v,
      null,
      formOfProject(null, typeof q.workstream === 'string' ? q.workstream : ''),
      200,
      [],
    );
  });
  app.post('/programme/:id/projects/new', access, save);

  app.get('/programme/:id/projects/:projectId/edit', access, async (request, reply) => {
    const { id, projectId } = request.params as Params;
    const v = await programmeOf(context(request), id);
    const project = v.projects.find((p) => p.id === projectId);
    if (!project) throw new HttpProblem(404, 'Not Found', 'There is no such project in this programme.');
    return show(reply, v, project, formOfProject(project), 200, []);
  });
  app.post('/programme/:id/projects/:projectId/edit', access, save);
}
