-- What the GIAS import needs beyond 0002.

-- When GIAS gives a school a new URN (academy conversion, amalgamation), the successor takes over
-- the predecessor's record, so placements and cluster memberships follow; the old URNs stay findable.
ALTER TABLE establishments ADD COLUMN previous_urns integer[] NOT NULL DEFAULT '{}';
ALTER TABLE establishments ADD COLUMN address3 text;
-- Set on records kept up to date from GIAS: their GIAS fields are not edited by hand, since the next
-- import would overwrite them.
ALTER TABLE establishments ADD COLUMN gias_imported_at timestamptz;

-- GIAS says which types of need a special school or unit provides for, but not how many places of
-- each: those the LA records, and until it does they are unknown rather than nought.
ALTER TABLE designations ALTER COLUMN places DROP NOT NULL;
