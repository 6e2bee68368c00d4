import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

/** How the funding module's audit events read on the audit log. */
export const fundingAuditVocabulary: AuditVocabulary = {
  actions: {
    'finance.budget.set': 'Set the high needs budget for a year',
    'finance.expected-costs.set': 'Set the expected cost of new placements',
    'finance.position.exported': exportedAs('a table of the high needs position'),
    'finance.totals.children-listed': 'Listed high needs spend child by child',
    'finance.totals.exported': exportedAs('high needs spend totals'),
    'funding.toolkit.pupils-read': 'Read the named pupils in a cluster’s SEND funding toolkit',
    'funding.toolkit.pupils-listed': 'Listed a school’s pupils to name one in a cluster’s toolkit',
    'funding.toolkit.plan-line.added': 'Added a line to a cluster’s spending plan',
    'funding.toolkit.plan-line.changed': 'Changed a line of a cluster’s spending plan',
    'funding.toolkit.plan-line.removed': 'Removed a line from a cluster’s spending plan',
    'funding.toolkit.decision.recorded': 'Recorded a cluster panel’s decision',
    'funding.toolkit.spend.recorded': 'Recorded spend against a cluster’s plan',
    'funding.toolkit.spend.removed': 'Removed spend from a cluster’s plan',
    'funding.toolkit.return.submitted': 'Submitted a cluster’s end-of-year return',
    'funding.toolkit.return.accepted': 'Accepted a cluster’s end-of-year return',
    'funding.toolkit.return.returned': 'Sent a cluster’s end-of-year return back',
    'funding.toolkit.exported': exportedAs('a table of a cluster’s SEND funding toolkit'),
    'funding.clusters.exported': exportedAs('every cluster’s SEND funding for a pot'),
  },
  records: {
    'high-needs-budget': 'High needs budget',
    'expected-placement-costs': 'Expected placement costs',
    'high-needs-position': 'High needs position',
    'high-needs-totals': 'High needs spend totals',
    'cluster-toolkit': 'Cluster SEND funding toolkit',
    'cluster-plan-line': 'Cluster spending plan line',
    'cluster-panel-decision': 'Cluster panel decision',
    'cluster-spend': 'Cluster spend',
    'cluster-return': 'Cluster end-of-year return',
    'cluster-funding': 'Clusters’ SEND funding',
  },
};
