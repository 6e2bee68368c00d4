import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { downloadLinks, requestedFormat, sendExport } from '../../../platform/exports/index.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { firstPerField, parse } from '../../../platform/http/validation.ts';
import { parsePounds, penceText } from '../../../platform/kernel/money.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type SufficiencyContext, sufficiencyContext } from '../context.ts';
import { kindLabels } from './pages.ts';
import type { SiteRow } from './repo.ts';
import { selectBodySchema, selectBodyShape } from './schemas.ts';
import { getSelection, listSiteScenarios, recentSelections, startSelection } from './selection.ts';
import { comparison, rankingTable, rankRowsOf, runView, scenarioRows } from './selection-presenters.ts';
import { listCandidateSites } from './service.ts';

/** Choosing which candidate sites to open: the form, a run's page and its download, and saved scenarios. */

const n = (x: number) => x.toLocaleString('en-GB');
const placesCount = (x: number) => `${n(x)} ${x === 1 ? 'place' : 'places'}`;

type Body = Record<string, unknown>;
const str = (b: Body, k: string) => (typeof b[k] === 'string' ? (b[k] as string).trim().slice(0, 200) : '');
const list = (b: Body, k: string) => {
  const v = b[k];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
};

interface SelectForm {
  choose: string;
  count: string;
  budget: string;
  candidateIds: string[];
  saveName: string;
}

/** The API's body from the form, with the form's own problems. */
function selectBodyOf(f: SelectForm): { body: Record<string, unknown>; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const body: Record<string, unknown> = { candidateIds: f.candidateIds };
  if (f.choose === 'count') {
    const t = f.count.replace(/,/g, '');
    if (!t) problems.push({ field: 'count', message: 'Enter how many sites to choose, from 1 to 20' });
    else body.count = /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
  } else if (f.choose === 'budget') {
    const money = parsePounds(f.budget);
    if ('error' in money) problems.push({ field: 'budgetPounds', message: money.error });
    else body.budgetPounds = money.pence / 100;
  } else
    problems.push({
      field: 'choose',
      message: 'Choose whether to open a number of sites or to keep within a budget',
    });
  if (f.saveName) body.save = { name: f.saveName };
  return { body, problems };
}

/** Where on the form each of the body's fields is. */
function selectFormId(field: string): string {
  if (field === 'budgetPounds') return 'budget';
  if (field === 'save.name' || field === 'save') return 'saveName';
  if (field.startsWith('candidateIds')) return 'candidateIds';
  return field;
}

export async function selectionPages(app: FastifyInstance, deps: ModuleDeps) {
  const access = { config: { access: 'sufficiency:plan' as const } };
  const context = (request: FastifyRequest) => sufficiencyContext(request, deps.database, deps.clock);

  async function showForm(
    reply: FastifyReply,
    ctx: SufficiencyContext,
    status: number,
    form: SelectForm | null,
    errors: FieldError[],
  ) {
    const [sites, runs] = await Promise.all([listCandidateSites(ctx), recentSelections(ctx)]);
    const f = form ?? {
      choose: '',
      count: '',
      budget: '',
      candidateIds: sites.map((s) => s.id),
      saveName: '',
    };
    const fieldError = (id: string) => {
      const e = errors.find((x) => x.field === id);
      return e ? { text: e.message } : false;
    };
    return reply.code(status).page('sufficiency/sites-select.njk', {
      pageTitle: 'Choose which sites to open',
      form: f,
      sites,
      siteItems: sites.map((s: SiteRow) => ({
        value: s.id,
        text: s.name,
        hint: {
          text: `${kindLabels[s.kind]}: ${placesCount(s.places.reduce((t, p) => t + p.places, 0))}${s.capitalCostPence === null ? ', no capital cost given' : `, ${penceText(s.capitalCostPence)}`}`,
        },
        checked: f.candidateIds.includes(s.id),
      })),
      runs: runs.map((j) => ({ id: j.id, status: j.status, message: j.message, at: j.createdAt })),
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError,
    });
  }

  app.get('/sufficiency/sites/select', access, async (request, reply) =>
    showForm(reply, context(request), 200, null, []),
  );

  app.post('/sufficiency/sites/select', access, async (request, reply) => {
    const ctx = context(request);
    const b = (request.body ?? {}) as Body;
    const form: SelectForm = {
      choose: str(b, 'choose'),
      count: str(b, 'count'),
      budget: str(b, 'budget'),
      candidateIds: list(b, 'candidateIds'),
      saveName: str(b, 'saveName'),
    };
    const { body, problems } = selectBodyOf(form);
    // Without a choice of how, the form has said so already; which of count and budget is moot.
    const parsed = parse(form.choose ? selectBodySchema : selectBodyShape, body);
    const shown = (found: FieldError[]) =>
      showForm(
        reply,
        ctx,
        400,
        form,
        firstPerField(found.map((e) => ({ ...e, field: selectFormId(e.field) }))),
      );
    const found = [...problems, ...(parsed.ok ? [] : parsed.errors)];
    if (found.length) return shown(found);
    try {
      const { id } = await startSelection(ctx, body);
      return reply.redirect(`/sufficiency/sites/select/${id}`, 303);
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 422) return shown(err.errors);
      throw err;
    }
  });

  app.get('/sufficiency/sites/select/:id', access, async (request, reply) => {
    const ctx = context(request);
    const { job, result } = await getSelection(ctx, (request.params as { id: string }).id);
    const format = requestedFormat(request.query);
    if (format && result)
      return sendExport(reply, {
        format,
        today: ctx.today,
        table: rankingTable(result),
        pages: async () => ({ rows: rankRowsOf(result) }),
        audit: {
          database: ctx.database,
          actor: ctx,
          action: 'sufficiency.sites.select.exported',
          entityType: 'site_selection',
          filters: { job: job.id },
        },
      });
    return reply.page('sufficiency/sites-run.njk', {
      pageTitle: result ? 'The sites to open' : 'Choosing the sites to open',
      job,
      result,
      ...(result ? runView(result) : {}),
      downloads: downloadLinks(`/sufficiency/sites/select/${job.id}`),
    });
  });

  app.get('/sufficiency/sites/scenarios', access, async (request, reply) => {
    const ctx = context(request);
    const scenarios = await listSiteScenarios(ctx);
    const q = (request.query ?? {}) as Body;
    const a = str(q, 'a');
    const b = str(q, 'b');
    const errors: FieldError[] = [];
    let compared: ReturnType<typeof comparison> | null = null;
    const first = scenarios.find((s) => s.id === a);
    const second = scenarios.find((s) => s.id === b);
    if (a || b) {
      if (!first) errors.push({ field: 'a', message: 'Choose the first scenario to compare' });
      if (!second) errors.push({ field: 'b', message: 'Choose the second scenario to compare' });
      else if (first && first.id === second.id)
        errors.push({ field: 'b', message: 'Choose a different scenario from the first' });
      if (first && second && !errors.length) compared = comparison(first, second);
    }
    const items = (chosen: string) => [
      { value: '', text: 'Choose a scenario' },
      ...scenarios.map((s) => ({ value: s.id, text: s.name, selected: s.id === chosen })),
    ];
    return reply.code(errors.length ? 400 : 200).page('sufficiency/sites-scenarios.njk', {
      pageTitle: 'Saved new-site scenarios',
      scenarios,
      rows: scenarioRows(scenarios),
      firstItems: items(a),
      secondItems: items(b),
      compared,
      names: first && second ? [first.name, second.name] : [],
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (id: string) => {
        const e = errors.find((x) => x.field === id);
        return e ? { text: e.message } : false;
      },
    });
  });
}
