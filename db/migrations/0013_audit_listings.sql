-- One audit event per listing. A search or list that shows fifty children writes one event whose
-- child_ids names every child it showed, instead of fifty events; a search of the audit log for
-- any one of them finds it (child_id = X OR child_ids && '{X}').
--
-- The table stays append-only (its triggers and grants are unchanged) and under its row-level
-- security policy, which covers the new column as it covers the rest of the row.
ALTER TABLE audit_events ADD COLUMN child_ids uuid[] CHECK (cardinality(child_ids) > 0);

-- The children alone, without the LA: a child's id belongs to one LA, so the LA would narrow
-- nothing, and as a GIN key it would make every search read the LA's whole posting list.
-- fastupdate off: otherwise new events wait in GIN's pending list, which every search reads
-- through to the end, until a vacuum merges it, and PGlite never runs autovacuum.
CREATE INDEX audit_events_child_ids_idx ON audit_events USING gin (child_ids) WITH (fastupdate = off)
  WHERE child_ids IS NOT NULL;

-- Under row-level security PostgreSQL applies a query's own conditions before the policy's only
-- when their functions are LEAKPROOF; arrayoverlap (`&&`) is not marked so, which would keep the
-- index above out of every search and make each one read the LA's whole log. arrayoverlap
-- compares the elements of two arrays with their type's equality: for the uuid[] and text[]
-- columns of this database those are uuid_eq and texteq, both LEAKPROOF, and it raises no error
-- that depends on the values, so running it before the policy reveals nothing the policy hides.
--
-- Only a superuser may mark a function LEAKPROOF. Where migrations run as an owner that is not
-- one, this step is skipped with a notice: searches stay correct, only slower, until a
-- superuser runs the statement.
DO $$
BEGIN
  ALTER FUNCTION arrayoverlap(anyarray, anyarray) LEAKPROOF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'arrayoverlap left as it was (not a superuser): audit searches by child will not use audit_events_child_ids_idx under row-level security';
END
$$;
