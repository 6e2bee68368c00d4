import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormValues } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import { parse } from '../../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../../platform/module.ts';
import { type PlacementsContext, placementsContext } from '../../context.ts';
import { placementTypeLabels } from '../../domain/labels.ts';
import { placementConfirmationSchema } from '../../domain/placement-input.ts';
import {
  approvalView,
  childNameOf,
  costByYear,
  costLineRow,
  pageErrors,
  placementSummaryRows,
  planConfirmations,
  statusTag,
} from '../presenters.ts';
import { confirmPlacement, decideApproval, getPlacement, staffNames, topUpBandsFor } from '../service.ts';
import { may, placementIdOf, postedValues, refusalOf } from './common.ts';
import {
  approvalFromForm,
  approvalNames,
  confirmationFromForm,
  confirmationNames,
  mergeProblems,
  versionFrom,
} from './forms.ts';

/** One placement: what it is, its cost lines, what it costs each year, and approval when it waits for one. */

const flashes: Record<string, string> = {
  added: 'The placement has been added.',
  changed: 'The placement’s dates and attendance have been saved.',
  'line-added': 'The cost line has been added.',
  'line-ended': 'The cost line has been ended.',
  'line-removed': 'The cost line has been removed.',
  approved: 'The placement has been approved. It now counts as committed.',
  rejected: 'The placement has been recorded as not approved, with your reason.',
  'type-confirmed':
    'The placement’s type has been confirmed, with the place funding the DfE’s rules give it.',
  'costs-confirmed':
    'The placement’s costs are confirmed. The forecast now counts what its cost lines commit.',
  'plan-change-checked': 'The placement is no longer flagged for the change to its EHC plan.',
};

export async function placementPages(app: FastifyInstance, deps: ModuleDeps) {
  const ctx = (request: FastifyRequest) => placementsContext(request, deps.database, deps.clock);

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    c: PlacementsContext,
    id: string,
    form: { status: number; values: FormValues; problems: FieldError[] },
  ) {
    const p = await getPlacement(c, id);
    const names = await staffNames(c, [p.enteredBy, p.approvalDecidedBy]);
    const bands = await topUpBandsFor(c, p.type);
    const canWrite = may(request, 'placements:write');
    const saved = String((request.query as { saved?: unknown }).saved ?? '');
    const flash = flashes[saved];
    const childName = childNameOf(p);
    return reply.code(form.status).page('placements/placement.njk', {
      pageTitle: `${childName}: ${p.setting.name}`,
      placement: { id: p.id, version: p.version, childId: p.childId, settingName: p.setting.name },
      childName,
      typeLabel: placementTypeLabels[p.type],
      status: statusTag(p.approval),
      flash:
        flash && saved !== 'approved' && saved !== 'rejected' && p.approval === 'awaiting'
          ? `${flash} It costs more than the approval threshold, so it waits for a finance approver who did not enter it.`
          : flash,
      summaryRows: placementSummaryRows(p, names, canWrite, c.today),
      costLines: p.costLines.map((l) => costLineRow(p.id, l, bands)),
      byYear: costByYear(p.byFinancialYear),
      approval: approvalView(p, c.principal.userId, may(request, 'placements:approve'), c.today),
      fromPlan: planConfirmations(p, form.values),
      canWrite,
      values: form.values,
      ...pageErrors(form.problems, (field) =>
        ['confirm', 'costsComplete', 'planChangeChecked'].includes(field) ? 'from-plan' : field,
      ),
    });
  }

  app.get('/placements/:id', { config: { access: 'placements:read' } }, async (request, reply) =>
    show(request, reply, ctx(request), placementIdOf(request), { status: 200, values: {}, problems: [] }),
  );

  app.post(
    '/placements/:id/confirmation',
    { config: { access: 'placements:write' } },
    async (request, reply) => {
      const c = ctx(request);
      const id = placementIdOf(request);
      const values = postedValues(request.body, confirmationNames);
      const version = versionFrom(values);
      const { body, problems } = confirmationFromForm(values);
      const toPage = (errors: readonly FieldError[]) =>
        errors.map((e) => (e.field === 'version' ? { ...e, field: 'placement' } : e));
      const order = ['placement', 'confirm', 'type', 'providerName', 'costsComplete', 'planChangeChecked'];
      const parsed =
        body && !('problem' in version)
          ? parse(placementConfirmationSchema, { ...body, version: version.version })
          : null;
      if ('problem' in version || !parsed?.ok)
        return show(request, reply, c, id, {
          status: 400,
          values,
          problems: mergeProblems(
            toPage(problems),
            [
              ...('problem' in version ? toPage([version.problem]) : []),
              ...(parsed && !parsed.ok ? parsed.errors : []),
            ],
            order,
          ),
        });
      try {
        await confirmPlacement(c, id, parsed.data);
      } catch (err) {
        const refused = refusalOf(err, 'confirm');
        if (!refused) throw err;
        const status = (err as { status: number }).status;
        return show(request, reply, c, id, {
          status: status === 409 ? 409 : 400,
          values,
          problems: mergeProblems([], toPage(refused), order),
        });
      }
      const saved = {
        type: 'type-confirmed',
        costs: 'costs-confirmed',
        'plan-change': 'plan-change-checked',
      };
      return reply.redirect(`/placements/${id}?saved=${saved[values.confirm as keyof typeof saved]}`, 303);
    },
  );

  app.post(
    '/placements/:id/approval',
    { config: { access: 'placements:approve' } },
    async (request, reply) => {
      const c = ctx(request);
      const id = placementIdOf(request);
      const values = postedValues(request.body, approvalNames);
      const { decision, note, problems } = approvalFromForm(values);
      const version = versionFrom(values);
      const toPage = (errors: readonly FieldError[]) =>
        errors.map((e) => (e.field === 'version' ? { ...e, field: 'placement' } : e));
      const order = ['placement', 'decision', 'note'];
      if ('problem' in version || !decision || problems.length)
        return show(request, reply, c, id, {
          status: 400,
          values,
          problems: mergeProblems(
            toPage(problems),
            'problem' in version ? toPage([version.problem]) : [],
            order,
          ),
        });
      try {
        await decideApproval(c, id, { version: version.version, decision, note });
      } catch (err) {
        const refused = refusalOf(err, 'decision');
        if (!refused) throw err;
        const status = (err as { status: number }).status;
        return show(request, reply, c, id, {
          status: status === 409 ? 409 : status === 403 ? 403 : 400,
          values,
          problems: mergeProblems([], toPage(refused), order),
        });
      }
      return reply.redirect(
        `/placements/${id}?saved=${decision === 'approve' ? 'approved' : 'rejected'}`,
        303,
      );
    },
  );
}
