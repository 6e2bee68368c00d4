import type { FastifyInstance, FastifyReply } from 'fastify';
import { downloadLinks, requestedFormat } from '../../../../platform/exports/index.ts';
import type { FormValues } from '../../../../platform/http/forms.ts';
import { type FieldError, HttpProblem } from '../../../../platform/http/problem.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import { recordSpend, removeSpend } from '../changes.ts';
import { sendToolkitExport } from '../export.ts';
import {
  planLineKindLabels,
  spendByLineHead,
  spendByLineRows,
  spendHead,
  spendRows,
  toolkitFrame,
} from '../presenters.ts';
import { getToolkit, type LineView, type Toolkit } from '../service.ts';
import {
  dateIn,
  dateNames,
  dateValues,
  formErrors,
  formValues,
  pageContext,
  poundsIn,
  queryText,
  refusedFields,
  type ToolkitDeps,
  toolkitIds,
} from './common.ts';

/**
 * Spend against the plan, line by line and in all, against the allocation: what is left, and any
 * line or the whole spending more than planned. The host records each payment against a line.
 */

const flashes: Record<string, string> = {
  recorded: 'The spend was recorded.',
  removed: 'The spend was removed.',
};

const names = ['planLineId', 'schoolId', 'amount', 'description', ...dateNames('spentOn')];
const order = ['planLineId', 'schoolId', 'spentOn', 'amount', 'description'];

function requireChangeable(t: Toolkit) {
  if (!t.standing.canChange)
    throw new HttpProblem(403, 'Forbidden', 'Only the cluster’s host records its spend.');
  if (!t.adopted || t.frozen)
    throw new HttpProblem(
      409,
      'No spend can be recorded',
      t.frozen
        ? 'The end-of-year return is submitted: the spend can no longer be changed.'
        : 'Allocations are not yet adopted by the LA: spend is recorded once they are.',
    );
}

function showForm(
  reply: FastifyReply,
  t: Toolkit,
  line: LineView,
  values: FormValues,
  status: number,
  problems: FieldError[],
) {
  const frame = toolkitFrame(t, 'spend', `Record spend on ${line.description}`);
  return reply.code(status).page('funding/toolkit/spend-form.njk', {
    ...frame,
    t,
    line,
    lineText: `${planLineKindLabels[line.kind]}: planned ${penceText(line.plannedPence)}, spent ${penceText(line.figures.spentPence)} so far.`,
    values,
    schoolItems: line.schools.map((s) => ({ value: s.id, text: s.name, checked: values.schoolId === s.id })),
    ...formErrors(problems, order, { ids: { amountPence: 'amount' }, dates: ['spentOn'] }),
    action: `${frame.base}/spend/new`,
  });
}

export async function spendPages(app: FastifyInstance, deps: ToolkitDeps) {
  const path = '/cluster-funding/:clusterId/pots/:potId/spend';

  app.get(path, { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId, base } = toolkitIds(request);
    const format = requestedFormat(request.query);
    if (format) return sendToolkitExport(reply, ctx, clusterId, potId, 'spend', format);
    const t = await getToolkit(ctx, clusterId, potId, 'spend');
    const forHost = t.standing.canChange;
    return reply.page('funding/toolkit/spend.njk', {
      ...toolkitFrame(t, 'spend', 'Spend'),
      t,
      byLineHead: spendByLineHead(forHost),
      byLineRows: spendByLineRows(t, forHost),
      head: spendHead(forHost),
      rows: spendRows(t, forHost, reply.generateCsrf()),
      overspend: t.figures.overspendPence > 0 ? penceText(t.figures.overspendPence) : null,
      downloads: downloadLinks(`${base}/spend`),
      // The plan's download holds each line's planned, spent and left.
      lineDownloads: downloadLinks(`${base}/plan`),
      flash: flashes[queryText(request, 'saved')],
    });
  });

  app.get(`${path}/new`, { config: { access: 'clusters:host' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId, base } = toolkitIds(request);
    const t = await getToolkit(ctx, clusterId, potId, 'spend-form', () => []);
    requireChangeable(t);
    const line = t.lines.find((l) => l.id === queryText(request, 'line'));
    if (!line)
      return reply.page('funding/toolkit/choose.njk', {
        ...toolkitFrame(t, 'spend', 'Which line of the plan was the money spent on?'),
        t,
        action: `${base}/spend/new`,
        name: 'line',
        items: t.lines.map((l) => ({ value: l.id, text: `${planLineKindLabels[l.kind]}: ${l.description}` })),
        hidden: {},
        button: 'Continue',
      });
    const values = {
      planLineId: line.id,
      schoolId: line.schoolIds.length === 1 ? (line.schoolIds[0] ?? '') : '',
      amount: '',
      description: '',
      ...dateValues('spentOn', [ctx.today, t.pot.year.endsOn].sort()[0] ?? ctx.today),
    };
    return showForm(reply, t, line, values, 200, []);
  });

  app.post(`${path}/new`, { config: { access: 'clusters:host' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId, base } = toolkitIds(request);
    const v = formValues(request.body, names);
    const problems: FieldError[] = [];
    const input = {
      planLineId: v.planLineId,
      schoolId: v.schoolId,
      spentOn: dateIn(v, 'spentOn', 'The date spent', problems),
      amountPence: poundsIn(v, 'amount', 'The amount spent', problems),
      description: v.description,
    };
    // A box the form could not read is sent empty, which the service refuses too, naming the
    // other boxes it finds wrong: the page lists every mistake at once.
    try {
      await recordSpend(ctx, clusterId, potId, input);
      if (!problems.length) return reply.redirect(`${base}/spend?saved=recorded`, 303);
    } catch (err) {
      problems.push(...refusedFields(err));
    }
    const t = await getToolkit(ctx, clusterId, potId, 'spend-form', () => []);
    const line = t.lines.find((l) => l.id === v.planLineId);
    if (!line) return reply.redirect(`${base}/spend/new`, 303);
    return showForm(reply, t, line, v, 400, problems);
  });

  app.post(`${path}/:spendId/remove`, { config: { access: 'clusters:host' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId, base } = toolkitIds(request);
    await removeSpend(ctx, clusterId, potId, (request.params as { spendId: string }).spendId);
    return reply.redirect(`${base}/spend?saved=removed`, 303);
  });
}
