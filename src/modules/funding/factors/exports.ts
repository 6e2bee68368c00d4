import { type ExportTable, poundsColumn } from '../../../platform/exports/index.ts';
import { factorSourceLabels } from './domain/factors.ts';
import type { SchoolInScope } from './read.ts';

/**
 * The schools' factor data as it downloads, in the columns the factor data import reads (and the
 * school's name, cluster and where each figure came from beside them), so a downloaded file can be
 * corrected and loaded again.
 */

const figure = (heading: string, value: (s: SchoolInScope) => number | null | undefined) => ({
  heading,
  kind: 'integer' as const,
  value: (s: SchoolInScope) => value(s) ?? null,
});

export const factorsTable: ExportTable<SchoolInScope> = {
  fileStem: 'funding-factor-data',
  sheetTitle: 'Factor data',
  columns: [
    { heading: 'URN', kind: 'integer', value: (s) => s.urn },
    { heading: 'School', kind: 'text', width: 36, value: (s) => s.name },
    { heading: 'Cluster', kind: 'text', width: 24, value: (s) => s.clusterName },
    figure('Pupils', (s) => s.factors?.pupils),
    { heading: 'FSM %', kind: 'decimal', value: (s) => s.factors?.fsmPercent ?? null },
    figure('IDACI A', (s) => s.factors?.idaci.a),
    figure('IDACI B', (s) => s.factors?.idaci.b),
    figure('IDACI C', (s) => s.factors?.idaci.c),
    figure('IDACI D', (s) => s.factors?.idaci.d),
    figure('IDACI E', (s) => s.factors?.idaci.e),
    figure('IDACI F', (s) => s.factors?.idaci.f),
    figure('Low prior attainment', (s) => s.factors?.lowPriorAttainment),
    figure('SEN Support', (s) => s.factors?.senSupport),
    figure('EHC plans', (s) => s.factors?.ehcPlans),
    { heading: 'Sparse', kind: 'text', value: (s) => (s.factors ? (s.factors.sparse ? 'Yes' : 'No') : null) },
    {
      heading: 'From',
      kind: 'text',
      width: 24,
      value: (s) => (s.source ? factorSourceLabels[s.source] : 'Missing'),
    },
  ],
};

export interface MissingRow {
  school: SchoolInScope;
  lastYear: boolean;
}

export const missingTable: ExportTable<MissingRow> = {
  fileStem: 'funding-factor-data-missing',
  sheetTitle: 'Missing factor data',
  columns: [
    { heading: 'URN', kind: 'integer', value: (r) => r.school.urn },
    { heading: 'School', kind: 'text', width: 36, value: (r) => r.school.name },
    { heading: 'Cluster', kind: 'text', width: 24, value: (r) => r.school.clusterName },
    { heading: 'Pupils on record', kind: 'integer', width: 14, value: (r) => r.school.pupilsOnRecord },
    { heading: 'Last year’s data', kind: 'text', width: 14, value: (r) => (r.lastYear ? 'Yes' : 'No') },
  ],
};

export interface BaselineRow {
  school: SchoolInScope;
  pence: number | null;
}

export const baselineTable: ExportTable<BaselineRow> = {
  fileStem: 'funding-last-year',
  sheetTitle: 'Last year',
  columns: [
    { heading: 'URN', kind: 'integer', value: (r) => r.school.urn },
    { heading: 'School', kind: 'text', width: 36, value: (r) => r.school.name },
    { heading: 'Cluster', kind: 'text', width: 24, value: (r) => r.school.clusterName },
    poundsColumn('Amount', (r) => r.pence),
  ],
};
