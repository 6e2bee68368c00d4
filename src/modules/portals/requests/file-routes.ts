import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  acceptedFilesText,
  sendStoredFile,
  uploadedFile,
  withFileUploads,
} from '../../../platform/files/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor } from '../../../platform/http/validation.ts';
import { type PortalDeps, portalContext } from '../context.ts';
import { messageFile } from '../ehc/messages.ts';
import {
  addRequestFile,
  type Draft,
  getDraft,
  maxFilesPerRequest,
  removeRequestFile,
  requestFile,
} from './service.ts';

/** Letters and reports on a draft request: the upload page, removing one, and reading one back. */

export async function fileRoutes(app: FastifyInstance, deps: PortalDeps) {
  const ctx = (request: FastifyRequest) => portalContext(request, deps);
  const { maxBytes } = deps.config.uploads;

  function show(reply: FastifyReply, status: number, d: Draft, errors: FieldError[], description = '') {
    return reply.code(status).page('portals/files.njk', {
      pageTitle: 'Letters and reports',
      caption: `Request ${d.row.reference} about ${d.child.forename} ${d.child.surname}`,
      draft: d,
      back: `/request/${d.row.id}/${d.steps[d.steps.length - 2]}`,
      description,
      accepted: acceptedFilesText,
      maxMb: Math.round(maxBytes / 1024 / 1024),
      maxFiles: maxFilesPerRequest,
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/request/:id/files', { config: { access: 'portal:request' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return show(reply, 200, await getDraft(ctx(request), id), []);
  });

  await withFileUploads(app, deps.config.uploads, (scope) => {
    scope.post('/request/:id/files', { config: { access: 'portal:request' } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = request.body as Record<string, unknown> | undefined;
      const description = typeof body?.description === 'string' ? body.description : '';
      const r = await addRequestFile(ctx(request), id, uploadedFile(body, 'file'), description);
      if (!r.ok) return show(reply, r.status, await getDraft(ctx(request), id), r.errors, description);
      return reply.redirect(`/request/${id}/files?added=1`, 303);
    });
  });

  app.post(
    '/request/:id/files/:fileId/remove',
    { config: { access: 'portal:request' } },
    async (request, reply) => {
      const { id, fileId } = request.params as { id: string; fileId: string };
      await removeRequestFile(ctx(request), id, fileId);
      return reply.redirect(`/request/${id}/files`, 303);
    },
  );

  app.get('/portal/messages/:id/file', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const { file, body } = await messageFile(ctx(request), id);
    return sendStoredFile(reply, file, body);
  });

  app.get('/request/:id/files/:fileId', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { id, fileId } = request.params as { id: string; fileId: string };
    const { file, body } = await requestFile(ctx(request), id, fileId);
    return sendStoredFile(reply, file, body);
  });
}
