import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { ehcApi } from './api.ts';
import { documentPages } from './document-pages.ts';
import { documentsApi } from './documents-api.ts';
import { ehcPages } from './pages.ts';
import { requestPages } from './request-pages.ts';
import { termPages } from './term-pages.ts';

export async function ehcRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await ehcApi(app, deps);
  await documentsApi(app, deps);
  await documentPages(app, deps);
  await requestPages(app, deps);
  await ehcPages(app, deps);
  await termPages(app, deps);
}
