import type { ExportTable } from '../exports/index.ts';
import type { AuditEventView } from './presenter.ts';
import { childrenOf, personOf } from './presenter.ts';

/** The audit log as it downloads: the labels people read, and the codes and ids beside them for checking. */
export const auditEventsTable: ExportTable<AuditEventView> = {
  fileStem: 'audit-log',
  sheetTitle: 'Audit log',
  columns: [
    { heading: 'When (UK time)', kind: 'dateTime', value: (e) => e.at },
    { heading: 'Person', kind: 'text', value: (e) => personOf(e) },
    { heading: 'Action', kind: 'text', width: 36, value: (e) => e.actionLabel },
    { heading: 'Record', kind: 'text', width: 30, value: (e) => e.record },
    { heading: 'Child', kind: 'text', width: 40, value: (e) => childrenOf(e) },
    { heading: 'From (IP address)', kind: 'text', value: (e) => e.ip },
    { heading: 'Action code', kind: 'text', value: (e) => e.action },
    { heading: 'Record ID', kind: 'text', width: 38, value: (e) => e.entityId },
    {
      heading: 'Child IDs',
      kind: 'text',
      width: 38,
      value: (e) => (e.childId ? e.childId : e.children.map((c) => c.id).join(' ')),
    },
    { heading: 'Event number', kind: 'integer', value: (e) => e.id },
  ],
  childIdsOf: (e) => [e.childId, ...e.children.map((c) => c.id)],
};
