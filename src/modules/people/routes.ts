import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { usersApi } from './api.ts';
import { invitationPages } from './invitation-pages.ts';
import { relationshipPages } from './relationship-pages.ts';
import { usersPages } from './users-pages.ts';

export async function peopleRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await usersPages(app, deps);
  await relationshipPages(app, deps);
  await invitationPages(app, deps);
  await usersApi(app, deps);
}
