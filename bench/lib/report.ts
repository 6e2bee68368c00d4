import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type DatabaseKind = 'pglite' | 'postgresql';

export const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

/** The database every benchmark in this run uses: the same switch as the app and the tests. */
export function databaseKind(): DatabaseKind {
  return process.env.DATABASE_URL ? 'postgresql' : 'pglite';
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile: always a value that was actually measured, never an interpolation. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    min: round(sorted[0] ?? Number.NaN),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    mean: round(sum / sorted.length),
  };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function printTable(title: string, headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  // Text left, figures right, so columns of numbers line up on their units.
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [
    '',
    title,
    line(headers),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

export interface Environment {
  date: string;
  node: string;
  database: DatabaseKind;
  cpus: number;
  cpuModel: string;
  platform: string;
  /** 1-minute load average when the benchmark began: anything else running skews the figures. */
  loadAverageAtStart: number;
}

export function environment(database: DatabaseKind): Environment {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    database,
    cpus: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: round(os.loadavg()[0] ?? 0),
  };
}

export interface Target {
  description: string;
  met: boolean;
  measured: string;
}

export interface BenchOutcome {
  name: string;
  database: DatabaseKind;
  targets: Target[];
}

/**
 * Writes the figures to results/<name>.json under the run's database kind, keeping the other
 * kind's last figures, so a PGlite run and a PostgreSQL run can be compared side by side.
 */
export function writeResult(name: string, env: Environment, figures: Record<string, unknown>): string {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  let runs: Record<string, unknown> = {};
  try {
    const previous = JSON.parse(fs.readFileSync(file, 'utf8')) as { runs?: Record<string, unknown> };
    if (previous.runs && typeof previous.runs === 'object') runs = previous.runs;
  } catch {
    // No earlier result, or one that cannot be read: start afresh.
  }
  runs[env.database] = { ...env, ...figures };
  fs.writeFileSync(file, `${JSON.stringify({ benchmark: name, runs }, null, 2)}\n`);
  return file;
}
