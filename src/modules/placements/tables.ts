import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.ts';

/** `date` columns are always selected as text (`to_char`) and written as ISO text (see children/tables.ts). */
type DateColumn = ColumnType<unknown, string, string>;
/** numeric(…) comes back as text from both drivers; read it with a cast to float8. */
type NumericColumn = ColumnType<unknown, number, number>;

export interface FinanceSettingsTable {
  la_code: string;
  approval_threshold_pence: Generated<number>;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
}

export interface PlacementsTable {
  id: Generated<string>;
  la_code: string;
  child_id: string;
  establishment_id: string | null;
  provider_name: string | null;
  placement_type: string;
  start_on: DateColumn;
  end_on: DateColumn | null;
  expected_end_on: DateColumn | null;
  fte: NumericColumn;
  residential_weeks: number | null;
  basis: string;
  plan_id: string | null;
  approval: Generated<string>;
  approved_annual_pence: number | null;
  approval_decided_by: string | null;
  approval_decided_at: Timestamp | null;
  approval_note: string | null;
  entered_by: string | null;
  costs_through_fy: Generated<number>;
  plan_link: string | null;
  linked_plan_id: string | null;
  /** JSON, written as text. */
  before_plan: ColumnType<unknown, string | null, string | null>;
  changed_since_plan: Generated<boolean>;
  costs_to_confirm: Generated<boolean>;
  type_to_confirm: Generated<boolean>;
  plan_check: string | null;
  is_demo: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface PlacementCostLinesTable {
  id: Generated<string>;
  la_code: string;
  placement_id: string;
  kind: string;
  amount_pence: number | null;
  per: string | null;
  units_per_year: NumericColumn | null;
  top_up_band: string | null;
  funder: Generated<string>;
  effective_from: DateColumn;
  effective_to: DateColumn | null;
  health_share_bp: Generated<number>;
  social_care_share_bp: Generated<number>;
  note: string | null;
  from_plan: Generated<boolean>;
  created_at: Generated<Timestamp>;
  created_by: string | null;
}

export interface PlacementCostsTable {
  la_code: string;
  placement_id: string;
  fy: number;
  budget_line: string;
  payer: string;
  committed_pence: number;
}

export interface TopUpSchemesTable {
  id: Generated<string>;
  la_code: string;
  name: string;
  effective_from: DateColumn;
  status: Generated<string>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  adopted_by: string | null;
  adopted_at: Timestamp | null;
  version: Generated<number>;
}

export interface TopUpBandsTable {
  la_code: string;
  scheme_id: string;
  setting_group: string;
  band: string;
  label: string;
  annual_pence: number;
}

export type PlacementsTables = {
  finance_settings: FinanceSettingsTable;
  placements: PlacementsTable;
  placement_cost_lines: PlacementCostLinesTable;
  placement_costs: PlacementCostsTable;
  top_up_schemes: TopUpSchemesTable;
  top_up_bands: TopUpBandsTable;
};
