export {
  type AuditActor,
  type AuditFacts,
  auditAs,
  auditListing,
  type ListingFacts,
} from './actor.ts';
export { chainCheckJob, recordedHeadSchema } from './chain/check-job.ts';
export { reportLines } from './chain/presenter.ts';
export { type AuditSealer, createAuditSealer, type SealPass } from './chain/sealer.ts';
export {
  type ChainReport,
  type ChainState,
  chainState,
  recordCheck,
  verdictLine,
  verifyChain,
} from './chain/service.ts';
export type { ChildDirectory, NamedChild } from './child-directory.ts';
export {
  type AuditEventInput,
  type AuditQuery,
  insertAuditEvent as recordAuditEvent,
  insertAuditEvents as recordAuditEvents,
  searchAuditEvents,
} from './repo.ts';
export {
  auditOf,
  type SharedRead,
  type SharedReadActor,
  sharedRead,
  transactionOf,
} from './shared-read.ts';
export {
  type ActionLabel,
  type AuditVocabulary,
  auditLabeller,
  exportedAs,
  platformVocabulary,
  type RecordLabel,
} from './vocabulary.ts';
