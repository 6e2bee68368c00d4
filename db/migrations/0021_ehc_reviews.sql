-- Annual and phase-transfer reviews of EHC plans, amendments, ceasing and transfers out.
--
-- Every active plan carries its next review due date and any phase transfer it is coming up to,
-- worked out by the review rules and stored so that lists, the API and the daily reminders find
-- them by index. A review is the events recorded for it (append-only, like an assessment's),
-- with what they add up to kept on the review row and its deadlines beside it. An amended plan
-- is a new version of the plan: its sections' new versions are added and the old kept.

ALTER TABLE ehc_plans
  -- The day a plan transferred in from another LA: its first review is due by the later of 12
  -- months from its making or last review and 3 months from the transfer (reg 15(5)).
  ADD COLUMN transferred_in_on date,
  ADD COLUMN next_review_due date,
  -- The phase transfer at the end of the academic year that began in phase_year, if one is coming.
  ADD COLUMN phase_year integer,
  ADD COLUMN phase_transfer_to text CHECK (phase_transfer_to IN ('school', 'junior', 'middle', 'secondary', 'post-16')),
  ADD COLUMN phase_transfer_deadline date,
  -- SEN2 CeaseReason and, for a transfer out (reason 5), the LA the plan went to.
  ADD COLUMN cease_reason text CHECK (cease_reason IN ('1', '2', '3', '4', '5', '6', '7', '8', '9')),
  ADD COLUMN transferred_to_la text CHECK (transferred_to_la ~ '^[0-9]{3}$'),
  -- The plan's version as the family has it: 1 when first issued, one more with each amended plan.
  ADD COLUMN plan_version integer NOT NULL DEFAULT 1 CHECK (plan_version > 0),
  ADD CONSTRAINT ehc_plans_transfer_out_whole CHECK ((transferred_to_la IS NULL) OR cease_reason = '5');
-- Plans already transferred in take the day from the transfer step that is still in force.
UPDATE ehc_plans p SET transferred_in_on = (
  SELECT (e.body ->> 'on')::date FROM ehc_events e
  WHERE e.request_id = p.request_id AND e.type = 'plan-transferred'
    AND NOT EXISTS (SELECT 1 FROM ehc_events c WHERE c.corrects = e.id)
  ORDER BY e.seq DESC LIMIT 1)
WHERE p.request_id IN (SELECT id FROM ehc_requests WHERE kind = 'transfer-in');
CREATE INDEX ehc_plans_review_due_idx ON ehc_plans (la_code, next_review_due) WHERE status = 'active';
CREATE INDEX ehc_plans_phase_idx ON ehc_plans (la_code, phase_transfer_deadline) WHERE status = 'active' AND phase_transfer_deadline IS NOT NULL;
CREATE INDEX ehc_plans_setting_idx ON ehc_plans (la_code, establishment_id) WHERE status = 'active';

-- A child who moves to another LA before an assessment finishes: the request ends, and SEN2
-- reports it as Exported to that LA.
ALTER TABLE ehc_requests ADD COLUMN exported_to_la text CHECK (exported_to_la ~ '^[0-9]{3}$');
ALTER TABLE ehc_requests DROP CONSTRAINT ehc_requests_stage_check;
ALTER TABLE ehc_requests ADD CONSTRAINT ehc_requests_stage_check
  CHECK (stage IN ('deciding-whether-to-assess', 'assessing', 'drafting', 'issued', 'refused', 'not-issued', 'awaiting-transfer', 'transferred', 'exported'));

CREATE TABLE ehc_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  plan_id uuid NOT NULL,
  child_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('annual', 'phase-transfer')),
  -- What was due when the review began: the 12 months it counts from and their last day, and the
  -- phase transfer's deadline (reg 18's "before" date) and where the child goes.
  starts_on date NOT NULL,
  due_on date NOT NULL,
  phase_transfer_to text CHECK (phase_transfer_to IN ('school', 'junior', 'middle', 'secondary', 'post-16')),
  phase_transfer_deadline date,
  -- The setting the child attends when the review begins: its SENCo writes the review report.
  establishment_id uuid,
  coordinator_id uuid REFERENCES users (id),
  -- The rest is worked out from the events each time one is recorded.
  stage text NOT NULL CHECK (stage IN ('not-started', 'invited', 'meeting-held', 'report-received', 'amending', 'ceasing', 'complete', 'ceased')),
  meeting_on date,
  held_on date,
  report_on date,
  decided_on date,
  outcome text CHECK (outcome IN ('maintain', 'amend', 'cease')),
  amendments_proposed_on date,
  amended_on date,
  ceased_on date,
  next_due_on date,
  next_due_step text,
  closed_on date,
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((phase_transfer_to IS NULL) = (phase_transfer_deadline IS NULL)),
  CHECK (kind <> 'phase-transfer' OR phase_transfer_deadline IS NOT NULL),
  FOREIGN KEY (la_code, plan_id) REFERENCES ehc_plans (la_code, id),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id),
  UNIQUE (la_code, id)
);
-- A plan has one review in progress at a time.
CREATE UNIQUE INDEX ehc_reviews_open_idx ON ehc_reviews (plan_id) WHERE closed_on IS NULL;
CREATE INDEX ehc_reviews_plan_idx ON ehc_reviews (plan_id, starts_on);
CREATE INDEX ehc_reviews_child_idx ON ehc_reviews (child_id);
CREATE INDEX ehc_reviews_setting_idx ON ehc_reviews (la_code, establishment_id) WHERE closed_on IS NULL;
CREATE INDEX ehc_reviews_decided_idx ON ehc_reviews (la_code, decided_on);
CREATE INDEX ehc_reviews_next_due_idx ON ehc_reviews (la_code, next_due_on) WHERE closed_on IS NULL;

CREATE TABLE ehc_review_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  review_id uuid NOT NULL,
  seq integer NOT NULL CHECK (seq > 0),
  type text NOT NULL,
  body jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid REFERENCES users (id),
  UNIQUE (review_id, seq),
  FOREIGN KEY (la_code, review_id) REFERENCES ehc_reviews (la_code, id)
);

-- Each deadline of a review as last worked out; whether an undone one is due or missed is
-- decided on the day it is read.
CREATE TABLE ehc_review_deadlines (
  la_code text NOT NULL,
  review_id uuid NOT NULL,
  step text NOT NULL,
  owner text NOT NULL CHECK (owner IN ('la', 'adviser', 'setting', 'previous-la', 'family')),
  starts_on date NOT NULL,
  due_on date NOT NULL,
  deadline date,
  done_on date,
  PRIMARY KEY (review_id, step),
  FOREIGN KEY (la_code, review_id) REFERENCES ehc_reviews (la_code, id) ON DELETE CASCADE
);
CREATE INDEX ehc_review_deadlines_due_idx ON ehc_review_deadlines (la_code, due_on) WHERE done_on IS NULL AND owner <> 'family';

-- Each version of a plan as issued: which version of each section it was made of, so the plan as
-- it stood on any day can be shown again. Version 1 is the plan as first issued.
CREATE TABLE ehc_plan_versions (
  la_code text NOT NULL,
  plan_id uuid NOT NULL,
  number integer NOT NULL CHECK (number > 0),
  issued_on date NOT NULL,
  review_id uuid,
  sections jsonb NOT NULL,
  setting_name text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid REFERENCES users (id),
  PRIMARY KEY (plan_id, number),
  FOREIGN KEY (la_code, plan_id) REFERENCES ehc_plans (la_code, id),
  FOREIGN KEY (la_code, review_id) REFERENCES ehc_reviews (la_code, id)
);

-- Reminders already queued: one per thing, step, kind and due date, so the daily job run twice
-- queues nothing new, and a step whose date moves is reminded of again.
CREATE TABLE ehc_reminders (
  la_code text NOT NULL,
  subject_id uuid NOT NULL,
  step text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('upcoming', 'missed')),
  due_on date NOT NULL,
  queued_on date NOT NULL,
  messages integer NOT NULL CHECK (messages >= 0),
  PRIMARY KEY (la_code, subject_id, step, kind, due_on)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ehc_reviews', 'ehc_review_events', 'ehc_review_deadlines', 'ehc_plan_versions', 'ehc_reminders']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO opensend_app USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code())', t || '_tenant', t);
  END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE ON ehc_reviews TO opensend_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ehc_review_deadlines TO opensend_app;
-- The history is kept: events, plan versions and reminders queued are only ever added.
GRANT SELECT, INSERT ON ehc_review_events, ehc_plan_versions, ehc_reminders TO opensend_app;
