import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

/** How the programme module's audit events read on the audit log. */
export const programmeAuditVocabulary: AuditVocabulary = {
  actions: {
    'programme.project.added': 'Added a project to the transformation programme',
    'programme.project.changed': 'Changed a project in the transformation programme',
    'programme.dependency.added': 'Made a project wait for another',
    'programme.dependency.removed': 'Removed a dependency between projects',
    'programme.projects.exported': exportedAs('the programme’s projects'),
    'programme.timeline.exported': exportedAs('the programme’s timeline'),
  },
  records: {
    programme: 'Transformation programme',
    programme_project: 'Programme project',
  },
};
