import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { z } from 'zod';
import { type AuditActor, auditAs } from '../audit/actor.ts';
import type { Database } from '../db/connect.ts';
import { inTenant } from '../db/tenancy.ts';
import { HttpProblem } from '../http/problem.ts';
import type { IsoDate } from '../kernel/dates.ts';
import { type ExportFormat, type ExportTable, exportFormats } from './table.ts';
import { contentTypes, openSink, type Sink } from './writers.ts';

const formatMessage = `format must be ${exportFormats.join(' or ')}`;

/** The `format` query parameter as an API's schema declares it. */
export const exportFormatField = z.enum(exportFormats, { error: formatMessage }).optional();

/**
 * The format a page was asked for with `?format=`, or undefined for the page itself. Any other
 * value is the person's mistake, answered 400 naming the parameter and the values it takes.
 */
export function requestedFormat(query: unknown): ExportFormat | undefined {
  const value = (query as Record<string, unknown> | undefined)?.format;
  if (value === undefined || value === '') return undefined;
  const parsed = exportFormatField.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new HttpProblem(400, 'This download format is not offered', `${formatMessage}.`, [
    { field: 'format', message: formatMessage },
  ]);
}

/** The page's own address with `format` set, for its "Download this table" links. */
export function downloadLinks(url: string): Record<ExportFormat, string> {
  const [path = '/', search = ''] = url.split('?');
  const links = {} as Record<ExportFormat, string>;
  for (const format of exportFormats) {
    const params = new URLSearchParams(search);
    // A download holds every row the filters match, not the page of them on screen.
    for (const paging of ['page', 'before', 'offset', 'limit']) params.delete(paging);
    params.set('format', format);
    links[format] = `${path}?${params}`;
  }
  return links;
}

export interface Page<Row, Cursor> {
  rows: readonly Row[];
  /** Where the next page starts; undefined after the last. */
  next?: Cursor | undefined;
}

/**
 * One page of the table, from `cursor` (undefined for the first). Each call runs its own short
 * transaction, so on the embedded database, which has one connection, other requests run between
 * pages of a long export instead of waiting for the whole of it.
 */
export type PageSource<Row, Cursor> = (cursor: Cursor | undefined) => Promise<Page<Row, Cursor>>;

export interface ExportAudit {
  database: Database;
  actor: AuditActor;
  /** What the log calls it, `<module>.<thing>.exported`. */
  action: string;
  entityType: string;
  /** The filters the table was made with, as the person chose them. */
  filters: Record<string, unknown>;
}

export interface Export<Row, Cursor> {
  format: ExportFormat;
  table: ExportTable<Row>;
  pages: PageSource<Row, Cursor>;
  audit: ExportAudit;
  /** The day in the UK the file is named for. */
  today: IsoDate;
}

type Outcome = 'completed' | 'abandoned' | 'failed';

async function* pagesOf<Row, Cursor>(source: PageSource<Row, Cursor>): AsyncGenerator<readonly Row[]> {
  let cursor: Cursor | undefined;
  do {
    const page = await source(cursor);
    yield page.rows;
    cursor = page.next;
    // A turn of the event loop between pages: requests that arrived meanwhile are read and queue
    // for the database before the next page does.
    await nextTurn();
  } while (cursor !== undefined);
}

/** What the audit event says was exported: how many rows, and every child they showed. */
class Tally<Row> {
  rows = 0;
  readonly childIds = new Set<string>();
  constructor(private readonly table: ExportTable<Row>) {}
  add(rows: readonly Row[]) {
    this.rows += rows.length;
    const childIdsOf = this.table.childIdsOf;
    if (!childIdsOf) return;
    for (const row of rows) for (const id of childIdsOf(row)) if (id) this.childIds.add(id);
  }
}

function recordExport<Row, Cursor>(spec: Export<Row, Cursor>, tally: Tally<Row>, outcome: Outcome) {
  const { database, actor, action, entityType, filters } = spec.audit;
  const tenant = { laCode: actor.principal.laCode, userId: actor.principal.userId };
  return inTenant(database.db, tenant, (tx) =>
    auditAs(tx, actor, [
      {
        action,
        entityType,
        childId: null,
        childIds: [...tally.childIds],
        detail: { format: spec.format, filters, rows: tally.rows, outcome },
      },
    ]),
  );
}

/**
 * Streams a table to the response as CSV or XLSX, a page at a time, and records the export in
 * the audit log as one event: the format, the filters, the rows written and every child in them.
 *
 * The event is written after the last row and before the file is ended, in its own transaction,
 * so it is never lost to a client that goes away mid-stream: that is noticed, no more pages are
 * read, and the event says `abandoned` with the rows written until then. If a page or the event
 * itself cannot be written the response is broken off instead of ended, so the person never holds
 * a partial file that looks whole, and the event says `failed`, never `completed`. A failure
 * before any row is sent (the first page) is answered as an error page instead.
 */
export async function sendExport<Row, Cursor>(
  reply: FastifyReply,
  spec: Export<Row, Cursor>,
): Promise<FastifyReply> {
  // Set only once there is a file to send, so an error page is not saved as a download.
  const asDownload = () =>
    reply
      .type(contentTypes[spec.format])
      .header(
        'Content-Disposition',
        `attachment; filename="${spec.table.fileStem}-${spec.today}.${spec.format}"`,
      )
      .header('Cache-Control', 'no-store');
  // HEAD asks only what the download would be (a link checker, say): nothing is read or recorded,
  // where answering it as GET would export every row to nobody and record it as done.
  if (reply.request.method === 'HEAD') return asDownload().send();
  const tally = new Tally(spec.table);
  const pages = pagesOf(spec.pages);
  let first: IteratorResult<readonly Row[]>;
  try {
    first = await pages.next();
  } catch (error) {
    await recordExport(spec, tally, 'failed').catch((e) => reply.log.error({ err: e }, 'export not audited'));
    throw error;
  }
  const sink = openSink(spec.format, spec.table);
  asDownload().send(sink.body);
  void writeRest(sink, first, pages, tally, spec, reply.log);
  return reply;
}

async function writeRest<Row, Cursor>(
  sink: Sink<Row>,
  first: IteratorResult<readonly Row[]>,
  pages: AsyncGenerator<readonly Row[]>,
  tally: Tally<Row>,
  spec: Export<Row, Cursor>,
  log: FastifyBaseLogger,
): Promise<void> {
  let outcome: Outcome = 'completed';
  let error: unknown;
  try {
    for (let page = first; !page.done; page = await pages.next()) {
      if (sink.gone()) break;
      sink.write(page.value);
      tally.add(page.value);
      await sink.ready();
    }
    if (sink.gone()) outcome = 'abandoned';
  } catch (e) {
    outcome = 'failed';
    error = e;
  } finally {
    await pages.return(undefined);
  }
  try {
    await recordExport(spec, tally, outcome);
  } catch (e) {
    log.error({ err: e }, 'export not audited');
    if (outcome === 'completed') {
      outcome = 'failed';
      error = e;
    }
  }
  if (outcome === 'completed') {
    await sink.finish().catch((e) => log.error({ err: e }, 'export not finished'));
  } else {
    if (outcome === 'failed') log.error({ err: error }, 'export failed');
    sink.fail(error ?? new Error('the client went away'));
  }
}
