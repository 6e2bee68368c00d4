import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  downloadLinks,
  type ExportTable,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { renderMarkdown } from '../../../platform/http/markdown.ts';
import { type FieldError, notFound } from '../../../platform/http/problem.ts';
import { errorFor } from '../../../platform/http/validation.ts';
import { isoDateInLondon } from '../../../platform/kernel/dates.ts';
import { publicLaOf } from '../../../platform/las/public-la.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { localOfferContext } from '../context.ts';
import { publicCache } from '../public/cache.ts';
import type { InfoPageRow } from './repo.ts';
import { editorPage, editorPages, headingChoices, publicPage, savePage } from './service.ts';

/** Information pages: read by anyone at /local-offer/pages/{address}, written by editors. */

const pagesTable: ExportTable<InfoPageRow> = {
  fileStem: 'local-offer-pages',
  sheetTitle: 'Information pages',
  columns: [
    { heading: 'Title', kind: 'text', width: 50, value: (p) => p.title },
    { heading: 'Address', kind: 'text', width: 40, value: (p) => `/local-offer/pages/${p.slug}` },
    { heading: 'Heading', kind: 'text', width: 40, value: (p) => p.headingName },
    { heading: 'Shown', kind: 'text', value: (p) => (p.published ? 'Yes' : 'No') },
    { heading: 'Last changed', kind: 'date', value: (p) => isoDateInLondon(p.updatedAt) },
  ],
  childIdsOf: () => [],
};

export async function informationRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const ctx = (request: FastifyRequest) => localOfferContext(request, deps.database, deps.clock);
  const editor = { config: { access: 'local-offer:edit' as const } };

  app.get('/local-offer/pages/:slug', { config: { access: 'public' } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const la = await publicLaOf(deps.database, deps.config.publicLa);
    if (!la) throw notFound('No Local Offer is published from this service yet.');
    const anonymous = !request.principal;
    const key = `page:${slug}`;
    const kept = anonymous ? publicCache.get(la.code, key) : undefined;
    if (kept !== undefined)
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'public, max-age=60').send(kept);
    const p = await publicPage(deps.database, la, slug);
    if (!p) throw notFound('There is no page in the Local Offer at this address. It may have moved.');
    const data = {
      pageTitle: p.title,
      p,
      la,
      body: renderMarkdown(p.body),
      feedbackPage: `/local-offer/pages/${p.slug}`,
    };
    if (!anonymous) return reply.page('local-offer/info-page.njk', data);
    const html = reply.pageHtml('local-offer/info-page.njk', data);
    publicCache.set(la.code, key, html);
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'public, max-age=60').send(html);
  });

  app.get('/local-offer/manage/pages', editor, async (request, reply) => {
    const c = ctx(request);
    const list = await editorPages(c);
    const format = requestedFormat(request.query);
    if (format)
      return sendExport(reply, {
        format,
        today: c.today,
        table: pagesTable,
        pages: async () => ({ rows: list }),
        audit: {
          database: c.database,
          actor: c,
          action: 'local-offer.pages.exported',
          entityType: 'lo_page',
          filters: {},
        },
      });
    return reply.page('local-offer/manage-pages.njk', {
      downloads: downloadLinks('/local-offer/manage/pages'),
      pageTitle: 'Local Offer information pages',
      rows: list.map((p) => [
        { html: `<a class="govuk-link" href="/local-offer/manage/pages/${p.id}">${escapeHtml(p.title)}</a>` },
        { text: p.headingName },
        { text: p.published ? 'Shown' : 'Draft' },
      ]),
      drafts: list.filter((p) => !p.published).length,
    });
  });

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    id: string | null,
    v: Record<string, string>,
    errors: FieldError[],
  ) {
    const headings = await headingChoices(ctx(request));
    return reply.code(status).page('local-offer/info-form.njk', {
      pageTitle: id ? `Change ${v.title || 'the page'}` : 'Add an information page',
      id,
      v,
      headingItems: [
        { value: '', text: 'Choose a heading' },
        ...headings.map((h) => ({ value: h.code, text: h.name, selected: v.heading === h.code })),
      ],
      preview: v.body ? renderMarkdown(v.body) : '',
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  const valuesOf = (body: unknown) =>
    Object.fromEntries(
      ['title', 'slug', 'summary', 'body', 'heading', 'published', 'version'].map((k) => {
        const v = (body as Record<string, unknown> | undefined)?.[k];
        return [k, typeof v === 'string' ? v : ''];
      }),
    );

  app.get('/local-offer/manage/pages/new', editor, async (request, reply) =>
    showForm(request, reply, 200, null, { published: 'no', version: '0' }, []),
  );
  app.post('/local-offer/manage/pages/new', editor, async (request, reply) => {
    const r = await savePage(ctx(request), null, request.body);
    if (!r.ok) return showForm(request, reply, r.status, null, valuesOf(request.body), r.errors);
    return reply.redirect(`/local-offer/manage/pages/${r.id}?saved=1`, 303);
  });
  app.get('/local-offer/manage/pages/:id', editor, async (request, reply) => {
    const { id } = request.params as { id: string };
    const p = await editorPage(ctx(request), id);
    return showForm(
      request,
      reply,
      200,
      id,
      {
        title: p.title,
        slug: p.slug,
        summary: p.summary,
        body: p.body,
        heading: p.headingCode,
        published: p.published ? 'yes' : 'no',
        version: String(p.version),
      },
      [],
    );
  });
  app.post('/local-offer/manage/pages/:id', editor, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await savePage(ctx(request), id, request.body);
    if (!r.ok) return showForm(request, reply, r.status, id, valuesOf(request.body), r.errors);
    return reply.redirect(`/local-offer/manage/pages/${r.id}?saved=1`, 303);
  });
}
