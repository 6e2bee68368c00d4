import { userNames } from '../../platform/auth/directory.ts';
import { audit, type ChildrenContext, findVisible, requireWrite, transaction } from './context.ts';
import type { IsoDate } from './domain/dates.ts';
import {
  type Capacity,
  type CapacityInput,
  compulsorySchoolAgeEnds,
  type DecisionMaker,
  decisionMakerOn,
  decisionsPassToYoungPersonOn,
} from './domain/decisions.ts';
import type { FieldProblem } from './domain/problems.ts';
import { contactsVisible } from './domain/scope.ts';
import * as repo from './repo.ts';

/** Who makes decisions about a young person's special educational needs, and their capacity to. */

export interface Decisions {
  child: { id: string; forename: string; surname: string; dateOfBirth: IsoDate };
  compulsorySchoolAgeEnds: IsoDate;
  passesToYoungPersonOn: IsoDate;
  capacity: (Capacity & { version: number; updatedAt: Date; updatedBy: string | null }) | null;
  /** The people recorded for the child, any of whom may act for a young person who lacks capacity. */
  people: { id: string; name: string; relationship: string }[];
  today: DecisionMaker;
}

/** The young person's decisions and capacity as recorded; the read is audited against the child. */
export function decisionsOf(ctx: ChildrenContext, childId: string): Promise<Decisions> {
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const { row, scope } = await findVisible(tx, ctx, childId);
    const capacity = await repo.capacityOf(tx, laCode, childId);
    // Whoever may see the child's contacts on their record may see them here, and no one else.
    const shown = contactsVisible(scope, row);
    const people =
      shown === 'none'
        ? []
        : await repo.parentCarersOf(tx, laCode, childId, shown === 'own' ? ctx.principal.userId : undefined);
    const names = capacity?.updatedBy ? await userNames(tx, [capacity.updatedBy]) : new Map();
    await audit(tx, ctx, {
      action: 'child.viewed',
      entityType: 'child',
      entityId: childId,
      childId,
      detail: { purpose: 'decisions and capacity' },
    });
    return {
      child: { id: row.id, forename: row.forename, surname: row.surname, dateOfBirth: row.dateOfBirth },
      compulsorySchoolAgeEnds: compulsorySchoolAgeEnds(row.dateOfBirth),
      passesToYoungPersonOn: decisionsPassToYoungPersonOn(row.dateOfBirth),
      capacity: capacity
        ? { ...capacity, updatedBy: capacity.updatedBy ? (names.get(capacity.updatedBy) ?? null) : null }
        : null,
      people: people.map((p) => ({
        id: p.id,
        name: `${p.forename} ${p.surname}`,
        relationship: p.relationship,
      })),
      today: decisionMakerOn(row.dateOfBirth, ctx.today, capacity ?? null),
    };
  });
}

export type CapacityChange =
  | { ok: true; version: number }
  | { ok: false; status: 409 | 422; errors: FieldProblem[] };

/**
 * Records whether the young person lacks capacity and who acts for them. The person acting must be
 * one recorded for the child; a record changed since it was read is refused, not overwritten. A
 * refusal speaks of the child's record as it is (who is recorded for them, whether it changed), so
 * it is audited.
 */
export function recordCapacity(
  ctx: ChildrenContext,
  childId: string,
  input: CapacityInput,
): Promise<CapacityChange> {
  requireWrite(ctx);
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    await findVisible(tx, ctx, childId, true);
    const refuse = async (refusal: Extract<CapacityChange, { ok: false }>) => {
      await audit(tx, ctx, {
        action: 'child.change.refused',
        entityType: 'child',
        entityId: childId,
        childId,
        detail: { record: 'capacity', status: refusal.status, fields: refusal.errors.map((e) => e.field) },
      });
      return refusal;
    };
    if (input.assessedOn > ctx.today)
      return refuse({
        ok: false,
        status: 422,
        errors: [{ field: 'assessedOn', message: 'The date capacity was assessed cannot be in the future' }],
      });
    const people = await repo.parentCarersOf(tx, laCode, childId);
    if (input.lacksCapacity && !people.some((p) => p.id === input.actingPersonId))
      return refuse({
        ok: false,
        status: 422,
        errors: [
          {
            field: 'actingPersonId',
            message:
              'The person acting must be recorded for the child: add them under parents and carers first (a deputy or attorney as "other")',
          },
        ],
      });
    const before = await repo.capacityOf(tx, laCode, childId);
    const capacity: Capacity = {
      lacksCapacity: input.lacksCapacity,
      assessedOn: input.assessedOn,
      actingPersonId: input.lacksCapacity ? input.actingPersonId : null,
      actingAs: input.lacksCapacity ? input.actingAs : null,
      notes: input.notes,
    };
    const version = await repo.saveCapacity(tx, laCode, childId, capacity, input.version, userId);
    if (version === undefined)
      return refuse({
        ok: false,
        status: 409,
        errors: [
          {
            field: 'version',
            message:
              'Someone else changed the record of capacity after you opened it, so your change has not been saved. Check it as it is now and make your change again',
          },
        ],
      });
    const { version: _v, updatedAt: _a, updatedBy: _b, ...was } = before ?? {};
    await audit(tx, ctx, {
      action: 'child.capacity.changed',
      entityType: 'child',
      entityId: childId,
      childId,
      detail: { version, before: before ? was : null, after: capacity },
    });
    return { ok: true, version };
  });
}
