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

-- Who the transaction acts for, and what they may see beyond their own LA's tenancy: a child's
-- rows are a family's when their account is linked to the child, a school's when the child is its
-- pupil, an adviser's when they are asked to advise on the child (their own rows say so), and the
-- LA's EHC staff's. No user
-- (system work: jobs, the demo) is the code's to limit.
CREATE FUNCTION app_user_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

CREATE FUNCTION app_is_ehc_staff() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = app_user_id() AND u.active
    AND u.roles && ARRAY['ehc_coordinator', 'send_team_manager']) $$;

CREATE FUNCTION app_family_of_child(child uuid) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT EXISTS (SELECT 1 FROM people p JOIN child_relationships r ON r.person_id = p.id
      WHERE p.user_id = app_user_id() AND r.child_id = child) $$;

CREATE FUNCTION app_school_of_child(child uuid) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT EXISTS (SELECT 1 FROM children c JOIN establishment_staff s ON s.establishment_id = c.establishment_id
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

-- Advice asked of an adviser with an account: what the LA asked, by when, and what came back,
-- written in the portal or uploaded. The EHC request's history records the asking and the answer.
CREATE TABLE portal_advice (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  ehc_request_id uuid NOT NULL,
  advice_id uuid NOT NULL,
  child_id uuid NOT NULL,
  adviser_id uuid NOT NULL REFERENCES users (id),
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  asked_by uuid REFERENCES users (id),
  asked_on date NOT NULL,
  due_on date NOT NULL,
  answers jsonb,
  file_id uuid,
  submitted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  FOREIGN KEY (la_code, ehc_request_id) REFERENCES ehc_requests (la_code, id),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id),
  FOREIGN KEY (la_code, file_id) REFERENCES stored_files (la_code, id),
  CHECK (submitted_at IS NULL OR answers IS NOT NULL OR file_id IS NOT NULL),
  UNIQUE (la_code, advice_id)
);
CREATE INDEX portal_advice_adviser_idx ON portal_advice (la_code, adviser_id, due_on);

CREATE FUNCTION app_linked_to_child(child uuid) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT app_family_of_child(child) OR app_school_of_child(child) $$;

-- Each party's thread with the LA about a request: the family's, the school's, each adviser's.
CREATE TABLE portal_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  child_id uuid NOT NULL,
  ehc_request_id uuid,
  portal_request_id uuid,
  party text NOT NULL CHECK (party IN ('family', 'school', 'adviser')),
  adviser_id uuid REFERENCES users (id),
  author_id uuid NOT NULL REFERENCES users (id),
  from_la boolean NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  file_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id),
  FOREIGN KEY (la_code, ehc_request_id) REFERENCES ehc_requests (la_code, id),
  FOREIGN KEY (la_code, portal_request_id) REFERENCES portal_requests (la_code, id),
  FOREIGN KEY (la_code, file_id) REFERENCES stored_files (la_code, id),
  CHECK (num_nonnulls(ehc_request_id, portal_request_id) = 1),
  CHECK ((party = 'adviser') = (adviser_id IS NOT NULL))
);
CREATE INDEX portal_messages_thread_idx ON portal_messages (la_code, coalesce(ehc_request_id, portal_request_id), created_at);

-- A family's comments on a draft plan, section by section, and the setting they would like named.
CREATE TABLE portal_draft_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  child_id uuid NOT NULL,
  ehc_request_id uuid NOT NULL,
  section text CHECK (section IN ('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K')),
  body text CHECK (length(body) BETWEEN 1 AND 5000),
  preferred_setting text CHECK (length(preferred_setting) BETWEEN 1 AND 200),
  author_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id),
  FOREIGN KEY (la_code, ehc_request_id) REFERENCES ehc_requests (la_code, id),
  CHECK (body IS NOT NULL OR preferred_setting IS NOT NULL)
);
CREATE INDEX portal_draft_comments_request_idx ON portal_draft_comments (la_code, ehc_request_id, created_at);

-- A consulted school's answer, given online by its own staff, with its reasons.
CREATE TABLE portal_consultation_answers (
  la_code text NOT NULL REFERENCES las (code),
  consultation_id uuid PRIMARY KEY,
  ehc_request_id uuid NOT NULL,
  child_id uuid NOT NULL,
  establishment_id uuid NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('can-meet-needs', 'cannot-meet-needs')),
  reasons text NOT NULL CHECK (length(reasons) BETWEEN 1 AND 5000),
  answered_by uuid NOT NULL REFERENCES users (id),
  answered_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (la_code, ehc_request_id) REFERENCES ehc_requests (la_code, id),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id)
);

-- A young person's say over which of their parents' accounts follow their record once decisions
-- are theirs (past compulsory school age, with capacity).
CREATE TABLE portal_parent_access (
  la_code text NOT NULL REFERENCES las (code),
  child_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  allowed boolean NOT NULL,
  decided_by uuid NOT NULL REFERENCES users (id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (child_id, person_id),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['stored_files', 'portal_requests', 'portal_request_files', 'portal_advice',
    'portal_messages', 'portal_draft_comments', 'portal_consultation_answers', 'portal_parent_access']
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

CREATE POLICY portal_advice_tenant ON portal_advice TO opensend_app
  USING (la_code = app_la_code() AND (app_user_id() IS NULL OR app_is_ehc_staff() OR adviser_id = app_user_id()))
  WITH CHECK (la_code = app_la_code());

CREATE POLICY portal_messages_tenant ON portal_messages TO opensend_app
  USING (la_code = app_la_code() AND (app_user_id() IS NULL OR app_is_ehc_staff()
    OR (party = 'family' AND app_family_of_child(child_id))
    OR (party = 'school' AND app_school_of_child(child_id))
    OR (party = 'adviser' AND adviser_id = app_user_id())))
  WITH CHECK (la_code = app_la_code());

CREATE POLICY portal_draft_comments_tenant ON portal_draft_comments TO opensend_app
  USING (la_code = app_la_code() AND (app_user_id() IS NULL OR app_is_ehc_staff() OR app_family_of_child(child_id)))
  WITH CHECK (la_code = app_la_code());

CREATE POLICY portal_consultation_answers_tenant ON portal_consultation_answers TO opensend_app
  USING (la_code = app_la_code() AND (app_user_id() IS NULL OR app_is_ehc_staff()
    OR EXISTS (SELECT 1 FROM establishment_staff s WHERE s.user_id = app_user_id()
      AND s.establishment_id = portal_consultation_answers.establishment_id)))
  WITH CHECK (la_code = app_la_code());

CREATE POLICY portal_parent_access_tenant ON portal_parent_access TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());
