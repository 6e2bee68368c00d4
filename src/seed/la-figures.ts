import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Kept apart from the generators so that the command line can check `seed --la` against the list
// without loading every module the seed writes to.

const dataFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data/las-2025.csv');

export interface LaFigures {
  code: string;
  name: string;
  ehcPlans: number;
  special: number;
}

/** England's 153 LAs with their EHC plans in January 2025 (DfE, Open Government Licence v3.0). */
export function readLaFigures(): LaFigures[] {
  return fs
    .readFileSync(dataFile, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const cells = line.match(/("[^"]*"|[^,]+)/g) ?? [];
      const [code, name, plans, , special] = cells.map((c) => c.replace(/^"|"$/g, ''));
      return { code: code ?? '', name: name ?? '', ehcPlans: Number(plans), special: Number(special) };
    });
}

export class SeedError extends Error {}
