-- The SEND Cluster Toolkit: what a cluster does with its allocation from a pot. Its host keeps a
-- spending plan, records the panel's decisions with the heads present and the spend against the
-- plan, and sends the LA an end-of-year return, which the LA accepts or returns.

-- A line of a cluster's spending plan for a pot: support for a named pupil, an intervention,
-- shared staff or anything else, for a period of the pot's year.
CREATE TABLE cluster_plan_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  cluster_id uuid NOT NULL,
  pot_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('named_pupil', 'intervention', 'shared_staff', 'other')),
  -- The pupil a named pupil line supports, at one of the cluster's schools; no other line names one.
  child_id uuid,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  planned_pence bigint NOT NULL CHECK (planned_pence >= 0),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (ends_on >= starts_on),
  CHECK ((kind = 'named_pupil') = (child_id IS NOT NULL)),
  UNIQUE (la_code, id),
  -- Spend names its line with the line's cluster and pot, so it cannot stray to another's plan.
  UNIQUE (id, cluster_id, pot_id),
  FOREIGN KEY (la_code, cluster_id) REFERENCES clusters (la_code, id),
  FOREIGN KEY (la_code, pot_id) REFERENCES funding_pots (la_code, id),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id)
);
CREATE INDEX cluster_plan_lines_cluster_idx ON cluster_plan_lines (cluster_id, pot_id);

-- The school or schools a line is for: a named pupil's school, or those sharing an intervention or staff.
CREATE TABLE cluster_plan_line_schools (
  la_code text NOT NULL,
  plan_line_id uuid NOT NULL,
  establishment_id uuid NOT NULL,
  PRIMARY KEY (plan_line_id, establishment_id),
  FOREIGN KEY (la_code, plan_line_id) REFERENCES cluster_plan_lines (la_code, id) ON DELETE CASCADE,
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id)
);

-- A request a school put to the cluster's panel and what the panel decided, recorded by the host.
CREATE TABLE cluster_panel_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  cluster_id uuid NOT NULL,
  pot_id uuid NOT NULL,
  held_on date NOT NULL,
  establishment_id uuid NOT NULL,
  child_id uuid,
  purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 1000),
  asked_pence bigint NOT NULL CHECK (asked_pence > 0),
  outcome text NOT NULL CHECK (outcome IN ('agreed', 'agreed_different_amount', 'declined', 'deferred')),
  agreed_pence bigint CHECK (agreed_pence >= 0),
  reasons text NOT NULL CHECK (length(reasons) BETWEEN 1 AND 2000),
  -- How many head teachers the cluster had when the panel met: the quorum was judged against it.
  heads_in_cluster integer NOT NULL CHECK (heads_in_cluster > 0),
  -- The plan line the decision made or added its agreed amount to.
  plan_line_id uuid,
  -- The deferred decision on the same request that this one, at a later panel, settles.
  follows_decision_id uuid,
  recorded_by uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((outcome IN ('agreed', 'agreed_different_amount')) = (agreed_pence IS NOT NULL)),
  CHECK (outcome <> 'agreed' OR agreed_pence = asked_pence),
  CHECK (plan_line_id IS NULL OR outcome IN ('agreed', 'agreed_different_amount')),
  UNIQUE (la_code, id),
  FOREIGN KEY (la_code, cluster_id) REFERENCES clusters (la_code, id),
  FOREIGN KEY (la_code, pot_id) REFERENCES funding_pots (la_code, id),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id),
  FOREIGN KEY (la_code, plan_line_id) REFERENCES cluster_plan_lines (la_code, id),
  FOREIGN KEY (la_code, follows_decision_id) REFERENCES cluster_panel_decisions (la_code, id)
);
CREATE UNIQUE INDEX cluster_panel_decisions_follows_idx ON cluster_panel_decisions (follows_decision_id)
  WHERE follows_decision_id IS NOT NULL;
CREATE INDEX cluster_panel_decisions_cluster_idx ON cluster_panel_decisions (cluster_id, pot_id);

-- The head teachers present when the panel made a decision.
CREATE TABLE cluster_panel_heads (
  la_code text NOT NULL,
  decision_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id),
  PRIMARY KEY (decision_id, user_id),
  FOREIGN KEY (la_code, decision_id) REFERENCES cluster_panel_decisions (la_code, id) ON DELETE CASCADE
);

-- Money spent against a line of the plan, at one of the line's schools.
CREATE TABLE cluster_spend (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  cluster_id uuid NOT NULL,
  pot_id uuid NOT NULL,
  plan_line_id uuid NOT NULL,
  establishment_id uuid NOT NULL,
  spent_on date NOT NULL,
  amount_pence bigint NOT NULL CHECK (amount_pence > 0),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
  recorded_by uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (plan_line_id, cluster_id, pot_id) REFERENCES cluster_plan_lines (id, cluster_id, pot_id),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id)
);
CREATE INDEX cluster_spend_cluster_idx ON cluster_spend (cluster_id, pot_id);
CREATE INDEX cluster_spend_line_idx ON cluster_spend (plan_line_id);

-- The end-of-year return a cluster sends the LA for a pot: the toolkit's figures as they stood when
-- it was submitted, with the host's commentary and the impact, and the LA's answer.
CREATE TABLE cluster_returns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  cluster_id uuid NOT NULL,
  pot_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('submitted', 'accepted', 'returned')),
  allocation_pence bigint NOT NULL CHECK (allocation_pence >= 0),
  planned_pence bigint NOT NULL CHECK (planned_pence >= 0),
  agreed_pence bigint NOT NULL CHECK (agreed_pence >= 0),
  spent_pence bigint NOT NULL CHECK (spent_pence >= 0),
  -- The allocation less the spend: negative when the cluster spent more than its allocation.
  carry_forward_pence bigint NOT NULL,
  commentary text NOT NULL CHECK (length(commentary) BETWEEN 1 AND 5000),
  impact text NOT NULL CHECK (length(impact) BETWEEN 1 AND 5000),
  submitted_by uuid REFERENCES users (id),
  submitted_on date NOT NULL,
  decided_by uuid REFERENCES users (id),
  decided_on date,
  returned_reason text CHECK (length(returned_reason) BETWEEN 1 AND 2000),
  version integer NOT NULL DEFAULT 1,
  CHECK (carry_forward_pence = allocation_pence - spent_pence),
  CHECK ((status = 'submitted') = (decided_on IS NULL)),
  CHECK ((status = 'returned') = (returned_reason IS NOT NULL)),
  UNIQUE (la_code, id),
  UNIQUE (cluster_id, pot_id),
  FOREIGN KEY (la_code, cluster_id) REFERENCES clusters (la_code, id),
  FOREIGN KEY (la_code, pot_id) REFERENCES funding_pots (la_code, id)
);

-- Each submission and each answer, so the LA and the host can see how a return came to stand.
CREATE TABLE cluster_return_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  return_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('submitted', 'accepted', 'returned')),
  happened_on date NOT NULL,
  by_user uuid REFERENCES users (id),
  reason text CHECK (length(reason) BETWEEN 1 AND 2000),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'returned') = (reason IS NOT NULL)),
  FOREIGN KEY (la_code, return_id) REFERENCES cluster_returns (la_code, id) ON DELETE CASCADE
);
CREATE INDEX cluster_return_events_return_idx ON cluster_return_events (return_id, recorded_at);

-- A submitted (or accepted) return freezes the toolkit it was made from: the plan, the panel's
-- decisions and the spend stay as the LA is checking them, whatever the code above does. A
-- returned return opens them again for the host to correct.
CREATE FUNCTION cluster_toolkit_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c uuid;
  p uuid;
BEGIN
  IF TG_TABLE_NAME = 'cluster_plan_line_schools' THEN
    SELECT l.cluster_id, l.pot_id INTO c, p FROM cluster_plan_lines l
      WHERE l.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.plan_line_id ELSE NEW.plan_line_id END;
  ELSIF TG_OP = 'DELETE' THEN
    c := OLD.cluster_id; p := OLD.pot_id;
  ELSE
    c := NEW.cluster_id; p := NEW.pot_id;
  END IF;
  IF EXISTS (SELECT 1 FROM cluster_returns r WHERE r.cluster_id = c AND r.pot_id = p
      AND r.status IN ('submitted', 'accepted')) THEN
    RAISE EXCEPTION 'the end-of-year return is submitted: the toolkit cannot be changed'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER cluster_plan_lines_frozen BEFORE INSERT OR UPDATE OR DELETE ON cluster_plan_lines
  FOR EACH ROW EXECUTE FUNCTION cluster_toolkit_frozen();
CREATE TRIGGER cluster_plan_line_schools_frozen BEFORE INSERT OR UPDATE OR DELETE ON cluster_plan_line_schools
  FOR EACH ROW EXECUTE FUNCTION cluster_toolkit_frozen();
CREATE TRIGGER cluster_panel_decisions_frozen BEFORE INSERT OR UPDATE OR DELETE ON cluster_panel_decisions
  FOR EACH ROW EXECUTE FUNCTION cluster_toolkit_frozen();
CREATE TRIGGER cluster_spend_frozen BEFORE INSERT OR UPDATE OR DELETE ON cluster_spend
  FOR EACH ROW EXECUTE FUNCTION cluster_toolkit_frozen();

-- A submitted return is the LA's to accept or return, as submitted; an accepted one is final; only
-- a returned one may be submitted again, with its figures made afresh.
CREATE FUNCTION cluster_return_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'an end-of-year return cannot be deleted' USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'accepted' THEN
    RAISE EXCEPTION 'an accepted end-of-year return cannot be changed' USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'submitted' AND (NEW.status = 'submitted'
      OR NEW.allocation_pence IS DISTINCT FROM OLD.allocation_pence
      OR NEW.planned_pence IS DISTINCT FROM OLD.planned_pence
      OR NEW.agreed_pence IS DISTINCT FROM OLD.agreed_pence
      OR NEW.spent_pence IS DISTINCT FROM OLD.spent_pence
      OR NEW.commentary IS DISTINCT FROM OLD.commentary
      OR NEW.impact IS DISTINCT FROM OLD.impact
      OR NEW.submitted_on IS DISTINCT FROM OLD.submitted_on) THEN
    RAISE EXCEPTION 'a submitted end-of-year return cannot be changed' USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'returned' AND NEW.status <> 'submitted' THEN
    RAISE EXCEPTION 'a returned end-of-year return can only be submitted again' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER cluster_returns_frozen BEFORE UPDATE OR DELETE ON cluster_returns
  FOR EACH ROW EXECUTE FUNCTION cluster_return_frozen();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['cluster_plan_lines', 'cluster_plan_line_schools', 'cluster_panel_decisions',
    'cluster_panel_heads', 'cluster_spend', 'cluster_returns', 'cluster_return_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO opensend_app USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code())', t || '_tenant', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO opensend_app', t);
  END LOOP;
END
$$;
