import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { placementsApi } from './api.ts';

export async function placementsRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await placementsApi(app, deps);
}
