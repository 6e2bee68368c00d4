import type { Tx } from '../../platform/db/tenancy.ts';
import { isUuid } from '../../platform/kernel/ids.ts';
import { audit, type ChildrenContext, findVisible, requireWrite, transaction } from './context.ts';
import { changedFields, staleEdit, staleEditMessage } from './domain/changes.ts';
import {
  type ParentCarerDetails,
  parentCarerDetailFields,
  parentCarerFieldLabels,
} from './domain/parent-carer.ts';
import * as repo from './repo.ts';

/** Use cases for a child's parents and carers: their contact details, preferences and relationship. */

export interface ChildName {
  id: string;
  forename: string;
  surname: string;
}

const noSuchParentCarer = () => new Error('no such parent or carer');

/**
 * The child's previous main contact is no longer one. That is a change to their record too, so
 * it gets a version and is recorded like any other, and a form open on it will be refused.
 */
async function standDownOtherMainContacts(tx: Tx, ctx: ChildrenContext, childId: string, personId: string) {
  const { laCode, userId } = ctx.principal;
  for (const other of await repo.clearOtherMainContacts(tx, laCode, childId, personId)) {
    const version = await repo.bumpPersonVersion(tx, laCode, other);
    const fields = ['mainContact'];
    await repo.recordChange(tx, {
      laCode,
      recordType: 'parent_carer',
      recordId: other,
      version,
      fields,
      userId,
    });
    await audit(tx, ctx, {
      action: 'parent_carer.changed',
      entityType: 'person',
      entityId: other,
      childId,
      detail: { version, fields },
    });
  }
}

export type ParentCarerChange =
  | { ok: true; personId: string }
  | {
      ok: false;
      kind: 'stale';
      message: string;
      changedFields: string[];
      current: repo.ParentCarerRow;
      child: ChildName;
    };

/** A parent or carer of a child, for the change form; the view is recorded against the child. */
export function getParentCarer(ctx: ChildrenContext, childId: string, personId: string) {
  requireWrite(ctx);
  return transaction(ctx, async (tx) => {
    const { row } = await findVisible(tx, ctx, childId);
    if (!isUuid(personId)) return null;
    const parentCarer = await repo.findParentCarer(tx, ctx.principal.laCode, childId, personId);
    if (!parentCarer) return null;
    await audit(tx, ctx, {
      action: 'child.viewed',
      entityType: 'person',
      entityId: personId,
      childId,
      detail: { purpose: 'edit parent or carer' },
    });
    const child: ChildName = { id: row.id, forename: row.forename, surname: row.surname };
    return { child, parentCarer };
  });
}

/** The child's name, for the heading of a form about their parents and carers; the read is audited. */
export function childName(ctx: ChildrenContext, childId: string, purpose: string): Promise<ChildName> {
  requireWrite(ctx);
  return transaction(ctx, async (tx) => {
    const { row } = await findVisible(tx, ctx, childId);
    await audit(tx, ctx, {
      action: 'child.viewed',
      entityType: 'child',
      entityId: childId,
      childId,
      detail: { purpose },
    });
    return { id: row.id, forename: row.forename, surname: row.surname };
  });
}

export function addParentCarer(
  ctx: ChildrenContext,
  childId: string,
  details: ParentCarerDetails,
): Promise<ParentCarerChange> {
  requireWrite(ctx);
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    await findVisible(tx, ctx, childId, true);
    const personId = await repo.insertParentCarer(tx, laCode, childId, details);
    if (details.mainContact) await standDownOtherMainContacts(tx, ctx, childId, personId);
    await audit(tx, ctx, {
      action: 'parent_carer.added',
      entityType: 'person',
      entityId: personId,
      childId,
      detail: { relationship: details.relationship, version: 1 },
    });
    return { ok: true, personId };
  });
}

export function editParentCarer(
  ctx: ChildrenContext,
  childId: string,
  personId: string,
  version: number,
  details: ParentCarerDetails,
): Promise<ParentCarerChange | null> {
  requireWrite(ctx);
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const { row } = await findVisible(tx, ctx, childId, true);
    if (!isUuid(personId)) return null;
    const current = await repo.findParentCarer(tx, laCode, childId, personId, { forUpdate: true });
    if (!current) return null;
    if (version !== current.version) {
      const changes = await repo.changesSince(tx, laCode, 'parent_carer', personId, version);
      const check = staleEdit(version, { version: current.version, changes }, parentCarerDetailFields);
      const fields = check.stale ? check.changedFields : [];
      // The refusal shows the person's details as they are now, so it is audited as a view of them.
      await audit(tx, ctx, {
        action: 'child.change.refused',
        entityType: 'person',
        entityId: personId,
        childId,
        detail: { reason: 'stale', version: current.version, fields },
      });
      return {
        ok: false,
        kind: 'stale',
        changedFields: fields,
        message: staleEditMessage(fields, parentCarerFieldLabels),
        current,
        child: { id: row.id, forename: row.forename, surname: row.surname },
      };
    }
    const changed = changedFields<ParentCarerDetails>(current, details, parentCarerDetailFields);
    if (!changed.length) return { ok: true, personId };
    if (!(await repo.updateParentCarer(tx, laCode, childId, personId, version, details)))
      throw noSuchParentCarer();
    if (details.mainContact) await standDownOtherMainContacts(tx, ctx, childId, personId);
    await repo.recordChange(tx, {
      laCode,
      recordType: 'parent_carer',
      recordId: personId,
      version: version + 1,
      fields: changed,
      userId,
    });
    await audit(tx, ctx, {
      action: 'parent_carer.changed',
      entityType: 'person',
      entityId: personId,
      childId,
      detail: { version: version + 1, fields: changed },
    });
    return { ok: true, personId };
  });
}
