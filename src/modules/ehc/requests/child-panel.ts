import { userNames } from '../../../platform/auth/directory.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import type { Panel } from '../../../platform/module.ts';
import { audit, type EhcContext, transaction } from '../context.ts';
import type { Step } from '../domain/deadlines.ts';
import { referenceOf } from '../domain/reference.ts';
import { type Stage, stageLabels, stepLabels } from '../domain/summary.ts';
import { processKindLabels, provisionLabels } from '../domain/vocabulary.ts';
import * as repo from './repo.ts';

const planStatusLabels: Record<string, string> = {
  draft: 'Draft',
  active: 'Active',
  replaced: 'Replaced by a later plan',
  ceased: 'Ceased',
};

/**
 * A child's EHC requests and plans, for their record: where a request is open the page leads to
 * it rather than offering another; where a plan is active it offers a re-assessment.
 */
export function childPanel(ctx: EhcContext, childId: string, canWrite: boolean): Promise<Panel | null> {
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    if (!isUuid(childId)) return null;
    const requests = await repo.requestsOfChild(tx, laCode, childId);
    const plans = await repo.plansOfChild(tx, laCode, childId);
    const names = await userNames(
      tx,
      requests.map((r) => r.coordinatorId),
    );
    if (requests.length || plans.length)
      await audit(tx, ctx, {
        action: 'ehc.request.listed',
        entityType: 'child',
        entityId: childId,
        childId,
        detail: { view: 'child record', requests: requests.length, plans: plans.length },
      });
    const open = requests.find((r) => r.closedOn === null);
    const active = plans.find((p) => p.status === 'active');
    const action = open
      ? { text: 'Go to the open EHC request', href: `/ehc/requests/${open.id}` }
      : canWrite
        ? active
          ? {
              text: 'Ask for a re-assessment',
              href: `/ehc/requests/new?childId=${childId}&kind=reassessment`,
            }
          : { text: 'Open an EHC request', href: `/ehc/requests/new?childId=${childId}` }
        : null;
    return {
      template: 'ehc/child-panel.njk',
      data: {
        action,
        requests: requests.map((r) => ({
          id: r.id,
          reference: referenceOf(r.id),
          kind: processKindLabels[r.kind as keyof typeof processKindLabels] ?? r.kind,
          receivedOn: r.receivedOn,
          stage: stageLabels[r.stage as Stage] ?? r.stage,
          closedOn: r.closedOn,
          nextDue:
            r.nextDueOn && r.nextDueStep
              ? { on: r.nextDueOn, step: stepLabels[r.nextDueStep as Step] ?? r.nextDueStep }
              : null,
          overdue: r.closedOn === null && r.nextDueOn !== null && r.nextDueOn < ctx.today,
          coordinator: r.coordinatorId ? (names.get(r.coordinatorId) ?? null) : null,
        })),
        review: active
          ? {
              href: `/ehc/plans/${active.id}/review`,
              dueOn: active.nextReviewDue,
              overdue: active.nextReviewDue !== null && active.nextReviewDue < ctx.today,
              phaseTransferDeadline: active.phaseTransferDeadline,
            }
          : null,
        transferOut: canWrite && (active || open) ? `/ehc/children/${childId}/transfer-out` : null,
        plans: plans.map((p) => ({
          status: planStatusLabels[p.status] ?? p.status,
          active: p.status === 'active',
          issuedOn: p.issuedOn,
          endedOn: p.endedOn,
          placement: p.settingName
            ? `${p.settingName} (${provisionLabels[p.provision as keyof typeof provisionLabels] ?? p.provision})`
            : null,
          requestId: p.requestId,
        })),
      },
    };
  });
}
