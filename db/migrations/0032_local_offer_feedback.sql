-- "Was this page helpful?" on every public Local Offer page, with an optional comment, and the LA's
-- response to each comment: what the annual report publishes (SEND Regulations 2014 reg 56).
CREATE TABLE lo_feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  page text NOT NULL CHECK (page ~ '^/local-offer' AND length(page) <= 300),
  service_id uuid,
  helpful boolean NOT NULL,
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
  received_at timestamptz NOT NULL DEFAULT now(),
  response text NOT NULL DEFAULT '' CHECK (length(response) <= 2000),
  -- What the LA will do about it, published with the comment.
  action text NOT NULL DEFAULT '' CHECK (length(action) <= 2000),
  responded_by uuid REFERENCES users (id),
  responded_at timestamptz,
  FOREIGN KEY (la_code, service_id) REFERENCES lo_services (la_code, id) ON DELETE SET NULL (service_id),
  CHECK ((responded_at IS NULL) = (response = ''))
);
CREATE INDEX lo_feedback_received_idx ON lo_feedback (la_code, received_at DESC);

ALTER TABLE lo_feedback ENABLE ROW LEVEL SECURITY;
ALTER TABLE lo_feedback FORCE ROW LEVEL SECURITY;
CREATE POLICY lo_feedback_tenant ON lo_feedback TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());
GRANT SELECT, INSERT, UPDATE ON lo_feedback TO opensend_app;
