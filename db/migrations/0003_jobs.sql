-- Background jobs (imports, the SEN2 build, optimisation runs) queued in PostgreSQL itself, so that
-- any app process may run any job and a page can show its progress. No broker.
--
-- Requests see and queue their own LA's jobs as opensend_app, under row-level security like every
-- tenant table. The worker alone must look across LAs to claim the next job: it does that as
-- opensend_worker, a role that can read and update this table and nothing else, and then does the
-- job's work inside the job's LA as opensend_app.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'opensend_worker') THEN
    CREATE ROLE opensend_worker NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT pg_has_role(current_user, 'opensend_worker', 'MEMBER') THEN
    EXECUTE format('GRANT opensend_worker TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO opensend_worker;

CREATE TABLE jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9.-]{0,63}$'),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  progress_done integer NOT NULL DEFAULT 0 CHECK (progress_done >= 0),
  progress_total integer CHECK (progress_total >= 0),
  message text CHECK (length(message) <= 500),
  -- Small parameters, readable in the database; the payload holds what was uploaded, until the job ends.
  params jsonb NOT NULL DEFAULT '{}',
  payload bytea,
  result jsonb,
  attempts integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  -- A running job whose worker stops beating for long enough is taken up again by another.
  heartbeat_at timestamptz,
  finished_at timestamptz,
  UNIQUE (la_code, id)
);
CREATE INDEX jobs_waiting_idx ON jobs (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX jobs_la_kind_idx ON jobs (la_code, kind, created_at DESC);

GRANT SELECT, INSERT, UPDATE ON jobs TO opensend_app;
GRANT SELECT, UPDATE ON jobs TO opensend_worker;
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY jobs_tenant ON jobs TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());
CREATE POLICY jobs_worker ON jobs TO opensend_worker USING (true) WITH CHECK (true);
