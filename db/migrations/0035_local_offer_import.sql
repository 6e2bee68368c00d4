-- Services brought in from another Open Referral UK feed: which of the LA's services each feed's
-- service became, so the same feed imported again updates them rather than adding them twice.
CREATE TABLE lo_imported (
  la_code text NOT NULL REFERENCES las (code),
  source_id text NOT NULL CHECK (length(source_id) BETWEEN 1 AND 200),
  service_id uuid NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  imported_by uuid REFERENCES users (id),
  PRIMARY KEY (la_code, source_id),
  FOREIGN KEY (la_code, service_id) REFERENCES lo_services (la_code, id)
);

ALTER TABLE lo_imported ENABLE ROW LEVEL SECURITY;
ALTER TABLE lo_imported FORCE ROW LEVEL SECURITY;
CREATE POLICY lo_imported_tenant ON lo_imported TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());
GRANT SELECT, INSERT, UPDATE ON lo_imported TO opensend_app;
