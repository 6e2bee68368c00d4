import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FieldError, notFound } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { isoDateInLondon, longDate } from '../../../platform/kernel/dates.ts';
import { type PublicLa, publicLaOf } from '../../../platform/las/public-la.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { audienceLabels, listInWords } from '../domain/audiences.ts';
import { agreeScale } from '../domain/consultations.ts';
import { publicConsultation, publicConsultations, respond } from './service.ts';

/** Consultations and surveys as anyone reads and answers them, at /consultations. */

export async function consultationPublicPages(app: FastifyInstance, deps: ModuleDeps) {
  const laOf = async (): Promise<PublicLa> => {
    const la = await publicLaOf(deps.database, deps.config.publicLa);
    if (!la) throw notFound('No LA publishes consultations from this service yet.');
    return la;
  };
  const open = { config: { access: 'public' as const } };
  const today = () => isoDateInLondon(deps.clock());

  app.get('/consultations', open, async (_request, reply) => {
    const la = await laOf();
    const list = await publicConsultations(deps.database, la, today());
    const card = (x: (typeof list)[number]) => ({
      id: x.consultation.id,
      title: x.consultation.title,
      forText: listInWords(x.consultation.audiences.map((a) => audienceLabels[a])),
      when:
        x.state === 'open'
          ? `Open until ${longDate(x.consultation.closesOn)}`
          : x.state === 'upcoming'
            ? `Opens on ${longDate(x.consultation.opensOn)}`
            : `Closed on ${longDate(x.consultation.closesOn)}`,
    });
    return reply.page('engagement/consultations.njk', {
      pageTitle: 'Consultations and surveys',
      la,
      open: list.filter((x) => x.state === 'open').map(card),
      coming: list.filter((x) => x.state === 'upcoming').map(card),
      closed: list
        .filter((x) => x.state === 'closed')
        .slice(0, 20)
        .map(card),
    });
  });

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    values: Record<string, unknown>,
    errors: FieldError[],
  ) {
    const { id } = request.params as { id: string };
    const v = await publicConsultation(deps.database, await laOf(), id, today());
    const value = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
    return reply.code(status).page('engagement/consultation.njk', {
      pageTitle: v.consultation.title,
      v,
      opensOn: longDate(v.consultation.opensOn),
      closesOn: longDate(v.consultation.closesOn),
      forText: listInWords(v.consultation.audiences.map((a) => audienceLabels[a])),
      questions: v.questions.map((q) => ({
        ...q,
        field: `q-${q.id}`,
        value: value(`q-${q.id}`),
        items: (q.kind === 'agree' ? [...agreeScale] : q.options).map((o) => ({
          value: o,
          text: o,
          checked: value(`q-${q.id}`) === o,
        })),
      })),
      values: { name: value('name'), email: value('email') },
      respondentItems: v.consultation.audiences.map((a) => ({
        value: a,
        text: audienceLabels[a],
        checked: value('respondent') === a,
      })),
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/consultations/:id', open, (request, reply) => show(request, reply, 200, {}, []));

  app.post(
    '/consultations/:id',
    // A family or a staff room answers a few times; a script answering hundreds stops here.
    { config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 hour' } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = (request.body ?? {}) as Record<string, unknown>;
      const r = await respond(deps.database, await laOf(), id, body, today(), deps.clock());
      if (!r.ok) return show(request, reply, r.status, body, r.errors);
      return reply.redirect(`/consultations/${id}/thanks`, 303);
    },
  );

  app.get('/consultations/:id/thanks', open, async (request, reply) => {
    const { id } = request.params as { id: string };
    const v = await publicConsultation(deps.database, await laOf(), id, today());
    return reply.page('engagement/consultation-thanks.njk', {
      pageTitle: 'Thank you',
      v,
      closesOn: longDate(v.consultation.closesOn),
    });
  });
}
