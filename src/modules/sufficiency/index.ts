import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppModule } from '../../platform/module.ts';
import { sufficiencyAuditVocabulary } from './audit-vocabulary.ts';
import { optimiseJob } from './optimise/service.ts';
import { sufficiencyPanels } from './panels.ts';
import { sufficiencyRoutes } from './routes.ts';
import { selectSitesJob } from './sites/selection.ts';
import { postcodesImportJob } from './travel/postcodes.ts';

/** Specialist place sufficiency (DESIGN §2, module `sufficiency`): places against demand. */
export const sufficiencyModule: AppModule = {
  name: 'sufficiency',
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  // No menu entry: the SEND team manager's menu would take a third row at 1280 px. Everyone who
  // may read sufficiency finds it on their home page, with what needs doing.
  panels: sufficiencyPanels,
  jobs: [optimiseJob, postcodesImportJob, selectSitesJob],
  auditVocabulary: sufficiencyAuditVocabulary,
  routes: sufficiencyRoutes,
};

// For the Local Offer: where a place or a searched postcode is, from the centroids the LA loaded.
export { centroidsOf as postcodeCentroids } from './travel/homes.ts';
