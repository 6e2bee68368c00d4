-- Platform: local authorities (tenants), people, sessions, API tokens, sign-in throttling, audit.
--
-- Requests run as opensend_app, a role that is neither superuser nor table owner, so the
-- row-level security policies below always apply to them; migrations run as the owner.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'opensend_app') THEN
    CREATE ROLE opensend_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT pg_has_role(current_user, 'opensend_app', 'MEMBER') THEN
    EXECUTE format('GRANT opensend_app TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO opensend_app;

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The LA the current transaction acts for; NULL (so no tenant rows match) when unset.
CREATE FUNCTION app_la_code() RETURNS text
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.la_code', true), '') $$;

CREATE TABLE las (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{3}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON las TO opensend_app;

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  password_hash text NOT NULL,
  roles text[] NOT NULL CHECK (cardinality(roles) > 0),
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (email)
);
CREATE INDEX users_la_code_idx ON users (la_code, name);

-- Sign-in must find a person's LA from their email before any LA is set: this table holds
-- only that routing fact, so everything else about users stays behind row-level security.
CREATE TABLE user_directory (
  email text PRIMARY KEY,
  la_code text NOT NULL REFERENCES las (code),
  user_id uuid NOT NULL
);
GRANT SELECT ON user_directory TO opensend_app;

CREATE FUNCTION users_sync_directory() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM user_directory WHERE user_id = OLD.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO user_directory (email, la_code, user_id) VALUES (NEW.email, NEW.la_code, NEW.id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER users_sync_directory AFTER INSERT OR UPDATE OF email, la_code OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION users_sync_directory();

CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  la_code text NOT NULL REFERENCES las (code),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, created_at DESC);

-- Failed sign-ins, kept only for the throttling window; keyed by a hash of the email so
-- the table holds no address that never belonged to an account.
CREATE TABLE sign_in_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  account_key text NOT NULL,
  ip text NOT NULL
);
CREATE INDEX sign_in_failures_account_idx ON sign_in_failures (account_key, at);
CREATE INDEX sign_in_failures_ip_idx ON sign_in_failures (ip, at);
GRANT SELECT, INSERT, DELETE ON sign_in_failures TO opensend_app;

-- Append-only: the application may add and read events; nobody may change or remove one.
CREATE TABLE audit_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  la_code text NOT NULL REFERENCES las (code),
  user_id uuid,
  action text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
  entity_type text NOT NULL CHECK (length(entity_type) BETWEEN 1 AND 100),
  entity_id text,
  child_id uuid,
  ip text,
  request_id text,
  detail jsonb
);
CREATE INDEX audit_events_la_idx ON audit_events (la_code, id DESC);
CREATE INDEX audit_events_child_idx ON audit_events (la_code, child_id, id DESC) WHERE child_id IS NOT NULL;
CREATE INDEX audit_events_user_idx ON audit_events (la_code, user_id, id DESC);
CREATE INDEX audit_events_at_idx ON audit_events (la_code, at);

CREATE FUNCTION audit_events_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- Secrets the instance generates for itself (the cookie-signing key); read at start-up by the
-- owner only, never by requests.
CREATE TABLE instance_secrets (
  name text PRIMARY KEY,
  value text NOT NULL
);
REVOKE ALL ON instance_secrets FROM PUBLIC;

-- Tenancy: each tenant-owned table is visible and writable only within the transaction's LA.
GRANT SELECT, INSERT, UPDATE ON users TO opensend_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO opensend_app;
GRANT SELECT, INSERT, UPDATE ON api_tokens TO opensend_app;
GRANT SELECT, INSERT ON audit_events TO opensend_app;

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_tenant ON users TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY sessions_tenant ON sessions TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());

ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY api_tokens_tenant ON api_tokens TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_tenant ON audit_events TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());
