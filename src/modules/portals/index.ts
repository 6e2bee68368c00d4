import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppModule } from '../../platform/module.ts';
import { portalsAuditVocabulary } from './audit-vocabulary.ts';
import { portalHooks } from './hooks.ts';
import { portalPanels } from './panels.ts';
import { portalsRoutes } from './routes.ts';

/**
 * Families, schools and advisers online (DESIGN §2, module `portals`): the single point of access
 * for a request for an EHC needs assessment or for help, and the LA's triage of requests for help.
 */
export const portalsModule: AppModule = {
  name: 'portals',
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  // Requests and triage start from the home page's panels: the staff's and schools' menus already
  // fill the two rows a 1280-pixel header holds.
  navigation: [{ href: '/adviser', text: 'Advice', access: 'portal:advise' }],
  panels: portalPanels,
  hooks: portalHooks,
  auditVocabulary: portalsAuditVocabulary,
  routes: portalsRoutes,
};

export { askAdviser } from './advice/service.ts';
// For the demo: the same use cases a family, a school and the LA carry out, run in its seeding.
export type { PortalContext } from './context.ts';
export { answerStep, startRequest, submitRequest } from './requests/service.ts';
