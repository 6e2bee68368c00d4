import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormValues } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import type { ModuleDeps } from '../../../../platform/module.ts';
import { type PlacementsContext, placementsContext } from '../../context.ts';
import { placementTypeLabels } from '../../domain/labels.ts';
import {
  approvalView,
  childNameOf,
  costByYear,
  costLineRow,
  pageErrors,
  placementSummaryRows,
  statusTag,
} from '../presenters.ts';
import { decideApproval, getPlacement, staffNames, topUpBandsFor } from '../service.ts';
import { may, placementIdOf, postedValues, refusalOf } from './common.ts';
import { approvalFromForm, approvalNames, mergeProblems, versionFrom } from './forms.ts';

/** One placement: what it is, its cost lines, what it costs each year, and approval when it waits for one. */

const flashes: Record<string, string> = {
  added: 'The placement has been added.',
  changed: 'The placement’s dates and attendance have been saved.',
  'line-added': 'The cost line has been added.',
  'line-ended': 'The cost line has been ended.',
  'line-removed': 'The cost line has been removed.',
  approved: 'The placement has been approved. It now counts as committed.',
  rejected: 'The placement has been recorded as not approved, with your reason.',
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
      summaryRows: placementSummaryRows(p, names, canWrite),
      costLines: p.costLines.map((l) => costLineRow(p.id, l, bands)),
      byYear: costByYear(p.byFinancialYear),
      approval: approvalView(p, c.principal.userId, may(request, 'placements:approve'), c.today),
      canWrite,
      values: form.values,
      ...pageErrors(form.problems, String),
    });
  }

  app.get('/placements/:id', { config: { access: 'placements:read' } }, async (request, reply) =>
    show(request, reply, ctx(request), placementIdOf(request), { status: 200, values: {}, problems: [] }),
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
