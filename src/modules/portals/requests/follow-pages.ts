import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { uploadedFile, withFileUploads } from '../../../platform/files/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { addDays } from '../../../platform/kernel/days.ts';
import { stageLabels } from '../../ehc/index.ts';
import { type PortalDeps, portalContext } from '../context.ts';
import { kindLabels, madeAsLabels } from '../domain/journey.ts';
import { stageForFamily } from '../domain/progress.ts';
import { outcomeForFamily } from '../domain/triage.ts';
import { messageFileHint, messageSchema, sendMessage } from '../ehc/messages.ts';
import { followRequest } from './follow.ts';

/** A sent request as its maker, the child's family and school, and the LA follow it; and the page that confirms it was sent. */

const stateTags: Record<string, string> = {
  done: 'green',
  late: 'red',
  due: 'blue',
  open: 'yellow',
  closed: 'grey',
};

export async function followPages(app: FastifyInstance, deps: PortalDeps) {
  const ctx = (request: FastifyRequest) => portalContext(request, deps);

  app.get('/request/:id/sent', { config: { access: 'portal:request' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const f = await followRequest(ctx(request), id);
    if (f.row.status === 'draft') return reply.redirect(`/request/${id}/check`, 303);
    return reply.page('portals/sent.njk', {
      pageTitle: 'Request sent',
      f,
      receivedOn: f.row.receivedOn ? longDate(f.row.receivedOn) : '',
      decideBy:
        f.row.kind === 'assessment' && f.row.receivedOn ? longDate(addDays(f.row.receivedOn, 42)) : null,
    });
  });

  // A message may carry a file: the form is multipart, read in this scope only.
  await withFileUploads(app, deps.config.uploads, (scope) => {
    scope.post('/request/:id/messages', { config: { access: 'signed-in' } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const b = (request.body ?? {}) as Record<string, unknown>;
      const body = typeof b.body === 'string' ? b.body.slice(0, 6000) : '';
      const parsed = messageSchema.safeParse({ body });
      const r = parsed.success
        ? await sendMessage(ctx(request), 'request', id, parsed.data, uploadedFile(b, 'file'))
        : {
            ok: false as const,
            status: 400 as const,
            errors: parsed.error.issues.map((i) => ({ field: 'body', message: i.message })),
          };
      if (!r.ok) return showRequest(request, reply, r.status, r.errors, { body });
      return reply.redirect(`/request/${id}?sent=message#messages`, 303);
    });
  });

  app.get('/request/:id', { config: { access: 'signed-in' } }, (request, reply) =>
    showRequest(request, reply, 200, [], {}),
  );

  async function showRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors: FieldError[],
    values: Record<string, string>,
  ) {
    const { id } = request.params as { id: string };
    const c = ctx(request);
    const f = await followRequest(c, id);
    if (f.row.status === 'draft') return reply.redirect(`/request/${id}/check`, 303);
    const ehc = f.ehc;
    const next = ehc?.view.nextDue ?? null;
    return reply.code(status).page('portals/request.njk', {
      pageTitle: `Request ${f.row.reference}`,
      messages: f.messages,
      fileHint: messageFileHint(deps.config.uploads.maxBytes),
      values,
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (field: string) => errorFor(errors, field),
      f,
      childName: `${f.child.forename} ${f.child.surname}`,
      summary: [
        ['Reference', f.row.reference],
        ['About', `${f.child.forename} ${f.child.surname}`],
        ['Asking for', f.row.kind ? kindLabels[f.row.kind] : ''],
        ['Made by', `${f.row.madeByName} (${madeAsLabels[f.row.madeAs].toLowerCase()})`],
        ['Received', f.row.receivedOn ? longDate(f.row.receivedOn) : ''],
      ].map(([k, v]) => ({ key: { text: k }, value: { text: v } })),
      stage: ehc ? stageForFamily[ehc.view.stage] : null,
      stageTag: ehc
        ? stageLabels[ehc.view.stage]
        : f.row.status === 'triage'
          ? 'Waiting for the LA'
          : 'Decided',
      nextLine: next ? ehc?.dates.find((d) => d.dueOn === next.dueOn && d.state !== 'done') : null,
      dateRows: (ehc?.dates ?? []).map((d) => [
        { text: d.what },
        { text: d.who },
        {
          html: `<strong class="govuk-tag govuk-tag--${stateTags[d.state]}">${d.state === 'done' ? 'Done' : d.state === 'late' ? 'Late' : d.state === 'open' ? 'Open' : d.state === 'closed' ? 'Closed' : 'To come'}</strong> ${escapeHtml(d.status)}`,
        },
      ]),
      outcome: f.row.outcome ? outcomeForFamily[f.row.outcome] : null,
      mayTriage: c.principal.roles.some((r) => r === 'ehc_coordinator' || r === 'send_team_manager'),
    });
  }
}
