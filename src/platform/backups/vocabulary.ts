import { type AuditVocabulary, exportedAs } from '../audit/index.ts';

/** How backups read in the audit log: every LA's log has these, as every backup holds every LA. */
export const backupsAuditVocabulary: AuditVocabulary = {
  actions: {
    'backup.requested': 'Asked for a backup',
    'backup.made': 'Made a backup of the whole database',
    'backup.failed': 'A backup failed',
    'backup.downloaded': 'Downloaded a backup of the whole database',
    'backup.restored': 'Restored the whole database from a backup',
    'backups.list.exported': exportedAs('the list of backups'),
  },
  records: { backup: 'Backup' },
};
