import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { programmeContext } from '../context.ts';
import {
  achievedSchema,
  addMilestone,
  addWorkItem,
  linkMilestones,
  markMilestone,
  milestoneLinkSchema,
  milestoneSchema,
  moveWorkItem,
  workItemSchema,
  workItemStatusSchema,
} from './items.ts';
import { projectHref } from './presenters.ts';
import { showProject } from './project-page.ts';
import { getProgramme } from './service.ts';

/** Work items and milestones: the API, and the buttons on a project's page that post to the same use cases. */
export async function itemRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest) => programmeContext(request, deps.database, deps.clock);
  const manage = { access: 'programme:manage' as const };
  const tags = ['Programme'];
  const project = z.object({
    id: z.uuid('id must be a programme id (a UUID)'),
    projectId: z.uuid('projectId must be a project id (a UUID)'),
  });
  const created = { 201: z.object({ id: z.string() }), 404: problemResponse, 422: problemResponse };
  const changed = { 204: z.null(), 404: problemResponse, 422: problemResponse };

  api.post(
    '/api/v1/programme/:id/projects/:projectId/work-items',
    {
      config: manage,
      schema: {
        summary: 'Add a work item to a project',
        tags,
        params: project,
        body: workItemSchema,
        response: created,
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await addWorkItem(context(request), request.params.id, request.params.projectId, request.body)),
  );
  api.put(
    '/api/v1/programme/:id/projects/:projectId/work-items/:itemId',
    {
      config: manage,
      schema: {
        summary: 'Move a work item on to another status',
        tags,
        params: project.extend({ itemId: z.uuid('itemId must be a work item id (a UUID)') }),
        body: workItemStatusSchema,
        response: changed,
      },
    },
    async (request, reply) => {
      await moveWorkItem(
        context(request),
        request.params.id,
        request.params.projectId,
        request.params.itemId,
        request.body,
      );
      return reply.code(204).send(null);
    },
  );
  api.post(
    '/api/v1/programme/:id/projects/:projectId/milestones',
    {
      config: manage,
      schema: {
        summary: 'Add a milestone to a project',
        tags,
        params: project,
        body: milestoneSchema,
        response: created,
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addMilestone(context(request), request.params.id, request.params.projectId, request.body),
        ),
  );
  api.put(
    '/api/v1/programme/:id/projects/:projectId/milestones/:milestoneId',
    {
      config: manage,
      schema: {
        summary: 'Record the day a milestone was achieved (or null, not yet)',
        tags,
        params: project.extend({ milestoneId: z.uuid('milestoneId must be a milestone id (a UUID)') }),
        body: achievedSchema,
        response: changed,
      },
    },
    async (request, reply) => {
      await markMilestone(
        context(request),
        request.params.id,
        request.params.projectId,
        request.params.milestoneId,
        request.body,
      );
      return reply.code(204).send(null);
    },
  );
  api.post(
    '/api/v1/programme/:id/milestone-dependencies',
    {
      config: manage,
      schema: {
        summary: 'Make a milestone wait for another; one that would close a cycle is refused, naming it',
        tags,
        params: project.pick({ id: true }),
        body: milestoneLinkSchema,
        response: changed,
      },
    },
    async (request, reply) => {
      await linkMilestones(context(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  // The project page's own buttons: add an item or a milestone, complete an item, mark a milestone.
  app.post(
    '/programme/:id/projects/:projectId/items',
    { config: manage },
    async (request, reply: FastifyReply) => {
      const ctx = context(request);
      const { id, projectId } = request.params as { id: string; projectId: string };
      const b = (request.body ?? {}) as Record<string, string | undefined>;
      const back = (anchor: string, done: string) =>
        reply.redirect(`${projectHref(id, projectId)}?done=${done}#${anchor}`, 303);
      try {
        if (b.complete) {
          await moveWorkItem(ctx, id, projectId, b.complete, { status: 'complete' });
          return back('items', 'item-done');
        }
        if (b.achieved) {
          await markMilestone(ctx, id, projectId, b.achieved, { achievedOn: ctx.today });
          return back('milestones', 'milestone-done');
        }
        if (b.kind === 'milestone') {
          await addMilestone(ctx, id, projectId, { name: b.name ?? '', dueOn: b.dueOn ?? '' });
          return back('milestones', 'milestone-added');
        }
        await addWorkItem(ctx, id, projectId, { title: b.title ?? '', dueOn: b.dueOn || null });
        return back('items', 'item-added');
      } catch (err) {
        if (!(err instanceof HttpProblem) || err.status !== 422) throw err;
        const prefix = b.kind === 'milestone' ? 'milestone' : 'item';
        const v = await getProgramme(ctx, id);
        if (!v) throw err;
        return showProject(
          reply,
          ctx,
          v,
          projectId,
          422,
          err.errors.map((e) => ({ field: `${prefix}-${e.field}`, message: e.message })),
          '',
          '',
          { title: b.title ?? '', name: b.name ?? '', dueOn: b.dueOn ?? '', kind: prefix },
        );
      }
    },
  );
}
