import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

/** How the sufficiency module's audit events read on the audit log. */
export const sufficiencyAuditVocabulary: AuditVocabulary = {
  actions: {
    'sufficiency.places.exported': exportedAs('specialist places against occupancy'),
    'sufficiency.postcodes.import.queued': 'Started a load of postcode locations',
    'sufficiency.postcodes.loaded': 'Loaded postcode locations from the ONS Postcode Directory',
    'sufficiency.postcodes.import.problems.exported': exportedAs(
      'the problems found in a postcode directory file',
    ),
    'sufficiency.settings.changed': 'Changed how journeys are estimated and judged',
    'sufficiency.travel.exported': exportedAs('journeys from home to setting'),
    'sufficiency.travel.unlocated.listed': 'Looked at the children whose home has no location',
    'sufficiency.site.added': 'Added a candidate site for new specialist places',
    'sufficiency.site.changed': 'Changed a candidate site for new specialist places',
    'sufficiency.site.removed': 'Removed a candidate site for new specialist places',
    'sufficiency.sites.select.started': 'Started choosing which candidate sites to open',
    'sufficiency.sites.select.exported': exportedAs('the candidate sites ranked'),
    'sufficiency.sites.scenario.saved': 'Saved a new-site scenario',
    'sufficiency.forecast.exported': exportedAs('the forecast of EHC plans'),
    'sufficiency.optimise.started': 'Started proposing places for the children waiting',
    'sufficiency.optimise.read': 'Read a proposal of places for the children waiting',
    'sufficiency.optimise.exported': exportedAs('a proposal of places for the children waiting'),
    'sufficiency.waiting.exported': exportedAs('the children waiting for a specialist place'),
    'sufficiency.waiting.listed': 'Looked at the waiting list for specialist places',
    'sufficiency.waiting.added': 'Added a child to the waiting list for a specialist place',
    'sufficiency.waiting.ended': "Ended a child's wait for a specialist place",
  },
  records: {
    sufficiency: 'Specialist place sufficiency',
    place_wait: 'Wait for a specialist place',
    candidate_site: 'Candidate site for new places',
    site_selection: 'Choice of sites to open',
    sufficiency_scenario: 'New-site scenario',
    job: 'Proposal of places',
  },
};
