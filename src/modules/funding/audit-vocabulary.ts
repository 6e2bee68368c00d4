import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

/** How the funding module's audit events read on the audit log. */
export const fundingAuditVocabulary: AuditVocabulary = {
  actions: {
    'finance.budget.set': 'Set the high needs budget for a year',
    'finance.expected-costs.set': 'Set the expected cost of new placements',
    'finance.position.exported': exportedAs('a table of the high needs position'),
    'finance.totals.children-listed': 'Listed high needs spend child by child',
    'finance.totals.exported': exportedAs('high needs spend totals'),
    'traded.service.created': 'Added a traded service',
    'traded.service.changed': 'Changed a traded service',
    'traded.prices.set': 'Set a traded service’s prices for a year',
    'traded.order.placed': 'Ordered a traded service',
    'traded.order.cancelled': 'Cancelled a traded service order',
    'traded.delivery.recorded': 'Recorded a traded service delivery',
    'traded.table.exported': exportedAs('a traded services table'),
  },
  records: {
    'high-needs-budget': 'High needs budget',
    'expected-placement-costs': 'Expected placement costs',
    'high-needs-position': 'High needs position',
    'high-needs-totals': 'High needs spend totals',
    'traded-service': 'Traded service',
    'traded-order': 'Traded service order',
    'traded-services': 'Traded services',
  },
};
