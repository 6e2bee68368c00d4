import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

/** How the programme module's audit events read on the audit log. */
export const programmeAuditVocabulary: AuditVocabulary = {
  actions: {
    'programme.added': 'Set up a transformation programme',
    'programme.workstream.added': 'Added a workstream to the programme',
    'programme.project.added': 'Added a project to the transformation programme',
    'programme.project.changed': 'Changed a project in the transformation programme',
    'programme.dependency.added': 'Made a project wait for another',
    'programme.dependency.removed': 'Removed a dependency between projects',
    'programme.item.added': 'Added a work item to a project',
    'programme.item.changed': 'Moved a work item on',
    'programme.milestone.added': 'Added a milestone to a project',
    'programme.milestone.changed': 'Recorded a milestone as achieved',
    'programme.milestone.linked': 'Made a milestone wait for another',
    'programme.projects.exported': exportedAs('the programme’s projects'),
    'programme.timeline.exported': exportedAs('the programme’s timeline'),
    'programme.risk.added': 'Added a risk to the programme’s log',
    'programme.risk.changed': 'Changed a risk in the programme’s log',
    'programme.issue.added': 'Added an issue to the programme’s log',
    'programme.issue.changed': 'Changed an issue in the programme’s log',
    'programme.risks.exported': exportedAs('the programme’s risks and issues'),
    'programme.cost.set': 'Set a project’s cost for a year',
    'programme.benefit.added': 'Added a benefit to the programme',
    'programme.benefit.year.set': 'Recorded a benefit’s figures for a year',
    'programme.benefits.exported': exportedAs('the programme’s costs and benefits'),
    'programme.report.issued': 'Issued a board report',
    'programme.decision.asked': 'Put a question to the programme board',
    'programme.decision.recorded': 'Recorded what the programme board decided',
  },
  records: {
    programme: 'Transformation programme',
    programme_project: 'Programme project',
    programme_risk: 'Programme risk or issue',
    programme_benefit: 'Programme benefit',
  },
};
