import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import type { Database } from '../../platform/db/connect.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import { notFound, unprocessable } from '../../platform/http/problem.ts';
import {
  enqueueJob,
  getJob,
  type Job,
  JobFailed,
  type JobHandler,
  notifyJobQueued,
  recentJobs,
} from '../../platform/jobs/index.ts';
import { type Actor, audit, authorise, tenantOf } from './actor.ts';
import { decodeCsv, parseCsvRecords, splitCsvRecords } from '../../platform/imports/csv.ts';
import { giasLinkColumns, readGiasLinks, SuccessorGraph } from './domain/gias-links.ts';
import { createGiasReader, type GiasReading, giasHeaderProblem } from './domain/gias-reader.ts';
import type { RowProblem } from './domain/gias-row.ts';
import { planGiasImport, urnsOfInterest } from './domain/import-plan.ts';
import { saveImportPlan } from './import-writer.ts';
import * as repo from './repo.ts';

export const giasImportKind = 'providers.gias-import';
/** GIAS's national file is about 60 MB; this leaves room for it to grow. */
export const maxGiasFileBytes = 150 * 1024 * 1024;
const batchSize = 2000;
const n = (x: number) => x.toLocaleString('en-GB');

export interface GiasFiles {
  gias: Uint8Array;
  links?: Uint8Array | null;
  fileName?: string;
}

/** Why nothing was imported: a problem with a whole file, or the rows with problems. */
export interface ImportReport {
  file: 'gias' | 'links';
  fileProblem?: string;
  problems: RowProblem[];
  problemCount: number;
  rowsRead: number;
}

export interface ImportSummary {
  encoding: string;
  rowsRead: number;
  laRows: number;
  created: number;
  updated: number;
  unchanged: number;
  superseded: number;
  otherLaRows: number;
  replaced: { fromUrn: number; toUrn: number; name: string }[];
  warnings: RowProblem[];
  warningCount: number;
  linksRead: number | null;
}

export class GiasImportRejected extends Error {
  constructor(readonly report: ImportReport) {
    super(
      report.fileProblem ??
        `Nothing was imported: ${n(report.problemCount)} ${report.problemCount === 1 ? 'problem' : 'problems'} in the ${report.file === 'links' ? 'links file' : 'file'}`,
    );
  }
}

export type ImportProgress = (
  stage: 'checking' | 'saving',
  done: number,
  total: number,
) => void | Promise<void>;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function readCsv(bytes: Uint8Array, file: 'gias' | 'links', label: string) {
  const decoded = decodeCsv(bytes, label);
  if (!decoded.ok)
    throw new GiasImportRejected({
      file,
      fileProblem: decoded.problem,
      problems: [],
      problemCount: 0,
      rowsRead: 0,
    });
  const records = splitCsvRecords(decoded.text);
  const [first] = parseCsvRecords(records.slice(0, 1));
  const header = first && 'values' in first ? first.values.map((h) => h.trim()) : [];
  return { encoding: decoded.encoding, header, records: records.slice(1) };
}

/** A quick look at an upload, so a wrong file is named on the form rather than after queueing. */
export function giasUploadProblem(bytes: Uint8Array): string | null {
  try {
    const { header } = readCsv(
      bytes.subarray(0, Math.min(bytes.length, 1024 * 1024)),
      'gias',
      'The selected file',
    );
    return giasHeaderProblem(header);
  } catch (err) {
    if (err instanceof GiasImportRejected) return err.message;
    throw err;
  }
}

function readLinks(bytes: Uint8Array): SuccessorGraph & { size: number } {
  const { header, records } = readCsv(bytes, 'links', 'The links file');
  const missing = giasLinkColumns.filter((c) => !header.includes(c));
  if (missing.length)
    throw new GiasImportRejected({
      file: 'links',
      fileProblem: `The links file is missing ${missing.length === 1 ? 'this column' : 'these columns'}: ${missing.join(', ')}`,
      problems: [],
      problemCount: 0,
      rowsRead: 0,
    });
  const parsed = parseCsvRecords(records);
  const bad = parsed.flatMap((r) =>
    'problem' in r ? [{ row: r.row, column: '(whole row)', problem: r.problem }] : [],
  );
  const { links, problems } = readGiasLinks(
    header,
    parsed.flatMap((r) => ('values' in r ? [r] : [])),
  );
  const all = [...bad, ...problems];
  if (all.length)
    throw new GiasImportRejected({
      file: 'links',
      problems: all.slice(0, 500),
      problemCount: all.length,
      rowsRead: parsed.length,
    });
  return Object.assign(new SuccessorGraph(links), { size: links.length });
}

/**
 * Imports a GIAS establishment file for one LA, all or nothing: every row that concerns the LA
 * is checked first, and any problem means nothing is written and the report names each row,
 * column and problem. Then one transaction creates and updates the LA's schools.
 */
async function runGiasImport(
  database: Database,
  actor: Actor,
  files: GiasFiles,
  onProgress: ImportProgress,
  jobId?: string,
): Promise<ImportSummary> {
  const graph = files.links ? readLinks(files.links) : null;
  const successors = graph ?? new SuccessorGraph([]);
  const { encoding, header, records } = readCsv(files.gias, 'gias', 'The file');
  const headerProblem = giasHeaderProblem(header);
  if (headerProblem)
    throw new GiasImportRejected({
      file: 'gias',
      fileProblem: headerProblem,
      problems: [],
      problemCount: 0,
      rowsRead: 0,
    });
  if (!records.length)
    throw new GiasImportRejected({
      file: 'gias',
      fileProblem: 'The file has a header but no rows',
      problems: [],
      problemCount: 0,
      rowsRead: 0,
    });

  const held = await inTenant(database.db, tenantOf(actor), (tx) => repo.heldEstablishments(tx));
  const reader = createGiasReader(header, actor.laCode, urnsOfInterest(held, successors));
  for (let i = 0; i < records.length; i += batchSize) {
    reader.add(parseCsvRecords(records.slice(i, i + batchSize)));
    await onProgress('checking', Math.min(i + batchSize, records.length), records.length);
    await nextTurn();
  }
  const reading: GiasReading = reader.result();
  if (reading.problemCount)
    throw new GiasImportRejected({
      file: 'gias',
      problems: reading.problems,
      problemCount: reading.problemCount,
      rowsRead: reading.rowsRead,
    });

  await onProgress('saving', 0, reading.rows.length);
  const saved = await inTenant(database.db, tenantOf(actor), async (tx) => {
    await repo.lockGiasImport(tx, actor.laCode);
    const plan = planGiasImport(reading.rows, await repo.heldEstablishments(tx), successors);
    return saveImportPlan(tx, actor, plan, {
      hasOfsted: reading.rows.some((r) => r.ofsted),
      onSaved: (done, total) => onProgress('saving', done, total),
      jobId,
    });
  });
  const summary: ImportSummary = {
    encoding,
    rowsRead: reading.rowsRead,
    laRows: reading.rows.length,
    ...saved,
    otherLaRows: reading.otherLaRows,
    warnings: reading.warnings.slice(0, 100),
    warningCount: reading.warnings.length,
    linksRead: graph ? graph.size : null,
  };
  return summary;
}

export function summaryMessage(s: ImportSummary): string {
  return `Imported ${n(s.laRows)} ${s.laRows === 1 ? 'row' : 'rows'}: ${n(s.created)} added, ${n(s.updated)} updated, ${n(s.unchanged)} unchanged`;
}

/** For the command line: runs the import now, reporting progress as it goes. */
export async function importGiasNow(
  database: Database,
  actor: Actor,
  files: GiasFiles,
  onProgress: ImportProgress,
) {
  authorise(actor, 'providers:import');
  return runGiasImport(database, actor, files, onProgress);
}

// Compressed off the event loop: a national file is tens of megabytes.
const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

async function packPayload(files: GiasFiles): Promise<Uint8Array> {
  const gias = await gzip(files.gias);
  const links = files.links ? await gzip(files.links) : Buffer.alloc(0);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(gias.length);
  return Buffer.concat([head, gias, links]);
}

async function unpackPayload(payload: Uint8Array): Promise<GiasFiles> {
  const b = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const size = b.readUInt32BE(0);
  const links = b.subarray(4 + size);
  return { gias: await gunzip(b.subarray(4, 4 + size)), links: links.length ? await gunzip(links) : null };
}

/** Checks an upload and queues its import; the job's page shows progress and the outcome. */
export async function queueGiasImport(database: Database, actor: Actor, files: GiasFiles): Promise<string> {
  authorise(actor, 'providers:import');
  const errors = [];
  const giasProblem = files.gias.length
    ? giasUploadProblem(files.gias)
    : 'Select a GIAS establishment file (CSV)';
  if (giasProblem) errors.push({ field: 'gias', message: giasProblem });
  if (files.links?.length) {
    const decoded = decodeCsv(files.links.subarray(0, 64 * 1024), 'The links file');
    if (!decoded.ok) errors.push({ field: 'links', message: decoded.problem });
  }
  if (errors.length) throw unprocessable(errors);
  const payload = await packPayload(files);
  const id = await inTenant(database.db, tenantOf(actor), async (tx) => {
    const jobId = await enqueueJob(tx, {
      laCode: actor.laCode,
      kind: giasImportKind,
      createdBy: actor.userId,
      params: {
        fileName: files.fileName ?? null,
        bytes: files.gias.length,
        links: Boolean(files.links?.length),
      },
      payload,
      message: 'Waiting to start',
    });
    await audit(
      tx,
      actor,
      'gias.import.queued',
      { type: 'job', id: jobId },
      { fileName: files.fileName ?? null },
    );
    return jobId;
  });
  notifyJobQueued();
  return id;
}

export const giasImportJob: JobHandler = {
  kind: giasImportKind,
  async run({ job, database, payload, progress }) {
    if (!payload) throw new JobFailed('The uploaded file is no longer available. Upload it again.');
    // The job was authorised when it was queued; it runs with its creator's LA and name.
    const actor: Actor = { laCode: job.laCode, userId: job.createdBy, roles: [] };
    try {
      const summary = await runGiasImport(
        database,
        actor,
        await unpackPayload(payload),
        async (stage, done, total) => {
          // Saving happens in one transaction; on the embedded database nothing else can write meanwhile.
          if (stage === 'checking') await progress(done, total, `Checked ${n(done)} of ${n(total)} rows`);
          else if (done === 0)
            await progress(total, total, `Saving the ${n(total)} rows for your LA’s schools`);
        },
        job.id,
      );
      return { message: summaryMessage(summary), result: { summary } };
    } catch (err) {
      if (err instanceof GiasImportRejected) throw new JobFailed(err.message, { report: err.report });
      throw err;
    }
  },
};

export async function getImportJob(database: Database, actor: Actor, id: string): Promise<Job> {
  authorise(actor, 'providers:import');
  const job = /^[0-9a-f-]{36}$/i.test(id)
    ? await inTenant(database.db, tenantOf(actor), (tx) => getJob(tx, id))
    : undefined;
  if (!job || job.kind !== giasImportKind) throw notFound('There is no such import.');
  return job;
}

export async function recentImports(database: Database, actor: Actor): Promise<Job[]> {
  authorise(actor, 'providers:import');
  return inTenant(database.db, tenantOf(actor), (tx) => recentJobs(tx, giasImportKind, 10));
}
