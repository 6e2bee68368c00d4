import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  downloadLinks,
  type ExportTable,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { type FieldError, notFound } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { isoDateInLondon } from '../../../platform/kernel/dates.ts';
import { publicLaOf } from '../../../platform/las/public-la.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { phases } from '../../providers/index.ts';
import { localOfferContext } from '../context.ts';
import {
  type Listing,
  pageSize,
  publicSchools,
  type SchoolEntry,
  type SchoolQuery,
  schoolReport,
  schoolsForEditor,
  setSchoolReport,
} from './service.ts';

/** Schools and settings with their SEN information reports: read at /local-offer/schools, kept under /local-offer/manage/schools. */

const provision = (s: SchoolEntry) =>
  [
    s.isSpecial ? 'Special school' : '',
    s.hasResourcedProvision ? 'Specialist resource base' : '',
    s.hasSenUnit ? 'SEN unit' : '',
  ]
    .filter(Boolean)
    .join(', ');

const schoolsTable: ExportTable<SchoolEntry> = {
  fileStem: 'local-offer-schools',
  sheetTitle: 'Schools',
  columns: [
    { heading: 'School or setting', kind: 'text', width: 45, value: (s) => s.name },
    { heading: 'URN', kind: 'integer', value: (s) => s.urn },
    { heading: 'Phase', kind: 'text', value: (s) => s.phase ?? '' },
    { heading: 'Type', kind: 'text', width: 30, value: (s) => s.typeName ?? '' },
    { heading: 'Town', kind: 'text', value: (s) => s.town ?? '' },
    { heading: 'SEN provision', kind: 'text', width: 30, value: provision },
    { heading: 'SEN information report', kind: 'text', width: 60, value: (s) => s.report ?? '' },
  ],
  childIdsOf: () => [],
};

function listData(r: Listing & { ok: true }, base: string, raw: Record<string, unknown>) {
  const q: SchoolQuery = r.query;
  const pages = Math.max(1, Math.ceil(r.total / pageSize));
  const params = new URLSearchParams(
    Object.entries({ q: q.q, phase: q.phase, srb: q.srb, missing: q.missing }).filter(([, v]) => v !== ''),
  );
  const link = (n: number) =>
    `${base}?${new URLSearchParams({ ...Object.fromEntries(params), page: String(n) })}`;
  const value = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : '');
  return {
    total: r.total,
    items: r.items.map((s) => ({ ...s, provision: provision(s) })),
    values: { q: value('q'), srb: value('srb'), missing: value('missing') },
    phaseItems: [
      { value: '', text: 'Any phase' },
      ...phases.map((p) => ({ value: p, text: p, selected: q.phase === p })),
    ],
    pagination:
      pages > 1
        ? {
            previous: q.page > 1 ? { href: link(q.page - 1) } : undefined,
            next: q.page < pages ? { href: link(q.page + 1) } : undefined,
            items: Array.from({ length: Math.min(pages, 10) }, (_, i) => {
              const n = Math.max(1, Math.min(q.page - 4, pages - 9)) + i;
              return { number: n, href: link(n), current: n === q.page };
            }),
          }
        : undefined,
  };
}

export async function schoolPages(app: FastifyInstance, deps: ModuleDeps) {
  const ctx = (request: FastifyRequest) => localOfferContext(request, deps.database, deps.clock);

  app.get('/local-offer/schools', { config: { access: 'public' } }, async (request, reply) => {
    const la = await publicLaOf(deps.database, deps.config.publicLa);
    if (!la) throw notFound('No Local Offer is published from this service yet.');
    const r = await publicSchools(deps.database, la, request.query ?? {}, isoDateInLondon(deps.clock()));
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const errors = r.ok ? [] : r.errors;
    return reply.code(r.ok ? 200 : 400).page('local-offer/schools.njk', {
      pageTitle: 'Schools and settings: Local Offer',
      la,
      feedbackPage: request.url.length <= 300 ? request.url : '/local-offer/schools',
      ...(r.ok
        ? listData(r, '/local-offer/schools', raw)
        : { items: [], total: 0, values: {}, phaseItems: [] }),
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  });

  app.get(
    '/local-offer/manage/schools',
    { config: { access: 'local-offer:edit' } },
    async (request, reply) => {
      const c = ctx(request);
      const format = requestedFormat(request.query);
      if (format) {
        const all = await schoolsForEditor(c, request.query ?? {}, true);
        if (all.ok)
          return sendExport(reply, {
            format,
            today: c.today,
            table: schoolsTable,
            pages: async () => ({ rows: all.items }),
            audit: {
              database: c.database,
              actor: c,
              action: 'local-offer.schools.exported',
              entityType: 'establishment',
              filters: all.query,
            },
          });
      }
      const r = await schoolsForEditor(c, request.query ?? {});
      const raw = (request.query ?? {}) as Record<string, unknown>;
      const errors = r.ok ? [] : r.errors;
      const data = r.ok
        ? listData(r, '/local-offer/manage/schools', raw)
        : { items: [], total: 0, values: {}, phaseItems: [] };
      return reply.code(r.ok ? 200 : 400).page('local-offer/manage-schools.njk', {
        pageTitle: 'Schools’ SEN information reports',
        ...data,
        rows: data.items.map((s) => [
          {
            html: `<a class="govuk-link" href="/local-offer/manage/schools/${s.id}">${escapeHtml(s.name)}</a>`,
          },
          { text: s.phase ?? '' },
          { text: s.town ?? '' },
          { text: s.report ? 'Linked' : 'No link yet' },
        ]),
        downloads: downloadLinks(request.url),
        errors: errorSummary(errors),
        fieldError: (f: string) => errorFor(errors, f),
      });
    },
  );

  async function showReport(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    url: string | null,
    errors: FieldError[],
  ) {
    const { id } = request.params as { id: string };
    const s = await schoolReport(ctx(request), id);
    const q = request.query as Record<string, unknown>;
    return reply.code(status).page('local-offer/school-report.njk', {
      pageTitle: `SEN information report: ${s.name}`,
      s,
      url: url ?? s.report ?? '',
      saved: q.saved === '1',
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  // The school's own SENCo or head teacher keeps their link here too; the use case checks which school.
  app.get('/local-offer/manage/schools/:id', { config: { access: 'signed-in' } }, (request, reply) =>
    showReport(request, reply, 200, null, []),
  );
  app.post('/local-offer/manage/schools/:id', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await setSchoolReport(ctx(request), id, request.body ?? {});
    const raw = (request.body ?? {}) as Record<string, unknown>;
    if (!r.ok)
      return showReport(request, reply, r.status, typeof raw.url === 'string' ? raw.url : '', r.errors);
    return reply.redirect(`/local-offer/manage/schools/${id}?saved=1`, 303);
  });
}
