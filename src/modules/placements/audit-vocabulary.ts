import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

/** How the placements module's audit events read on the audit log. */
export const placementsAuditVocabulary: AuditVocabulary = {
  actions: {
    'placement.listed': 'Listed placements',
    'placements.exported': exportedAs('a list of placements'),
    'placement.viewed': 'Viewed a placement',
    'placement.form-opened': 'Opened the form to add a placement for a child',
    'placement.created': 'Added a placement',
    'placement.changed': "Changed a placement's dates or attendance",
    'placement.deleted': 'Removed a placement entered in error',
    'placement.cost-lines-added': 'Added cost lines to a placement',
    'placement.cost-line-ended': 'Ended a cost line',
    'placement.cost-line-removed': 'Removed a cost line entered in error',
    'placement.approved': 'Approved a placement',
    'placement.rejected': 'Did not approve a placement',
    'top-up-scheme.proposed': 'Proposed a top-up band scheme',
    'top-up-scheme.scenario.viewed': 'Costed a top-up band scheme child by child',
    'top-up-scheme.scenario.exported': exportedAs('the cost of a top-up band scheme'),
    'top-up-scheme.adopted': 'Adopted a top-up band scheme',
    'top-up-scheme.withdrawn': 'Withdrew a proposed top-up band scheme',
    'placement.refused': 'Was refused a change to a placement, and told why',
    'placement.made-from-plan': 'Recorded a final EHC plan, which made a placement at the setting it names',
    'placement.named-in-plan': 'Recorded a final EHC plan, which named a placement the child already had',
    'placement.ended-for-plan':
      'Recorded a final EHC plan, which ended a placement elsewhere the day before the one it names',
    'placement.moved-with-plan': 'Corrected an EHC plan, which moved the placement it had made',
    'placement.removed-with-plan': 'Corrected an EHC plan, which removed the placement it had made',
    'placement.restored-with-plan': 'Corrected an EHC plan, which put a placement back as it was before',
    'placement.flagged-by-plan': 'Changed an EHC plan, which flagged a placement for the finance officer',
    'placement.confirmed': 'Confirmed a placement made from an EHC plan',
    'placement.import.queued': 'Uploaded a spreadsheet of placements to import',
    'placement.imported': 'Imported placements from a spreadsheet',
    'placement.import.problems.viewed': 'Saw the problems found in a spreadsheet of placements',
    'placement.import.problems.exported': exportedAs('the problems found in a spreadsheet of placements'),
  },
  records: {
    placement: 'Placement',
    placements: 'Placements',
    'top-up-scheme': 'Top-up band scheme',
    job: 'Import',
  },
};
