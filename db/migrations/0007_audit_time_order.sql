-- Audit searches list events newest first by time; these indexes let a search by child, by
-- user or by date range read just the page it shows.
DROP INDEX audit_events_child_idx;
DROP INDEX audit_events_user_idx;
DROP INDEX audit_events_at_idx;
CREATE INDEX audit_events_child_idx ON audit_events (la_code, child_id, at DESC, id DESC) WHERE child_id IS NOT NULL;
CREATE INDEX audit_events_user_idx ON audit_events (la_code, user_id, at DESC, id DESC);
CREATE INDEX audit_events_at_idx ON audit_events (la_code, at DESC, id DESC);
