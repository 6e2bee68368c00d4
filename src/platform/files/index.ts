/** Files people send (letters, reports, photos of paper): checked by content, streamed to disk. */
export { acceptedFilesText, checkFile, type FileKind, fileKinds, sniff } from './sniff.ts';
export {
  cleanFileName,
  discardReceived,
  keepFile,
  openStoredFile,
  type ReceivedFile,
  receiveFile,
  type StoredFile,
  storedFiles,
} from './store.ts';
export type { FilesTables } from './tables.ts';
export {
  sendStoredFile,
  type UploadOptions,
  uploadedFile,
  uploadProblem,
  withFileUploads,
} from './uploads.ts';
