import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FieldError } from '../../../platform/http/problem.ts';
import type { Job } from '../../../platform/jobs/index.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type Actor, actorOf } from '../actor.ts';
import {
  getImportJob,
  type ImportReport,
  type ImportSummary,
  maxGiasFileBytes,
  queueGiasImport,
  recentImports,
} from '../import-service.ts';
import { attempt, errorView, noErrors, seeOther } from './forms.ts';

interface Upload {
  filename: string;
  data: Buffer;
  tooLarge: boolean;
}

const n = (x: number) => x.toLocaleString('en-GB');
const statusTags: Record<Job['status'], { text: string; classes: string }> = {
  queued: { text: 'Waiting', classes: 'govuk-tag--grey' },
  running: { text: 'Running', classes: 'govuk-tag--blue' },
  succeeded: { text: 'Imported', classes: 'govuk-tag--green' },
  failed: { text: 'Nothing imported', classes: 'govuk-tag--red' },
};

function isUpload(v: unknown): v is Upload {
  return typeof v === 'object' && v !== null && 'data' in v && Buffer.isBuffer((v as Upload).data);
}

export async function importPages(app: FastifyInstance, deps: ModuleDeps) {
  const { database } = deps;

  const showForm = async (reply: FastifyReply, actor: Actor, status: number, errors: FieldError[]) => {
    const jobs = await recentImports(database, actor);
    return reply.code(status).page('providers/import.njk', {
      pageTitle: 'Import schools from GIAS',
      jobs: jobs.map((j) => ({
        ...j,
        tag: statusTags[j.status],
        fileName: j.params.fileName ?? 'GIAS file',
      })),
      maxMegabytes: Math.round(maxGiasFileBytes / 1024 / 1024),
      ...(errors.length ? errorView(errors) : noErrors),
    });
  };

  app.get('/admin/imports/gias', { config: { access: 'providers:import' } }, async (request, reply) =>
    showForm(reply, actorOf(request), 200, []),
  );

  // Uploads are accepted here only: the rest of the app keeps refusing multipart bodies.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: maxGiasFileBytes, files: 2, fields: 5, parts: 10, fieldSize: 4096 },
      async onFile(part: MultipartFile & { value?: unknown }) {
        const data = await part.toBuffer();
        part.value = { filename: part.filename, data, tooLarge: part.file.truncated } satisfies Upload;
      },
    });

    scope.post('/admin/imports/gias', { config: { access: 'providers:import' } }, async (request, reply) => {
      const actor = actorOf(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const gias = isUpload(body.gias) ? body.gias : undefined;
      const links = isUpload(body.links) && body.links.data.length ? body.links : undefined;
      const tooLarge = [gias, links].flatMap((u, i) =>
        u?.tooLarge
          ? [
              {
                field: i ? 'links' : 'gias',
                message: `The selected file must be smaller than ${Math.round(maxGiasFileBytes / 1024 / 1024)} MB`,
              },
            ]
          : [],
      );
      if (tooLarge.length) return showForm(reply, actor, 413, tooLarge);
      const r = await attempt(() =>
        queueGiasImport(database, actor, {
          gias: gias?.data ?? Buffer.alloc(0),
          links: links?.data ?? null,
          fileName: gias?.filename ?? 'GIAS file',
        }),
      );
      if (!r.ok) return showForm(reply, actor, 400, r.errors);
      return seeOther(reply, `/admin/imports/gias/${r.value}`);
    });
  });

  app.get('/admin/imports/gias/:id', { config: { access: 'providers:import' } }, async (request, reply) => {
    const job = await getImportJob(database, actorOf(request), (request.params as { id: string }).id);
    const finished = job.status === 'succeeded' || job.status === 'failed';
    const refreshOff = (request.query as { refresh?: string }).refresh === 'off';
    // A refresh the person can stop (WCAG 2.2.1), from the server: the page runs no script of its own.
    if (!finished && !refreshOff) reply.header('Refresh', '2');
    const result = (job.result ?? {}) as { summary?: ImportSummary; report?: ImportReport };
    const total = job.progress.total;
    return reply.page('providers/import-job.njk', {
      pageTitle: finished
        ? job.status === 'succeeded'
          ? 'GIAS import complete'
          : 'Nothing was imported'
        : 'Importing schools from GIAS',
      job,
      tag: statusTags[job.status],
      fileName: job.params.fileName ?? 'GIAS file',
      finished,
      refreshOff,
      percent: total ? Math.floor((100 * job.progress.done) / total) : 0,
      progressText: job.message ?? (total ? `Checked ${n(job.progress.done)} of ${n(total)} rows` : null),
      summary: result.summary,
      report: result.report,
      n,
    });
  });
}
