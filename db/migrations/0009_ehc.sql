-- EHC needs assessments: each request, the events that make up its process (append-only: a
-- correction is a new event), the statutory deadlines derived from them, the plans they lead to
-- with their sections A–K versioned, and the LA's school term dates the exceptions depend on.

CREATE TABLE la_terms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  CHECK (ends_on >= starts_on),
  EXCLUDE USING gist (la_code WITH =, daterange(starts_on, ends_on, '[]') WITH &&)
);

CREATE TABLE ehc_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  child_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('new', 'reassessment', 'transfer-in')),
  source text NOT NULL CHECK (source IN ('parent', 'young-person', 'school', 'health', 'social-care', 'other')),
  received_on date NOT NULL,
  coordinator_id uuid REFERENCES users (id),
  -- The rest is derived from the events each time one is recorded, for lists and dashboards.
  stage text NOT NULL CHECK (stage IN ('deciding-whether-to-assess', 'assessing', 'drafting', 'issued', 'refused', 'not-issued', 'awaiting-transfer', 'transferred')),
  next_due_on date,
  next_due_step text,
  assess_decided_on date,
  assess_outcome text CHECK (assess_outcome IN ('assess', 'refuse')),
  issue_decided_on date,
  issue_outcome text CHECK (issue_outcome IN ('issue', 'not-issue')),
  final_issued_on date,
  -- SEN2 Week20: an exception under reg 10(4) excused the 20-week limit.
  week20_exception boolean NOT NULL DEFAULT false,
  mediation boolean NOT NULL DEFAULT false,
  appeal boolean NOT NULL DEFAULT false,
  closed_on date,
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id),
  UNIQUE (la_code, id)
);
-- A child has one request in progress at a time.
CREATE UNIQUE INDEX ehc_requests_open_idx ON ehc_requests (la_code, child_id) WHERE closed_on IS NULL;
CREATE INDEX ehc_requests_child_idx ON ehc_requests (child_id);
CREATE INDEX ehc_requests_caseload_idx ON ehc_requests (la_code, coordinator_id, next_due_on) WHERE closed_on IS NULL;
CREATE INDEX ehc_requests_received_idx ON ehc_requests (la_code, received_on);
CREATE INDEX ehc_requests_issued_idx ON ehc_requests (la_code, final_issued_on) WHERE final_issued_on IS NOT NULL;

CREATE TABLE ehc_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  request_id uuid NOT NULL,
  seq integer NOT NULL CHECK (seq > 0),
  corrects uuid REFERENCES ehc_events (id),
  type text NOT NULL,
  body jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid REFERENCES users (id),
  UNIQUE (request_id, seq),
  FOREIGN KEY (la_code, request_id) REFERENCES ehc_requests (la_code, id)
);
CREATE UNIQUE INDEX ehc_events_corrected_once_idx ON ehc_events (corrects) WHERE corrects IS NOT NULL;

-- Every deadline of a request as the engine last worked it out. Whether an undone one is due or
-- missed depends on the day it is read, so that is decided in the query, not stored.
CREATE TABLE ehc_deadlines (
  la_code text NOT NULL,
  request_id uuid NOT NULL,
  step text NOT NULL,
  subject_id text NOT NULL DEFAULT '',
  owner text NOT NULL CHECK (owner IN ('la', 'adviser', 'setting', 'previous-la', 'family')),
  starts_on date NOT NULL,
  due_on date NOT NULL,
  done_on date,
  excepted_by text CHECK (excepted_by IN ('a', 'b', 'c', 'd')),
  PRIMARY KEY (request_id, step, subject_id),
  FOREIGN KEY (la_code, request_id) REFERENCES ehc_requests (la_code, id) ON DELETE CASCADE
);
CREATE INDEX ehc_deadlines_due_idx ON ehc_deadlines (la_code, due_on) WHERE owner <> 'family';

CREATE TABLE ehc_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  child_id uuid NOT NULL,
  -- A plan made before the LA used OpenSEND has no request here.
  request_id uuid,
  status text NOT NULL CHECK (status IN ('draft', 'active', 'replaced', 'ceased')),
  drafted_on date NOT NULL,
  issued_on date,
  ended_on date,
  establishment_id uuid,
  setting_name text CHECK (length(setting_name) BETWEEN 1 AND 200),
  provision text CHECK (provision IN ('mainstream', 'sen-unit', 'resourced-provision', 'special', 'independent', 'other')),
  version integer NOT NULL DEFAULT 1,
  CHECK (status = 'draft' OR (issued_on IS NOT NULL AND setting_name IS NOT NULL AND provision IS NOT NULL)),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id),
  FOREIGN KEY (la_code, request_id) REFERENCES ehc_requests (la_code, id),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id),
  UNIQUE (la_code, id)
);
-- The law knows one EHC plan per child: a second active plan is refused by the database too.
CREATE UNIQUE INDEX ehc_plans_one_active_idx ON ehc_plans (child_id) WHERE status = 'active';
CREATE UNIQUE INDEX ehc_plans_request_idx ON ehc_plans (request_id);

-- Sections A–K of a plan (SEND Regulations 2014 reg 12), each change a new version.
CREATE TABLE ehc_plan_sections (
  la_code text NOT NULL,
  plan_id uuid NOT NULL,
  section text NOT NULL CHECK (section IN ('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K')),
  version integer NOT NULL CHECK (version > 0),
  content text NOT NULL CHECK (length(content) <= 50000),
  written_at timestamptz NOT NULL DEFAULT now(),
  written_by uuid REFERENCES users (id),
  PRIMARY KEY (plan_id, section, version),
  FOREIGN KEY (la_code, plan_id) REFERENCES ehc_plans (la_code, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['la_terms', 'ehc_requests', 'ehc_events', 'ehc_deadlines', 'ehc_plans', 'ehc_plan_sections']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO opensend_app USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code())', t || '_tenant', t);
  END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE, DELETE ON la_terms, ehc_requests, ehc_deadlines TO opensend_app;
GRANT SELECT, INSERT, UPDATE ON ehc_plans TO opensend_app;
-- The history is kept: events and section versions are only ever added.
GRANT SELECT, INSERT ON ehc_events, ehc_plan_sections TO opensend_app;
