-- Specialist place sufficiency: the places each special school, SEN unit and resourced provision
-- (SRB) is designated for, by need, phase and age range, from a date and perhaps to one; the
-- children waiting for a specialist place; postcode centroids for homes without a location; the
-- LA's travel and cost settings; candidate sites for new provision; saved scenarios.

-- The local authority district a setting is in (GIAS's DistrictAdministrative), for views by district.
ALTER TABLE establishments ADD COLUMN district text CHECK (length(district) BETWEEN 1 AND 100);

-- Places by need, phase and age range, with the dates they run from and to. A school or SRB that
-- opens next September has its places from then, and a change of designation is a new line from
-- its date with the old line ended the day before, so the places on any day are those in force.
-- GIAS says which needs a setting provides for (designations); the places are the LA's alone, so a
-- GIAS import never touches this table.
CREATE TABLE designated_places (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  establishment_id uuid NOT NULL,
  provision text NOT NULL CHECK (provision IN ('special_school', 'sen_unit', 'resourced_provision')),
  sen_type text NOT NULL CHECK (sen_type IN ('SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'DS', 'OTH')),
  phase text NOT NULL CHECK (phase IN ('early_years', 'primary', 'secondary', 'post_16', 'all_through')),
  -- Ages on 31 August before the school year, as admissions count them.
  low_age integer NOT NULL CHECK (low_age BETWEEN 0 AND 25),
  high_age integer NOT NULL CHECK (high_age BETWEEN 0 AND 25),
  places integer NOT NULL CHECK (places BETWEEN 0 AND 10000),
  starts_on date NOT NULL,
  -- The last day the line is in force.
  ends_on date,
  note text CHECK (length(note) <= 500),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CHECK (low_age < high_age),
  CHECK (ends_on IS NULL OR ends_on >= starts_on),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id) ON DELETE CASCADE,
  UNIQUE (la_code, id),
  -- One line for a need and phase at a setting's provision on any day.
  EXCLUDE USING gist (establishment_id WITH =, provision WITH =, sen_type WITH =, phase WITH =,
    daterange(starts_on, ends_on, '[]') WITH &&)
);
CREATE INDEX designated_places_la_idx ON designated_places (la_code, starts_on);

-- The places the LA had recorded against a designation become lines in force from the setting's
-- opening (or, not knowing it, from the start of the 2014 reforms), for the setting's whole age
-- range: the LA can then split them by phase.
INSERT INTO designated_places (la_code, establishment_id, provision, sen_type, phase, low_age, high_age, places, starts_on)
SELECT d.la_code, d.establishment_id, d.provision, d.sen_type,
  CASE
    WHEN coalesce(e.statutory_high_age, 19) <= 5 THEN 'early_years'
    WHEN coalesce(e.statutory_low_age, 2) >= 16 THEN 'post_16'
    WHEN coalesce(e.statutory_high_age, 19) <= 11 THEN 'primary'
    WHEN coalesce(e.statutory_low_age, 2) >= 11 AND coalesce(e.statutory_high_age, 19) <= 19 THEN 'secondary'
    ELSE 'all_through'
  END,
  coalesce(e.statutory_low_age, 2), greatest(coalesce(e.statutory_high_age, 19), coalesce(e.statutory_low_age, 2) + 1),
  d.places, coalesce(e.opened_on, DATE '2014-09-01')
FROM designations d JOIN establishments e ON e.id = d.establishment_id
WHERE d.places IS NOT NULL;

ALTER TABLE designations DROP COLUMN places;

-- Children waiting for a specialist place: the SEND team's list, with the provision and phase
-- the child needs and the day they need it from. A wait ends when the child is placed or the need
-- goes away; ended waits are kept, so how long children waited can be reported.
CREATE TABLE place_waits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  child_id uuid NOT NULL,
  provision text NOT NULL CHECK (provision IN ('special_school', 'sen_unit', 'resourced_provision', 'any')),
  sen_type text NOT NULL CHECK (sen_type IN ('SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'DS', 'OTH')),
  phase text NOT NULL CHECK (phase IN ('early_years', 'primary', 'secondary', 'post_16')),
  waiting_since date NOT NULL,
  needed_from date NOT NULL,
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'placed', 'withdrawn')),
  ended_on date,
  placed_establishment_id uuid,
  note text CHECK (length(note) <= 1000),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  CHECK ((status = 'waiting') = (ended_on IS NULL)),
  CHECK (ended_on IS NULL OR ended_on >= waiting_since),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id),
  FOREIGN KEY (la_code, placed_establishment_id) REFERENCES establishments (la_code, id),
  UNIQUE (la_code, id)
);
-- A child waits once at a time.
CREATE UNIQUE INDEX place_waits_one_open_idx ON place_waits (child_id) WHERE status = 'waiting';
CREATE INDEX place_waits_la_idx ON place_waits (la_code, status, waiting_since);

-- Postcode centroids the LA loads (ONS Postcode Directory columns), for homes without a location.
-- Kept per LA like everything else, and keyed by the postcode written without spaces.
CREATE TABLE postcode_centroids (
  la_code text NOT NULL REFERENCES las (code),
  postcode text NOT NULL CHECK (postcode ~ '^[A-Z0-9]{5,7}$'),
  latitude double precision NOT NULL CHECK (latitude BETWEEN 49 AND 61),
  longitude double precision NOT NULL CHECK (longitude BETWEEN -9 AND 2.5),
  -- The local authority district (the directory's oslaua, or its name), for journeys by home district.
  district text CHECK (length(district) BETWEEN 1 AND 100),
  PRIMARY KEY (la_code, postcode)
);

-- How journeys are estimated and judged, and what a place costs a year by setting group.
CREATE TABLE sufficiency_settings (
  la_code text PRIMARY KEY REFERENCES las (code),
  detour_short numeric(4, 2) NOT NULL DEFAULT 1.4 CHECK (detour_short BETWEEN 1 AND 3),
  detour_threshold_km numeric(5, 1) NOT NULL DEFAULT 10 CHECK (detour_threshold_km BETWEEN 0 AND 100),
  detour_long numeric(4, 2) NOT NULL DEFAULT 1.3 CHECK (detour_long BETWEEN 1 AND 3),
  speed_kmh numeric(5, 1) NOT NULL DEFAULT 45 CHECK (speed_kmh BETWEEN 5 AND 120),
  fixed_minutes numeric(4, 1) NOT NULL DEFAULT 5 CHECK (fixed_minutes BETWEEN 0 AND 60),
  primary_limit_minutes integer NOT NULL DEFAULT 45 CHECK (primary_limit_minutes BETWEEN 5 AND 240),
  secondary_limit_minutes integer NOT NULL DEFAULT 75 CHECK (secondary_limit_minutes BETWEEN 5 AND 240),
  -- The furthest a placement is proposed, as the crow flies.
  max_fit_km numeric(5, 1) NOT NULL DEFAULT 60 CHECK (max_fit_km BETWEEN 1 AND 500),
  -- Annual cost of a place by setting group, in pence, for forecast scenarios.
  place_costs jsonb NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id)
);

-- Where new provision could go: a school's expression of interest in an SRB, or a site for a new
-- special school, with the places it would add by need and phase.
CREATE TABLE candidate_sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  kind text NOT NULL CHECK (kind IN ('srb_interest', 'new_special')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  establishment_id uuid,
  easting integer NOT NULL CHECK (easting BETWEEN 0 AND 700000),
  northing integer NOT NULL CHECK (northing BETWEEN 0 AND 1300000),
  latitude double precision NOT NULL,
  longitude double precision NOT NULL,
  capital_cost_pence bigint CHECK (capital_cost_pence >= 0),
  opens_on date,
  received_on date,
  note text CHECK (length(note) <= 1000),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  CHECK ((kind = 'srb_interest') = (establishment_id IS NOT NULL)),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id),
  UNIQUE (la_code, id),
  UNIQUE (la_code, name)
);

CREATE TABLE candidate_site_places (
  la_code text NOT NULL,
  site_id uuid NOT NULL,
  sen_type text NOT NULL CHECK (sen_type IN ('SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'DS', 'OTH')),
  phase text NOT NULL CHECK (phase IN ('early_years', 'primary', 'secondary', 'post_16')),
  places integer NOT NULL CHECK (places BETWEEN 1 AND 1000),
  PRIMARY KEY (site_id, sen_type, phase),
  FOREIGN KEY (la_code, site_id) REFERENCES candidate_sites (la_code, id) ON DELETE CASCADE
);

-- A forecast or new-site scenario as it was run: its inputs and what it found, to compare later.
CREATE TABLE sufficiency_scenarios (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  kind text NOT NULL CHECK (kind IN ('forecast', 'sites')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  inputs jsonb NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  UNIQUE (la_code, kind, name)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['designated_places', 'place_waits', 'postcode_centroids', 'sufficiency_settings',
    'candidate_sites', 'candidate_site_places', 'sufficiency_scenarios']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO opensend_app USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code())', t || '_tenant', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO opensend_app', t);
  END LOOP;
END
$$;
