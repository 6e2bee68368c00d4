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
