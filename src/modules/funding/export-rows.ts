import { type ExportColumn, poundsColumn } from '../../platform/exports/index.ts';

/**
 * A downloaded table's row as its presenter made it, read by key: the funding pages whose tables
 * are built as plain records (the position, the scenarios' comparison, traded services).
 */
export type Row = Record<string, string | number | null>;

export const textColumn = (heading: string, key: string, width?: number): ExportColumn<Row> => ({
  heading,
  kind: 'text',
  ...(width ? { width } : {}),
  value: (r) => r[key] ?? null,
});

/** Pence held under `key`, written as pounds. */
export const poundsAt = (heading: string, key: string, width?: number): ExportColumn<Row> =>
  poundsColumn(heading, (r) => (typeof r[key] === 'number' ? (r[key] as number) : null), width);
