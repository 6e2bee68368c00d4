import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FormValues } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import { longDate } from '../../../../platform/kernel/dates.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import { returnStatusLabels, returnStatusTag, toolkitFrame } from '../presenters.ts';
import { decideReturn, submitReturn } from '../returns.ts';
import { getToolkit, type Toolkit } from '../service.ts';
import {
  formErrors,
  formValues,
  pageContext,
  queryText,
  refusedFields,
  type ToolkitDeps,
  toolkitIds,
} from './common.ts';

/**
 * The end-of-year return: the figures filled from the toolkit, the host's commentary and impact,
 * sent once the year has ended and by its due date; the LA accepts it or sends it back with a
 * reason, and a return sent back can be corrected and sent again. A sent return is frozen.
 */

const flashes: Record<string, string> = {
  submitted: 'The end-of-year return was sent to the LA.',
  accepted: 'The return was accepted.',
  returned: 'The return was sent back to the host.',
};

const eventText: Record<string, string> = {
  submitted: 'Submitted',
  accepted: 'Accepted',
  returned: 'Sent back',
};

function figureRows(t: Toolkit) {
  const sent = t.returned && t.returned.status !== 'returned' ? t.returned : null;
  const f = sent
    ? {
        allocation: sent.allocationPence,
        planned: sent.plannedPence,
        agreed: sent.agreedPence,
        spent: sent.spentPence,
        balance: sent.carryForwardPence,
      }
    : {
        allocation: t.figures.allocationPence ?? 0,
        planned: t.figures.plannedPence,
        agreed: t.figures.agreedPence,
        spent: t.figures.spentPence,
        balance: t.figures.balancePence ?? 0,
      };
  const row = (key: string, pence: number) => ({ key: { text: key }, value: { text: penceText(pence) } });
  return {
    asSent: sent !== null,
    rows: [
      row('Allocation', f.allocation),
      row('Planned', f.planned),
      row('Agreed by the panel', f.agreed),
      row('Spent', f.spent),
      f.balance < 0
        ? { key: { text: 'Overspent' }, value: { text: `${penceText(-f.balance)} more than the allocation` } }
        : row('Balance to carry forward', f.balance),
    ],
  };
}

async function show(
  reply: FastifyReply,
  t: Toolkit,
  values: FormValues,
  status: number,
  problems: FieldError[],
  flash?: string,
) {
  const r = t.returned;
  const canSubmit = t.standing.canChange && t.adopted && t.returnOpen && (!r || r.status === 'returned');
  return reply.code(status).page('funding/toolkit/return.njk', {
    ...toolkitFrame(t, 'return', `End-of-year return for ${t.pot.year.label}`),
    t,
    figures: figureRows(t),
    tag: returnStatusTag(t.returnStatus),
    statusText: returnStatusLabels[t.returnStatus],
    dueText: longDate(t.dueOn),
    yearEndText: longDate(t.pot.year.endsOn),
    events: (r?.events ?? []).map((e) => ({
      text: `${eventText[e.kind]} on ${longDate(e.happenedOn)}${e.byName ? ` by ${e.byName}` : ''}`,
      reason: e.reason,
    })),
    canSubmit,
    waitsForYearEnd: t.standing.canChange && t.adopted && !t.returnOpen,
    canDecide: t.standing.canDecideReturn && r?.status === 'submitted',
    values,
    ...formErrors(problems, ['commentary', 'impact', 'decision', 'reason']),
    flash,
  });
}

const initialValues = (t: Toolkit): FormValues => ({
  commentary: t.returned?.commentary ?? '',
  impact: t.returned?.impact ?? '',
  version: String(t.returned?.version ?? 0),
  decision: '',
  reason: '',
});

export async function returnPages(app: FastifyInstance, deps: ToolkitDeps) {
  const path = '/cluster-funding/:clusterId/pots/:potId/return';

  app.get(path, { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId } = toolkitIds(request);
    const t = await getToolkit(ctx, clusterId, potId, 'return', () => []);
    return show(reply, t, initialValues(t), 200, [], flashes[queryText(request, 'saved')]);
  });

  app.post(path, { config: { access: 'clusters:host' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId, base } = toolkitIds(request);
    const v = formValues(request.body, ['commentary', 'impact', 'version']);
    try {
      await submitReturn(ctx, clusterId, potId, {
        commentary: v.commentary,
        impact: v.impact,
        version: /^\d{1,9}$/.test(v.version ?? '') ? Number(v.version) : undefined,
      });
      return reply.redirect(`${base}/return?saved=submitted`, 303);
    } catch (err) {
      const problems = refusedFields(err);
      const t = await getToolkit(ctx, clusterId, potId, 'return', () => []);
      return show(reply, t, { ...initialValues(t), ...v }, 400, problems);
    }
  });

  app.post(`${path}/decision`, { config: { access: 'finance:manage' } }, async (request, reply) => {
    const ctx = pageContext(request, deps);
    const { clusterId, potId, base } = toolkitIds(request);
    const v = formValues(request.body, ['decision', 'reason', 'version']);
    try {
      await decideReturn(ctx, clusterId, potId, {
        decision: v.decision || undefined,
        reason: v.reason?.trim() ? v.reason : null,
        version: /^\d{1,9}$/.test(v.version ?? '') ? Number(v.version) : undefined,
      });
      return reply.redirect(`${base}/return?saved=${v.decision === 'accept' ? 'accepted' : 'returned'}`, 303);
    } catch (err) {
      const problems = refusedFields(err);
      const t = await getToolkit(ctx, clusterId, potId, 'return', () => []);
      return show(reply, t, { ...initialValues(t), ...v }, 400, problems);
    }
  });
}
