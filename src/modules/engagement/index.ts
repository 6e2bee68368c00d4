import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppModule } from '../../platform/module.ts';
import { engagementAuditVocabulary } from './audit-vocabulary.ts';
import { eventsDaily, eventsDailyJob } from './events/job.ts';
import { engagementPanels } from './panels.ts';
import { engagementRoutes } from './routes.ts';

/** Engagement (DESIGN §2, module `engagement`): events and focus groups, consultations, and MI sheets to schools. */
export const engagementModule: AppModule = {
  name: 'engagement',
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  // One entry for the officers (their pages are under it), one for schools.
  navigation: [
    { href: '/engagement', text: 'Engagement', access: 'engagement:manage' },
    { href: '/mi-sheets', text: 'MI sheets', access: 'engagement:school' },
  ],
  jobs: [eventsDailyJob],
  daily: [eventsDaily],
  panels: engagementPanels,
  auditVocabulary: engagementAuditVocabulary,
  routes: engagementRoutes,
};

// For the demo: events, consultations and MI sheets are made by the officers' own use cases.
export {
  addQuestion,
  addTheme,
  publishConsultation,
  respondFor,
  saveConsultation,
  tagResponse,
} from './consultations/service.ts';
export type { EngagementContext } from './context.ts';
export { bookFor, recordAttendance, saveEvent } from './events/service.ts';
export { chaseSchools, publishSheet, saveSheet } from './mi-sheets/service.ts';
