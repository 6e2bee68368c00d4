import { z } from 'zod';
import { isoDateField, requiredText } from '../../../platform/kernel/fields.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { audit, type EhcContext, requirePermission, transaction } from '../context.ts';
import type { Refusal } from '../domain/process.ts';
import { termProblems } from '../domain/term-dates.ts';
import * as repo from './repo.ts';

/** The LA's school term dates: exception (a) is offered only around a closure they show of 4 weeks or more. */

export const termSchema = z.object({
  name: requiredText('Enter the name of the term', 'The name', 100),
  startsOn: isoDateField('Enter the first day of the term', 'The first day'),
  endsOn: isoDateField('Enter the last day of the term', 'The last day'),
});
export type TermInput = z.output<typeof termSchema>;

export function listTerms(ctx: EhcContext): Promise<repo.TermRow[]> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, (tx) => repo.termsOf(tx, ctx.principal.laCode));
}

export function addTerm(
  ctx: EhcContext,
  input: TermInput,
): Promise<{ ok: true; id: string } | { ok: false; errors: Refusal[] }> {
  requirePermission(ctx, 'ehc:terms');
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const existing = await repo.termsOf(tx, laCode);
    const problems = termProblems([...existing, input]);
    // The new term's own problem first; otherwise the clash it causes with a term already there.
    const problem = problems.find((p) => p.index === existing.length) ?? problems[0];
    if (problem) {
      const { message } = problem;
      return {
        ok: false,
        errors: [
          {
            field: message.startsWith('The last day') ? 'endsOn' : 'startsOn',
            message: message.replace('this term', `"${input.name}"`),
          },
        ],
      };
    }
    const id = await repo.insertTerm(tx, laCode, input);
    await audit(tx, ctx, {
      action: 'ehc.term.added',
      entityType: 'la_term',
      entityId: id,
      childId: null,
      detail: { ...input },
    });
    return { ok: true, id };
  });
}

export function removeTerm(ctx: EhcContext, id: string): Promise<boolean> {
  requirePermission(ctx, 'ehc:terms');
  return transaction(ctx, async (tx) => {
    if (!isUuid(id)) return false;
    const removed = await repo.deleteTerm(tx, ctx.principal.laCode, id);
    if (removed)
      await audit(tx, ctx, {
        action: 'ehc.term.removed',
        entityType: 'la_term',
        entityId: id,
        childId: null,
        detail: { ...removed },
      });
    return !!removed;
  });
}
