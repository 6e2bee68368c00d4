import type { AppModule } from '../../platform/module.ts';
import { fundingAuditVocabulary } from './audit-vocabulary.ts';
import { fundingRoutes } from './routes.ts';

/** The high needs block's budget and its live forecast (DESIGN §2, module `funding`). */
export const fundingModule: AppModule = {
  name: 'funding',
  auditVocabulary: fundingAuditVocabulary,
  routes: fundingRoutes,
};

export { standardBudgetLines } from './service.ts';
