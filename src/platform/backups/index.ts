export {
  type BackupResult,
  checkCompatible,
  makeBackup,
  opensendVersion,
  type RestoreOutcome,
  recordForEveryLa,
  restoreBackup,
} from './backup.ts';
export { BackupError, type BackupManifest, readBackupHeader } from './file.ts';
export { backupRoutes } from './routes.ts';
export { type BackupSettings, backupJob, backupJobKind, backupLa } from './service.ts';
export { backupsAuditVocabulary } from './vocabulary.ts';
