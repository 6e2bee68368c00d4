-- The SEND transformation programme: its board and manager, workstreams with their leads, projects
-- with status, priority, RAG and dates, their work items and milestones, the dependencies between
-- projects and between milestones, the risks and issues log, decisions the board is asked for,
-- capital and revenue costs by year, benefits with their measures by year, and the board reports
-- as they were given.

CREATE TABLE programmes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  purpose text CHECK (length(purpose) <= 2000),
  budget_pence bigint NOT NULL CHECK (budget_pence >= 0),
  manager_name text NOT NULL CHECK (length(manager_name) BETWEEN 1 AND 100),
  -- HM Treasury's Green Book rate unless the LA chooses another for a sensitivity test.
  discount_rate numeric(6, 5) NOT NULL DEFAULT 0.035 CHECK (discount_rate >= 0 AND discount_rate <= 0.2),
  starts_on date NOT NULL,
  ends_on date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on IS NULL OR ends_on >= starts_on),
  UNIQUE (la_code, id),
  UNIQUE (la_code, name)
);

CREATE TABLE programme_board_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  programme_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role text NOT NULL CHECK (length(role) BETWEEN 1 AND 100),
  position integer NOT NULL DEFAULT 0,
  FOREIGN KEY (la_code, programme_id) REFERENCES programmes (la_code, id) ON DELETE CASCADE
);

CREATE TABLE workstreams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  programme_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  purpose text CHECK (length(purpose) <= 2000),
  lead_name text NOT NULL CHECK (length(lead_name) BETWEEN 1 AND 100),
  team text CHECK (length(team) <= 500),
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  FOREIGN KEY (la_code, programme_id) REFERENCES programmes (la_code, id) ON DELETE CASCADE,
  UNIQUE (la_code, id),
  -- A project names its workstream with the programme, so it cannot sit in another programme's.
  UNIQUE (la_code, programme_id, id),
  UNIQUE (programme_id, name)
);

CREATE TABLE programme_projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  programme_id uuid NOT NULL,
  workstream_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  purpose text CHECK (length(purpose) <= 2000),
  lead_name text NOT NULL CHECK (length(lead_name) BETWEEN 1 AND 100),
  status text NOT NULL CHECK (status IN ('not_started', 'in_progress', 'complete', 'on_hold', 'closed')),
  -- 1 is the highest: among projects free to start, the higher priority starts first.
  priority integer NOT NULL CHECK (priority BETWEEN 1 AND 5),
  rag text NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
  rag_reason text NOT NULL CHECK (length(rag_reason) BETWEEN 1 AND 1000),
  planned_start date NOT NULL,
  planned_end date NOT NULL,
  actual_start date,
  actual_end date,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CHECK (planned_end >= planned_start),
  CHECK (actual_end IS NULL OR (actual_start IS NOT NULL AND actual_end >= actual_start)),
  FOREIGN KEY (la_code, programme_id, workstream_id) REFERENCES workstreams (la_code, programme_id, id),
  UNIQUE (la_code, id),
  UNIQUE (la_code, programme_id, id),
  UNIQUE (programme_id, name)
);
CREATE INDEX programme_projects_workstream_idx ON programme_projects (workstream_id);

CREATE TABLE programme_work_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  project_id uuid NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  status text NOT NULL CHECK (status IN ('not_started', 'in_progress', 'complete', 'on_hold', 'closed')),
  due_on date,
  done_on date,
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  FOREIGN KEY (la_code, project_id) REFERENCES programme_projects (la_code, id) ON DELETE CASCADE,
  UNIQUE (la_code, id)
);
CREATE INDEX programme_work_items_project_idx ON programme_work_items (project_id);

CREATE TABLE programme_milestones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  programme_id uuid NOT NULL,
  project_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  due_on date NOT NULL,
  achieved_on date,
  version integer NOT NULL DEFAULT 1,
  FOREIGN KEY (la_code, programme_id, project_id) REFERENCES programme_projects (la_code, programme_id, id) ON DELETE CASCADE,
  UNIQUE (la_code, id),
  UNIQUE (la_code, programme_id, id)
);
CREATE INDEX programme_milestones_project_idx ON programme_milestones (project_id);

-- Finish to start: the later cannot start until the earlier is done. Both ends are in the same
-- programme; a dependency that would close a cycle is refused before it is written.
CREATE TABLE programme_project_dependencies (
  la_code text NOT NULL,
  programme_id uuid NOT NULL,
  before_id uuid NOT NULL,
  after_id uuid NOT NULL,
  PRIMARY KEY (before_id, after_id),
  CHECK (before_id <> after_id),
  FOREIGN KEY (la_code, programme_id, before_id) REFERENCES programme_projects (la_code, programme_id, id) ON DELETE CASCADE,
  FOREIGN KEY (la_code, programme_id, after_id) REFERENCES programme_projects (la_code, programme_id, id) ON DELETE CASCADE
);
CREATE INDEX programme_project_dependencies_after_idx ON programme_project_dependencies (after_id);

CREATE TABLE programme_milestone_dependencies (
  la_code text NOT NULL,
  programme_id uuid NOT NULL,
  before_id uuid NOT NULL,
  after_id uuid NOT NULL,
  PRIMARY KEY (before_id, after_id),
  CHECK (before_id <> after_id),
  FOREIGN KEY (la_code, programme_id, before_id) REFERENCES programme_milestones (la_code, programme_id, id) ON DELETE CASCADE,
  FOREIGN KEY (la_code, programme_id, after_id) REFERENCES programme_milestones (la_code, programme_id, id) ON DELETE CASCADE
);

CREATE TABLE programme_risks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  programme_id uuid NOT NULL,
  project_id uuid,
  kind text NOT NULL CHECK (kind IN ('risk', 'issue')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text CHECK (length(description) <= 2000),
  -- Scored 1 (very low) to 5 (very high); the score is their product, 1 to 25.
  likelihood integer NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
  impact integer NOT NULL CHECK (impact BETWEEN 1 AND 5),
  owner_name text NOT NULL CHECK (length(owner_name) BETWEEN 1 AND 100),
  mitigation text NOT NULL CHECK (length(mitigation) BETWEEN 1 AND 2000),
  review_on date NOT NULL,
  escalated_on date,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_on date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'closed') = (closed_on IS NOT NULL)),
  FOREIGN KEY (la_code, programme_id) REFERENCES programmes (la_code, id) ON DELETE CASCADE,
  FOREIGN KEY (la_code, programme_id, project_id) REFERENCES programme_projects (la_code, programme_id, id) ON DELETE CASCADE,
  UNIQUE (la_code, id)
);

-- Questions put to the board, with the date an answer is needed by and, once given, the answer.
CREATE TABLE programme_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  programme_id uuid NOT NULL,
  project_id uuid,
  question text NOT NULL CHECK (length(question) BETWEEN 1 AND 1000),
  needed_by date NOT NULL,
  decided_on date,
  decision text CHECK (length(decision) <= 2000),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((decided_on IS NULL) = (decision IS NULL)),
  FOREIGN KEY (la_code, programme_id) REFERENCES programmes (la_code, id) ON DELETE CASCADE,
  FOREIGN KEY (la_code, programme_id, project_id) REFERENCES programme_projects (la_code, programme_id, id) ON DELETE CASCADE,
  UNIQUE (la_code, id)
);

-- Capital and revenue costs by financial year (2027 is 2027-28), planned and, once known, actual.
CREATE TABLE programme_costs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  programme_id uuid NOT NULL,
  project_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('capital', 'revenue')),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  planned_pence bigint NOT NULL CHECK (planned_pence >= 0),
  actual_pence bigint CHECK (actual_pence >= 0),
  version integer NOT NULL DEFAULT 1,
  FOREIGN KEY (la_code, programme_id, project_id) REFERENCES programme_projects (la_code, programme_id, id) ON DELETE CASCADE,
  UNIQUE (project_id, kind, year),
  UNIQUE (la_code, id)
);

-- A benefit is a measure moved from its baseline towards a target. Where the system measures it
-- already (live_measure), its actual is read from the live records, never typed; a cashable benefit
-- also carries the money it saves each year.
CREATE TABLE programme_benefits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  programme_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  measure text NOT NULL CHECK (length(measure) BETWEEN 1 AND 300),
  unit text NOT NULL CHECK (unit IN ('count', 'percent', 'minutes', 'places', 'pounds')),
  direction text NOT NULL CHECK (direction IN ('increase', 'decrease')),
  cashable boolean NOT NULL,
  baseline numeric NOT NULL,
  baseline_year integer NOT NULL CHECK (baseline_year BETWEEN 2000 AND 2100),
  target numeric NOT NULL,
  target_year integer NOT NULL CHECK (target_year BETWEEN 2000 AND 2100),
  live_measure text CHECK (live_measure IN ('independent_placements', 'specialist_places', 'srb_places', 'twenty_week_timeliness')),
  owner_name text NOT NULL CHECK (length(owner_name) BETWEEN 1 AND 100),
  version integer NOT NULL DEFAULT 1,
  CHECK (target_year >= baseline_year),
  FOREIGN KEY (la_code, programme_id) REFERENCES programmes (la_code, id) ON DELETE CASCADE,
  UNIQUE (la_code, id),
  UNIQUE (la_code, programme_id, id),
  UNIQUE (programme_id, name)
);

CREATE TABLE programme_benefit_projects (
  la_code text NOT NULL,
  programme_id uuid NOT NULL,
  benefit_id uuid NOT NULL,
  project_id uuid NOT NULL,
  PRIMARY KEY (benefit_id, project_id),
  FOREIGN KEY (la_code, programme_id, benefit_id) REFERENCES programme_benefits (la_code, programme_id, id) ON DELETE CASCADE,
  FOREIGN KEY (la_code, programme_id, project_id) REFERENCES programme_projects (la_code, programme_id, id) ON DELETE CASCADE
);

-- A benefit's planned value each year and, where it is not read live, its actual; with the money
-- a cashable one saves that year, planned and actual.
CREATE TABLE programme_benefit_years (
  la_code text NOT NULL,
  benefit_id uuid NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  planned numeric,
  actual numeric,
  planned_pence bigint CHECK (planned_pence >= 0),
  actual_pence bigint CHECK (actual_pence >= 0),
  PRIMARY KEY (benefit_id, year),
  FOREIGN KEY (la_code, benefit_id) REFERENCES programme_benefits (la_code, id) ON DELETE CASCADE
);

-- The board report as it was given on its date, so the next can say what changed since.
CREATE TABLE programme_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  programme_id uuid NOT NULL,
  report_on date NOT NULL,
  snapshot jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  FOREIGN KEY (la_code, programme_id) REFERENCES programmes (la_code, id) ON DELETE CASCADE,
  UNIQUE (programme_id, report_on)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['programmes', 'programme_board_members', 'workstreams', 'programme_projects',
    'programme_work_items', 'programme_milestones', 'programme_project_dependencies',
    'programme_milestone_dependencies', 'programme_risks', 'programme_decisions', 'programme_costs',
    'programme_benefits', 'programme_benefit_projects', 'programme_benefit_years', 'programme_reports']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO opensend_app USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code())', t || '_tenant', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO opensend_app', t);
  END LOOP;
END
$$;
