import type { FastifyInstance } from 'fastify';
import type { EhcDeps } from '../../context.ts';
import { reviewListsApi } from './api.ts';
import { reviewListPages } from './pages.ts';
import { schoolReviewPages } from './school-pages.ts';

/** The review lists' pages and API: the LA's lists at /ehc/reviews, their figures under /api/v1, and a school's at /school/reviews. */
export async function reviewListRoutes(app: FastifyInstance, deps: EhcDeps) {
  await reviewListsApi(app, deps);
  await reviewListPages(app, deps);
  await schoolReviewPages(app, deps);
}
