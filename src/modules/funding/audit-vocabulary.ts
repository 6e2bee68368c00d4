import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

/** How the funding module's audit events read on the audit log. */
export const fundingAuditVocabulary: AuditVocabulary = {
  actions: {
    'finance.budget.set': 'Set the high needs budget for a year',
    'finance.expected-costs.set': 'Set the expected cost of new placements',
    'finance.position.exported': exportedAs('a table of the high needs position'),
    'finance.totals.children-listed': 'Listed high needs spend child by child',
    'finance.totals.exported': exportedAs('high needs spend totals'),
    'funding.scenario.created': 'Made a draft funding scenario',
    'funding.scenario.changed': 'Changed a draft funding scenario',
    'funding.scenario.withdrawn': 'Withdrew a draft funding scenario',
    'funding.scenario.adopted': 'Adopted a funding scenario, storing its allocations',
    'funding.scenario.published': 'Published the funding statements of a scenario',
    'funding.scenario.exported': exportedAs('a funding scenario’s comparison'),
    'funding.statement.read': 'Read a funding statement',
    'funding.statement.exported': exportedAs('a funding statement'),
    'funding.cluster-allocation.read': 'Read a cluster’s allocations through the API',
  },
  records: {
    'high-needs-budget': 'High needs budget',
    'expected-placement-costs': 'Expected placement costs',
    'high-needs-position': 'High needs position',
    'high-needs-totals': 'High needs spend totals',
    'funding-scenario': 'Funding scenario',
    'funding-statement': 'Funding statement',
  },
};
