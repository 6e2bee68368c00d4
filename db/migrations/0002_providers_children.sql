-- Schools and settings, clusters, children and young people, parents and carers.
-- Every table here is tenant-owned: an LA holds the establishments it works with (its own and
-- any out of county it places children in), so row-level security covers them all alike.

CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE TABLE establishments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  urn integer CHECK (urn BETWEEN 100000 AND 999999),
  ukprn integer CHECK (ukprn BETWEEN 10000000 AND 19999999),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_search text NOT NULL,
  -- What kind of setting, for those GIAS does not list (independent, out of county, early years, post-16).
  setting_kind text NOT NULL CHECK (setting_kind IN ('school', 'independent', 'early_years', 'post_16', 'alternative_provision', 'other')),
  type_code integer,
  type_name text,
  type_group text,
  phase text,
  gias_la_code text CHECK (gias_la_code ~ '^[0-9]{3}$'),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'proposed_to_open', 'proposed_to_close')),
  opened_on date,
  closed_on date,
  street text,
  locality text,
  town text,
  postcode text,
  easting integer CHECK (easting BETWEEN 0 AND 700000),
  northing integer CHECK (northing BETWEEN 0 AND 1300000),
  latitude double precision CHECK (latitude BETWEEN 49 AND 61),
  longitude double precision CHECK (longitude BETWEEN -9 AND 2.5),
  statutory_low_age integer CHECK (statutory_low_age BETWEEN 0 AND 25),
  statutory_high_age integer CHECK (statutory_high_age BETWEEN 0 AND 25),
  capacity integer CHECK (capacity >= 0),
  pupils integer CHECK (pupils >= 0),
  ofsted_rating text CHECK (ofsted_rating IN ('outstanding', 'good', 'requires_improvement', 'inadequate', 'not_yet_inspected')),
  ofsted_date date,
  is_special boolean NOT NULL DEFAULT false,
  has_sen_unit boolean NOT NULL DEFAULT false,
  sen_unit_capacity integer CHECK (sen_unit_capacity >= 0),
  has_resourced_provision boolean NOT NULL DEFAULT false,
  resourced_provision_capacity integer CHECK (resourced_provision_capacity >= 0),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (statutory_low_age IS NULL OR statutory_high_age IS NULL OR statutory_low_age <= statutory_high_age),
  UNIQUE (la_code, id)
);
CREATE UNIQUE INDEX establishments_urn_idx ON establishments (la_code, urn) WHERE urn IS NOT NULL;
CREATE INDEX establishments_name_idx ON establishments USING gin (la_code, name_search gin_trgm_ops);

-- Places a special school or a unit/resourced provision is designated for, by SEN2 type of need.
CREATE TABLE designations (
  la_code text NOT NULL,
  establishment_id uuid NOT NULL,
  provision text NOT NULL CHECK (provision IN ('special_school', 'sen_unit', 'resourced_provision')),
  sen_type text NOT NULL CHECK (sen_type IN ('SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'DS', 'OTH')),
  places integer NOT NULL CHECK (places >= 0),
  PRIMARY KEY (establishment_id, provision, sen_type),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id) ON DELETE CASCADE
);

CREATE TABLE clusters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (la_code, name),
  UNIQUE (la_code, id)
);

-- A school belongs to one cluster at a time: the database refuses overlapping memberships.
CREATE TABLE cluster_memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  cluster_id uuid NOT NULL,
  establishment_id uuid NOT NULL,
  starts_on date NOT NULL,
  ends_on date,
  CHECK (ends_on IS NULL OR ends_on > starts_on),
  FOREIGN KEY (la_code, cluster_id) REFERENCES clusters (la_code, id),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id),
  EXCLUDE USING gist (establishment_id WITH =, daterange(starts_on, ends_on, '[)') WITH &&)
);
CREATE INDEX cluster_memberships_cluster_idx ON cluster_memberships (cluster_id, starts_on);

-- The cluster host: a named person, nominated on a date and agreed by the cluster's headteachers on a date.
CREATE TABLE cluster_hosts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  cluster_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  user_id uuid REFERENCES users (id),
  establishment_id uuid,
  nominated_on date NOT NULL,
  agreed_on date,
  ends_on date,
  CHECK (agreed_on IS NULL OR agreed_on >= nominated_on),
  CHECK (ends_on IS NULL OR ends_on >= nominated_on),
  FOREIGN KEY (la_code, cluster_id) REFERENCES clusters (la_code, id),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id)
);
CREATE UNIQUE INDEX cluster_hosts_current_idx ON cluster_hosts (cluster_id) WHERE ends_on IS NULL;

-- Staff at a school with a role there (the SENCo sees that school's pupils).
CREATE TABLE establishment_staff (
  la_code text NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  establishment_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('senco', 'headteacher')),
  PRIMARY KEY (user_id, establishment_id, role),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id)
);
CREATE INDEX establishment_staff_establishment_idx ON establishment_staff (establishment_id);

CREATE TABLE children (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  upn text CHECK (upn ~ '^[A-Z][0-9]{11}[0-9A-Z]$'),
  upn_unknown_reason text CHECK (upn_unknown_reason IN ('UN1', 'UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7', 'UN8', 'UN9', 'UN10')),
  uln text CHECK (uln ~ '^[0-9]{10}$'),
  forename text NOT NULL CHECK (length(forename) BETWEEN 1 AND 100),
  surname text NOT NULL CHECK (length(surname) BETWEEN 1 AND 100),
  -- Lower case without accents, for typo- and accent-tolerant search with trigrams.
  name_search text NOT NULL,
  date_of_birth date NOT NULL,
  sex text NOT NULL CHECK (sex IN ('M', 'F', 'U')),
  ethnicity text,
  home_postcode text,
  home_latitude double precision CHECK (home_latitude BETWEEN 49 AND 61),
  home_longitude double precision CHECK (home_longitude BETWEEN -9 AND 2.5),
  establishment_id uuid,
  sen_provision text NOT NULL DEFAULT 'ehc_plan' CHECK (sen_provision IN ('ehc_plan', 'sen_support', 'none')),
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id),
  UNIQUE (la_code, id)
);
CREATE UNIQUE INDEX children_upn_idx ON children (la_code, upn) WHERE upn IS NOT NULL;
CREATE INDEX children_name_idx ON children USING gin (la_code, name_search gin_trgm_ops);
CREATE INDEX children_dob_idx ON children (la_code, date_of_birth);
CREATE INDEX children_establishment_idx ON children (establishment_id);

CREATE TABLE child_sen_needs (
  la_code text NOT NULL,
  child_id uuid NOT NULL,
  rank integer NOT NULL CHECK (rank BETWEEN 1 AND 5),
  sen_type text NOT NULL CHECK (sen_type IN ('SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'DS', 'OTH')),
  PRIMARY KEY (child_id, rank),
  UNIQUE (child_id, sen_type),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id) ON DELETE CASCADE
);

-- Parents, carers and others with a relationship to a child.
CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  forename text NOT NULL CHECK (length(forename) BETWEEN 1 AND 100),
  surname text NOT NULL CHECK (length(surname) BETWEEN 1 AND 100),
  email text CHECK (length(email) <= 254),
  phone text CHECK (length(phone) <= 30),
  address text CHECK (length(address) <= 500),
  postcode text,
  preferred_contact text NOT NULL DEFAULT 'email' CHECK (preferred_contact IN ('email', 'phone', 'text', 'post')),
  preferred_language text NOT NULL DEFAULT 'English' CHECK (length(preferred_language) BETWEEN 1 AND 50),
  needs_interpreter boolean NOT NULL DEFAULT false,
  communication_needs text CHECK (length(communication_needs) <= 500),
  user_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (la_code, id)
);
CREATE INDEX people_user_idx ON people (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE child_relationships (
  la_code text NOT NULL,
  child_id uuid NOT NULL,
  person_id uuid NOT NULL,
  relationship text NOT NULL CHECK (relationship IN ('mother', 'father', 'parent', 'carer', 'foster_carer', 'guardian', 'other')),
  parental_responsibility boolean NOT NULL DEFAULT true,
  lives_with boolean NOT NULL DEFAULT true,
  main_contact boolean NOT NULL DEFAULT false,
  PRIMARY KEY (child_id, person_id),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id) ON DELETE CASCADE,
  FOREIGN KEY (la_code, person_id) REFERENCES people (la_code, id) ON DELETE CASCADE
);
CREATE INDEX child_relationships_person_idx ON child_relationships (person_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['establishments', 'designations', 'clusters', 'cluster_memberships', 'cluster_hosts',
    'establishment_staff', 'children', 'child_sen_needs', 'people', 'child_relationships']
  LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO opensend_app', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO opensend_app USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code())', t || '_tenant', t);
  END LOOP;
END
$$;
