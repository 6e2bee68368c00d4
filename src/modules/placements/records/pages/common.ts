import type { FastifyRequest } from 'fastify';
import { can, type Permission } from '../../../../platform/auth/roles.ts';
import type { FormValues } from '../../../../platform/http/forms.ts';
import { type FieldError, HttpProblem } from '../../../../platform/http/problem.ts';
import { isUuid } from '../../../../platform/kernel/ids.ts';
import { noSuchPlacement } from '../../context.ts';

/** What every placements page handler needs: the IDs in its address, the form it was sent, and the refusals it can show. */

export function placementIdOf(request: FastifyRequest): string {
  const id = (request.params as { id?: string }).id ?? '';
  if (!isUuid(id)) throw noSuchPlacement();
  return id;
}

export function lineIdOf(request: FastifyRequest): string {
  const id = (request.params as { lineId?: string }).lineId ?? '';
  if (!isUuid(id))
    throw new HttpProblem(404, 'Not found', 'There is no cost line with this ID on this placement.');
  return id;
}

export const may = (request: FastifyRequest, permission: Permission) =>
  can(request.principal?.roles ?? [], permission);

/**
 * A posted form's fields as text. Longer than any field may be, so that a note past its limit is
 * refused with its message rather than cut short and saved.
 */
export function postedValues(body: unknown, names: readonly string[]): FormValues {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    names.map((n) => [n, typeof b[n] === 'string' ? (b[n] as string).slice(0, 5000) : '']),
  );
}

/**
 * A refusal from the service as messages for the page, or null for what a page cannot help with
 * (a placement or line that is not there). Someone else's change is told in the service's words,
 * which say to look again.
 */
export function refusalOf(err: unknown, otherwise: string): FieldError[] | null {
  if (!(err instanceof HttpProblem) || ![400, 403, 409, 422].includes(err.status)) return null;
  if (err.errors.some((e) => e.field === 'version') && err.detail)
    return [{ field: 'version', message: err.detail }];
  if (err.errors.length) return err.errors;
  return [{ field: otherwise, message: err.detail ?? err.title }];
}

/** The page's address for the notification banner after a change: `?saved=` and what was done. */
export const savedFlag = (request: FastifyRequest) => (request.query as { saved?: unknown }).saved;
