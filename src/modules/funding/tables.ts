import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.ts';

type DateColumn = ColumnType<unknown, string, string>;

export interface HighNeedsBudgetsTable {
  la_code: string;
  fy: number;
  allocation_pence: number;
  esfa_direct_pence: Generated<number>;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
}

export interface BudgetLinesTable {
  la_code: string;
  fy: number;
  code: string;
  name: string;
  budget_pence: number;
  other_committed_pence: Generated<number>;
  sort: Generated<number>;
}

export interface FinanceSnapshotsTable {
  la_code: string;
  fy: number;
  taken_on: DateColumn;
  budget_line: string;
  budget_pence: number;
  committed_pence: number;
  forecast_pence: number;
}

export interface ExpectedPlacementCostsTable {
  la_code: string;
  placement_type: string;
  annual_pence: number;
}

export type FundingTables = {
  high_needs_budgets: HighNeedsBudgetsTable;
  budget_lines: BudgetLinesTable;
  finance_snapshots: FinanceSnapshotsTable;
  expected_placement_costs: ExpectedPlacementCostsTable;
};
