import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../../platform/auth/roles.ts';
import type { Clock } from '../../../../platform/clock.ts';
import type { Database } from '../../../../platform/db/connect.ts';
import { renderPdf } from '../../../../platform/documents/pdf.ts';
import {
  downloadLinks,
  type ExportColumn,
  requestedFormat,
  sendExport,
} from '../../../../platform/exports/index.ts';
import { escapeHtml } from '../../../../platform/http/html.ts';
import { HttpProblem } from '../../../../platform/http/problem.ts';
import { longDate } from '../../../../platform/kernel/dates.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import { fundingContext } from '../../api.ts';
import type { FundingContext } from '../../context.ts';
import type { StatementLine } from '../domain/statements.ts';
import {
  clusterStatementFor,
  myStatements,
  type Purpose,
  type StatementLink,
  type StatementRead,
  schoolStatementFor,
} from '../statements-service.ts';

/**
 * Funding statements as pages, tagged PDFs and spreadsheets: a school's at
 * /funding/scenarios/{id}/schools/{establishmentId}, a cluster's at …/clusters/{clusterId}, each
 * with `.pdf` or `.xlsx` on the end for the download; and /funding/statements, the ones a person
 * may read. Who may read which is the service's to decide, so every route is open to anyone
 * signed in and answers "not found" for a statement that is not theirs.
 */

type Row = { section: string } & StatementLine;

const columns: ExportColumn<Row>[] = [
  { heading: 'Section', kind: 'text', width: 28, value: (r) => r.section },
  { heading: 'Item', kind: 'text', width: 44, value: (r) => r.label },
  {
    heading: 'Amount (£)',
    kind: 'decimal',
    width: 16,
    value: (r) => (r.pence === null ? null : r.pence / 100),
  },
  { heading: 'Figure', kind: 'text', width: 24, value: (r) => r.text },
  { heading: 'How it was reached', kind: 'text', width: 60, value: (r) => r.detail },
];

const listColumns: ExportColumn<StatementLink>[] = [
  { heading: 'Statement', kind: 'text', width: 40, value: (l) => l.name },
  { heading: 'Funding', kind: 'text', width: 30, value: (l) => `${l.potName} ${l.yearLabel}` },
  { heading: 'Formula', kind: 'text', width: 30, value: (l) => l.scenarioName },
  { heading: 'Allocation (£)', kind: 'decimal', width: 16, value: (l) => l.pence / 100 },
  { heading: 'Published', kind: 'date', value: (l) => l.publishedOn },
];

const formatOf = (name: string): { id: string; purpose: Purpose } => {
  const m = /^(.*)\.(pdf|xlsx)$/.exec(name);
  return m ? { id: m[1] ?? '', purpose: m[2] as Purpose } : { id: name, purpose: 'read' };
};

async function answer(
  reply: FastifyReply,
  ctx: FundingContext,
  read: StatementRead,
  purpose: Purpose,
  clock: Clock,
  href: string,
) {
  if (purpose === 'pdf') {
    const pdf = await renderPdf(read.document, { author: read.author, createdAt: clock() });
    return reply
      .type('application/pdf')
      .header('Content-Disposition', `attachment; filename="${read.fileStem}.pdf"`)
      .header('Cache-Control', 'no-store')
      .send(pdf);
  }
  if (purpose === 'xlsx')
    return sendExport(reply, {
      format: 'xlsx',
      table: { fileStem: read.fileStem, sheetTitle: 'Funding statement', columns },
      today: ctx.today,
      pages: async () => ({
        rows: read.statement.sections.flatMap((s) => s.lines.map((l) => ({ section: s.heading, ...l }))),
      }),
      audit: {
        database: ctx.database,
        actor: ctx,
        action: 'funding.statement.exported',
        entityType: 'funding-statement',
        filters: read.about,
      },
    });
  return reply.page('funding/scenarios/statement.njk', {
    pageTitle: read.document.title,
    doc: read.document,
    pdfHref: `${href}.pdf`,
    xlsxHref: `${href}.xlsx`,
    back: can(ctx.principal.roles, 'finance:read')
      ? { href: `/funding/scenarios/${read.scenarioId}`, text: 'Back to the scenario' }
      : { href: '/funding/statements', text: 'Back to your funding statements' },
  });
}

const linkRows = (links: readonly StatementLink[]) =>
  links.map((l) => [
    { html: `<a class="govuk-link" href="${escapeHtml(l.href)}">${escapeHtml(l.name)}</a>` },
    { text: `${l.potName} ${l.yearLabel}` },
    { text: penceText(l.pence), format: 'numeric' },
    { text: l.publishedOn ? longDate(l.publishedOn) : 'Not yet published' },
  ]);

export async function statementPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const context = (request: FastifyRequest) => fundingContext(request, deps.database, deps.clock);
  const params = (request: FastifyRequest) =>
    request.params as { id?: string; school?: string; cluster?: string };

  app.get(
    '/funding/scenarios/:id/schools/:school',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      const ctx = context(request);
      const { id = '', school = '' } = params(request);
      const { id: establishmentId, purpose } = formatOf(school);
      const read = await schoolStatementFor(ctx, id, establishmentId, purpose);
      return answer(
        reply,
        ctx,
        read,
        purpose,
        deps.clock,
        `/funding/scenarios/${id}/schools/${establishmentId}`,
      );
    },
  );

  app.get(
    '/funding/scenarios/:id/clusters/:cluster',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      const ctx = context(request);
      const { id = '', cluster = '' } = params(request);
      const { id: clusterId, purpose } = formatOf(cluster);
      const read = await clusterStatementFor(ctx, id, clusterId, purpose);
      return answer(reply, ctx, read, purpose, deps.clock, `/funding/scenarios/${id}/clusters/${clusterId}`);
    },
  );

  app.get('/funding/statements', { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = context(request);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const format = requestedFormat(query);
    if (format) {
      const table = query.table === 'schools' || query.table === 'clusters' ? query.table : null;
      if (!table) {
        const message = 'table must be one of: schools, clusters';
        throw new HttpProblem(400, 'There is no such table', message, [{ field: 'table', message }]);
      }
      return sendExport(reply, {
        format,
        table: {
          fileStem: `funding-statements-${table}`,
          sheetTitle: 'Funding statements',
          columns: listColumns,
        },
        today: ctx.today,
        pages: async () => ({ rows: (await myStatements(ctx))[table] }),
        audit: {
          database: ctx.database,
          actor: ctx,
          action: 'funding.statement.exported',
          entityType: 'funding-statement',
          filters: { list: table },
        },
      });
    }
    const mine = await myStatements(ctx);
    const links = (table: string) => downloadLinks(`/funding/statements?table=${table}`);
    return reply.page('funding/scenarios/statements.njk', {
      pageTitle: 'Funding statements',
      mine,
      schoolRows: linkRows(mine.schools),
      clusterRows: linkRows(mine.clusters),
      downloads: { schools: links('schools'), clusters: links('clusters') },
    });
  });
}
