import { sharedRead } from '../../../platform/audit/index.ts';
import { HttpProblem } from '../../../platform/http/problem.ts';
import type { PortalContext } from '../context.ts';
import type { RequestKind } from '../domain/journey.ts';
import { answerStep, type Change, type Sent, startRequest, submitRequest } from './service.ts';

/**
 * A whole request sent at once, by another system through the API: the same questions and checks
 * as the pages, in one transaction, so a refusal at any step leaves nothing behind.
 */

export interface WholeRequest {
  childId?: string | undefined;
  upn?: string | undefined;
  kind: RequestKind;
  needs: string;
  supportNow?: string | undefined;
  views: string;
  consent?: { by: string; on: string } | undefined;
}

const orRefuse = <T>(c: Change<T>): T => {
  if (c.ok) return c.value;
  throw new HttpProblem(
    c.status,
    c.status === 409 ? 'Conflict' : c.status === 400 ? 'Bad request' : 'Unprocessable content',
    c.errors.map((e) => e.message).join('; '),
    c.errors,
  );
};

export function submitWhole(ctx: PortalContext, input: WholeRequest): Promise<Sent> {
  return sharedRead(ctx.database.db, ctx, async (shared) => {
    const c: PortalContext = { ...ctx, shared };
    const id = orRefuse(
      await startRequest(c, input.upn !== undefined ? { upn: input.upn } : { childId: input.childId ?? '' }),
    );
    orRefuse(await answerStep(c, id, 'what', { kind: input.kind }));
    orRefuse(await answerStep(c, id, 'needs', { needs: input.needs, supportNow: input.supportNow ?? '' }));
    orRefuse(await answerStep(c, id, 'views', { views: input.views }));
    if (input.consent)
      orRefuse(
        await answerStep(c, id, 'consent', { agreed: 'yes', by: input.consent.by, on: input.consent.on }),
      );
    return orRefuse(await submitRequest(c, id));
  });
}
