-- Section A of the plan in the family's own words (SEND Code of Practice 9.69: the views, interests
-- and aspirations of the child and their parents, or of the young person), written in the portal
-- while the plan is made, one text a request, and put into the draft plan by the LA as written.
CREATE TABLE portal_section_a (
  la_code text NOT NULL REFERENCES las (code),
  ehc_request_id uuid NOT NULL,
  child_id uuid NOT NULL,
  views text NOT NULL CHECK (length(views) <= 5000),
  interests text NOT NULL CHECK (length(interests) <= 5000),
  aspirations text NOT NULL CHECK (length(aspirations) <= 5000),
  written_by uuid NOT NULL REFERENCES users (id),
  written_as text NOT NULL CHECK (written_as IN ('parent', 'young-person')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- When the LA last put this text into the draft plan, so the page can say whether the plan has it.
  in_plan_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (ehc_request_id),
  FOREIGN KEY (la_code, ehc_request_id) REFERENCES ehc_requests (la_code, id),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id),
  CHECK (length(views) + length(interests) + length(aspirations) > 0)
);
ALTER TABLE portal_section_a ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_section_a FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE ON portal_section_a TO opensend_app;
CREATE POLICY portal_section_a_tenant ON portal_section_a TO opensend_app
  USING (la_code = app_la_code() AND (app_user_id() IS NULL OR app_is_ehc_staff() OR app_family_of_child(child_id)))
  WITH CHECK (la_code = app_la_code());
