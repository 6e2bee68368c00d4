import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/connect.ts';
import { downloadLinks, requestedFormat, sendExport } from '../exports/index.ts';
import { type FieldError, HttpProblem, notFound } from '../http/problem.ts';
import { isoDateInLondon } from '../kernel/dates.ts';
import { backupsTable } from './export.ts';
import { megabytes } from './file.ts';
import { nextStep, statusTags } from './presenter.ts';
import {
  type BackupSettings,
  type BackupsOverview,
  backupDownload,
  backupsOverview,
  requestBackup,
} from './service.ts';

export interface BackupRouteDeps {
  database: Database;
  clock: Clock;
  settings: BackupSettings;
}

function actorOf(request: FastifyRequest): AuditActor {
  const principal = request.principal;
  if (!principal) throw notFound();
  return { principal, ip: request.ip, requestId: request.id };
}

/** Why this administrator cannot make backups, in words for them. */
function whyNot(overview: BackupsOverview): string {
  const owner = overview.backupLa;
  if (owner.la)
    return `A backup holds the records of every LA on this OpenSEND, so backups are made and downloaded by the administrators of ${owner.la.name}.`;
  if (owner.because === 'unknown-la')
    return `BACKUP_LA names LA ${owner.configured}, which is not on this OpenSEND. Whoever runs the server should set it to the LA whose administrators look after backups.`;
  return 'This OpenSEND holds several LAs and a backup holds the records of all of them, so no LA’s administrators make backups until whoever runs the server names one with BACKUP_LA. Until then they make backups on the server with the opensend backup command.';
}

export async function backupRoutes(app: FastifyInstance, deps: BackupRouteDeps) {
  const { database, settings } = deps;

  const show = async (request: FastifyRequest, reply: FastifyReply, status: number, errors: FieldError[]) => {
    const overview = await backupsOverview(database, settings, actorOf(request));
    const step = nextStep(overview.backups, deps.clock());
    const refreshOff = (request.query as { refresh?: string }).refresh === 'off';
    // A refresh the person can stop (WCAG 2.2.1), from the server: the page runs no script of its own.
    if (overview.inProgress && !refreshOff) reply.header('Refresh', '5');
    return reply.code(status).page('backups/backups.njk', {
      pageTitle: 'Backups',
      overview,
      whyNot: overview.mayMake ? null : whyNot(overview),
      step,
      refreshOff,
      rows: overview.backups.map((b) => ({
        ...b,
        tag: statusTags[b.status],
        size: b.made ? megabytes(b.made.bytes) : '',
      })),
      downloads: overview.backups.length ? downloadLinks(request.url) : null,
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
    });
  };

  app.get('/admin/backups', { config: { access: 'backups:manage' } }, async (request, reply) => {
    const format = requestedFormat(request.query);
    if (!format) return show(request, reply, 200, []);
    const actor = actorOf(request);
    const overview = await backupsOverview(database, settings, actor);
    return sendExport(reply, {
      format,
      table: backupsTable,
      today: isoDateInLondon(deps.clock()),
      pages: async () => ({ rows: overview.backups }),
      audit: { database, actor, action: 'backups.list.exported', entityType: 'backup', filters: {} },
    });
  });

  app.post('/admin/backups', { config: { access: 'backups:manage' } }, async (request, reply) => {
    try {
      await requestBackup(database, settings, actorOf(request));
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 409) return show(request, reply, 409, err.errors);
      throw err;
    }
    return reply.redirect('/admin/backups', 303);
  });

  app.get('/admin/backups/:id/file', { config: { access: 'backups:manage' } }, async (request, reply) => {
    const { file, fileName } = await backupDownload(
      database,
      settings,
      actorOf(request),
      (request.params as { id: string }).id,
    );
    return reply
      .type('application/octet-stream')
      .header('Content-Disposition', `attachment; filename="${fileName}"`)
      .header('Content-Length', String(fs.statSync(file).size))
      .header('Cache-Control', 'no-store')
      .send(fs.createReadStream(file));
  });
}
