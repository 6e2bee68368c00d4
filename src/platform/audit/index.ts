export {
  type AuditActor,
  type AuditFacts,
  auditAs,
  auditListing,
  type ListingFacts,
} from './actor.ts';
export type { ChildDirectory, NamedChild } from './child-directory.ts';
export {
  type AuditEventInput,
  type AuditQuery,
  insertAuditEvent as recordAuditEvent,
  insertAuditEvents as recordAuditEvents,
  searchAuditEvents,
} from './repo.ts';
export {
  type ActionLabel,
  type AuditVocabulary,
  auditLabeller,
  exportedAs,
  platformVocabulary,
  type RecordLabel,
} from './vocabulary.ts';
