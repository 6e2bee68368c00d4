import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppModule } from '../../platform/module.ts';
import { programmeAuditVocabulary } from './audit-vocabulary.ts';
import { programmePanels } from './panels.ts';
import { programmeRoutes } from './routes.ts';

/** The SEND transformation programme (DESIGN §2, module `programme`): its board, workstreams, projects and plan. */
export const programmeModule: AppModule = {
  name: 'programme',
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  // In the menu of the person who runs it; the board and the heads of service who lead its
  // workstreams reach it from their home page, whose menus are full at 1280 px already.
  navigation: [{ href: '/programme', text: 'Programme', access: 'programme:manage' }],
  panels: programmePanels,
  auditVocabulary: programmeAuditVocabulary,
  routes: programmeRoutes,
};
