import type { FastifyReply } from 'fastify';
import {
  type ExportAudit,
  type ExportFormat,
  type ExportTable,
  sendExport,
} from '../../platform/exports/index.ts';
import type { EngagementContext } from './context.ts';

/**
 * A list the page has already read, sent as the file asked for and recorded as exported by the
 * person at work: every engagement table is small enough to be read whole.
 */
export function sendList<Row>(
  reply: FastifyReply,
  c: EngagementContext,
  format: ExportFormat,
  table: ExportTable<Row>,
  rows: readonly Row[],
  audit: Pick<ExportAudit, 'action' | 'entityType' | 'filters'>,
): Promise<FastifyReply> {
  return sendExport(reply, {
    format,
    today: c.today,
    table,
    pages: async () => ({ rows }),
    audit: { database: c.database, actor: c, ...audit },
  });
}
