import { notFound } from '../../../platform/http/problem.ts';
import { type ChildIdentity, childIdentities } from '../../children/index.ts';
import { ehcRequestView, type RequestView } from '../../ehc/index.ts';
import { audit, type PortalContext, transaction } from '../context.ts';
import { type FamilyDate, familyDate } from '../domain/progress.ts';
import { requestMessages } from '../ehc/messages.ts';
import type { MessageRow } from '../ehc/repo.ts';
import * as repo from './repo.ts';
import { type Draft, filesWithDescriptions, mayReadRequest } from './service.ts';

/**
 * Following a sent request: what was asked, what the LA decided, and for an assessment request
 * every statutory date with its status in words, the next step and who owes it.
 */

export interface FollowedRequest {
  row: repo.RequestRow;
  child: ChildIdentity;
  files: Draft['files'];
  ehc: { view: RequestView; dates: FamilyDate[] } | null;
  messages: MessageRow[];
}

const uuid = /^[0-9a-f-]{36}$/;

export function followRequest(ctx: PortalContext, id: string): Promise<FollowedRequest> {
  return transaction(ctx, async (tx) => {
    const { laCode } = ctx.principal;
    const row = uuid.test(id) ? await repo.findRequest(tx, laCode, id) : undefined;
    if (!row?.childId || !(await mayReadRequest(tx, ctx, row)))
      throw notFound('There is no request with this link that you can see.');
    const [child] = await childIdentities(tx, laCode, [row.childId]);
    if (!child) throw notFound('There is no request with this link that you can see.');
    const files = await filesWithDescriptions(tx, laCode, row.id);
    let ehc: FollowedRequest['ehc'] = null;
    if (row.ehcRequestId) {
      const view = await ehcRequestView(tx, ctx, row.ehcRequestId, child);
      const subjects = view.state.subjects as Readonly<Record<string, string>>;
      ehc = {
        view,
        dates: view.deadlines.map((d) => familyDate(d, d.subjectId ? (subjects[d.subjectId] ?? null) : null)),
      };
    }
    await audit(tx, ctx, {
      action: 'portal.request.read',
      entityType: 'portal_request',
      entityId: row.id,
      childId: child.id,
      detail: row.ehcRequestId ? { ehcRequestId: row.ehcRequestId } : undefined,
    });
    return { row, child, files, ehc, messages: row.ehcRequestId ? [] : await requestMessages(tx, ctx, row) };
  });
}
