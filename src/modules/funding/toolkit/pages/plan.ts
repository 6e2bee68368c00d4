import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { downloadLinks, requestedFormat } from '../../../../platform/exports/index.ts';
import { type FieldError, HttpProblem } from '../../../../platform/http/problem.ts';
import { isUuid } from '../../../../platform/kernel/ids.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import type { FundingContext } from '../../context.ts';
import { addPlanLine, changePlanLine, removePlanLine } from '../changes.ts';
import { sendToolkitExport } from '../export.ts';
import { planHead, planRows, toolkitFrame } from '../presenters.ts';
import { getToolkit, type LineView, notTheirs, pupilsToChoose, type Toolkit } from '../service.ts';
import { formValues, pageContext, queryText, refusedFields, type ToolkitDeps, toolkitIds } from './common.ts';
import {
  isPlanLineKind,
  kindItems,
  lineForm,
  newLineForm,
  type PlanLineForm,
  planLineErrors,
  planLineFormView,
  planLineInput,
  readPlanLineForm,
} from './plan-form.ts';

/**
 * The spending plan: its lines against the allocation (a plan beyond it is warned of, not refused:
 * a cluster may plan from its carry-forward), and the host's forms to add, change and remove lines.
 */

const flashes: Record<string, string> = {
  added: 'The line was added to the plan.',
  changed: 'The line was changed.',
  removed: 'The line was removed from the plan.',
};

const chosenSchool = (t: Toolkit, id: string) => t.schools.find((s) => s.establishmentId === id) ?? null;

/** The named pupil's school's pupils, for the host to choose from; none for other kinds of line. */
const pupilsFor = (ctx: FundingContext, t: Toolkit, f: PlanLineForm) =>
  f.values.kind === 'named_pupil' && f.schoolIds[0]
    ? pupilsToChoose(ctx, t.cluster.id, t.pot.id, f.schoolIds[0])
    : Promise.resolve(null);

async function showForm(
  reply: FastifyReply,
  ctx: FundingContext,
  t: Toolkit,
  f: PlanLineForm,
  options: { status: number; line: LineView | null; problems: FieldError[] },
) {
  const view = planLineFormView(t, f, await pupilsFor(ctx, t, f));
  const base = toolkitFrame(t, 'plan', '').base;
  const title = options.line
    ? `Change the line: ${options.line.description}`
    : `Add ${view.kindLabel.toLowerCase()} to the plan`;
  return reply.code(options.status).page('funding/toolkit/plan-line.njk', {
    ...toolkitFrame(t, 'plan', title),
    t,
    ...view,
    ...planLineErrors(options.problems),
    line: options.line,
    action: options.line ? `${base}/plan/${options.line.id}` : `${base}/plan/new`,
    changeSchoolHref: `${options.line ? `${base}/plan/${options.line.id}` : `${base}/plan/new`}?${new URLSearchParams({ kind: 'named_pupil', school: 'choose' })}`,
    removable:
      options.line &&
      options.line.figures.spentPence === 0 &&
      !t.decisions.some((d) => d.planLineId === options.line?.id),
  });
}

/** The host's: not frozen, adopted. Anyone else reads the plan instead. */
function requireChangeable(t: Toolkit) {
  if (!t.standing.canChange)
    throw new HttpProblem(403, 'Forbidden', 'Only the cluster’s host changes its plan.');
  if (!t.adopted || t.frozen)
    throw new HttpProblem(
      409,
      'The plan cannot be changed',
      t.frozen
        ? 'The end-of-year return is submitted: the plan can no longer be changed.'
        : 'Allocations are not yet adopted by the LA: the plan opens once they are.',
    );
}

export async function planPages(app: FastifyInstance, deps: ToolkitDeps) {
  const path = '/cluster-funding/:clusterId/pots/:potId/plan';

  app.get(path, { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId, base } = toolkitIds(request);
    const format = requestedFormat(request.query);
    if (format) return sendToolkitExport(reply, ctx, clusterId, potId, 'plan', format);
    const t = await getToolkit(ctx, clusterId, potId, 'plan');
    const forHost = t.standing.canChange;
    const f = t.figures;
    return reply.page('funding/toolkit/plan.njk', {
      ...toolkitFrame(t, 'plan', 'Spending plan'),
      t,
      head: planHead(forHost),
      rows: planRows(t, forHost),
      overAllocation: f.overAllocationPence > 0 ? penceText(f.overAllocationPence) : null,
      addLinks:
        forHost && t.adopted && !t.frozen
          ? kindItems('').map((k) => ({
              href: `${base}/plan/new?${new URLSearchParams({ kind: k.value })}`,
              text: `Add ${k.text.toLowerCase()}`,
            }))
          : [],
      downloads: downloadLinks(`${base}/plan`),
      flash: flashes[queryText(request, 'saved')],
    });
  });

  app.get(`${path}/new`, { config: { access: 'clusters:host' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId } = toolkitIds(request);
    const t = await getToolkit(ctx, clusterId, potId, 'plan-line-form', () => []);
    requireChangeable(t);
    return askThenShow(request, reply, ctx, t, null);
  });

  app.post(`${path}/new`, { config: { access: 'clusters:host' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId, base } = toolkitIds(request);
    const form = readPlanLineForm(request.body);
    const { input, problems } = planLineInput(form);
    // A box the form could not read is sent empty, which the service refuses too, naming the
    // other boxes it finds wrong: the page lists every mistake at once.
    try {
      await addPlanLine(ctx, clusterId, potId, input);
      if (!problems.length) return reply.redirect(`${base}/plan?saved=added`, 303);
    } catch (err) {
      problems.push(...refusedFields(err));
    }
    const t = await getToolkit(ctx, clusterId, potId, 'plan-line-form', () => []);
    return showForm(reply, ctx, t, form, { status: 400, line: null, problems });
  });

  app.get(`${path}/:lineId`, { config: { access: 'clusters:host' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId } = toolkitIds(request);
    const lineId = (request.params as { lineId: string }).lineId;
    const t = await getToolkit(ctx, clusterId, potId, 'plan-line-form', (k) => [lineOf(k, lineId).childId]);
    requireChangeable(t);
    return askThenShow(request, reply, ctx, t, lineOf(t, lineId));
  });

  app.post(`${path}/:lineId`, { config: { access: 'clusters:host' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId, base } = toolkitIds(request);
    const lineId = (request.params as { lineId: string }).lineId;
    const form = readPlanLineForm(request.body);
    const { input, problems } = planLineInput(form);
    let status = 400;
    try {
      await changePlanLine(ctx, clusterId, potId, lineId, input);
      if (!problems.length) return reply.redirect(`${base}/plan?saved=changed`, 303);
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 409 && err.errors.length) {
        // Someone changed the line first: the form shows it as it now is, to change again.
        status = 409;
        problems.splice(0, problems.length, { field: 'description', message: err.detail ?? err.title });
      } else problems.push(...refusedFields(err));
    }
    const t = await getToolkit(ctx, clusterId, potId, 'plan-line-form', (k) => [lineOf(k, lineId).childId]);
    const line = lineOf(t, lineId);
    return showForm(reply, ctx, t, status === 409 ? lineForm(line) : form, { status, line, problems });
  });

  app.post(`${path}/:lineId/remove`, { config: { access: 'clusters:host' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId, base } = toolkitIds(request);
    const lineId = (request.params as { lineId: string }).lineId;
    const version = Number(formValues(request.body, ['version']).version);
    await removePlanLine(ctx, clusterId, potId, lineId, Number.isInteger(version) ? version : 0);
    return reply.redirect(`${base}/plan?saved=removed`, 303);
  });
}

function lineOf(t: Toolkit, lineId: string): LineView {
  const line = isUuid(lineId) ? t.lines.find((l) => l.id === lineId) : undefined;
  if (!line) throw notTheirs();
  return line;
}

/**
 * A new line asks first what it is for, and a named pupil's line which school the pupil is at, so
 * the pupil is chosen from that school's pupils; then the form. Changing a named pupil's line may
 * choose the school again the same way.
 */
function askThenShow(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: FundingContext,
  t: Toolkit,
  line: LineView | null,
) {
  const kind = line?.kind ?? queryText(request, 'kind');
  const schoolAsked = queryText(request, 'school');
  const base = toolkitFrame(t, 'plan', '').base;
  if (!isPlanLineKind(kind))
    return reply.page('funding/toolkit/choose.njk', {
      ...toolkitFrame(t, 'plan', 'What is the new line for?'),
      t,
      action: `${base}/plan/new`,
      name: 'kind',
      items: kindItems(''),
      hidden: {},
      button: 'Continue',
    });
  const wantsSchool = kind === 'named_pupil' && (schoolAsked !== '' || !line);
  const school = chosenSchool(t, schoolAsked);
  if (kind === 'named_pupil' && wantsSchool && !school)
    return reply.page('funding/toolkit/choose.njk', {
      ...toolkitFrame(t, 'plan', 'Which school is the pupil at?'),
      t,
      action: line ? `${base}/plan/${line.id}` : `${base}/plan/new`,
      name: 'school',
      hint: 'You choose the pupil from the school’s pupils next.',
      items: t.schools.map((s) => ({ value: s.establishmentId, text: s.name })),
      hidden: { kind },
      button: 'Continue',
    });
  const form = line ? lineForm(line) : newLineForm(t, kind, school?.establishmentId ?? null);
  if (line && school) form.schoolIds = [school.establishmentId];
  if (line && school && school.establishmentId !== line.schoolIds[0]) form.values.childId = '';
  return showForm(reply, ctx, t, form, { status: 200, line, problems: [] });
}
