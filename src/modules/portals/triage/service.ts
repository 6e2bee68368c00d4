import { notFound } from '../../../platform/http/problem.ts';
import { queueNotification } from '../../../platform/notifications/index.ts';
import { type ChildIdentity, childIdentities } from '../../children/index.ts';
import { audit, authorise, type PortalContext, transaction } from '../context.ts';
import type { Decision } from '../domain/triage.ts';
import * as repo from '../requests/repo.ts';
import { type Change, openEhcRequestFor, updateNotice } from '../requests/service.ts';

/**
 * The LA's triage of requests for help: the queue, oldest first, and the decision on each, which
 * the requester is told of (by a notice that says only that there is news) and reads with its reasons.
 */

export interface QueueItem {
  row: repo.RequestRow;
  child: ChildIdentity | null;
}

export function triageQueue(ctx: PortalContext): Promise<{ waiting: QueueItem[]; recent: QueueItem[] }> {
  authorise(ctx, 'portal:triage');
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const [waiting, recent] = [
      await repo.triageQueue(tx, laCode),
      await repo.recentlyTriaged(tx, laCode, 20),
    ];
    const ids = [
      ...new Set([...waiting, ...recent].map((r) => r.childId).filter((c): c is string => c !== null)),
    ];
    const children = new Map((await childIdentities(tx, laCode, ids)).map((c) => [c.id, c]));
    await audit(tx, ctx, {
      action: 'portal.triage.listed',
      entityType: 'portal_request',
      childId: null,
      childIds: ids,
      detail: { waiting: waiting.length },
    });
    const item = (row: repo.RequestRow) => ({
      row,
      child: row.childId ? (children.get(row.childId) ?? null) : null,
    });
    return { waiting: waiting.map(item), recent: recent.map(item) };
  });
}

/** Decides a request for help waiting in the queue; a stale form (another officer decided first) is refused. */
export function decideRequest(
  ctx: PortalContext,
  id: string,
  decision: Decision,
): Promise<Change<{ ehcRequestId: string | null }>> {
  authorise(ctx, 'portal:triage');
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await repo.findRequest(tx, laCode, id, true) : undefined;
    if (!row?.childId || row.status === 'draft') throw notFound('There is no such request in your LA.');
    if (row.status !== 'triage')
      return {
        ok: false,
        status: 409,
        errors: [
          {
            field: 'outcome',
            message: 'This request has already been decided: reload the page to see what was decided',
          },
        ],
      };
    if (decision.version !== undefined && decision.version !== row.version)
      return {
        ok: false,
        status: 409,
        errors: [
          {
            field: 'outcome',
            message: 'Someone changed this request while you were deciding: reload the page and decide again',
          },
        ],
      };
    let ehcRequestId: string | null = null;
    if (decision.outcome === 'assessment') {
      // The statutory clock started the day the request arrived, not the day it was triaged.
      const opened = await openEhcRequestFor(tx, ctx, row, row.receivedOn ?? ctx.today);
      if (!opened.ok) return opened;
      ehcRequestId = opened.value.ehcRequestId;
    }
    await repo.markDecided(tx, laCode, id, {
      outcome: decision.outcome,
      routedTo: decision.outcome === 'other-service' ? (decision.routedTo ?? null) : null,
      reasons: decision.reasons,
      by: userId,
      at: ctx.now,
      ehcRequestId,
    });
    await audit(tx, ctx, {
      action: 'portal.request.decided',
      entityType: 'portal_request',
      entityId: id,
      childId: row.childId,
      detail: { outcome: decision.outcome, ehcRequestId },
    });
    await queueNotification(tx, {
      laCode,
      kind: 'portals.request-decided',
      toEmail: row.madeByEmail,
      toName: row.madeByName,
      toUserId: row.madeBy,
      subject: `There is an update on your request ${row.reference}`,
      body: updateNotice(row.reference, ctx.publicUrl, id),
      createdBy: userId,
    });
    return { ok: true, value: { ehcRequestId } };
  });
}
