-- Whether a young person past compulsory school age lacks capacity to make decisions about their
-- special educational needs, and who then acts for them (CFA 2014 s80; SEND Regulations 2014
-- Schedule 3): a parent or a representative recorded among the people of the child. Letters go to
-- that person. One record a child, versioned so a stale change is refused.
CREATE TABLE child_capacity (
  la_code text NOT NULL,
  child_id uuid NOT NULL,
  lacks_capacity boolean NOT NULL,
  assessed_on date NOT NULL,
  acting_person_id uuid,
  acting_as text CHECK (acting_as IN ('parent', 'deputy', 'attorney', 'other-representative')),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  PRIMARY KEY (child_id),
  CHECK (NOT lacks_capacity OR (acting_person_id IS NOT NULL AND acting_as IS NOT NULL)),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id) ON DELETE CASCADE,
  FOREIGN KEY (la_code, acting_person_id) REFERENCES people (la_code, id)
);
GRANT SELECT, INSERT, UPDATE ON child_capacity TO opensend_app;
ALTER TABLE child_capacity ENABLE ROW LEVEL SECURITY;
ALTER TABLE child_capacity FORCE ROW LEVEL SECURITY;
CREATE POLICY child_capacity_tenant ON child_capacity TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());
