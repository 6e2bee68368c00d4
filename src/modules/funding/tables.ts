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

/** numeric(…) comes back as text from both drivers; read it with a cast to float8. */
type NumericColumn = ColumnType<unknown, number, number>;

export interface FundingPotsTable {
  id: Generated<string>;
  la_code: string;
  name: string;
  year_kind: string;
  year: number;
  total_pence: number;
  delegated_percent: NumericColumn;
  central_percent: NumericColumn;
  delegated_pence: number;
  central_pence: number;
  previous_pot_id: string | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface FundingCentralUsesTable {
  id: Generated<string>;
  la_code: string;
  pot_id: string;
  kind: string;
  name: string;
  fte: NumericColumn | null;
  cost_pence: number;
  sort: Generated<number>;
}

export interface FundingFactorValuesTable {
  la_code: string;
  pot_id: string;
  establishment_id: string;
  pupils: number;
  fsm_percent: NumericColumn;
  idaci_a: number;
  idaci_b: number;
  idaci_c: number;
  idaci_d: number;
  idaci_e: number;
  idaci_f: number;
  low_prior_attainment: number;
  sen_support: number;
  ehc_plans: number;
  sparse: boolean;
  source: string;
  updated_at: Generated<Timestamp>;
}

export interface FundingBaselinesTable {
  la_code: string;
  pot_id: string;
  establishment_id: string;
  pence: number;
}

/** The pots, their central uses, factor data and baselines (scenarios and allocations are read with plain SQL). */
export type FundingPotTables = {
  funding_pots: FundingPotsTable;
  funding_central_uses: FundingCentralUsesTable;
  funding_factor_values: FundingFactorValuesTable;
  funding_baselines: FundingBaselinesTable;
};
