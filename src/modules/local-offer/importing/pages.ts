import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { multipartScope } from '../../../platform/http/multipart.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { localOfferContext } from '../context.ts';
import { formChoices } from '../editing/service.ts';
import { importOrukFile, maxImportBytes, type ReportLine } from './service.ts';

/** /local-offer/manage/import: services from another Open Referral UK feed, all or nothing, with a report. */

interface Upload {
  data: Buffer;
  tooLarge: boolean;
}
const isUpload = (v: unknown): v is Upload => typeof v === 'object' && v !== null && 'data' in v;

export async function importPages(app: FastifyInstance, deps: ModuleDeps) {
  const ctx = (request: FastifyRequest) => localOfferContext(request, deps.database, deps.clock);
  const editor = { config: { access: 'local-offer:edit' as const } };

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    v: Record<string, string>,
    errors: FieldError[],
    report: { ok: boolean; lines: ReportLine[] } | null,
  ) {
    const { headings, categories } = await formChoices(ctx(request));
    const count = (o: ReportLine['outcome']) => report?.lines.filter((l) => l.outcome === o).length ?? 0;
    return reply.code(status).page('local-offer/import.njk', {
      pageTitle: 'Import services from another Open Referral UK feed',
      headingItems: [
        { value: '', text: 'Choose a heading' },
        ...headings.map((h) => ({ value: h.code, text: h.name, selected: v.heading === h.code })),
      ],
      categoryItems: [
        { value: '', text: 'Choose a category' },
        ...categories.map((c) => ({ value: c.code, text: c.name, selected: v.category === c.code })),
      ],
      report: report
        ? {
            ok: report.ok,
            added: count('added'),
            updated: count('updated'),
            refused: count('refused'),
            rows: report.lines.map((l) => [
              { text: l.sourceId },
              { text: l.name },
              {
                text:
                  l.outcome === 'refused'
                    ? 'Cannot be imported'
                    : report.ok
                      ? l.outcome === 'added'
                        ? 'Added'
                        : 'Updated'
                      : 'Ready: not imported',
              },
              {
                text: l.notes.length
                  ? l.notes.map((n) => `${n.charAt(0).toUpperCase()}${n.slice(1)}.`).join(' ')
                  : '',
              },
            ]),
          }
        : null,
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/local-offer/manage/import', editor, (request, reply) => show(request, reply, 200, {}, [], null));

  await multipartScope(
    app,
    {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: maxImportBytes, files: 1, fields: 5, parts: 8, fieldSize: 4096 },
      async onFile(part: MultipartFile & { value?: unknown }) {
        const data = await part.toBuffer();
        part.value = { data, tooLarge: part.file.truncated } satisfies Upload;
      },
    },
    (scope) => {
      scope.post('/local-offer/manage/import', editor, async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const v = {
          heading: typeof body.heading === 'string' ? body.heading : '',
          category: typeof body.category === 'string' ? body.category : '',
        };
        const r = await importOrukFile(ctx(request), isUpload(body.file) ? body.file : null, v);
        if (!r.ok)
          return show(
            request,
            reply,
            r.status,
            v,
            r.errors,
            r.lines.length ? { ok: false, lines: r.lines } : null,
          );
        return show(request, reply, 200, v, [], { ok: true, lines: r.lines });
      });
    },
  );
}
