import fs from 'node:fs';
import path from 'node:path';
import { environment, resultsDir } from '../../../bench/lib/report.ts';
import { databaseKind, form } from './settings.ts';

const runId = process.env.RELIABILITY_RUN_ID ?? new Date().toISOString();

/**
 * Adds one part of the run's figures (the load, a fault) to bench/results/reliability-<db>.json,
 * in the benchmarks' shape. Parts of the same run are kept together; a new run starts afresh.
 */
export function recordResult(part: string, figures: Record<string, unknown>): string {
  fs.mkdirSync(resultsDir, { recursive: true });
  const name = `reliability-${databaseKind}`;
  const file = path.join(resultsDir, `${name}.json`);
  let previous: Record<string, unknown> | undefined;
  try {
    const read = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      runs?: Record<string, Record<string, unknown>>;
    };
    previous = read.runs?.[databaseKind];
  } catch {
    // No earlier result, or one that cannot be read: start afresh.
  }
  const run =
    previous && previous.runId === runId
      ? previous
      : { ...environment(databaseKind), form, runId, command: commandLine() };
  run[part] = figures;
  fs.writeFileSync(file, `${JSON.stringify({ benchmark: name, runs: { [databaseKind]: run } }, null, 2)}\n`);
  return file;
}

function commandLine(): string {
  const db = databaseKind === 'postgresql' ? 'DATABASE_URL=postgresql://…@127.0.0.1/… ' : '';
  return `${db}RELIABILITY=${form} npm run test:reliability`;
}
