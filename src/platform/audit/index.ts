export {
  type AuditEventInput,
  type AuditQuery,
  insertAuditEvent as recordAuditEvent,
  searchAuditEvents,
} from './repo.ts';
