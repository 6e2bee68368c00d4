-- Families, schools and advisers online: the files people send (kept on disk, described here),
-- and the requests made through the single point of access, each an EHC needs assessment request
-- from the day it arrives or a request for help waiting in the LA's triage queue.

CREATE TABLE stored_files (
  id uuid PRIMARY KEY,
  la_code text NOT NULL REFERENCES las (code),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  media_type text NOT NULL CHECK (length(media_type) BETWEEN 3 AND 100),
  bytes bigint NOT NULL CHECK (bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid REFERENCES users (id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (la_code, id)
);

-- Who the transaction acts for, and what they may see beyond their own LA's tenancy: the rows of
-- a child are a family's when their account is linked to the child, a school's when the child is
-- its pupil, and the LA's EHC staff's. No user (system work: jobs, the demo) is the code's to limit.
CREATE FUNCTION app_user_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

CREATE FUNCTION app_is_ehc_staff() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = app_user_id() AND u.active
    AND u.roles && ARRAY['ehc_coordinator', 'send_team_manager']) $$;

CREATE FUNCTION app_linked_to_child(child uuid) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT EXISTS (SELECT 1 FROM people p JOIN child_relationships r ON r.person_id = p.id
      WHERE p.user_id = app_user_id() AND r.child_id = child)
    OR EXISTS (SELECT 1 FROM children c JOIN establishment_staff s ON s.establishment_id = c.establishment_id
      WHERE c.id = child AND s.user_id = app_user_id()) $$;

CREATE TABLE portal_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  -- What the requester quotes: short, unambiguous letters and digits.
  reference text NOT NULL CHECK (reference ~ '^R[0-9A-HJ-NP-Z]{7}$'),
  made_by uuid NOT NULL REFERENCES users (id),
  made_as text NOT NULL CHECK (made_as IN ('parent', 'young-person', 'school')),
  child_id uuid,
  establishment_id uuid,
  kind text CHECK (kind IN ('assessment', 'help')),
  answers jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'opened', 'triage', 'decided')),
  submitted_at timestamptz,
  received_on date,
  ehc_request_id uuid,
  outcome text CHECK (outcome IN ('assessment', 'sen-support', 'other-service', 'no-further-action')),
  routed_to text CHECK (length(routed_to) <= 200),
  outcome_reasons text CHECK (length(outcome_reasons) <= 5000),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id),
  FOREIGN KEY (la_code, ehc_request_id) REFERENCES ehc_requests (la_code, id),
  CHECK ((status = 'draft') = (submitted_at IS NULL)),
  CHECK (status = 'draft' OR (child_id IS NOT NULL AND kind IS NOT NULL AND received_on IS NOT NULL)),
  CHECK ((status = 'opened') = (ehc_request_id IS NOT NULL)),
  CHECK (status <> 'decided' OR outcome IS NOT NULL),
  CHECK (status NOT IN ('draft', 'triage') OR outcome IS NULL),
  CHECK (made_as <> 'school' OR establishment_id IS NOT NULL),
  UNIQUE (la_code, id),
  UNIQUE (la_code, reference)
);
CREATE INDEX portal_requests_maker_idx ON portal_requests (la_code, made_by, created_at DESC);
CREATE INDEX portal_requests_child_idx ON portal_requests (la_code, child_id) WHERE child_id IS NOT NULL;
CREATE INDEX portal_requests_triage_idx ON portal_requests (la_code, submitted_at) WHERE status = 'triage';

CREATE TABLE portal_request_files (
  la_code text NOT NULL,
  request_id uuid NOT NULL,
  file_id uuid NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
  PRIMARY KEY (request_id, file_id),
  FOREIGN KEY (la_code, request_id) REFERENCES portal_requests (la_code, id) ON DELETE CASCADE,
  FOREIGN KEY (la_code, file_id) REFERENCES stored_files (la_code, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['stored_files', 'portal_requests', 'portal_request_files']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO opensend_app', t);
  END LOOP;
END
$$;

CREATE POLICY stored_files_tenant ON stored_files TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());

-- A draft is its maker's alone; once sent, the child's family and school and the LA's EHC staff see it.
CREATE POLICY portal_requests_tenant ON portal_requests TO opensend_app
  USING (la_code = app_la_code() AND (app_user_id() IS NULL OR made_by = app_user_id()
    OR (status <> 'draft' AND (app_is_ehc_staff() OR app_linked_to_child(child_id)))))
  WITH CHECK (la_code = app_la_code());

CREATE POLICY portal_request_files_tenant ON portal_request_files TO opensend_app
  USING (la_code = app_la_code() AND EXISTS (SELECT 1 FROM portal_requests r WHERE r.id = request_id))
  WITH CHECK (la_code = app_la_code());
