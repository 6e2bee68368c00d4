import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppModule } from '../../platform/module.ts';
import { peopleAuditVocabulary } from './audit-vocabulary.ts';
import { peopleRoutes } from './routes.ts';

/**
 * People administration (module `people`): an LA's administrator invites people, sets their
 * roles, deactivates and reactivates them, and links them to the schools and children that
 * decide what they see.
 */
export const peopleModule: AppModule = {
  name: 'people',
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  navigation: [{ href: '/admin/users', text: 'Users', access: 'users:manage' }],
  auditVocabulary: peopleAuditVocabulary,
  routes: peopleRoutes,
};
