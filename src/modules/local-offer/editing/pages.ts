import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  downloadLinks,
  type ExportTable,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { senTypeLabels, senTypes } from '../../../platform/kernel/sen2.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type LocalOfferContext, localOfferContext } from '../context.ts';
import { dayLabels, days, maxLocations, serviceStatuses } from '../domain/record.ts';
import { formFromBody, formFromRecord, placeRows, recordFromForm, timeRows } from './form.ts';
import type { EditorListRow, OrganizationListRow, VersionRow } from './repo.ts';
import {
  type FormChoices,
  formChoices,
  type ManageList,
  manageList,
  manageService,
  markReviewed,
  publish,
  reject,
  saveDraft,
  stateWords,
  submitForReview,
  suggestChange,
  withdraw,
} from './service.ts';

/**
 * The Local Offer's editing pages: the list of services with what waits on each, and one service's
 * form with its versions and the steps an editor takes (submit, publish, reject, take down, mark
 * as checked). A provider sees its own services here and suggests changes with the same form.
 */

type Row = ManageList['rows'][number];

const waitingWords = (r: EditorListRow) =>
  r.openState === 'in-review'
    ? r.openKind === 'suggestion'
      ? 'Suggestion to review'
      : 'Draft to review'
    : r.openState === 'open'
      ? 'Draft being written'
      : '';

const listTable: ExportTable<Row> = {
  fileStem: 'local-offer-services',
  sheetTitle: 'Services',
  columns: [
    { heading: 'Service', kind: 'text', width: 50, value: (r) => r.name },
    { heading: 'Organisation', kind: 'text', width: 40, value: (r) => r.organization },
    { heading: 'Published', kind: 'text', value: (r) => (r.published ? 'Yes' : 'No') },
    { heading: 'Waiting', kind: 'text', width: 24, value: (r) => waitingWords(r) },
    { heading: 'Last checked', kind: 'date', value: (r) => r.reviewedOn },
    { heading: 'Check due', kind: 'date', value: (r) => r.reviewDue },
  ],
  childIdsOf: () => [],
};

const filters = {
  all: 'All services',
  waiting: 'Waiting for review',
  overdue: 'Not checked for a year',
  unpublished: 'Not published',
} as const;
type Filter = keyof typeof filters;

const items = <T extends string>(codes: readonly T[], labels: (c: T) => string, chosen: unknown) => {
  const set = new Set(Array.isArray(chosen) ? chosen : typeof chosen === 'string' ? [chosen] : []);
  return codes.map((c) => ({ value: c, text: labels(c), checked: set.has(c) }));
};

export async function editingPages(app: FastifyInstance, deps: ModuleDeps) {
  const ctx = (request: FastifyRequest) => localOfferContext(request, deps.database, deps.clock);
  const signedIn = { config: { access: 'signed-in' as const } };
  const editorOnly = { config: { access: 'local-offer:edit' as const } };

  app.get('/local-offer/manage', signedIn, async (request, reply) => {
    const c = ctx(request);
    const list = await manageList(c);
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const filter: Filter = typeof raw.show === 'string' && raw.show in filters ? (raw.show as Filter) : 'all';
    const rows = list.rows.filter((r) =>
      filter === 'waiting'
        ? r.openState === 'in-review'
        : filter === 'overdue'
          ? r.overdue
          : filter === 'unpublished'
            ? !r.published
            : true,
    );
    const format = requestedFormat(request.query);
    if (format)
      return sendExport(reply, {
        format,
        today: c.today,
        table: listTable,
        pages: async () => ({ rows }),
        audit: {
          database: c.database,
          actor: c,
          action: 'local-offer.services.exported',
          entityType: 'lo_service',
          filters: { show: filter },
        },
      });
    return reply.page('local-offer/manage.njk', {
      pageTitle: list.reader === 'editor' ? 'Local Offer services' : 'Your Local Offer services',
      editor: list.reader === 'editor',
      counts: {
        waiting: list.rows.filter((r) => r.openState === 'in-review').length,
        overdue: list.rows.filter((r) => r.overdue).length,
        unpublished: list.rows.filter((r) => !r.published).length,
      },
      filterLinks: (Object.keys(filters) as Filter[]).map((f) => ({
        href: f === 'all' ? '/local-offer/manage' : `/local-offer/manage?show=${f}`,
        text: filters[f],
        current: f === filter,
      })),
      downloads: downloadLinks(`/local-offer/manage${filter === 'all' ? '' : `?show=${filter}`}`),
      rows: rows.map((r) => [
        {
          html: `<a class="govuk-link" href="/local-offer/manage/services/${r.id}">${escapeHtml(r.name)}</a>`,
        },
        { text: r.organization },
        { text: r.published ? 'Published' : 'Not published' },
        { text: waitingWords(r) || 'Nothing' },
        {
          html: r.overdue
            ? `<strong class="govuk-tag govuk-tag--red">Check due</strong> since ${longDate(r.reviewDue)}`
            : `By ${longDate(r.reviewDue)}`,
        },
      ]),
    });
  });

  async function showForm(
    reply: FastifyReply,
    status: number,
    o: {
      c: LocalOfferContext;
      serviceId: string | null;
      values: Record<string, string | string[]>;
      errors: FieldError[];
      organizations: OrganizationListRow[];
      choices: FormChoices;
      extra?: Record<string, unknown>;
    },
  ) {
    const v = o.values;
    const text = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
    return reply.code(status).page('local-offer/service-form.njk', {
      pageTitle: o.serviceId ? `Change ${text('name') || 'the service'}` : 'Add a service to the Local Offer',
      serviceId: o.serviceId,
      v,
      text,
      organizationItems: [
        { value: '', text: 'Choose the organisation' },
        ...o.organizations.map((org) => ({
          value: org.id,
          text: org.name,
          selected: text('organizationId') === org.id,
        })),
      ],
      statusItems: serviceStatuses.map((s) => ({
        value: s,
        text: s === 'active' ? 'Running' : s[0]?.toUpperCase() + s.slice(1),
        checked: text('status') === s,
      })),
      freeItems: [
        { value: 'yes', text: 'Yes, it is free', checked: text('free') === 'yes' },
        { value: 'no', text: 'No, it costs something', checked: text('free') === 'no' },
      ],
      headingItems: items(
        o.choices.headings.map((h) => h.code),
        (c) => o.choices.headings.find((h) => h.code === c)?.name ?? c,
        v.headings,
      ),
      categoryItems: items(
        o.choices.categories.map((h) => h.code),
        (c) => o.choices.categories.find((h) => h.code === c)?.name ?? c,
        v.categories,
      ),
      needItems: items(senTypes, (c) => senTypeLabels[c], v.needs),
      places: Array.from({ length: placeRows }, (_, i) => i),
      times: Array.from({ length: timeRows }, (_, i) => ({
        i,
        dayItems: items(days, (d) => dayLabels[d], v[`schedules-${i}-days`]),
      })),
      maxLocations,
      errors: o.errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(o.errors, f),
      ...o.extra,
    });
  }

  app.get('/local-offer/manage/services/new', editorOnly, async (request, reply) => {
    const c = ctx(request);
    const choices = await formChoices(c);
    return showForm(reply, 200, {
      c,
      serviceId: null,
      values: { status: 'active' },
      errors: [],
      organizations: choices.organizations,
      choices,
    });
  });

  app.post('/local-offer/manage/services/new', editorOnly, async (request, reply) => {
    const c = ctx(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const r = await saveDraft(c, null, recordFromForm(body));
    if (!r.ok) {
      const choices = await formChoices(c);
      return showForm(reply, r.status, {
        c,
        serviceId: null,
        values: formFromBody(body),
        errors: r.errors,
        organizations: choices.organizations,
        choices,
      });
    }
    return reply.redirect(`/local-offer/manage/services/${r.value.serviceId}?saved=1`, 303);
  });

  async function showService(
    request: FastifyRequest,
    reply: FastifyReply,
    status = 200,
    errors: FieldError[] = [],
    body?: Record<string, unknown>,
  ) {
    const c = ctx(request);
    const { id } = request.params as { id: string };
    const m = await manageService(c, id);
    const query = (request.query ?? {}) as Record<string, unknown>;
    return showForm(reply, status, {
      c,
      serviceId: id,
      values: body ? formFromBody(body) : m.record ? formFromRecord(m.record) : {},
      errors,
      organizations: m.organizations,
      choices: m.choices,
      extra: {
        editor: m.reader === 'editor',
        head: m.head,
        reviewDue: longDate(m.reviewDue),
        overdue: m.reviewDue <= c.today,
        openDraft: m.openDraft,
        flash: status === 200 && typeof query.done === 'string' ? flashes[query.done] : undefined,
        saved: query.saved === '1',
        versions: m.versions.map((v: VersionRow) => ({
          id: v.id,
          kind: v.kind === 'draft' ? 'Draft' : 'Suggestion',
          state: v.state,
          stateText: stateWords[v.state],
          by: v.createdByName ?? 'Unknown',
          at: v.createdAt,
          decidedBy: v.decidedByName,
          decidedAt: v.decidedAt,
          note: v.note,
          decidable: v.state === 'open' || v.state === 'in-review',
        })),
      },
    });
  }

  app.get('/local-offer/manage/services/:id', signedIn, (request, reply) => showService(request, reply));

  app.post('/local-offer/manage/services/:id', signedIn, async (request, reply) => {
    const c = ctx(request);
    const { id } = request.params as { id: string };
    const body = (request.body ?? {}) as Record<string, unknown>;
    const editor = c.principal.roles.includes('local_offer_editor');
    const record = recordFromForm(body);
    const r = editor
      ? await saveDraft(c, id, record)
      : await suggestChange(c, id, record, typeof body.note === 'string' ? body.note.trim() : '');
    if (!r.ok) return showService(request, reply, r.status, r.errors, body);
    return reply.redirect(`/local-offer/manage/services/${id}?done=${editor ? 'saved' : 'suggested'}`, 303);
  });

  const step = (
    path: string,
    run: (
      c: LocalOfferContext,
      id: string,
      body: Record<string, unknown>,
    ) => Promise<{ ok: boolean; errors?: FieldError[]; status?: number }>,
    done: string,
  ) =>
    app.post(path, editorOnly, async (request, reply) => {
      const c = ctx(request);
      const { id, versionId } = request.params as { id: string; versionId?: string };
      const body = (request.body ?? {}) as Record<string, unknown>;
      const r = await run(c, versionId ?? id, body);
      if (!r.ok) return showService(request, reply, r.status ?? 422, r.errors ?? []);
      return reply.redirect(`/local-offer/manage/services/${id}?done=${done}`, 303);
    });

  step(
    '/local-offer/manage/services/:id/versions/:versionId/submit',
    (c, v) => submitForReview(c, v),
    'submitted',
  );
  step('/local-offer/manage/services/:id/versions/:versionId/publish', (c, v) => publish(c, v), 'published');
  step(
    '/local-offer/manage/services/:id/versions/:versionId/reject',
    (c, v, b) => reject(c, v, typeof b.reason === 'string' ? b.reason : ''),
    'rejected',
  );
  step('/local-offer/manage/services/:id/withdraw', (c, id) => withdraw(c, id), 'withdrawn');
  step('/local-offer/manage/services/:id/reviewed', (c, id) => markReviewed(c, id), 'reviewed');
}

const flashes: Record<string, string> = {
  saved: 'Draft saved. It is not on the public pages until it is published.',
  suggested: 'Your suggestion is sent to the Local Offer team, who will publish it or tell you why not.',
  submitted: 'Submitted for review.',
  published: 'Published: the public pages and the open data show it now.',
  rejected: 'Rejected, with your reason kept beside it.',
  withdrawn: 'Taken off the public pages and the open data.',
  reviewed: 'Recorded as checked today: the next check is due in a year.',
};
