import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import { recordAuditEvent } from '../audit/index.ts';
import { can } from '../auth/roles.ts';
import type { Database } from '../db/connect.ts';
import { inTenant } from '../db/tenancy.ts';
import { type FieldError, forbidden, notFound, unprocessable } from '../http/problem.ts';
import {
  enqueueJob,
  getJob,
  type Job,
  JobFailed,
  type JobHandler,
  notifyJobQueued,
  recentJobs,
} from '../jobs/index.ts';
import { type IsoDate, isIsoDate } from '../kernel/dates.ts';
import { matchHeader } from './columns.ts';
import { ImportRejected } from './report.ts';
import {
  type ImportActor,
  type ImportUpload,
  limitsOf,
  runImport,
  type SpreadsheetImport,
} from './runner.ts';
import { isZip, openSpreadsheet } from './spreadsheet.ts';

/** An import as the job and its pages handle it: its rows and what it knows before reading are its own business. */
// biome-ignore lint/suspicious/noExplicitAny: only the summary's type matters outside the definition.
export type ImportOf<Summary> = SpreadsheetImport<any, any, Summary, any>;
export type AnyImport = ImportOf<unknown>;

const n = (x: number) => x.toLocaleString('en-GB');
const tenantOf = (actor: ImportActor) => ({ laCode: actor.laCode, userId: actor.userId });

function authorise(actor: ImportActor, definition: AnyImport) {
  if (!can(actor.roles, definition.permission)) throw forbidden();
}

/** A CSV is looked at only this far on the form: enough for its header, however big the file. */
const csvLookBytes = 1024 * 1024;

/**
 * A quick look at an upload, so a wrong file is named on the form rather than after queueing:
 * that it is the right kind of file and has the right columns. Its rows are checked in the job.
 */
export async function uploadProblems(definition: AnyImport, upload: ImportUpload): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const field = definition.upload.field;
  const limits = limitsOf(definition);
  if (!upload.file.length) errors.push({ field, message: definition.upload.missing });
  else {
    const isCsv = !isZip(upload.file) || !definition.formats.includes('xlsx');
    const opened = await openSpreadsheet(isCsv ? upload.file.subarray(0, csvLookBytes) : upload.file, {
      formats: definition.formats,
      what: 'The selected file',
      sheet: upload.sheet,
      maxRows: isCsv ? Number.POSITIVE_INFINITY : limits.maxRows,
      maxUnpackedBytes: limits.maxUnpackedBytes,
    });
    const header = opened.ok
      ? matchHeader(opened.spreadsheet.header, definition.columns, definition)
      : opened;
    if (!header.ok) errors.push({ field, message: header.problem });
    else if (opened.ok && opened.spreadsheet.total === 0 && (!isCsv || upload.file.length <= csvLookBytes))
      errors.push({ field, message: 'The file has a header but no rows' });
  }
  for (const a of definition.attachments ?? []) {
    const bytes = upload.attachments[a.field];
    const problem = bytes?.length ? a.check?.(bytes) : null;
    if (problem) errors.push({ field: a.field, message: problem });
  }
  return errors;
}

// Compressed off the event loop: an upload can be tens of megabytes.
const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

/** The upload as the job keeps it: a JSON head naming each part, then each part gzipped. */
async function packUpload(upload: ImportUpload): Promise<Uint8Array> {
  const parts: [string, Uint8Array][] = [
    ['', upload.file],
    ...Object.entries(upload.attachments).flatMap(([k, v]): [string, Uint8Array][] =>
      v?.length ? [[k, v]] : [],
    ),
  ];
  const packed = await Promise.all(parts.map(([, bytes]) => gzip(bytes)));
  const head = Buffer.from(
    JSON.stringify({
      fileName: upload.fileName,
      sheet: upload.sheet ?? null,
      parts: parts.map(([name], i) => ({ name, size: packed[i]?.length ?? 0 })),
    }),
  );
  const size = Buffer.alloc(4);
  size.writeUInt32BE(head.length);
  return Buffer.concat([size, head, ...packed]);
}

async function unpackUpload(payload: Uint8Array): Promise<ImportUpload> {
  const b = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const headSize = b.readUInt32BE(0);
  const head = JSON.parse(b.toString('utf8', 4, 4 + headSize)) as {
    fileName: string;
    sheet: string | null;
    parts: { name: string; size: number }[];
  };
  let at = 4 + headSize;
  const upload: ImportUpload = { file: new Uint8Array(), fileName: head.fileName, attachments: {} };
  if (head.sheet) upload.sheet = head.sheet;
  for (const part of head.parts) {
    const bytes = await gunzip(b.subarray(at, at + part.size));
    at += part.size;
    if (part.name === '') upload.file = bytes;
    else upload.attachments[part.name] = bytes;
  }
  return upload;
}

/**
 * Checks an upload and queues its import; the job's page shows progress and the outcome. The
 * import is dated `today`, the day it was asked for, however long it waits to run.
 */
export async function queueImport(
  database: Database,
  actor: ImportActor,
  definition: AnyImport,
  upload: ImportUpload,
  today?: IsoDate,
): Promise<string> {
  authorise(actor, definition);
  const errors = await uploadProblems(definition, upload);
  if (errors.length) throw unprocessable(errors);
  const payload = await packUpload(upload);
  const id = await inTenant(database.db, tenantOf(actor), async (tx) => {
    const jobId = await enqueueJob(tx, {
      laCode: actor.laCode,
      kind: definition.kind,
      createdBy: actor.userId,
      params: {
        fileName: upload.fileName,
        bytes: upload.file.length,
        ...(upload.sheet ? { sheet: upload.sheet } : {}),
        ...(today ? { today } : {}),
        ...Object.fromEntries(Object.entries(upload.attachments).map(([k, v]) => [k, Boolean(v?.length)])),
      },
      payload,
      message: 'Waiting to start',
    });
    await recordAuditEvent(tx, {
      laCode: actor.laCode,
      userId: actor.userId,
      action: definition.queuedAction,
      entityType: 'job',
      entityId: jobId,
      ip: actor.ip ?? null,
      requestId: actor.requestId ?? null,
      detail: { fileName: upload.fileName },
    });
    return jobId;
  });
  notifyJobQueued();
  return id;
}

/** The background job that runs a queued import, reporting progress for its page. */
export function importJob(definition: AnyImport): JobHandler {
  return {
    kind: definition.kind,
    async run({ job, database, payload, progress }) {
      // A payload kept in some other form (queued by an older version, say) is not guessed at.
      const upload = payload ? await unpackUpload(payload).catch(() => undefined) : undefined;
      if (!upload) throw new JobFailed('The uploaded file is no longer available. Upload it again.');
      // The job was authorised when it was queued; it runs with its creator's LA and name.
      const actor: ImportActor = { laCode: job.laCode, userId: job.createdBy, roles: [] };
      try {
        const summary = await runImport(
          definition,
          {
            database,
            actor,
            jobId: job.id,
            upload,
            today:
              typeof job.params.today === 'string' && isIsoDate(job.params.today)
                ? job.params.today
                : undefined,
          },
          async (stage, done, total) => {
            // Saving is one transaction; on the embedded database nothing else can write meanwhile.
            if (stage === 'checking') await progress(done, total, `Checked ${n(done)} of ${n(total)} rows`);
            else if (done === 0)
              await progress(total, total, `Saving ${n(total)} ${total === 1 ? 'row' : 'rows'}`);
          },
        );
        return { message: definition.summaryMessage(summary), result: { summary } };
      } catch (err) {
        if (err instanceof ImportRejected) throw new JobFailed(err.message, { report: err.report });
        throw err;
      }
    },
  };
}

export async function getImportJob(
  database: Database,
  actor: ImportActor,
  definition: AnyImport,
  id: string,
): Promise<Job> {
  authorise(actor, definition);
  const job = /^[0-9a-f-]{36}$/i.test(id)
    ? await inTenant(database.db, tenantOf(actor), (tx) => getJob(tx, id))
    : undefined;
  if (!job || job.kind !== definition.kind) throw notFound('There is no such import.');
  return job;
}

export async function recentImports(
  database: Database,
  actor: ImportActor,
  definition: AnyImport,
): Promise<Job[]> {
  authorise(actor, definition);
  return inTenant(database.db, tenantOf(actor), (tx) => recentJobs(tx, definition.kind, 10));
}
