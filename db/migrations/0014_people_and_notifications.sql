-- People administration and the notifications outbox.
--
-- An administrator invites a person: the account exists from then on (so relationships can be set
-- up before they first sign in) but holds no password until they accept the one-time link, or
-- until they sign in through the LA's identity provider. Deactivating keeps the account and its
-- history; only its sessions, tokens and open invitations end.

ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE users
  ADD COLUMN last_signed_in_at timestamptz,
  ADD COLUMN deactivated_at timestamptz,
  ADD COLUMN invited_at timestamptz;

-- Every sign-in, by whatever method, opens a session: the account's last sign-in follows from it
-- without each way of signing in having to remember to record it. Someone invited who signs in
-- through the LA's own accounts instead of choosing a password no longer needs their link.
CREATE FUNCTION sessions_record_sign_in() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE users SET last_signed_in_at = NEW.created_at WHERE id = NEW.user_id;
  UPDATE user_invitations SET revoked_at = NEW.created_at
    WHERE user_id = NEW.user_id AND accepted_at IS NULL AND revoked_at IS NULL;
  RETURN NULL;
END
$$;
CREATE TRIGGER sessions_record_sign_in AFTER INSERT ON sessions
  FOR EACH ROW EXECUTE FUNCTION sessions_record_sign_in();

-- One-time invitation links; only a hash of the secret is kept.
CREATE TABLE user_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  user_id uuid NOT NULL REFERENCES users (id),
  token_hash text NOT NULL UNIQUE,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  revoked_at timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX user_invitations_user_idx ON user_invitations (user_id, created_at DESC);
GRANT SELECT, INSERT, UPDATE ON user_invitations TO opensend_app;
ALTER TABLE user_invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY user_invitations_tenant ON user_invitations TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());

-- An invitation link arrives before anyone is signed in: like the sign-in directory, this holds
-- only the routing fact (which LA a link belongs to), so the lookup then runs inside that LA.
CREATE TABLE invitation_directory (
  token_hash text PRIMARY KEY,
  la_code text NOT NULL REFERENCES las (code)
);
GRANT SELECT ON invitation_directory TO opensend_app;

CREATE FUNCTION user_invitations_sync_directory() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
BEGIN
  INSERT INTO invitation_directory (token_hash, la_code) VALUES (NEW.token_hash, NEW.la_code);
  RETURN NULL;
END
$$;
CREATE TRIGGER user_invitations_sync_directory AFTER INSERT ON user_invitations
  FOR EACH ROW EXECUTE FUNCTION user_invitations_sync_directory();

-- The outbox: every message OpenSEND sends is written here in the transaction that decides to
-- send it, so it is sent if and only if that work commits, and a mail server that is down delays
-- it rather than losing it. A deliverer claims due messages (as opensend_worker, across LAs),
-- sends them and records the outcome; a message whose deliverer died is claimed again when its
-- lease runs out.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9.-]{0,63}$'),
  to_email text NOT NULL CHECK (length(to_email) BETWEEN 3 AND 254),
  to_name text CHECK (length(to_name) <= 200),
  to_user_id uuid REFERENCES users (id),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  body text NOT NULL CHECK (length(body) <= 100000),
  -- A body holding a secret (a one-time link) is never shown on the outbox page, and is cleared
  -- once the message has been sent.
  sensitive boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  last_error text CHECK (length(last_error) <= 500),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX notifications_la_idx ON notifications (la_code, created_at DESC);
CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status IN ('queued', 'sending');
GRANT SELECT, INSERT, UPDATE ON notifications TO opensend_app;
GRANT SELECT, UPDATE ON notifications TO opensend_worker;
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY notifications_tenant ON notifications TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());
CREATE POLICY notifications_worker ON notifications TO opensend_worker USING (true) WITH CHECK (true);
