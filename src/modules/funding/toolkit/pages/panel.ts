import type { FastifyInstance, FastifyReply } from 'fastify';
import { downloadLinks, requestedFormat } from '../../../../platform/exports/index.ts';
import { type FieldError, HttpProblem } from '../../../../platform/http/problem.ts';
import type { FundingContext } from '../../context.ts';
import { recordDecision } from '../changes.ts';
import { sendToolkitExport } from '../export.ts';
import { decisionHead, decisionRows, toolkitFrame } from '../presenters.ts';
import { getToolkit, pupilsToChoose, type Toolkit } from '../service.ts';
import { pageContext, queryText, refusedFields, type ToolkitDeps, toolkitIds } from './common.ts';
import {
  type DecisionForm,
  decisionErrors,
  decisionFormView,
  decisionInput,
  newDecisionForm,
  readDecisionForm,
} from './panel-form.ts';

/**
 * The panel's decisions, recorded by the host with the heads present: each request, what was
 * decided and why. A panel with fewer than half the cluster's heads present is inquorate, and its
 * decision is refused saying how many were there and how many were needed.
 */

const flashes: Record<string, string> = { recorded: 'The panel’s decision was recorded.' };

async function showForm(
  reply: FastifyReply,
  ctx: FundingContext,
  t: Toolkit,
  f: DecisionForm,
  status: number,
  problems: FieldError[],
) {
  const pupils = await pupilsToChoose(ctx, t.cluster.id, t.pot.id, f.values.schoolId ?? '');
  const frame = toolkitFrame(t, 'panel', `Record a panel decision on ${pupils.school.name}’s request`);
  return reply.code(status).page('funding/toolkit/decision.njk', {
    ...frame,
    t,
    ...decisionFormView(t, f, pupils.pupils),
    ...decisionErrors(problems),
    action: `${frame.base}/panel/new`,
    changeSchoolHref: `${frame.base}/panel/new`,
  });
}

function requireChangeable(t: Toolkit) {
  if (!t.standing.canChange)
    throw new HttpProblem(403, 'Forbidden', 'Only the cluster’s host records its panel’s decisions.');
  if (!t.adopted || t.frozen)
    throw new HttpProblem(
      409,
      'No decision can be recorded',
      t.frozen
        ? 'The end-of-year return is submitted: the panel’s decisions can no longer be changed.'
        : 'Allocations are not yet adopted by the LA: the panel’s decisions are recorded once they are.',
    );
}

export async function panelPages(app: FastifyInstance, deps: ToolkitDeps) {
  const path = '/cluster-funding/:clusterId/pots/:potId/panel';

  app.get(path, { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId, base } = toolkitIds(request);
    const format = requestedFormat(request.query);
    if (format) return sendToolkitExport(reply, ctx, clusterId, potId, 'panel', format);
    const t = await getToolkit(ctx, clusterId, potId, 'panel');
    return reply.page('funding/toolkit/panel.njk', {
      ...toolkitFrame(t, 'panel', 'Panel decisions'),
      t,
      head: decisionHead,
      rows: decisionRows(t),
      canRecord: t.standing.canChange && t.adopted && !t.frozen,
      newHref: `${base}/panel/new`,
      downloads: downloadLinks(`${base}/panel`),
      flash: flashes[queryText(request, 'saved')],
    });
  });

  app.get(`${path}/new`, { config: { access: 'clusters:host' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId, base } = toolkitIds(request);
    const t = await getToolkit(ctx, clusterId, potId, 'panel-form', () => []);
    requireChangeable(t);
    const school = t.schools.find((s) => s.establishmentId === queryText(request, 'school'));
    if (!school)
      return reply.page('funding/toolkit/choose.njk', {
        ...toolkitFrame(t, 'panel', 'Which school made the request?'),
        t,
        action: `${base}/panel/new`,
        name: 'school',
        hint: 'If the request is about a pupil, you choose them from the school’s pupils next.',
        items: t.schools.map((s) => ({ value: s.establishmentId, text: s.name })),
        hidden: {},
        button: 'Continue',
      });
    return showForm(reply, ctx, t, newDecisionForm(ctx.today, school.establishmentId), 200, []);
  });

  app.post(`${path}/new`, { config: { access: 'clusters:host' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId, base } = toolkitIds(request);
    const form = readDecisionForm(request.body);
    const { input, problems } = decisionInput(form);
    // A box the form could not read is sent empty, which the service refuses too, naming the
    // other boxes it finds wrong: the page lists every mistake at once.
    try {
      await recordDecision(ctx, clusterId, potId, input);
      if (!problems.length) return reply.redirect(`${base}/panel?saved=recorded`, 303);
    } catch (err) {
      problems.push(...refusedFields(err));
    }
    const t = await getToolkit(ctx, clusterId, potId, 'panel-form', () => []);
    if (!t.schools.some((s) => s.establishmentId === form.values.schoolId))
      return reply.redirect(`${base}/panel/new`, 303);
    return showForm(reply, ctx, t, form, 400, problems);
  });
}
