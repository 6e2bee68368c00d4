import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { fundingApi } from './api.ts';

export async function fundingRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await fundingApi(app, deps);
}
