import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { childrenTable } from '../../src/modules/children/export.ts';
import { childrenExportPage } from '../../src/modules/children/service.ts';
import { resolveApiToken } from '../../src/platform/auth/service.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { connect } from '../../src/platform/db/connect.ts';
import { xlsxCell } from '../../src/platform/exports/table.ts';
import { isoDateInLondon } from '../../src/platform/kernel/dates.ts';

/**
 * One download of the children list, in a process of its own so that each way of writing it is
 * measured from the same start: the app as server.ts builds it, on the database the parent
 * prepared, downloading from itself over HTTP while sampling its own memory. The baseline,
 * `xlsx-in-memory`, reads the same pages through the same service and writes them with exceljs's
 * ordinary Workbook, which holds the whole sheet until it writes the file.
 */
export type ExportMode = 'xlsx' | 'csv' | 'xlsx-in-memory';

export interface ExportRun {
  mode: ExportMode;
  rows: number;
  bytes: number;
  ms: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
}

const mode = process.env.EXPORT_MODE as ExportMode;
const token = process.env.EXPORT_TOKEN ?? '';
const config = loadConfig({ ...process.env, SEED_DEMO: 'false' });
const database = await connect({
  databaseUrl: config.databaseUrl,
  dataDir: path.join(config.dataDir, 'pglite'),
});
const app = await buildApp({ config, database, logger: { level: config.logLevel } });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (!address || typeof address !== 'object') throw new Error('not listening');

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const rssBefore = process.memoryUsage.rss();
let rssPeak = rssBefore;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
}, 5);

async function inMemoryWorkbook(): Promise<{ rows: number; bytes: number }> {
  const r = await resolveApiToken(database, token, new Date());
  if (r.state !== 'valid') throw new Error(`the token is ${r.state}`);
  const ctx = {
    database,
    principal: r.principal,
    today: isoDateInLondon(new Date()),
    ip: null,
    requestId: 'bench',
  };
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(childrenTable.sheetTitle);
  sheet.addRow(childrenTable.columns.map((c) => c.heading));
  let rows = 0;
  for (let offset: number | undefined = 0; offset !== undefined; ) {
    const page: Awaited<ReturnType<typeof childrenExportPage>> = await childrenExportPage(
      ctx,
      {},
      offset,
      500,
    );
    for (const row of page.rows)
      sheet.addRow(childrenTable.columns.map((c) => xlsxCell(c.kind, c.value(row))));
    rows += page.rows.length;
    offset = page.next;
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return { rows, bytes: buffer.byteLength };
}

async function download(format: 'csv' | 'xlsx'): Promise<{ rows: number; bytes: number }> {
  const res = await fetch(
    `http://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}/api/v1/children?format=${format}`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  if (res.status !== 200) throw new Error(`the download answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  // The export's own count, from the event it wrote before it ended the file.
  const event = await sql<{ rows: number; outcome: string }>`
    SELECT (detail->>'rows')::int AS rows, detail->>'outcome' AS outcome FROM audit_events
    WHERE action = 'children.list.exported' ORDER BY id DESC LIMIT 1`.execute(database.db);
  const last = event.rows[0];
  if (last?.outcome !== 'completed') throw new Error(`the export ended ${last?.outcome}`);
  return { rows: last.rows, bytes };
}

const started = performance.now();
const result = mode === 'xlsx-in-memory' ? await inMemoryWorkbook() : await download(mode);
const ms = performance.now() - started;
clearInterval(sampler);
rssPeak = Math.max(rssPeak, process.memoryUsage.rss());

const run: ExportRun = {
  mode,
  ...result,
  ms: Math.round(ms),
  rssBeforeMb: mb(rssBefore),
  rssPeakMb: mb(rssPeak),
  rssGrowthMb: mb(rssPeak - rssBefore),
};
await app.close();
await database.close();
process.send?.(run, () => process.exit(0));
