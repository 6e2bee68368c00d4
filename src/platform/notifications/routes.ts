import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/connect.ts';
import type { NotificationStatus } from '../db/schema.ts';
import { inTenant } from '../db/tenancy.ts';
import { downloadLinks, requestedFormat, sendExport } from '../exports/index.ts';
import type { ExportTable } from '../exports/table.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import { type DailyJob, type Job, recentJobs } from '../jobs/index.ts';
import { isoDateInLondon } from '../kernel/dates.ts';
import { countByStatus, listNotifications, type NotificationRow, retryNotification } from './repo.ts';

export const statusLabels: Record<NotificationStatus, string> = {
  queued: 'Waiting to send',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Not sent',
  cancelled: 'Cancelled',
};

const pageSize = 50;
const querySchema = z.object({
  status: z
    .enum(['queued', 'sending', 'sent', 'failed', 'cancelled'], {
      error: 'status must be one of queued, sending, sent, failed, cancelled',
    })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  page: z.coerce.number().int().min(1, 'page must be 1 or more').max(100_000).default(1),
});

const outboxTable: ExportTable<NotificationRow> = {
  fileStem: 'notifications',
  sheetTitle: 'Notifications',
  columns: [
    { heading: 'Queued', kind: 'dateTime', value: (r) => r.createdAt },
    { heading: 'To', kind: 'text', value: (r) => r.toEmail },
    { heading: 'Subject', kind: 'text', value: (r) => r.subject },
    { heading: 'Status', kind: 'text', value: (r) => statusLabels[r.status] },
    { heading: 'Tries', kind: 'integer', value: (r) => r.attempts },
    { heading: 'Sent', kind: 'dateTime', value: (r) => r.sentAt },
    { heading: 'Last error', kind: 'text', value: (r) => r.lastError },
  ],
};

interface Deps {
  config: Config;
  database: Database;
  clock: Clock;
  /** The daily jobs whose last run the page shows: they are what queues reminders here each day. */
  dailyJobs?: readonly DailyJob[];
}

const jobStatusLabels: Record<Job['status'], string> = {
  queued: 'Waiting to start',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
};

function lastRunOf(job: DailyJob, run: Job | undefined) {
  const day = run?.params.day;
  return {
    label: job.label,
    day: typeof day === 'string' ? day : null,
    status: run ? jobStatusLabels[run.status] : 'Not run yet',
    failed: run?.status === 'failed',
    message: run?.message ?? null,
  };
}

/** The outbox: every message OpenSEND has sent or will send, with what became of it. */
export async function notificationRoutes(app: FastifyInstance, deps: Deps) {
  const { database, clock, config } = deps;

  app.get('/admin/notifications', { config: { access: 'notifications:read' } }, async (request, reply) => {
    const p = request.principal;
    if (!p) throw notFound();
    const parsed = querySchema.safeParse(request.query ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? 'query');
      throw new HttpProblem(400, 'Invalid request', issue?.message ?? 'Invalid query', [
        { field, message: issue?.message ?? 'Invalid query' },
      ]);
    }
    const q = parsed.data;
    const tenant = { laCode: p.laCode, userId: p.userId };
    const format = requestedFormat(request.query);
    if (format)
      return sendExport(reply, {
        format,
        table: outboxTable,
        today: isoDateInLondon(clock()),
        audit: {
          database,
          actor: { principal: p, ip: request.ip, requestId: request.id },
          action: 'notifications.exported',
          entityType: 'notifications',
          filters: { status: q.status ?? null },
        },
        pages: async (offset: number | undefined) => {
          const start = offset ?? 0;
          const { rows } = await inTenant(database.db, tenant, (tx) =>
            listNotifications(tx, { status: q.status, limit: 500, offset: start }),
          );
          return { rows, next: rows.length === 500 ? start + 500 : undefined };
        },
      });
    const { list, counts, daily } = await inTenant(database.db, tenant, async (tx) => ({
      list: await listNotifications(tx, {
        status: q.status,
        limit: pageSize,
        offset: (q.page - 1) * pageSize,
      }),
      counts: await countByStatus(tx),
      daily: await Promise.all(
        (deps.dailyJobs ?? []).map(async (job) => lastRunOf(job, (await recentJobs(tx, job.kind, 1))[0])),
      ),
    }));
    return reply.page('notifications/outbox.njk', {
      pageTitle: 'Notifications',
      mailConfigured: !!config.mail.smtpUrl,
      rows: list.rows,
      total: list.total,
      counts,
      daily,
      statusLabels,
      status: q.status ?? '',
      page: q.page,
      pages: Math.max(1, Math.ceil(list.total / pageSize)),
      downloads: downloadLinks(request.url),
      flash: (request.query as { retried?: string }).retried ? 'The message will be sent again' : undefined,
    });
  });

  app.post(
    '/admin/notifications/:id/retry',
    { config: { access: 'notifications:manage' } },
    async (request, reply) => {
      const p = request.principal;
      const id = (request.params as { id: string }).id;
      if (!p || !z.uuid().safeParse(id).success) throw notFound('There is no such message.');
      const done = await inTenant(database.db, { laCode: p.laCode, userId: p.userId }, (tx) =>
        retryNotification(tx, id, clock()),
      );
      if (!done) throw notFound('There is no such message that was not sent.');
      return reply.redirect('/admin/notifications?retried=1', 303);
    },
  );
}
