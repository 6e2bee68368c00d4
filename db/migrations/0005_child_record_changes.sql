-- Which fields each saved change to a child's record (or a parent's or carer's) changed, by
-- version, so an edit made from an older version can be refused with what changed since.
-- Field names only, never values: the values live in the records themselves. Append-only.

CREATE TABLE child_record_changes (
  la_code text NOT NULL REFERENCES las (code),
  record_type text NOT NULL CHECK (record_type IN ('child', 'parent_carer')),
  record_id uuid NOT NULL,
  version integer NOT NULL CHECK (version > 1),
  fields text[] NOT NULL CHECK (cardinality(fields) > 0),
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by uuid REFERENCES users (id),
  PRIMARY KEY (record_type, record_id, version)
);

GRANT SELECT, INSERT ON child_record_changes TO opensend_app;
ALTER TABLE child_record_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE child_record_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY child_record_changes_tenant ON child_record_changes TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());
