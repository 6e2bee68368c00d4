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

// The cluster toolkit (toolkit/): each cluster's spending plan, panel decisions, spend and return for a pot.

export interface ClusterPlanLinesTable {
  id: Generated<string>;
  la_code: string;
  cluster_id: string;
  pot_id: string;
  kind: string;
  child_id: string | null;
  description: string;
  planned_pence: number;
  starts_on: DateColumn;
  ends_on: DateColumn;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface ClusterPlanLineSchoolsTable {
  la_code: string;
  plan_line_id: string;
  establishment_id: string;
}

export interface ClusterPanelDecisionsTable {
  id: Generated<string>;
  la_code: string;
  cluster_id: string;
  pot_id: string;
  held_on: DateColumn;
  establishment_id: string;
  child_id: string | null;
  purpose: string;
  asked_pence: number;
  outcome: string;
  agreed_pence: number | null;
  reasons: string;
  heads_in_cluster: number;
  plan_line_id: string | null;
  follows_decision_id: string | null;
  recorded_by: string | null;
  recorded_at: Generated<Timestamp>;
}

export interface ClusterPanelHeadsTable {
  la_code: string;
  decision_id: string;
  user_id: string;
}

export interface ClusterSpendTable {
  id: Generated<string>;
  la_code: string;
  cluster_id: string;
  pot_id: string;
  plan_line_id: string;
  establishment_id: string;
  spent_on: DateColumn;
  amount_pence: number;
  description: string;
  recorded_by: string | null;
  recorded_at: Generated<Timestamp>;
}

export interface ClusterReturnsTable {
  id: Generated<string>;
  la_code: string;
  cluster_id: string;
  pot_id: string;
  status: string;
  allocation_pence: number;
  planned_pence: number;
  agreed_pence: number;
  spent_pence: number;
  carry_forward_pence: number;
  commentary: string;
  impact: string;
  submitted_by: string | null;
  submitted_on: DateColumn;
  decided_by: string | null;
  decided_on: DateColumn | null;
  returned_reason: string | null;
  version: Generated<number>;
}

export interface ClusterReturnEventsTable {
  id: Generated<string>;
  la_code: string;
  return_id: string;
  kind: string;
  happened_on: DateColumn;
  by_user: string | null;
  reason: string | null;
  recorded_at: Generated<Timestamp>;
}

export type ClusterToolkitTables = {
  cluster_plan_lines: ClusterPlanLinesTable;
  cluster_plan_line_schools: ClusterPlanLineSchoolsTable;
  cluster_panel_decisions: ClusterPanelDecisionsTable;
  cluster_panel_heads: ClusterPanelHeadsTable;
  cluster_spend: ClusterSpendTable;
  cluster_returns: ClusterReturnsTable;
  cluster_return_events: ClusterReturnEventsTable;
};

/** Traded services (traded/): used as `tx.withTables<TradedTables>()`. */
type DateOnly = ColumnType<string, string, string>;

export interface TradedServicesTable {
  id: Generated<string>;
  la_code: string;
  name: string;
  unit: string;
  description: string;
  team: string;
  offered: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface TradedPricesTable {
  la_code: string;
  service_id: string;
  year: number;
  cluster_unit_pence: number | null;
  set_by: string | null;
  set_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface TradedPriceBandsTable {
  la_code: string;
  service_id: string;
  year: number;
  from_pupils: number;
  to_pupils: number | null;
  unit_pence: number;
}

/** numeric columns come back as text from both drivers. */
type Units = ColumnType<string, number, number>;

export interface TradedOrdersTable {
  id: Generated<string>;
  la_code: string;
  service_id: string;
  year: number;
  customer_kind: 'school' | 'cluster';
  establishment_id: string | null;
  cluster_id: string | null;
  pupils_on_roll: number;
  price_basis: 'band' | 'cluster_price';
  band_from_pupils: number | null;
  band_to_pupils: number | null;
  units: Units;
  unit_pence: number;
  total_pence: number;
  paid_from: 'school_budget' | 'delegated_send';
  ordered_on: DateOnly;
  ordered_by: string | null;
  status: Generated<'ordered' | 'cancelled'>;
  cancelled_on: DateOnly | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  created_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface TradedOrderSchoolsTable {
  la_code: string;
  order_id: string;
  establishment_id: string;
  pupils: number;
}

export interface TradedDeliveriesTable {
  id: Generated<string>;
  la_code: string;
  order_id: string;
  delivered_on: DateOnly;
  units: Units;
  delivered_by: string;
  notes: string | null;
  recorded_by: string | null;
  recorded_at: Generated<Timestamp>;
}

export type TradedTables = {
  traded_services: TradedServicesTable;
  traded_prices: TradedPricesTable;
  traded_price_bands: TradedPriceBandsTable;
  traded_orders: TradedOrdersTable;
  traded_order_schools: TradedOrderSchoolsTable;
  traded_deliveries: TradedDeliveriesTable;
};
