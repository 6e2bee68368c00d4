import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

/** How the Local Offer's audit events read on the audit log. */
export const localOfferAuditVocabulary: AuditVocabulary = {
  actions: {
    'local-offer.service.created': 'Drafted a new Local Offer service',
    'local-offer.service.drafted': 'Drafted a change to a Local Offer service',
    'local-offer.service.suggested': 'Suggested a change to their Local Offer service',
    'local-offer.service.submitted': 'Submitted a Local Offer draft for review',
    'local-offer.service.published': 'Published a Local Offer service',
    'local-offer.service.rejected': 'Rejected a Local Offer draft or suggestion',
    'local-offer.service.withdrawn': 'Took a Local Offer service off the public pages',
    'local-offer.service.reviewed': 'Checked a Local Offer service with its provider',
    'local-offer.services.exported': exportedAs('the Local Offer’s services'),
    'local-offer.page.saved': 'Saved a Local Offer information page as a draft',
    'local-offer.page.published': 'Published a Local Offer information page',
    'local-offer.pages.exported': exportedAs('the Local Offer’s information pages'),
    'local-offer.feedback.answered': 'Published the LA’s response to a comment on the Local Offer',
    'local-offer.feedback.exported': exportedAs('the feedback on the Local Offer'),
    'local-offer.services.imported': 'Imported services from another Open Referral UK feed',
    'local-offer.school-report.set': 'Set the link to a school’s SEN information report',
    'local-offer.schools.exported': exportedAs('the schools’ SEN information report links'),
  },
  records: {
    lo_service: 'Local Offer service',
    lo_feedback: 'Comment on the Local Offer',
    lo_page: 'Local Offer information page',
  },
};
