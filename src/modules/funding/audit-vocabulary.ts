import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

/** How the funding module's audit events read on the audit log. */
export const fundingAuditVocabulary: AuditVocabulary = {
  actions: {
    'finance.budget.set': 'Set the high needs budget for a year',
    'finance.expected-costs.set': 'Set the expected cost of new placements',
    'finance.position.exported': exportedAs('a table of the high needs position'),
    'finance.totals.children-listed': 'Listed high needs spend child by child',
    'finance.totals.exported': exportedAs('high needs spend totals'),
    'funding.pot.created': 'Created a funding pot',
    'funding.pot.changed': 'Changed a funding pot',
    'funding.central-use.added': 'Added a central use of a funding pot',
    'funding.central-use.changed': 'Changed a central use of a funding pot',
    'funding.central-use.removed': 'Removed a central use of a funding pot',
    'funding.factors.imported': 'Loaded schools’ factor data from a file',
    'funding.factors.filled': 'Filled schools’ factor data from the LA’s records',
    'funding.factors.carried': 'Carried schools’ factor data from last year',
    'funding.baseline.imported': 'Loaded last year’s allocations from a file',
    'funding.pots.exported': exportedAs('the funding pots'),
    'funding.central-uses.exported': exportedAs('the central uses of a funding pot'),
    'funding.scenarios-list.exported': exportedAs('the scenarios of a funding pot'),
    'funding.factors.exported': exportedAs('the factor data of a funding pot'),
    'funding.factors.missing-exported': exportedAs('the schools missing factor data'),
    'funding.baseline.exported': exportedAs('last year’s allocations of a funding pot'),
  },
  records: {
    'high-needs-budget': 'High needs budget',
    'expected-placement-costs': 'Expected placement costs',
    'high-needs-position': 'High needs position',
    'high-needs-totals': 'High needs spend totals',
    'funding-pot': 'Funding pot',
  },
};
