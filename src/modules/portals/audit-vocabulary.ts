import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

/** How the portals' audit events read on the audit log. */
export const portalsAuditVocabulary: AuditVocabulary = {
  actions: {
    'portal.request.started': 'Started an online request',
    'portal.request.refused': 'Was refused an online request for a child not linked to them',
    'portal.request.read': 'Read an online request',
    'portal.request.answered': 'Answered a question of an online request',
    'portal.request.discarded': 'Discarded a draft online request',
    'portal.request.submitted': 'Sent an online request',
    'portal.request.decided': 'Decided an online request for help',
    'portal.triage.listed': 'Listed the online requests waiting for triage',
    'portal.triage.exported': exportedAs('the online requests waiting for triage'),
    'portal.advice.exported': exportedAs('the advice asked of them'),
    'portal.ehc.exported': exportedAs('an EHC request’s dates'),
    'portal.requests.listed': 'Listed their online requests',
    'portal.file.uploaded': 'Uploaded a file',
    'portal.file.refused': 'Had a file refused',
    'portal.file.removed': 'Removed a file from a draft request',
    'portal.file.read': 'Downloaded a file',
    'portal.ehc.read': 'Followed an EHC request in the portal',
    'portal.draft.commented': 'Commented on a draft EHC plan',
    'portal.consultation.answered': 'Answered a consultation for a school',
    'portal.consultation.refused': 'Was refused a consultation put to another school',
    'portal.message.sent': 'Sent a message',
    'portal.advice.asked': 'Asked an adviser for advice through the portal',
    'portal.advice.listed': 'Listed the advice asked of them',
    'portal.advice.read': 'Read advice asked of an adviser',
    'portal.advice.given': 'Gave advice for an EHC needs assessment',
    'portal.sharing.read': 'Read who follows their record',
    'portal.sharing.allowed': 'Let a parent follow their record',
    'portal.sharing.stopped': 'Stopped a parent following their record',
  },
  records: {
    portal_request: 'Online request',
    stored_file: 'File',
  },
};
