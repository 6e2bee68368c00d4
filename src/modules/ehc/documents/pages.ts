import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import { blocksOf } from '../../../platform/documents/model.ts';
import { renderPdf } from '../../../platform/documents/pdf.ts';
import { dateFromParts, type FormValues, formValues } from '../../../platform/http/forms.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { notFound } from '../../../platform/http/problem.ts';
import { errorFor, firstPerField, parse } from '../../../platform/http/validation.ts';
import { type EhcDeps, ehcContext } from '../context.ts';
import type { Refusal } from '../domain/process.ts';
import { childName } from '../requests/presenters.ts';
import { type DocumentKind, documentKinds, documentLabels } from './domain/documents.ts';
import { type LetterSettings, letterSettingsLabels, letterSettingsSchema } from './domain/letter-settings.ts';
import { letterMethodLabels, letterMethods, sendLetterFormSchema } from './domain/letters-sent.ts';
import {
  sectionContentMax,
  sectionParam,
  sectionShortTitles,
  sectionTitles,
  type WritableSection,
  writeSectionSchema,
} from './domain/plan-sections.ts';
import { letterSentHead, letterSentRows } from './presenters.ts';
import {
  documentOf,
  letterSettings,
  type PlanPage,
  pdfFileName,
  planPage,
  saveLetterSettings,
  sectionHistory,
  sendLetter,
  writeSection,
} from './service.ts';

/** The plan's sections, the letters and plan as pages and PDFs, and the LA's letter details. */

const statusLabels: Record<string, { text: string; classes: string }> = {
  draft: { text: 'Draft', classes: 'govuk-tag--yellow' },
  active: { text: 'Final plan issued', classes: 'govuk-tag--green' },
  replaced: { text: 'Replaced', classes: 'govuk-tag--grey' },
  ceased: { text: 'Ceased', classes: 'govuk-tag--grey' },
};

/** The form's fields in the order they are asked, so the error summary lists them so. */
const fieldOrder = (field: string) => ['method', 'sentOn'].indexOf(field);

function emailHint(addressee: { name: string; email: string | null } | null): string {
  if (!addressee)
    return 'Nobody with parental responsibility is recorded for the child, so there is nobody to email';
  return addressee.email
    ? `To ${addressee.name} at ${addressee.email}, as the email’s text`
    : `No email address is recorded for ${addressee.name}`;
}

const preview = (text: string) => (text.length > 240 ? `${text.slice(0, 240).trimEnd()}…` : text);

export function documentRows(requestId: string, kinds: readonly DocumentKind[]) {
  return kinds.map((kind) => [
    { text: documentLabels[kind] },
    {
      html: `<a class="govuk-link" href="/ehc/requests/${requestId}/documents/${kind}">View<span class="govuk-visually-hidden"> (${escapeHtml(documentLabels[kind])})</span></a> · <a class="govuk-link" href="/ehc/requests/${requestId}/documents/${kind}/pdf" download>PDF<span class="govuk-visually-hidden"> (${escapeHtml(documentLabels[kind])})</span></a>`,
    },
  ]);
}

function sectionRows(page: PlanPage) {
  const id = page.request.id;
  return page.sections.map((s) => {
    const actions =
      s.code === 'I'
        ? []
        : [
            ...(page.writable
              ? [
                  {
                    href: `/ehc/requests/${id}/plan/${s.code}`,
                    text: s.content ? 'Change' : 'Write',
                    visuallyHiddenText: `section ${s.code}`,
                  },
                ]
              : []),
            ...(s.version > 0
              ? [
                  {
                    href: `/ehc/requests/${id}/plan/${s.code}/history`,
                    text: 'History',
                    visuallyHiddenText: `of section ${s.code}`,
                  },
                ]
              : []),
          ];
    const placement = page.request.plan?.placement;
    const value =
      s.code === 'I'
        ? placement
          ? placement.settingName
          : 'Named with the final plan; a draft does not name a placement'
        : s.content
          ? `${preview(s.content)} (version ${s.version}${s.writtenBy ? `, ${s.writtenBy}` : ''})`
          : 'Not written yet';
    return {
      key: { text: `${s.code}: ${sectionShortTitles[s.code]}` },
      value: { text: value },
      ...(actions.length ? { actions: { items: actions } } : {}),
    };
  });
}

const settingsGroups: {
  legend: string;
  fields: { name: keyof typeof letterSettingsLabels; type: string; classes?: string }[];
}[] = [
  {
    legend: 'Your SEND service',
    fields: [
      { name: 'serviceName', type: 'text' },
      { name: 'address', type: 'text' },
      { name: 'phone', type: 'tel', classes: 'govuk-input--width-20' },
      { name: 'email', type: 'email' },
      { name: 'website', type: 'url' },
    ],
  },
  {
    legend: 'Information, advice and support service',
    fields: [
      { name: 'iasName', type: 'text' },
      { name: 'iasPhone', type: 'tel', classes: 'govuk-input--width-20' },
      { name: 'iasWebsite', type: 'url' },
    ],
  },
  {
    legend: 'Mediation adviser',
    fields: [
      { name: 'mediationName', type: 'text' },
      { name: 'mediationPhone', type: 'tel', classes: 'govuk-input--width-20' },
      { name: 'mediationEmail', type: 'email' },
    ],
  },
  {
    legend: 'Disagreement resolution service',
    fields: [
      { name: 'disagreementName', type: 'text' },
      { name: 'disagreementPhone', type: 'tel', classes: 'govuk-input--width-20' },
    ],
  },
];
const settingsNames = settingsGroups.flatMap((g) => g.fields.map((f) => f.name));

export async function documentPages(app: FastifyInstance, deps: EhcDeps) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);
  const params = (request: FastifyRequest) =>
    request.params as { id: string; section?: string; kind?: string };

  app.get('/ehc/requests/:id/plan', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const page = await planPage(ctx(request), params(request).id);
    const plan = page.request.plan;
    const saved = (request.query as { saved?: string }).saved;
    const status = statusLabels[plan?.status ?? 'draft'] ?? { text: 'Draft', classes: 'govuk-tag--yellow' };
    return reply.page('ehc/plan.njk', {
      pageTitle: 'EHC plan',
      view: page.request,
      planExists: plan !== null || page.writable,
      writable: page.writable,
      statusLabel: status.text,
      statusClass: status.classes,
      notWritable: 'The final plan is issued. Its sections change only by amendment after a review.',
      sectionRows: sectionRows(page),
      documentRows: documentRows(page.request.id, page.documents),
      letterSentHead,
      letterSentRows: letterSentRows(`/ehc/requests/${page.request.id}/letters`, page.letters),
      flash: saved && sectionParam.safeParse(saved).success ? `Section ${saved} has been saved` : undefined,
    });
  });

  function section(request: FastifyRequest): WritableSection {
    const parsed = sectionParam.safeParse(params(request).section);
    if (!parsed.success)
      throw notFound('There is no such section of a plan to write. Section I is named with the final plan.');
    return parsed.data;
  }

  async function showSection(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    code: WritableSection,
    values: { content: string; version: number } | null,
    errors: Refusal[],
  ) {
    const page = await planPage(ctx(request), params(request).id);
    if (!page.writable)
      throw notFound(
        page.request.plan?.status === 'active'
          ? 'The final plan is issued: its sections change only by amendment after a review.'
          : 'There is no draft plan to write: record the decision to issue a plan first.',
      );
    const current = page.sections.find((s) => s.code === code);
    // After a conflict the person sees the section as it now is beside their text, and saving
    // again replaces it knowingly.
    const conflict = status === 409 && current?.content ? current : null;
    return reply.code(status).page('ehc/section.njk', {
      pageTitle: `Section ${code}: ${sectionShortTitles[code]}`,
      caption: childName(page.request.child),
      title: sectionTitles[code],
      requestId: page.request.id,
      code,
      content: values?.content ?? current?.content ?? '',
      version: conflict ? conflict.version : (values?.version ?? current?.version ?? 0),
      conflict,
      maxLength: sectionContentMax,
      errors: errors.map((e) => ({ text: e.message, href: '#content' })),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/ehc/requests/:id/plan/:section', { config: { access: 'ehc:write' } }, async (request, reply) =>
    showSection(request, reply, 200, section(request), null, []),
  );

  app.post('/ehc/requests/:id/plan/:section', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const code = section(request);
    const v = formValues(request.body, ['content', 'version']);
    const version = /^[0-9]{1,9}$/.test(v.version ?? '') ? Number(v.version) : -1;
    const parsed = parse(writeSectionSchema, { content: v.content ?? '', version });
    const content = v.content ?? '';
    if (!parsed.ok)
      return showSection(
        request,
        reply,
        400,
        code,
        { content, version: Math.max(version, 0) },
        firstPerField(parsed.errors),
      );
    const result = await writeSection(ctx(request), params(request).id, code, parsed.data);
    if (!result.ok)
      return showSection(
        request,
        reply,
        result.status === 409 ? 409 : 400,
        code,
        { content, version: parsed.data.version },
        result.errors,
      );
    return reply.redirect(`/ehc/requests/${params(request).id}/plan?saved=${code}`, 303);
  });

  app.get(
    '/ehc/requests/:id/plan/:section/history',
    { config: { access: 'ehc:read' } },
    async (request, reply) => {
      const code = section(request);
      const result = await sectionHistory(ctx(request), params(request).id, code);
      if (!result.ok) throw notFound(result.errors[0]?.message);
      return reply.page('ehc/section-history.njk', {
        pageTitle: `Section ${code}: history`,
        title: sectionTitles[code],
        childName: childName(result.value.request.child),
        requestId: result.value.request.id,
        versions: result.value.versions.map((v) => ({
          ...v,
          paragraphs: blocksOf(v.content).map((b) =>
            b.kind === 'list' ? b.items.map((i) => `• ${i}`).join(' ') : 'text' in b ? b.text : '',
          ),
        })),
      });
    },
  );

  function kindOf(request: FastifyRequest): DocumentKind {
    const kind = params(request).kind;
    if (!documentKinds.includes(kind as DocumentKind)) throw notFound('There is no such EHC document.');
    return kind as DocumentKind;
  }

  /** A document the request has not reached is not found; one the LA's details are missing for says who can add them. */
  function unavailable(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: DocumentKind,
    status: number,
    errors: Refusal[],
  ) {
    if (status === 404) throw notFound(errors[0]?.message);
    return reply.code(409).page('ehc/document.njk', {
      pageTitle: documentLabels[kind],
      requestId: params(request).id,
      unavailable: errors[0]?.message,
      canSetUp: can(request.principal?.roles ?? [], 'ehc:letters'),
    });
  }

  /** A letter or the plan as a page, with the form to send it for those who may. */
  async function showDocument(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    kind: DocumentKind,
    sending: { values: FormValues; errors: Refusal[] } | null,
  ) {
    const c = ctx(request);
    const result = await documentOf(c, params(request).id, kind, 'view');
    if (!result.ok) return unavailable(request, reply, kind, result.status, result.errors);
    const { model, request: view, recipient } = result.value;
    const errors = sending?.errors ?? [];
    const [year, month, day] = c.today.split('-');
    const values = sending?.values ?? {
      'sentOn-day': String(Number(day)),
      'sentOn-month': String(Number(month)),
      'sentOn-year': year ?? '',
    };
    return reply.code(status).page('ehc/document.njk', {
      pageTitle: model.title,
      requestId: view.id,
      doc: model,
      pdfHref: `/ehc/requests/${view.id}/documents/${kind}/pdf`,
      send: can(request.principal?.roles ?? [], 'ehc:write')
        ? {
            kind,
            heading: kind === 'plan' ? 'Send the plan' : 'Send this letter',
            values,
            methodItems: letterMethods.map((m) => ({
              value: m,
              text: letterMethodLabels[m],
              checked: values.method === m,
              hint: m === 'email' ? { text: emailHint(recipient) } : undefined,
            })),
            fieldError: (f: string) => errorFor(errors, f),
          }
        : null,
      errors: errors.map((e) => ({
        text: e.message,
        href: e.field === 'sentOn' ? '#sentOn-day' : '#method',
      })),
    });
  }

  app.get('/ehc/requests/:id/documents/:kind', { config: { access: 'ehc:read' } }, async (request, reply) =>
    showDocument(request, reply, 200, kindOf(request), null),
  );

  app.post('/ehc/requests/:id/letters', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const v = formValues(request.body, ['kind', 'method', 'sentOn-day', 'sentOn-month', 'sentOn-year']);
    if (!documentKinds.includes(v.kind as DocumentKind)) throw notFound('There is no such EHC document.');
    const kind = v.kind as DocumentKind;
    const date = dateFromParts(
      'The date sent',
      v['sentOn-day'] ?? '',
      v['sentOn-month'] ?? '',
      v['sentOn-year'] ?? '',
    );
    const parsed = parse(sendLetterFormSchema, {
      method: v.method || undefined,
      sentOn: date.ok ? (date.value ?? '') : '',
    });
    // A half-filled date is named for what is missing, not as a date left out.
    const problems: Refusal[] = [
      ...(date.ok ? [] : [{ field: 'sentOn', message: date.message }]),
      ...(parsed.ok ? [] : parsed.errors),
    ];
    if (!parsed.ok || !date.ok)
      return showDocument(request, reply, 400, kind, {
        values: v,
        errors: firstPerField(problems.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field))),
      });
    const result = await sendLetter(ctx(request), params(request).id, { kind, ...parsed.data });
    if (!result.ok) {
      if (result.errors.some((e) => e.field === 'method' || e.field === 'sentOn'))
        return showDocument(request, reply, 400, kind, { values: v, errors: result.errors });
      return unavailable(request, reply, kind, result.status === 409 ? 409 : 404, result.errors);
    }
    const sent = result.value.emailedTo ? '?sent=email' : '';
    return reply.redirect(`/ehc/requests/${params(request).id}/letters/${result.value.id}${sent}`, 303);
  });

  app.get(
    '/ehc/requests/:id/documents/:kind/pdf',
    { config: { access: 'ehc:read' } },
    async (request, reply) => {
      const kind = kindOf(request);
      const result = await documentOf(ctx(request), params(request).id, kind, 'export');
      if (!result.ok) return unavailable(request, reply, kind, result.status, result.errors);
      const pdf = await renderPdf(result.value.model, {
        author: result.value.author,
        createdAt: deps.clock(),
      });
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="${pdfFileName(result.value.request.id, kind)}"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    },
  );

  function showSettings(
    reply: FastifyReply,
    status: number,
    values: Record<string, string>,
    version: number,
    errors: Refusal[],
    flash?: string,
  ) {
    return reply.code(status).page('ehc/letter-settings.njk', {
      pageTitle: 'EHC letter details',
      values,
      version,
      flash,
      groups: settingsGroups.map((g) => ({
        legend: g.legend,
        fields: g.fields.map((f) => ({ ...f, label: letterSettingsLabels[f.name] })),
      })),
      errors: errors.map((e) => ({
        text: e.message,
        href: `#${e.field === 'version' ? 'serviceName' : e.field}`,
      })),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  const asValues = (s: LetterSettings | undefined) =>
    Object.fromEntries(settingsNames.map((n) => [n, s?.[n] ?? '']));

  app.get('/ehc/letters', { config: { access: 'ehc:letters' } }, async (request, reply) => {
    const current = await letterSettings(ctx(request));
    const saved = (request.query as { saved?: string }).saved === 'yes';
    return showSettings(
      reply,
      200,
      asValues(current),
      current?.version ?? 0,
      [],
      saved ? 'The letter details have been saved' : undefined,
    );
  });

  app.post('/ehc/letters', { config: { access: 'ehc:letters' } }, async (request, reply) => {
    const v = formValues(request.body, [...settingsNames, 'version']);
    const values = Object.fromEntries(settingsNames.map((n) => [n, v[n] ?? '']));
    const version = /^[0-9]{1,9}$/.test(v.version ?? '') ? Number(v.version) : -1;
    const parsed = parse(letterSettingsSchema, { ...values, version });
    if (!parsed.ok)
      return showSettings(reply, 400, values, Math.max(version, 0), firstPerField(parsed.errors));
    const result = await saveLetterSettings(ctx(request), parsed.data);
    if (!result.ok)
      return showSettings(
        reply,
        409,
        values,
        (await letterSettings(ctx(request)))?.version ?? 0,
        result.errors,
      );
    return reply.redirect('/ehc/letters?saved=yes', 303);
  });
}
