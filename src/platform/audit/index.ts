export {
  type AuditEventInput,
  type AuditQuery,
  insertAuditEvent as recordAuditEvent,
  insertAuditEvents as recordAuditEvents,
  searchAuditEvents,
} from './repo.ts';
