export { type AuditActor, type AuditFacts, auditAs, auditListing, type ListingFacts } from './actor.ts';
export {
  type AuditEventInput,
  type AuditQuery,
  insertAuditEvent as recordAuditEvent,
  insertAuditEvents as recordAuditEvents,
  searchAuditEvents,
} from './repo.ts';
