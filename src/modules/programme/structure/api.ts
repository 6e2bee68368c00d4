import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../platform/http/problem.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { programmeContext } from '../context.ts';
import { projectStatuses, rags } from '../domain/structure.ts';
import { dependencySchema, projectChangeSchema, projectSchema } from './schemas.ts';
import {
  addDependency,
  addProject,
  changeProject,
  getProgramme,
  type ProgrammeView,
  programmeIdOfProject,
  removeDependency,
} from './service.ts';

const tags = ['Programme'];
const date = z.string().describe('YYYY-MM-DD');

const scheduled = z
  .object({
    order: z.number().int().describe('Position in the start order, from 1'),
    earliestStart: date,
    earliestFinish: date,
    latestStart: date,
    latestFinish: date,
    floatDays: z.number().int(),
    critical: z.boolean(),
    plannedTooEarly: z.boolean().describe('Planned to start before what it waits for can finish'),
  })
  .nullable();

const project = z.object({
  id: z.string(),
  workstreamId: z.string(),
  name: z.string(),
  purpose: z.string().nullable(),
  leadName: z.string(),
  status: z.enum(projectStatuses),
  priority: z.number().int(),
  rag: z.enum(rags),
  ragReason: z.string(),
  plannedStart: date,
  plannedEnd: date,
  actualStart: date.nullable(),
  actualEnd: date.nullable(),
  version: z.number().int(),
  schedule: scheduled,
  waitsFor: z.array(z.string()).describe('Projects that must finish before it starts'),
});

const projectOut = (v: ProgrammeView, p: ProgrammeView['projects'][number]) => {
  const { id: _, ...s } = v.schedule?.tasks.find((t) => t.id === p.id) ?? { id: '' };
  return {
    ...p,
    schedule: 'order' in s ? s : null,
    waitsFor: v.projectLinks.filter((l) => l.afterId === p.id).map((l) => l.beforeId),
  };
};

/** The programme through the API: read whole, a project with its items, and the plan kept. */
export async function programmeApi(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof programmeContext>[0]) =>
    programmeContext(request, deps.database, deps.clock);
  const read = { access: 'programme:read' as const };
  const manage = { access: 'programme:manage' as const };

  api.get(
    '/api/v1/programme',
    {
      config: read,
      schema: {
        summary:
          'The transformation programme (the newest, or ?id=): board, workstreams, projects and schedule',
        tags,
        querystring: z.object({ id: z.uuid('id must be a programme id (a UUID)').optional() }),
        response: {
          200: z.object({
            id: z.string(),
            name: z.string(),
            purpose: z.string().nullable(),
            budgetPence: z.number().int(),
            managerName: z.string(),
            discountRate: z.number(),
            startsOn: date,
            endsOn: date.nullable(),
            board: z.array(z.object({ name: z.string(), role: z.string() })),
            workstreams: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                purpose: z.string().nullable(),
                leadName: z.string(),
                team: z.string().nullable(),
              }),
            ),
            projects: z.array(project),
            startOrder: z.array(z.string()).describe('Project ids in the order they can start'),
            criticalPath: z.array(z.string()),
            finish: date.nullable().describe('The earliest the programme can finish'),
          }),
          404: problemResponse,
        },
      },
    },
    async (request) => {
      const v = await getProgramme(ctx(request), request.query.id);
      if (!v) throw notFound('Your LA has no transformation programme recorded.');
      const { version: _, board, ...programme } = v.programme;
      return {
        ...programme,
        board,
        workstreams: v.workstreams,
        projects: v.projects.map((p) => projectOut(v, p)),
        startOrder: v.schedule?.order ?? [],
        criticalPath: v.schedule?.critical ?? [],
        finish: v.schedule?.finish ?? null,
      };
    },
  );

  api.get(
    '/api/v1/programme/projects/:id',
    {
      config: read,
      schema: {
        summary: 'A project with its work items, milestones, dependencies and place in the schedule',
        tags,
        params: z.object({ id: z.uuid('id must be a project id (a UUID)') }),
        response: {
          200: project.extend({
            programmeId: z.string(),
            workItems: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                status: z.enum(projectStatuses),
                dueOn: date.nullable(),
                doneOn: date.nullable(),
              }),
            ),
            milestones: z.array(
              z.object({ id: z.string(), name: z.string(), dueOn: date, achievedOn: date.nullable() }),
            ),
            waitedOnBy: z.array(z.string()),
          }),
          404: problemResponse,
        },
      },
    },
    async (request) => {
      const c = ctx(request);
      const v = await getProgramme(c, await programmeIdOfProject(c, request.params.id));
      const p = v?.projects.find((x) => x.id === request.params.id);
      if (!v || !p) throw notFound('There is no such project in your LA.');
      return {
        ...projectOut(v, p),
        programmeId: v.programme.id,
        workItems: v.workItems.filter((i) => i.projectId === p.id).map(({ projectId: _, ...i }) => i),
        milestones: v.milestones.filter((m) => m.projectId === p.id).map(({ projectId: _, ...m }) => m),
        waitedOnBy: v.projectLinks.filter((l) => l.beforeId === p.id).map((l) => l.afterId),
      };
    },
  );

  const saved = z.object({ id: z.string(), version: z.number().int() });
  const programmeParams = z.object({ id: z.uuid('id must be a programme id (a UUID)') });

  api.post(
    '/api/v1/programme/:id/projects',
    {
      config: manage,
      schema: {
        summary: 'Add a project to a workstream of the programme',
        tags,
        params: programmeParams,
        body: projectSchema,
        response: { 201: saved, 404: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      const r = await addProject(ctx(request), request.params.id, request.body);
      return reply.code(201).send(r);
    },
  );

  api.put(
    '/api/v1/programme/:id/projects/:projectId',
    {
      config: manage,
      schema: {
        summary: 'Change a project, at the version you read',
        tags,
        params: programmeParams.extend({ projectId: z.uuid('projectId must be a project id (a UUID)') }),
        body: projectChangeSchema,
        response: { 200: saved, 404: problemResponse, 409: problemResponse, 422: problemResponse },
      },
    },
    async (request) => changeProject(ctx(request), request.params.id, request.params.projectId, request.body),
  );

  api.post(
    '/api/v1/programme/:id/dependencies',
    {
      config: manage,
      schema: {
        summary:
          'Make a project wait for another to finish; one that would close a cycle is refused, naming it',
        tags,
        params: programmeParams,
        body: dependencySchema,
        response: { 204: z.null(), 404: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      await addDependency(ctx(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  api.delete(
    '/api/v1/programme/:id/dependencies',
    {
      config: manage,
      schema: {
        summary: 'Remove a dependency between two projects',
        tags,
        params: programmeParams,
        querystring: dependencySchema,
        response: { 204: z.null(), 404: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      await removeDependency(ctx(request), request.params.id, request.query);
      return reply.code(204).send(null);
    },
  );
}
