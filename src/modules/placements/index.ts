import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppModule } from '../../platform/module.ts';
import { placementsAuditVocabulary } from './audit-vocabulary.ts';
import { placementsImportJob } from './imports/definition.ts';
import { placementsPanels } from './records/panels.ts';
import { followPlanPlacement } from './records/plan-placements.ts';
import { placementsRoutes } from './routes.ts';

/** Where each child is educated, from when to when, at what cost and who pays (DESIGN §2, module `placements`). */
export const placementsModule: AppModule = {
  name: 'placements',
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  navigation: [{ href: '/placements', text: 'Placements', access: 'placements:read' }],
  jobs: [placementsImportJob],
  panels: placementsPanels,
  // A final EHC plan's named placement becomes a placement, in the transaction that records it.
  hooks: { 'ehc.plan-placement': followPlanPlacement },
  auditVocabulary: placementsAuditVocabulary,
  routes: placementsRoutes,
};

// For the data generator: it stores each placement's costs and approval as the service would.
export {
  annualAmount,
  budgetLineOf,
  peakAnnualCost,
  placeFundingRule,
  placementCostShares,
} from './domain/costs.ts';
export { placementTypeLabels } from './domain/labels.ts';
export type { BeforePlan } from './domain/plan-placements.ts';
export { specialistTypeOf } from './domain/specialist-settings.ts';
export type {
  CostLine,
  CostShare,
  PlacementFacts,
  SettingGroup,
  TopUpScheme,
} from './domain/types.ts';
export { budgetLineCodes, type PlacementType, placementTypes } from './domain/types.ts';
// For the sufficiency views, which count the children placed in each setting.
export { type PlacementOnDay, placementsOn } from './records/census.ts';
export {
  horizonFy,
  type PlacementYearCost,
  placementCostsInYear,
  placementsCostingInYear,
  placementsToConfirmInYear,
  recomputePlacementCosts,
  type YearCosts,
} from './records/service.ts';
