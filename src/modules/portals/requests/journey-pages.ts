import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { type PortalDeps, portalContext, transaction } from '../context.ts';
import { kindLabels, type StepName } from '../domain/journey.ts';
import {
  answerStep,
  type Draft,
  discardDraft,
  familyChildren,
  getDraft,
  startRequest,
  submitRequest,
} from './service.ts';

/**
 * The single point of access's question pages: who the request is about, then one question a
 * page, each answer saved as it is given, then check your answers and send. The start page at
 * /request is public; the questions need an account, as the request must come from someone linked
 * to the child.
 */

const childName = (c: { forename: string; surname: string }) => `${c.forename} ${c.surname}`;

/** Long answers: the platform's form reader stops at 1,000 characters, these at the schema's limit and a little over. */
function answersOf(body: unknown, names: readonly string[]): Record<string, string> {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    names.map((n) => [n, typeof b[n] === 'string' ? (b[n] as string).slice(0, 6000) : '']),
  );
}

const stepFields: Record<Exclude<StepName, 'files'>, string[]> = {
  what: ['kind'],
  needs: ['needs', 'supportNow'],
  views: ['views'],
  consent: ['agreed', 'by', 'on-day', 'on-month', 'on-year'],
};

const stepTitles = (d: Draft): Record<StepName, string> => {
  const name = childName(d.child);
  const self = d.row.madeAs === 'young-person';
  return {
    what: 'What are you asking for?',
    needs: self
      ? 'What do you find hard, and what help do you get now?'
      : `What does ${name} find hard, and what help do they get now?`,
    views: self
      ? 'What matters to you, and what would you like to happen?'
      : `What matters to ${name}, and what would you like to happen?`,
    consent: 'Has the family agreed to this request?',
    files: 'Letters and reports',
  };
};

export function nextPage(d: Draft, step: StepName, fromCheck: boolean): string {
  const at = d.steps.indexOf(step);
  const next = d.steps[at + 1];
  return fromCheck || !next ? `/request/${d.row.id}/check` : `/request/${d.row.id}/${next}`;
}

export async function journeyPages(app: FastifyInstance, deps: PortalDeps) {
  const ctx = (request: FastifyRequest) => portalContext(request, deps);

  app.get('/request', { config: { access: 'public' } }, async (request, reply) =>
    reply.page('portals/start.njk', {
      pageTitle: 'Ask for an EHC needs assessment or for help with special educational needs',
      signedIn: Boolean(request.principal),
      mayRequest: can(request.principal?.roles ?? [], 'portal:request'),
    }),
  );

  async function showWho(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors: FieldError[],
    values: Record<string, string> = {},
  ) {
    const c = ctx(request);
    const children = await transaction(c, (tx) => familyChildren(tx, c));
    const school = c.principal.roles.some((r) => r === 'senco' || r === 'head_teacher');
    return reply.code(status).page('portals/who.njk', {
      pageTitle: 'Who is the request about?',
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(errors, f),
      childItems: children.map(({ child, madeAs }) => ({
        value: child.id,
        text: madeAs === 'young-person' ? `Me (${childName(child)})` : childName(child),
        hint: { text: `Born ${longDate(child.dateOfBirth)}` },
        checked: values.childId === child.id,
      })),
      school,
      values,
    });
  }

  app.get('/request/new', { config: { access: 'portal:request' } }, (request, reply) =>
    showWho(request, reply, 200, []),
  );

  app.post('/request/new', { config: { access: 'portal:request' } }, async (request, reply) => {
    const v = answersOf(request.body, ['childId', 'upn', 'by']);
    const input = v.by === 'upn' ? { upn: v.upn ?? '' } : { childId: v.childId ?? '' };
    const r = await startRequest(ctx(request), input);
    if (!r.ok) return showWho(request, reply, r.status, r.errors, v);
    return reply.redirect(`/request/${r.value}/what`, 303);
  });

  function showStep(
    reply: FastifyReply,
    status: number,
    d: Draft,
    step: Exclude<StepName, 'files'>,
    values: Record<string, string>,
    errors: FieldError[],
    fromCheck: boolean,
  ) {
    const at = d.steps.indexOf(step);
    const previous = at > 0 ? `/request/${d.row.id}/${d.steps[at - 1]}` : '/request/new';
    return reply.code(status).page(`portals/step-${step}.njk`, {
      pageTitle: stepTitles(d)[step],
      caption: `Request ${d.row.reference} about ${childName(d.child)}`,
      draft: d,
      step,
      back: fromCheck ? `/request/${d.row.id}/check` : previous,
      fromCheck,
      values,
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field === 'on' ? 'on-day' : e.field}` })),
      fieldError: (f: string) => errorFor(errors, f),
      kindItems: Object.entries(kindLabels).map(([value, text]) => ({
        value,
        text,
        checked: values.kind === value,
      })),
      madeAs: d.row.madeAs,
    });
  }

  const stepOf = (s: string): Exclude<StepName, 'files'> | null =>
    s in stepFields ? (s as Exclude<StepName, 'files'>) : null;

  app.get('/request/:id/:step', { config: { access: 'portal:request' } }, async (request, reply) => {
    const { id, step: s } = request.params as { id: string; step: string };
    const step = stepOf(s);
    const d = await getDraft(ctx(request), id);
    if (!step || !d.steps.includes(step)) return reply.callNotFound();
    const a = d.row.answers;
    const [y, m, day] = (a.consent?.on ?? '').split('-');
    const values: Record<string, string> = {
      kind: d.row.kind ?? '',
      needs: a.needs ?? '',
      supportNow: a.supportNow ?? '',
      views: a.views ?? '',
      agreed: a.consent ? 'yes' : '',
      by: a.consent?.by ?? '',
      'on-day': day ? String(Number(day)) : '',
      'on-month': m ? String(Number(m)) : '',
      'on-year': y ?? '',
    };
    return showStep(reply, 200, d, step, values, [], (request.query as { check?: string }).check === '1');
  });

  app.post('/request/:id/:step', { config: { access: 'portal:request' } }, async (request, reply) => {
    const { id, step: s } = request.params as { id: string; step: string };
    const step = stepOf(s);
    if (!step) return reply.callNotFound();
    const values = answersOf(request.body, [...stepFields[step], 'fromCheck']);
    const input: Record<string, string> = { ...values };
    if (step === 'consent') {
      const [d, m, y] = [values['on-day'], values['on-month'], values['on-year']].map((x) =>
        (x ?? '').trim(),
      );
      input.on = d && m && /^\d{4}$/.test(y ?? '') ? `${y}-${m?.padStart(2, '0')}-${d.padStart(2, '0')}` : '';
    }
    const r = await answerStep(ctx(request), id, step, input);
    const fromCheck = values.fromCheck === '1';
    if (!r.ok)
      return showStep(reply, r.status, await getDraft(ctx(request), id), step, values, r.errors, fromCheck);
    return reply.redirect(nextPage(r.value, step, fromCheck), 303);
  });

  app.get('/request/:id/check', { config: { access: 'portal:request' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return showCheck(reply, 200, await getDraft(ctx(request), id), []);
  });

  function showCheck(reply: FastifyReply, status: number, d: Draft, errors: FieldError[]) {
    const a = d.row.answers;
    const change = (step: StepName, label: string) => ({
      items: [
        {
          href: `/request/${d.row.id}/${step}${step === 'files' ? '' : '?check=1'}`,
          text: 'Change',
          visuallyHiddenText: label,
        },
      ],
    });
    const titles = stepTitles(d);
    const row = (step: StepName, key: string, text: string) => ({
      key: { text: key },
      value: { text: text || 'Not answered yet' },
      actions: change(step, key.toLowerCase()),
    });
    const rows = [
      {
        key: { text: 'Who it is about' },
        value: { text: `${childName(d.child)}, born ${longDate(d.child.dateOfBirth)}` },
      },
      row('what', titles.what, d.row.kind ? kindLabels[d.row.kind] : ''),
      row('needs', 'What they find hard', a.needs ?? ''),
      row('needs', 'Help they get now', a.supportNow ?? 'None given'),
      row('views', 'What matters, and what you would like to happen', a.views ?? ''),
      ...(d.row.madeAs === 'school'
        ? [
            row(
              'consent',
              'Family’s agreement',
              a.consent ? `Given by ${a.consent.by} on ${longDate(a.consent.on)}` : '',
            ),
          ]
        : []),
      row(
        'files',
        'Letters and reports',
        d.files.length ? d.files.map((f) => f.description).join('; ') : 'None',
      ),
    ];
    return reply.code(status).page('portals/check.njk', {
      pageTitle: 'Check your answers before sending your request',
      caption: `Request ${d.row.reference} about ${childName(d.child)}`,
      draft: d,
      rows,
      errors: errors.map((e) => ({ text: e.message, href: `/request/${d.row.id}/${e.field}` })),
      assessment: d.row.kind === 'assessment',
    });
  }

  app.post('/request/:id/check', { config: { access: 'portal:request' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await submitRequest(ctx(request), id);
    if (!r.ok) return showCheck(reply, r.status, await getDraft(ctx(request), id), r.errors);
    return reply.redirect(`/request/${id}/sent`, 303);
  });

  app.post('/request/:id/discard', { config: { access: 'portal:request' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    await discardDraft(ctx(request), id);
    return reply.redirect('/?discarded=1', 303);
  });
}
