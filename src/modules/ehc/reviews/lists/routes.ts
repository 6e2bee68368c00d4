import type { FastifyInstance } from 'fastify';
import type { EhcDeps } from '../../context.ts';
import { reviewListsApi } from './api.ts';
import { reviewListPages } from './pages.ts';

/** The review lists' pages and API: the LA's lists at /ehc/reviews, and their figures under /api/v1. */
export async function reviewListRoutes(app: FastifyInstance, deps: EhcDeps) {
  await reviewListsApi(app, deps);
  await reviewListPages(app, deps);
}
