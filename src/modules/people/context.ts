import type { FastifyRequest } from 'fastify';
import type { AdminActor } from '../../platform/auth/accounts.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import { notFound } from '../../platform/http/problem.ts';
import { isUuid } from '../../platform/kernel/ids.ts';

export function adminActor(request: FastifyRequest, clock: Clock): AdminActor {
  const principal = request.principal;
  if (!principal) throw notFound();
  return {
    principal,
    ip: request.ip,
    requestId: request.id,
    now: clock(),
    caches: request.server.credentialCaches,
  };
}

export function userIdParam(request: FastifyRequest): string {
  const id = (request.params as { id?: string }).id ?? '';
  if (!isUuid(id)) throw notFound('There is no such user in your LA.');
  return id;
}

/**
 * Where links in messages point. The configured public address when there is one; otherwise the
 * address the administrator is using, which is right for a machine nobody else reaches.
 */
export function siteAddress(request: FastifyRequest, config: Config): string {
  return config.publicUrl ?? `${request.protocol}://${request.host}`;
}
