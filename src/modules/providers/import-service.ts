import type { Database } from '../../platform/db/connect.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import {
  decodeCsv,
  fileRejected,
  type ImportProgress,
  ImportRejected,
  importJob,
  maxReportedProblems,
  parseCsvRecords,
  type RowProblem,
  runImport,
  type SpreadsheetImport,
  splitCsvRecords,
} from '../../platform/imports/index.ts';
import { type Actor, authorise, tenantOf } from './actor.ts';
import { giasLinkColumns, readGiasLinks, SuccessorGraph } from './domain/gias-links.ts';
import { checkGiasRow, concernsLa, type GiasValues, giasImportColumns } from './domain/gias-reader.ts';
import type { GiasEstablishment } from './domain/gias-row.ts';
import { planGiasImport, urnsOfInterest } from './domain/import-plan.ts';
import { saveImportPlan } from './import-writer.ts';
import * as repo from './repo.ts';

export const giasImportKind = 'providers.gias-import';
const linksLabel = 'links file';
const n = (x: number) => x.toLocaleString('en-GB');

export interface GiasFiles {
  gias: Uint8Array;
  links?: Uint8Array | null;
  fileName?: string;
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

interface GiasContext {
  successors: SuccessorGraph;
  linksRead: number | null;
  urnsOfInterest: ReadonlySet<number>;
  laCode: string;
}

/** GIAS's links file, read whole: which URN carries on which. */
function readLinks(bytes: Uint8Array): { graph: SuccessorGraph; size: number } {
  const decoded = decodeCsv(bytes, 'The links file');
  if (!decoded.ok) throw fileRejected(decoded.problem, linksLabel);
  const records = splitCsvRecords(decoded.text);
  const [first] = parseCsvRecords(records.slice(0, 1));
  const header = first && 'values' in first ? first.values.map((h) => h.trim()) : [];
  const missing = giasLinkColumns.filter((c) => !header.includes(c));
  if (missing.length)
    throw fileRejected(
      `The links file is missing ${missing.length === 1 ? 'this column' : 'these columns'}: ${missing.join(', ')}`,
      linksLabel,
    );
  const parsed = parseCsvRecords(records.slice(1));
  const bad = parsed.flatMap((r) =>
    'problem' in r ? [{ row: r.row, column: '(whole row)', problem: r.problem }] : [],
  );
  const { links, problems } = readGiasLinks(
    header,
    parsed.flatMap((r) => ('values' in r ? [r] : [])),
  );
  const all = [...bad, ...problems];
  if (all.length)
    throw new ImportRejected({
      fileLabel: linksLabel,
      problems: all.slice(0, maxReportedProblems),
      problemCount: all.length,
      rowsRead: parsed.length,
    });
  return { graph: new SuccessorGraph(links), size: links.length };
}

export function summaryMessage(s: ImportSummary): string {
  return `Imported ${n(s.laRows)} ${s.laRows === 1 ? 'row' : 'rows'}: ${n(s.created)} added, ${n(s.updated)} updated, ${n(s.unchanged)} unchanged`;
}

/**
 * A GIAS establishment file, imported for one LA all or nothing: the rows that concern the LA are
 * checked, and any problem means nothing is written. Then one transaction creates and updates the
 * LA's schools, a successor taking over its predecessor's record where the links file says so.
 */
export const giasImport: SpreadsheetImport<GiasValues, GiasEstablishment, ImportSummary, GiasContext> = {
  kind: giasImportKind,
  permission: 'providers:import',
  columns: giasImportColumns,
  // GIAS writes CSV; its national file has well over a hundred columns the import does not need.
  formats: ['csv'],
  unknownColumns: 'ignore',
  keyColumns: ['URN'],
  // GIAS's national file is about 60 MB; this leaves room for it to grow.
  limits: { maxBytes: 150 * 1024 * 1024, maxRows: 200_000 },
  wording: { column: 'GIAS column', file: 'a GIAS establishment file' },
  upload: { field: 'gias', missing: 'Select a GIAS establishment file (CSV)' },
  attachments: [
    {
      field: 'links',
      label: linksLabel,
      check: (bytes) => {
        const decoded = decodeCsv(bytes.subarray(0, 64 * 1024), 'The links file');
        return decoded.ok ? null : decoded.problem;
      },
    },
  ],
  queuedAction: 'gias.import.queued',
  async prepare({ database, actor, upload }) {
    const links = upload.attachments.links;
    const read = links?.length ? readLinks(links) : null;
    const successors = read?.graph ?? new SuccessorGraph([]);
    const held = await inTenant(database.db, tenantOf(actor), (tx) => repo.heldEstablishments(tx));
    return {
      successors,
      linksRead: read ? read.size : null,
      urnsOfInterest: urnsOfInterest(held, successors),
      laCode: actor.laCode,
    };
  },
  select: (text, context) => concernsLa(text, context.laCode, context.urnsOfInterest),
  check: (values, facts) => checkGiasRow(values, facts),
  async save(checked, { database, actor, jobId, context, onSaved }) {
    const rows = checked.rows.map((r) => r.value);
    const saved = await inTenant(database.db, tenantOf(actor), async (tx) => {
      await repo.lockGiasImport(tx, actor.laCode);
      const plan = planGiasImport(rows, await repo.heldEstablishments(tx), context.successors);
      return saveImportPlan(tx, actor, plan, {
        hasOfsted: rows.some((r) => r.ofsted),
        onSaved,
        jobId,
      });
    });
    return {
      encoding: checked.encoding ?? 'UTF-8',
      rowsRead: checked.rowsRead,
      laRows: rows.length,
      ...saved,
      otherLaRows: checked.skipped,
      warnings: checked.warnings,
      warningCount: checked.warningCount,
      linksRead: context.linksRead,
    };
  },
  summaryMessage,
};

export const giasImportJob = importJob(giasImport);

/** For the command line: runs the import now, reporting progress as it goes. */
export async function importGiasNow(
  database: Database,
  actor: Actor,
  files: GiasFiles,
  onProgress: ImportProgress,
): Promise<ImportSummary> {
  authorise(actor, 'providers:import');
  return runImport(
    giasImport,
    {
      database,
      actor,
      upload: {
        file: files.gias,
        fileName: files.fileName ?? 'GIAS file',
        attachments: { links: files.links ?? null },
      },
    },
    onProgress,
  );
}
