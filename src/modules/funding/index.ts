import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppModule } from '../../platform/module.ts';
import { fundingAuditVocabulary } from './audit-vocabulary.ts';
import { fundingRoutes } from './routes.ts';
import { scenarioPanels } from './scenarios/panels.ts';

/** The high needs block's budget and its live forecast (DESIGN §2, module `funding`). */
export const fundingModule: AppModule = {
  name: 'funding',
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  navigation: [
    { href: '/finance', text: 'High needs', access: 'finance:read' },
    // The finance team's entry: a SEND team manager's menu, with it, would take a third row at
    // 1280 px. Everyone who may read funding (finance:read) may still open /funding.
    { href: '/funding', text: 'Funding', access: 'finance:manage' },
    { href: '/cluster-funding', text: 'Cluster funding', access: 'clusters:toolkit' },
    // Schools buy, and the LA's staff who sell and deliver keep the orders. A SEND team manager's
    // menu would take a third row at 1280 px with it, so those who only read traded services open
    // /traded without it.
    { href: '/traded', text: 'Traded services', access: 'traded:order' },
    { href: '/traded', text: 'Traded services', access: 'traded:deliver' },
  ],
  auditVocabulary: fundingAuditVocabulary,
  panels: scenarioPanels,
  routes: fundingRoutes,
};

// For the data generator, which sets each budget against the position it will show, and the
// benchmark, which times the position and the totals as the API serves them.
export {
  type BudgetLineInput,
  type BudgetPosition,
  budgetPosition,
  type ExpectedStarter,
  type LineCost,
} from './domain/position.ts';
// For the data generator, which makes each pot's split as the pots service would.
export { splitPot } from './pots/domain/split.ts';
export {
  type AllocationOutcome,
  allocate,
  type Formula,
  type SchoolFactorData,
  type SchoolInput,
} from './scenarios/domain/formula.ts';
export { type FundingContext, getPosition, standardBudgetLines } from './service.ts';
// For the data generator, which makes each cluster's toolkit as its host would have kept it.
export {
  type PanelOutcome,
  type PlanLineKind,
  toolkitFigures,
} from './toolkit/domain/toolkit.ts';
export { type PotYear, potYear, returnDueOn, type YearKind } from './toolkit/domain/years.ts';
export { type Grouping, groupings } from './totals/domain/totals.ts';
export { getTotals } from './totals/service.ts';
// For the demo data, whose traded services orders are priced as an order placed through the service is.
export {
  bandProblems,
  type PriceBand,
  priceFor,
  type UnitKind,
  unitsCost,
  type YearPrices,
} from './traded/domain/catalogue.ts';
