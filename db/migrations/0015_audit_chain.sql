-- A tamper-evident audit log. Each LA's events form a hash chain: the seal of an event holds its
-- place in the LA's chain (seq 1, 2, 3 …) and hash = SHA-256(previous seal's hash || the event's
-- fields, serialised canonically), so changing, removing or slipping in an event after it was
-- sealed breaks every link from there on. Seals are written by a background sealer, never in the
-- request that records the event: a request must not wait on a lock on its LA's chain head.
--
-- Seals live beside the events, not in them, because audit_events is append-only: an event is
-- written once by its request and never touched again, and its seal arrives a few seconds later.
-- Events recorded before this migration are sealed by the sealer like any others.

CREATE TABLE audit_seals (
  la_code text NOT NULL REFERENCES las (code),
  seq bigint NOT NULL CHECK (seq > 0),
  event_id bigint NOT NULL UNIQUE,
  -- 32 zero bytes for the first seal of an LA.
  prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  sealed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (la_code, seq)
);

-- Append-only like the events: nobody may change or remove a seal, not even the table owner
-- without first disabling these triggers (which is what the chain is there to reveal).
CREATE FUNCTION audit_seals_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'audit_seals is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_seals_no_update BEFORE UPDATE OR DELETE ON audit_seals
  FOR EACH ROW EXECUTE FUNCTION audit_seals_append_only();
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_seals_append_only();

GRANT SELECT, INSERT ON audit_seals TO opensend_app;
ALTER TABLE audit_seals ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_seals FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_seals_tenant ON audit_seals TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());

-- The sealer seals events in id order up to an id it has proved no running transaction can still
-- be holding (see src/platform/audit/sealer.ts). It reads how far the event ids have been handed
-- out from their sequence: that tells an LA nothing its own event ids do not already, since every
-- LA's events draw on the one sequence. One value at a time (CACHE 1, PostgreSQL's default, stated
-- here because the sealer depends on it): with a cache, a session could hand out an id below the
-- sequence's last value after the sealer had read it.
DO $$
DECLARE
  ids text := pg_get_serial_sequence('audit_events', 'id');
BEGIN
  EXECUTE format('ALTER SEQUENCE %s CACHE 1', ids);
  EXECUTE format('GRANT SELECT ON SEQUENCE %s TO opensend_app', ids);
END
$$;
