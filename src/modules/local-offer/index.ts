import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppModule } from '../../platform/module.ts';
import { localOfferAuditVocabulary } from './audit-vocabulary.ts';
import { localOfferRoutes } from './routes.ts';

/** The Local Offer (DESIGN §2, module `local-offer`): its directory of services, public pages and ORUK feed. */
export const localOfferModule: AppModule = {
  name: 'local-offer',
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  // The editor's own menu, and a provider's: neither role holds another module's entries.
  navigation: [
    { href: '/local-offer/manage', text: 'Local Offer', access: 'local-offer:edit' },
    { href: '/local-offer/manage', text: 'Local Offer', access: 'local-offer:suggest' },
  ],
  auditVocabulary: localOfferAuditVocabulary,
  routes: localOfferRoutes,
};

// For the demo: the directory is written by the same use cases its editors use.
export type { LocalOfferContext } from './context.ts';
export type { ServiceRecordInput } from './domain/record.ts';
export { addMember, insertOrganization } from './editing/repo.ts';
export { publish, saveDraft, suggestChange } from './editing/service.ts';
export { savePage } from './information/service.ts';
