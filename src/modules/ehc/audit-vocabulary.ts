import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';
import { referenceOf } from './domain/reference.ts';

/** How the EHC module's audit events read on the audit log. */
export const ehcAuditVocabulary: AuditVocabulary = {
  actions: {
    'ehc.request.opened': 'Opened an EHC request',
    'ehc.request.form-opened': 'Started a new EHC request',
    'ehc.request.open-refused': 'Was refused opening an EHC request, and told why',
    'ehc.request.refused': 'Was refused, and told why',
    'ehc.request.read': 'Viewed an EHC request',
    'ehc.request.listed': 'Listed EHC requests',
    'ehc.request.allocated': 'Allocated an EHC request',
    'ehc.request.exported': exportedAs('EHC requests'),
    'ehc.event.recorded': 'Recorded a step of an EHC request',
    'ehc.event.corrected': 'Corrected a step of an EHC request',
    'ehc.dashboard.read': 'Viewed the EHC dashboard',
    'ehc.dashboard.exported': exportedAs('a table of the EHC dashboard'),
    'ehc.plan.read': 'Viewed an EHC plan',
    'ehc.plan.section.read': 'Viewed a section of an EHC plan',
    'ehc.plan.section.changed': 'Changed a section of an EHC plan',
    'ehc.document.read': 'Viewed an EHC letter',
    'ehc.document.exported': exportedAs('an EHC letter'),
    'ehc.letter.sent': 'Sent an EHC letter',
    'ehc.letter.listed': 'Viewed the EHC letters sent',
    'ehc.letter-settings.changed': 'Changed the letter details',
    'ehc.review.read': 'Viewed a review of an EHC plan',
    'ehc.review.started': 'Began a review of an EHC plan',
    'ehc.review.step-recorded': 'Recorded a step of a review',
    'ehc.review.refused': 'Was refused a review step, and told why',
    'ehc.plan.transferred-out': 'Recorded a plan transferring out to another LA',
    'ehc.term.added': 'Added school term dates',
    'ehc.term.removed': 'Removed school term dates',
  },
  records: {
    ehc_request: (id) => (id ? `EHC request ${referenceOf(id)}` : 'EHC requests'),
    ehc_dashboard: 'EHC dashboard',
    ehc_review: (id) => (id ? `Review ${referenceOf(id)}` : 'Reviews'),
    ehc_plan: (id) => (id ? `EHC plan ${referenceOf(id)}` : 'EHC plans'),
    ehc_letter_settings: 'Letter details',
    la_term: 'School term dates',
  },
};
