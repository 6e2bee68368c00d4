import { auditListing } from '../../../platform/audit/index.ts';
import { HttpProblem, notFound, unprocessable } from '../../../platform/http/problem.ts';
import { parseOrThrow } from '../../../platform/http/validation.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { childIdentities, childWithUpn } from '../../children/index.ts';
import { audit, authorise, type SufficiencyContext, transaction } from '../context.ts';
import { waitFigures } from './domain/waits.ts';
import * as repo from './repo.ts';
import { endWaitSchema, newWaitSchema } from './schemas.ts';

/** The children waiting for a specialist place: the SEND team's list, added to and ended by it. */

export interface ListedWait extends repo.WaitRow {
  name: string;
  upn: string | null;
  dateOfBirth: string;
  daysWaiting: number;
  daysLate: number;
}

/** Every open wait with who the child is, longest waiting first; the listing names each child, so it is recorded. */
export async function listWaits(
  ctx: SufficiencyContext,
  purpose: 'page' | 'api' | 'export',
): Promise<ListedWait[]> {
  authorise(ctx, 'sufficiency:children');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const waits = await repo.openWaits(tx, laCode);
    const who = new Map(
      (
        await childIdentities(
          tx,
          laCode,
          waits.map((w) => w.childId),
        )
      ).map((c) => [c.id, c]),
    );
    await auditListing(tx, ctx, {
      action: 'sufficiency.waiting.listed',
      entityType: 'place_wait',
      childIds: waits.map((w) => w.childId),
      detail: { view: purpose },
    });
    return waits.map((w) => {
      const c = who.get(w.childId);
      return {
        ...w,
        name: c ? `${c.forename} ${c.surname}` : 'Not known',
        upn: c?.upn ?? null,
        dateOfBirth: c?.dateOfBirth ?? '',
        ...waitFigures(w, ctx.today),
      };
    });
  });
}

/** The open waits as the optimiser reads them: no names, and not a listing anyone sees. */
export async function openWaitsForPlanning(ctx: SufficiencyContext): Promise<repo.WaitRow[]> {
  return transaction(ctx, (tx) => repo.openWaits(tx, ctx.principal.laCode));
}

export async function addWait(ctx: SufficiencyContext, input: unknown): Promise<{ id: string }> {
  const data = parseOrThrow(newWaitSchema, input);
  authorise(ctx, 'sufficiency:children');
  if (data.waitingSince > ctx.today)
    throw unprocessable([{ field: 'waitingSince', message: 'Waiting since must be today or earlier' }]);
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const childId = await childWithUpn(tx, laCode, data.upn);
    if (!childId)
      throw unprocessable([
        {
          field: 'upn',
          message: `No child in your LA has the UPN ${data.upn}: check it, or add the child first`,
        },
      ]);
    const open = await repo.openWaitOf(tx, laCode, childId);
    if (open)
      throw unprocessable([
        {
          field: 'upn',
          message: `This child has been on the waiting list since ${open.waitingSince}: end that wait before adding another`,
        },
      ]);
    const { upn: _upn, ...wait } = data;
    const id = await repo.insertWait(tx, laCode, childId, wait, ctx.principal.userId);
    await audit(tx, ctx, {
      action: 'sufficiency.waiting.added',
      entityType: 'place_wait',
      entityId: id,
      childId,
      detail: wait,
    });
    return { id };
  });
}

export const noSuchWait = () => notFound('There is no such wait on your waiting list.');

export async function endWait(ctx: SufficiencyContext, id: string, input: unknown): Promise<void> {
  const data = parseOrThrow(endWaitSchema, input);
  authorise(ctx, 'sufficiency:children');
  const laCode = ctx.principal.laCode;
  await transaction(ctx, async (tx) => {
    const w = isUuid(id) ? await repo.findWait(tx, laCode, id) : undefined;
    if (!w) throw noSuchWait();
    if (w.status !== 'waiting' || w.version !== data.version)
      throw new HttpProblem(
        409,
        'Conflict',
        w.status !== 'waiting'
          ? 'This wait has already ended.'
          : `This wait was changed by someone else after version ${data.version}: read it again.`,
      );
    if (data.endedOn < w.waitingSince || data.endedOn > ctx.today)
      throw unprocessable([
        { field: 'endedOn', message: `The date it ended must be from ${w.waitingSince} to today` },
      ]);
    await repo.endWait(tx, laCode, id, data.version, data.outcome, data.endedOn);
    await audit(tx, ctx, {
      action: 'sufficiency.waiting.ended',
      entityType: 'place_wait',
      entityId: id,
      childId: w.childId,
      detail: { outcome: data.outcome, endedOn: data.endedOn },
    });
  });
}
