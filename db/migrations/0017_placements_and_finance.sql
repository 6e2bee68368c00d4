-- Placements and high-needs finance: where each child is educated, at what cost and who pays;
-- the high needs block's budget by line; versioned top-up band schemes.
--
-- Money is integer pence throughout (bigint: a national total passes 2^31). A cost line holds
-- what was agreed (an amount per year, term, week or day, or a band of the top-up scheme); the
-- pence it comes to in each financial year is worked out by the placements domain and kept in
-- placement_costs, so that a budget position is one indexed sum rather than a replay of every line.

-- Who may approve, and when a second person must: per LA, changed by finance approvers.
CREATE TABLE finance_settings (
  la_code text PRIMARY KEY REFERENCES las (code),
  -- A placement costing more than this a year counts as committed only once approved.
  approval_threshold_pence bigint NOT NULL DEFAULT 5000000 CHECK (approval_threshold_pence >= 0),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id)
);

CREATE TABLE placements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  child_id uuid NOT NULL,
  -- A setting on the providers register, or one without a URN named as the provider calls itself.
  establishment_id uuid,
  provider_name text CHECK (length(provider_name) BETWEEN 1 AND 200),
  placement_type text NOT NULL CHECK (placement_type IN (
    'mainstream', 'mainstream_unit', 'maintained_special', 'academy_special', 'non_maintained_special',
    'independent_special', 'fe_college', 'specialist_post_16', 'alternative_provision', 'eotas',
    'elective_home_education', 'hospital_education', 'out_of_county')),
  start_on date NOT NULL,
  -- The day it ended (the last day attended); until then it may have an expected end.
  end_on date,
  expected_end_on date,
  -- Attendance as a share of full time, to three places (2 days a week = 0.4).
  fte numeric(4, 3) NOT NULL DEFAULT 1 CHECK (fte > 0 AND fte <= 1),
  residential_weeks integer CHECK (residential_weeks BETWEEN 1 AND 52),
  basis text NOT NULL CHECK (basis IN ('ehc_plan', 'interim')),
  plan_id uuid,
  -- Whether it counts as committed: placements over the LA's threshold wait for a second person.
  approval text NOT NULL DEFAULT 'not_needed' CHECK (approval IN ('not_needed', 'awaiting', 'approved', 'rejected')),
  approved_annual_pence bigint CHECK (approved_annual_pence >= 0),
  approval_decided_by uuid REFERENCES users (id),
  approval_decided_at timestamptz,
  approval_note text CHECK (length(approval_note) <= 1000),
  entered_by uuid REFERENCES users (id),
  -- placement_costs holds this placement's years up to this one (an open-ended placement's are
  -- extended when a later year's position is asked for).
  costs_through_fy integer NOT NULL DEFAULT 0,
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((establishment_id IS NULL) <> (provider_name IS NULL)),
  CHECK (end_on IS NULL OR end_on >= start_on),
  CHECK (expected_end_on IS NULL OR expected_end_on >= start_on),
  CHECK (basis = 'interim' OR plan_id IS NOT NULL OR is_demo),
  CHECK (approval_decided_by IS NULL OR approval_decided_by <> entered_by),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id),
  FOREIGN KEY (la_code, plan_id) REFERENCES ehc_plans (la_code, id),
  UNIQUE (la_code, id),
  -- A child is in one full-time placement on any day; a placement not yet ended runs on.
  CONSTRAINT placements_one_full_time EXCLUDE USING gist (
    child_id WITH =, daterange(start_on, end_on, '[]') WITH &&) WHERE (fte = 1 AND approval <> 'rejected')
);
CREATE INDEX placements_child_idx ON placements (la_code, child_id, start_on);
CREATE INDEX placements_establishment_idx ON placements (la_code, establishment_id);
CREATE INDEX placements_type_idx ON placements (la_code, placement_type, start_on);

CREATE TABLE placement_cost_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  placement_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('place_funding', 'top_up', 'fee', 'transport', 'other')),
  -- An agreed amount per period, or (for a top-up) a band of whichever scheme is in force each day.
  amount_pence bigint CHECK (amount_pence >= 0),
  per text CHECK (per IN ('year', 'term', 'week', 'day')),
  -- Weeks or days charged in a year, for weekly and daily rates (a 38-week placement, 190 days).
  units_per_year numeric(6, 2) CHECK (units_per_year > 0 AND units_per_year <= 366),
  top_up_band text CHECK (length(top_up_band) BETWEEN 1 AND 20),
  -- Who pays place funding: the LA's high needs block, or the ESFA directly (academies, FE).
  funder text NOT NULL DEFAULT 'la' CHECK (funder IN ('la', 'esfa')),
  effective_from date NOT NULL,
  effective_to date,
  -- Health's and social care's shares, in hundredths of a per cent; education pays the rest.
  health_share_bp integer NOT NULL DEFAULT 0 CHECK (health_share_bp BETWEEN 0 AND 10000),
  social_care_share_bp integer NOT NULL DEFAULT 0 CHECK (social_care_share_bp BETWEEN 0 AND 10000),
  note text CHECK (length(note) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  CHECK (health_share_bp + social_care_share_bp <= 10000),
  CHECK (effective_to IS NULL OR effective_to >= effective_from),
  CHECK ((amount_pence IS NULL) = (top_up_band IS NOT NULL)),
  CHECK (top_up_band IS NULL OR kind = 'top_up'),
  CHECK ((amount_pence IS NULL) = (per IS NULL)),
  CHECK ((per IN ('week', 'day')) = (units_per_year IS NOT NULL)),
  CHECK (funder = 'la' OR kind = 'place_funding'),
  FOREIGN KEY (la_code, placement_id) REFERENCES placements (la_code, id) ON DELETE CASCADE,
  UNIQUE (la_code, id)
);
CREATE INDEX placement_cost_lines_placement_idx ON placement_cost_lines (placement_id, effective_from);
CREATE INDEX placement_cost_lines_band_idx ON placement_cost_lines (la_code, top_up_band) WHERE top_up_band IS NOT NULL;

-- Each placement's cost in each financial year by who pays, as the domain worked it out when the
-- placement, its lines or the top-up scheme last changed. Derived: rebuilt, never edited.
CREATE TABLE placement_costs (
  la_code text NOT NULL,
  placement_id uuid NOT NULL,
  fy integer NOT NULL CHECK (fy BETWEEN 2000 AND 2100),
  budget_line text NOT NULL,
  payer text NOT NULL CHECK (payer IN ('high_needs', 'esfa_direct', 'health', 'social_care', 'transport')),
  -- To the placement's end, its expected end, or 31 March, whichever is first.
  committed_pence bigint NOT NULL,
  PRIMARY KEY (placement_id, fy, budget_line, payer),
  FOREIGN KEY (la_code, placement_id) REFERENCES placements (la_code, id) ON DELETE CASCADE
);
CREATE INDEX placement_costs_position_idx ON placement_costs (la_code, fy, budget_line, payer);

-- The high needs block for a financial year (fy 2026 = 2026-27), and its lines.
CREATE TABLE high_needs_budgets (
  la_code text NOT NULL REFERENCES las (code),
  fy integer NOT NULL CHECK (fy BETWEEN 2000 AND 2100),
  -- The block as allocated, and the part the ESFA pays providers directly (academies' and FE
  -- colleges' places), which never passes through the LA's own budget.
  allocation_pence bigint NOT NULL CHECK (allocation_pence >= 0),
  esfa_direct_pence bigint NOT NULL DEFAULT 0 CHECK (esfa_direct_pence >= 0),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  PRIMARY KEY (la_code, fy)
);

CREATE TABLE budget_lines (
  la_code text NOT NULL,
  fy integer NOT NULL,
  code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  budget_pence bigint NOT NULL CHECK (budget_pence >= 0),
  -- Spend not made through placements (central services): what is committed, as entered.
  other_committed_pence bigint NOT NULL DEFAULT 0 CHECK (other_committed_pence >= 0),
  sort integer NOT NULL DEFAULT 0,
  PRIMARY KEY (la_code, fy, code),
  FOREIGN KEY (la_code, fy) REFERENCES high_needs_budgets (la_code, fy) ON DELETE CASCADE
);

-- The position as it stood on a day, one row per line, so the trend over the year can be drawn.
CREATE TABLE finance_snapshots (
  la_code text NOT NULL,
  fy integer NOT NULL,
  taken_on date NOT NULL,
  budget_line text NOT NULL,
  budget_pence bigint NOT NULL,
  committed_pence bigint NOT NULL,
  forecast_pence bigint NOT NULL,
  PRIMARY KEY (la_code, fy, taken_on, budget_line)
);

-- What a new specialist placement is expected to cost a year, by type: the forecast's expected
-- starters and sufficiency's costings both use it.
CREATE TABLE expected_placement_costs (
  la_code text NOT NULL REFERENCES las (code),
  placement_type text NOT NULL,
  annual_pence bigint NOT NULL CHECK (annual_pence >= 0),
  PRIMARY KEY (la_code, placement_type)
);

-- Top-up band schemes: each a version in force from a date once adopted; a proposed one is a
-- scenario to cost before anyone adopts it.
CREATE TABLE top_up_schemes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  effective_from date NOT NULL,
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'adopted', 'withdrawn')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  adopted_by uuid REFERENCES users (id),
  adopted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'adopted') = (adopted_at IS NOT NULL)),
  UNIQUE (la_code, id)
);
-- One scheme in force from any one date.
CREATE UNIQUE INDEX top_up_schemes_adopted_idx ON top_up_schemes (la_code, effective_from) WHERE status = 'adopted';

CREATE TABLE top_up_bands (
  la_code text NOT NULL,
  scheme_id uuid NOT NULL,
  -- Which settings the band's value is for: mainstream, units and SRBs, special, post-16, AP.
  setting_group text NOT NULL CHECK (setting_group IN ('mainstream', 'unit', 'special', 'post_16', 'alternative_provision')),
  band text NOT NULL CHECK (length(band) BETWEEN 1 AND 20),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  annual_pence bigint NOT NULL CHECK (annual_pence >= 0),
  PRIMARY KEY (scheme_id, setting_group, band),
  FOREIGN KEY (la_code, scheme_id) REFERENCES top_up_schemes (la_code, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['finance_settings', 'placements', 'placement_cost_lines', 'placement_costs',
    'high_needs_budgets', 'budget_lines', 'finance_snapshots', 'expected_placement_costs', 'top_up_schemes',
    'top_up_bands']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO opensend_app USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code())', t || '_tenant', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO opensend_app', t);
  END LOOP;
END
$$;
