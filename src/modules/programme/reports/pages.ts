import type { FastifyInstance } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import { renderPdf } from '../../../platform/documents/pdf.ts';
import { workbookOf } from '../../../platform/exports/index.ts';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { programmeContext } from '../context.ts';
import { ragHtml } from '../structure/presenters.ts';
import { moneyFacts, reportDocument, reportSheets } from './document.ts';
import { getBoardReport, getIssuedReport, issueBoardReport, reportDateProblem } from './service.ts';

/** The board report for a meeting: the page, its PDF and its workbook; and issuing it. */

export async function reportPages(app: FastifyInstance, deps: ModuleDeps) {
  app.get('/programme/:id/report', { config: { access: 'programme:read' } }, async (request, reply) => {
    const ctx = programmeContext(request, deps.database, deps.clock);
    const { id } = request.params as { id: string };
    const q = (request.query ?? {}) as Record<string, unknown>;
    const on = typeof q.on === 'string' && q.on ? q.on : ctx.today;
    const problem = reportDateProblem(on, ctx.today);
    if (problem)
      return reply.code(400).page('programme/report.njk', {
        pageTitle: 'Board report',
        errors: [{ text: problem, href: '#on' }],
        id,
        onValue: on.slice(0, 10),
      });
    const r = await getBoardReport(ctx, id, on);
    const fileStem = `board-report-${on}`;
    if (q.format === 'pdf' || q.format === 'xlsx') {
      const body =
        q.format === 'pdf'
          ? await renderPdf(reportDocument(r, ctx.principal.laName), {
              author: ctx.principal.laName,
              createdAt: deps.clock(),
            })
          : await workbookOf(reportSheets(r));
      return reply
        .type(
          q.format === 'pdf'
            ? 'application/pdf'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header('Content-Disposition', `attachment; filename="${fileStem}.${q.format}"`)
        .header('Cache-Control', 'no-store')
        .send(body);
    }
    if (q.format !== undefined && q.format !== '')
      throw new HttpProblem(400, 'This download format is not offered', 'Choose format=pdf or format=xlsx.', [
        { field: 'format', message: 'Choose pdf or xlsx' },
      ]);
    return reply.page('programme/report.njk', {
      pageTitle: `Board report, ${longDate(on)}`,
      id,
      r,
      onValue: on,
      lastText: r.lastOn ? longDate(r.lastOn) : null,
      money: moneyFacts(r),
      workstreams: r.workstreams.map((w) => ({
        ...w,
        rows: w.projects.map((p) => [{ text: p.name }, { html: ragHtml(p.rag) }, { text: p.ragReason }]),
      })),
      decisions: r.decisions.map((d) => ({ ...d, neededText: longDate(d.neededBy) })),
      risks: r.risks.map((x) => ({ ...x, escalatedText: x.escalatedOn ? longDate(x.escalatedOn) : null })),
      issuedLinks: r.issued.map((d) => ({ href: `/programme/${id}/reports/${d}`, text: longDate(d) })),
      issuedToday: r.issued.includes(on),
      canManage: can(ctx.principal.roles, 'programme:manage'),
      done: q.done === 'issued',
    });
  });

  app.post('/programme/:id/report', { config: { access: 'programme:manage' } }, async (request, reply) => {
    const ctx = programmeContext(request, deps.database, deps.clock);
    const { id } = request.params as { id: string };
    const b = (request.body ?? {}) as Record<string, unknown>;
    const on = typeof b.on === 'string' && b.on ? b.on : ctx.today;
    await issueBoardReport(ctx, id, on);
    return reply.redirect(`/programme/${id}/report?on=${on}&done=issued`, 303);
  });

  app.get('/programme/:id/reports/:on', { config: { access: 'programme:read' } }, async (request, reply) => {
    const ctx = programmeContext(request, deps.database, deps.clock);
    const { id, on } = request.params as { id: string; on: string };
    const document = await getIssuedReport(ctx, id, on);
    const q = (request.query ?? {}) as Record<string, unknown>;
    if (q.format === 'pdf')
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="board-report-${on}-as-issued.pdf"`)
        .header('Cache-Control', 'no-store')
        .send(await renderPdf(document, { author: ctx.principal.laName, createdAt: deps.clock() }));
    return reply.page('programme/issued-report.njk', {
      pageTitle: document.title,
      id,
      document,
      onText: longDate(on),
      pdfHref: `/programme/${id}/reports/${on}?format=pdf`,
    });
  });
}
