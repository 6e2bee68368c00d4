-- SEND funding delegated to school clusters: a pot a year split between clusters (delegated) and
-- the LA's countywide services (central), the factor data a formula shares it by, last year's
-- allocations its damping works against, and the scenarios the LA compares before adopting one.

CREATE TABLE funding_pots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- Financial (1 April) or academic (1 September) year; year 2026 is 2026-27.
  year_kind text NOT NULL CHECK (year_kind IN ('financial', 'academic')),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  total_pence bigint NOT NULL CHECK (total_pence >= 0),
  delegated_percent numeric(5, 2) NOT NULL CHECK (delegated_percent BETWEEN 0 AND 100),
  central_percent numeric(5, 2) NOT NULL CHECK (central_percent BETWEEN 0 AND 100),
  delegated_pence bigint NOT NULL CHECK (delegated_pence >= 0),
  central_pence bigint NOT NULL CHECK (central_pence >= 0),
  -- The same pot a year earlier: its adopted allocations are this year's "last year".
  previous_pot_id uuid,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (delegated_percent + central_percent = 100),
  CHECK (delegated_pence + central_pence = total_pence),
  CHECK (previous_pot_id IS NULL OR previous_pot_id <> id),
  UNIQUE (la_code, id),
  UNIQUE (la_code, name, year),
  FOREIGN KEY (la_code, previous_pot_id) REFERENCES funding_pots (la_code, id)
);

-- What the central share pays for: posts (with their FTE) and services.
CREATE TABLE funding_central_uses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  pot_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('post', 'service', 'other')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  fte numeric(6, 2) CHECK (fte > 0),
  cost_pence bigint NOT NULL CHECK (cost_pence >= 0),
  sort integer NOT NULL DEFAULT 0,
  UNIQUE (pot_id, name),
  FOREIGN KEY (la_code, pot_id) REFERENCES funding_pots (la_code, id) ON DELETE CASCADE
);

-- Each school's data for the pot's year: the October census and the LA's own records.
CREATE TABLE funding_factor_values (
  la_code text NOT NULL,
  pot_id uuid NOT NULL,
  establishment_id uuid NOT NULL,
  pupils integer NOT NULL CHECK (pupils >= 0),
  fsm_percent numeric(5, 2) NOT NULL CHECK (fsm_percent BETWEEN 0 AND 100),
  -- Pupils living in each IDACI band, A (most deprived) to F.
  idaci_a integer NOT NULL DEFAULT 0 CHECK (idaci_a >= 0),
  idaci_b integer NOT NULL DEFAULT 0 CHECK (idaci_b >= 0),
  idaci_c integer NOT NULL DEFAULT 0 CHECK (idaci_c >= 0),
  idaci_d integer NOT NULL DEFAULT 0 CHECK (idaci_d >= 0),
  idaci_e integer NOT NULL DEFAULT 0 CHECK (idaci_e >= 0),
  idaci_f integer NOT NULL DEFAULT 0 CHECK (idaci_f >= 0),
  low_prior_attainment integer NOT NULL DEFAULT 0 CHECK (low_prior_attainment >= 0),
  sen_support integer NOT NULL DEFAULT 0 CHECK (sen_support >= 0),
  ehc_plans integer NOT NULL DEFAULT 0 CHECK (ehc_plans >= 0),
  sparse boolean NOT NULL DEFAULT false,
  -- Where the figures came from: a file, the LA's own records, or last year's carried forward.
  source text NOT NULL CHECK (source IN ('import', 'records', 'last_year', 'entered')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pot_id, establishment_id),
  CHECK (idaci_a + idaci_b + idaci_c + idaci_d + idaci_e + idaci_f <= pupils),
  FOREIGN KEY (la_code, pot_id) REFERENCES funding_pots (la_code, id) ON DELETE CASCADE,
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id)
);

-- Last year's allocation to each school, when no earlier pot here holds it (loaded from a file).
CREATE TABLE funding_baselines (
  la_code text NOT NULL,
  pot_id uuid NOT NULL,
  establishment_id uuid NOT NULL,
  pence bigint NOT NULL CHECK (pence >= 0),
  PRIMARY KEY (pot_id, establishment_id),
  FOREIGN KEY (la_code, pot_id) REFERENCES funding_pots (la_code, id) ON DELETE CASCADE,
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id)
);

CREATE TABLE funding_scenarios (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  pot_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- The formula as the domain reads it (delegation/domain/formula.ts): method, terms, damping.
  formula jsonb NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'adopted', 'withdrawn')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  adopted_by uuid REFERENCES users (id),
  adopted_at timestamptz,
  published_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'adopted') = (adopted_at IS NOT NULL)),
  CHECK (published_at IS NULL OR status = 'adopted'),
  UNIQUE (la_code, id),
  UNIQUE (pot_id, name),
  FOREIGN KEY (la_code, pot_id) REFERENCES funding_pots (la_code, id) ON DELETE CASCADE
);
-- A pot has one adopted scenario at most: the allocations schools are paid.
CREATE UNIQUE INDEX funding_scenarios_adopted_idx ON funding_scenarios (pot_id) WHERE status = 'adopted';

-- The allocations of an adopted scenario, as adopted: the figures and the factor data behind them.
CREATE TABLE funding_allocations (
  la_code text NOT NULL,
  scenario_id uuid NOT NULL,
  establishment_id uuid NOT NULL,
  cluster_id uuid NOT NULL,
  pence bigint NOT NULL CHECK (pence >= 0),
  last_year_pence bigint CHECK (last_year_pence >= 0),
  factors jsonb NOT NULL,
  PRIMARY KEY (scenario_id, establishment_id),
  FOREIGN KEY (la_code, scenario_id) REFERENCES funding_scenarios (la_code, id),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id),
  FOREIGN KEY (la_code, cluster_id) REFERENCES clusters (la_code, id)
);
CREATE INDEX funding_allocations_cluster_idx ON funding_allocations (cluster_id, scenario_id);

-- Adoption locks a scenario: its formula, name and allocations stay as they were adopted (it may
-- still be published), whatever the code above does.
CREATE FUNCTION funding_scenario_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.status = 'adopted' THEN
    RAISE EXCEPTION 'an adopted scenario cannot be deleted' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'adopted' AND (NEW.formula IS DISTINCT FROM OLD.formula
      OR NEW.name IS DISTINCT FROM OLD.name OR NEW.status IS DISTINCT FROM OLD.status
      OR NEW.pot_id IS DISTINCT FROM OLD.pot_id OR NEW.adopted_at IS DISTINCT FROM OLD.adopted_at) THEN
    RAISE EXCEPTION 'an adopted scenario cannot be changed' USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER funding_scenarios_locked BEFORE UPDATE OR DELETE ON funding_scenarios
  FOR EACH ROW EXECUTE FUNCTION funding_scenario_locked();

CREATE FUNCTION funding_allocations_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'an adopted scenario''s allocations cannot be changed' USING ERRCODE = 'check_violation';
END
$$;
CREATE TRIGGER funding_allocations_locked BEFORE UPDATE OR DELETE ON funding_allocations
  FOR EACH ROW EXECUTE FUNCTION funding_allocations_locked();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['funding_pots', 'funding_central_uses', 'funding_factor_values', 'funding_baselines',
    'funding_scenarios', 'funding_allocations']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO opensend_app USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code())', t || '_tenant', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO opensend_app', t);
  END LOOP;
END
$$;
