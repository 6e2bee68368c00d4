import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

/** How the providers module's audit events read on the audit log. */
export const providersAuditVocabulary: AuditVocabulary = {
  actions: {
    'school.created': 'Added a school or setting',
    'school.updated': 'Changed a school or setting',
    'school.places.added': 'Added designated places to a setting',
    'school.places.changed': "Changed a setting's designated places",
    'school.places.removed': "Removed a setting's designated places",
    'school.places.imported': 'Loaded designated places from a file',
    'school.places.import.queued': 'Started a load of designated places',
    'school.places.import.problems.exported': exportedAs('the problems found in a file of designated places'),
    'cluster.created': 'Created a cluster',
    'cluster.renamed': 'Renamed a cluster',
    'cluster.member.added': 'Added a school to a cluster',
    'cluster.member.ended': "Ended a school's membership of a cluster",
    'cluster.host.nominated': 'Nominated a cluster host',
    'cluster.host.agreed': "Recorded a cluster host's agreement",
    'gias.import.queued': 'Started an import from GIAS',
    'gias.imported': 'Imported schools from GIAS',
    'gias.import.problems.exported': exportedAs('the problems found in a GIAS file'),
  },
  records: {
    establishment: 'School or setting',
    cluster: 'Cluster',
    job: 'Import',
  },
};
