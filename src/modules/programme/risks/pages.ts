import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import {
  downloadLinks,
  type ExportTable,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import { dateFromParts } from '../../../platform/http/forms.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, firstPerField, parse } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type ProgrammeContext, programmeContext } from '../context.ts';
import { riskDue, riskLevel, riskLevelLabels, riskScore } from '../domain/risks.ts';
import { getProgramme, type ProgrammeView } from '../structure/service.ts';
import type { RiskRow } from './repo.ts';
import { riskChangeSchema, riskSchema } from './schemas.ts';
import { addRisk, changeRisk, listProgrammeRisks } from './service.ts';

/** The risks and issues log: the list, most serious first, and the form that adds or changes one. */

type Body = Record<string, unknown>;
const str = (b: Body, k: string) => (typeof b[k] === 'string' ? (b[k] as string).trim().slice(0, 2000) : '');
const levelTag = {
  low: 'govuk-tag--green',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--orange',
  'very-high': 'govuk-tag--red',
};

const riskTable = (projectName: (id: string | null) => string): ExportTable<RiskRow> => ({
  fileStem: 'programme-risks-and-issues',
  sheetTitle: 'Risks and issues',
  columns: [
    { heading: 'Ref', kind: 'text', value: (r) => r.ref },
    { heading: 'Risk or issue', kind: 'text', value: (r) => (r.kind === 'risk' ? 'Risk' : 'Issue') },
    { heading: 'Title', kind: 'text', width: 40, value: (r) => r.title },
    { heading: 'Project', kind: 'text', width: 36, value: (r) => projectName(r.projectId) },
    { heading: 'Likelihood', kind: 'integer', value: (r) => r.likelihood },
    { heading: 'Impact', kind: 'integer', value: (r) => r.impact },
    { heading: 'Score', kind: 'integer', value: (r) => riskScore(r.likelihood, r.impact) },
    { heading: 'Owner', kind: 'text', width: 24, value: (r) => r.ownerName },
    { heading: 'Mitigation', kind: 'text', width: 50, value: (r) => r.mitigation },
    { heading: 'Review by', kind: 'date', value: (r) => r.reviewOn },
    { heading: 'Escalated to the board', kind: 'date', value: (r) => r.escalatedOn },
    { heading: 'Status', kind: 'text', value: (r) => (r.status === 'open' ? 'Open' : 'Closed') },
  ],
});

interface RiskForm {
  kind: string;
  projectId: string;
  title: string;
  description: string;
  likelihood: string;
  impact: string;
  ownerName: string;
  mitigation: string;
  review: { day: string; month: string; year: string };
  escalated: boolean;
  status: string;
  version: string;
}

const formOfRisk = (r: RiskRow | null): RiskForm => ({
  kind: r?.kind ?? '',
  projectId: r?.projectId ?? '',
  title: r?.title ?? '',
  description: r?.description ?? '',
  likelihood: r ? String(r.likelihood) : '',
  impact: r ? String(r.impact) : '',
  ownerName: r?.ownerName ?? '',
  mitigation: r?.mitigation ?? '',
  review: r
    ? {
        day: String(Number(r.reviewOn.slice(8))),
        month: String(Number(r.reviewOn.slice(5, 7))),
        year: r.reviewOn.slice(0, 4),
      }
    : { day: '', month: '', year: '' },
  escalated: Boolean(r?.escalatedOn),
  status: r?.status ?? 'open',
  version: r ? String(r.version) : '',
});

const formOfBody = (b: Body): RiskForm => ({
  kind: str(b, 'kind'),
  projectId: str(b, 'projectId'),
  title: str(b, 'title'),
  description: str(b, 'description'),
  likelihood: str(b, 'likelihood'),
  impact: str(b, 'impact'),
  ownerName: str(b, 'ownerName'),
  mitigation: str(b, 'mitigation'),
  review: { day: str(b, 'reviewOn-day'), month: str(b, 'reviewOn-month'), year: str(b, 'reviewOn-year') },
  escalated: str(b, 'escalated') === 'yes',
  status: str(b, 'status') || 'open',
  version: str(b, 'version'),
});

function bodyOf(f: RiskForm): { body: Record<string, unknown>; problems: FieldError[] } {
  const d = dateFromParts('The review date', f.review.day, f.review.month, f.review.year);
  const problems: FieldError[] = d.ok
    ? d.value
      ? []
      : [{ field: 'reviewOn', message: 'Enter the date it is next reviewed' }]
    : [{ field: 'reviewOn', message: d.message }];
  const n = (v: string) => (/^\d+$/.test(v) ? Number(v) : undefined);
  return {
    body: {
      kind: f.kind,
      projectId: f.projectId || null,
      title: f.title,
      description: f.description || null,
      likelihood: n(f.likelihood),
      impact: n(f.impact),
      ownerName: f.ownerName,
      mitigation: f.mitigation,
      reviewOn: d.ok ? d.value : undefined,
      escalated: f.escalated,
      status: f.status,
      ...(f.version ? { version: Number(f.version) } : {}),
    },
    problems,
  };
}

const fieldId = (f: string) => (f === 'reviewOn' ? 'reviewOn-day' : f);

export async function riskPages(app: FastifyInstance, deps: ModuleDeps) {
  const context = (request: FastifyRequest) => programmeContext(request, deps.database, deps.clock);
  const programmeOf = async (ctx: ProgrammeContext, id: string): Promise<ProgrammeView> => {
    const v = await getProgramme(ctx, id);
    if (!v) throw new HttpProblem(404, 'Not Found', 'There is no such programme in your LA.');
    return v;
  };

  app.get('/programme/:id/risks', { config: { access: 'programme:read' } }, async (request, reply) => {
    const ctx = context(request);
    const { id } = request.params as { id: string };
    const v = await programmeOf(ctx, id);
    const all = await listProgrammeRisks(ctx, id);
    const q = (request.query ?? {}) as Record<string, unknown>;
    const showClosed = q.show === 'all';
    const risks = showClosed ? all : all.filter((r) => r.status === 'open');
    const projectName = (pid: string | null) =>
      v.projects.find((p) => p.id === pid)?.name ?? 'The whole programme';
    const format = requestedFormat(request.query);
    if (format)
      return sendExport(reply, {
        format,
        today: ctx.today,
        table: riskTable(projectName),
        pages: async () => ({ rows: risks }),
        audit: {
          database: ctx.database,
          actor: ctx,
          action: 'programme.risks.exported',
          entityType: 'programme',
          filters: { programme: id, show: showClosed ? 'all' : 'open' },
        },
      });
    const canManage = can(ctx.principal.roles, 'programme:manage');
    const due = all.map((r) => ({ r, due: riskDue(r, ctx.today) }));
    return reply.page('programme/risks.njk', {
      pageTitle: 'Risks and issues',
      v,
      showClosed,
      toEscalate: due.filter((x) => x.due.escalate).map((x) => `${x.r.ref} ${x.r.title}`),
      toReview: due
        .filter((x) => x.due.review)
        .map((x) => `${x.r.ref} ${x.r.title} (due ${longDate(x.r.reviewOn)})`),
      rows: risks.map((r) => {
        const score = riskScore(r.likelihood, r.impact);
        const level = riskLevel(score);
        return [
          { text: r.ref },
          {
            html: `${canManage ? `<a class="govuk-link" href="/programme/${id}/risks/${r.id}/edit">${escapeHtml(r.title)}</a>` : escapeHtml(r.title)}<br><span class="govuk-body-s">${escapeHtml(projectName(r.projectId))}</span>`,
          },
          { text: `${r.likelihood} × ${r.impact}`, format: 'numeric' },
          {
            html: `<strong class="govuk-tag ${levelTag[level]}">${score} ${riskLevelLabels[level].toLowerCase()}</strong>`,
          },
          { text: r.ownerName },
          { text: r.mitigation },
          { text: longDate(r.reviewOn) },
          {
            text:
              r.status === 'closed'
                ? `Closed ${longDate(r.closedOn ?? r.reviewOn)}`
                : r.escalatedOn
                  ? `Escalated ${longDate(r.escalatedOn)}`
                  : 'Open',
          },
        ];
      }),
      downloads: downloadLinks(`/programme/${id}/risks${showClosed ? '?show=all' : ''}`),
      canManage,
    });
  });

  function show(
    reply: FastifyReply,
    v: ProgrammeView,
    risk: RiskRow | null,
    form: RiskForm,
    status: number,
    errors: FieldError[],
  ) {
    const shown = errors.map((e) => ({ ...e, field: fieldId(e.field) }));
    const scale = (chosen: string) =>
      [1, 2, 3, 4, 5].map((n) => ({
        value: String(n),
        text: String(n),
        hint: { text: ['Very low', 'Low', 'Medium', 'High', 'Very high'][n - 1] ?? '' },
        checked: String(n) === chosen,
      }));
    return reply.code(status).page('programme/risk-form.njk', {
      pageTitle: risk ? `Change ${risk.ref}: ${risk.title}` : 'Add a risk or issue',
      v,
      risk,
      form,
      action: risk
        ? `/programme/${v.programme.id}/risks/${risk.id}/edit`
        : `/programme/${v.programme.id}/risks/new`,
      projectItems: [
        { value: '', text: 'The whole programme' },
        ...v.projects.map((p) => ({ value: p.id, text: p.name, selected: p.id === form.projectId })),
      ],
      likelihoodItems: scale(form.likelihood),
      impactItems: scale(form.impact),
      errors: shown.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(shown, f),
    });
  }

  async function save(request: FastifyRequest, reply: FastifyReply) {
    const ctx = context(request);
    const { id, riskId } = request.params as { id: string; riskId?: string };
    const v = await programmeOf(ctx, id);
    const risk = riskId ? ((await listProgrammeRisks(ctx, id)).find((r) => r.id === riskId) ?? null) : null;
    if (riskId && !risk)
      throw new HttpProblem(404, 'Not Found', 'There is no such risk or issue in this programme.');
    const form = formOfBody((request.body ?? {}) as Body);
    const { body, problems } = bodyOf(form);
    const parsed = parse(risk ? riskChangeSchema : riskSchema, body);
    const found = firstPerField([...problems, ...(parsed.ok ? [] : parsed.errors)]);
    if (found.length) return show(reply, v, risk, form, 400, found);
    try {
      if (risk) await changeRisk(ctx, id, risk.id, body);
      else await addRisk(ctx, id, body);
    } catch (err) {
      if (!(err instanceof HttpProblem) || (err.status !== 422 && err.status !== 409)) throw err;
      return show(
        reply,
        v,
        risk,
        form,
        err.status,
        err.status === 409 ? [{ field: 'kind', message: err.detail ?? err.title }] : err.errors,
      );
    }
    return reply.redirect(`/programme/${id}/risks`, 303);
  }

  const manage = { config: { access: 'programme:manage' as const } };
  app.get('/programme/:id/risks/new', manage, async (request, reply) =>
    show(
      reply,
      await programmeOf(context(request), (request.params as { id: string }).id),
      null,
      formOfRisk(null),
      200,
      [],
    ),
  );
  app.post('/programme/:id/risks/new', manage, save);
  app.get('/programme/:id/risks/:riskId/edit', manage, async (request, reply) => {
    const ctx = context(request);
    const { id, riskId } = request.params as { id: string; riskId: string };
    const risk = (await listProgrammeRisks(ctx, id)).find((r) => r.id === riskId);
    if (!risk) throw new HttpProblem(404, 'Not Found', 'There is no such risk or issue in this programme.');
    return show(reply, await programmeOf(ctx, id), risk, formOfRisk(risk), 200, []);
  });
  app.post('/programme/:id/risks/:riskId/edit', manage, save);
}
