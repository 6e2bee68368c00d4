-- What every EHC letter must tell the family (SEND Regulations 2014 regs 5(3) and 32): who the
-- LA's SEND service is and how to reach it, the information, advice and support service, the
-- mediation adviser and the disagreement resolution service. One row per LA, kept by its managers.
CREATE TABLE ehc_letter_settings (
  la_code text PRIMARY KEY REFERENCES las (code),
  service_name text NOT NULL CHECK (length(service_name) BETWEEN 1 AND 200),
  address text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
  phone text NOT NULL CHECK (length(phone) BETWEEN 1 AND 30),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  website text CHECK (length(website) <= 200),
  ias_name text NOT NULL CHECK (length(ias_name) BETWEEN 1 AND 200),
  ias_phone text NOT NULL CHECK (length(ias_phone) BETWEEN 1 AND 30),
  ias_website text CHECK (length(ias_website) <= 200),
  mediation_name text NOT NULL CHECK (length(mediation_name) BETWEEN 1 AND 200),
  mediation_phone text NOT NULL CHECK (length(mediation_phone) BETWEEN 1 AND 30),
  mediation_email text CHECK (length(mediation_email) <= 254),
  -- The disagreement resolution service (reg 53) is often, but not always, the mediation provider.
  disagreement_name text NOT NULL CHECK (length(disagreement_name) BETWEEN 1 AND 200),
  disagreement_phone text NOT NULL CHECK (length(disagreement_phone) BETWEEN 1 AND 30),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id)
);
ALTER TABLE ehc_letter_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE ehc_letter_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY ehc_letter_settings_tenant ON ehc_letter_settings TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());
GRANT SELECT, INSERT, UPDATE ON ehc_letter_settings TO opensend_app;

-- The plan is written between the decision to issue and the draft being served, so the plan now
-- exists from the decision: drafted_on is the day the draft was served, empty until then. A draft
-- whose decision to issue is corrected away is withdrawn, not deleted, so its sections' history stays.
ALTER TABLE ehc_plans ALTER COLUMN drafted_on DROP NOT NULL;
ALTER TABLE ehc_plans DROP CONSTRAINT ehc_plans_status_check;
ALTER TABLE ehc_plans ADD CONSTRAINT ehc_plans_status_check
  CHECK (status IN ('draft', 'withdrawn', 'active', 'replaced', 'ceased'));
ALTER TABLE ehc_plans DROP CONSTRAINT ehc_plans_check;
ALTER TABLE ehc_plans ADD CONSTRAINT ehc_plans_issued_check
  CHECK (status IN ('draft', 'withdrawn') OR (issued_on IS NOT NULL AND setting_name IS NOT NULL AND provision IS NOT NULL));

-- Requests already decided for a plan, whose final plan is not yet issued, get their draft now.
INSERT INTO ehc_plans (la_code, child_id, request_id, status, drafted_on)
SELECT r.la_code, r.child_id, r.id, 'draft',
  (SELECT (e.body ->> 'on')::date FROM ehc_events e
    WHERE e.request_id = r.id AND e.type = 'draft-served'
      AND NOT EXISTS (SELECT 1 FROM ehc_events c WHERE c.corrects = e.id)
    ORDER BY e.seq DESC LIMIT 1)
FROM ehc_requests r
WHERE r.issue_outcome = 'issue' AND r.final_issued_on IS NULL
  AND NOT EXISTS (SELECT 1 FROM ehc_plans p WHERE p.request_id = r.id);
