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
