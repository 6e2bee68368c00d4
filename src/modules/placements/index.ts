import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppModule } from '../../platform/module.ts';
import { placementsAuditVocabulary } from './audit-vocabulary.ts';
import { placementsRoutes } from './routes.ts';

/** Where each child is educated, from when to when, at what cost and who pays (DESIGN §2, module `placements`). */
export const placementsModule: AppModule = {
  name: 'placements',
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  auditVocabulary: placementsAuditVocabulary,
  routes: placementsRoutes,
};

export { budgetLineOf, placeFundingRule } from './domain/costs.ts';
export { placementTypeLabels } from './domain/labels.ts';
export { specialistTypeOf } from './domain/specialist-settings.ts';
export { budgetLineCodes, type PlacementType, placementTypes } from './domain/types.ts';
export { placementCostsInYear, recomputePlacementCosts, type YearCosts } from './service.ts';
