-- A final EHC plan's named placement becomes a placement. When a plan is issued (or transferred
-- in) naming a setting, the child gets a placement there in the same transaction, the placement
-- the child had elsewhere ends the day before, and when a correction changes or takes back the
-- plan's issue, what the plan did follows it unless a person has changed it since.

-- The day the plan names for the placement to start, when it names one (a plan issued in
-- February for a September start); otherwise it starts the day the plan is issued or transferred.
ALTER TABLE ehc_plans ADD COLUMN placement_start_on date;

ALTER TABLE placements
  -- What a plan did to this placement: made it, named it (it was already there), or ended it
  -- the day before the placement the plan names began; and which plan.
  ADD COLUMN plan_link text CHECK (plan_link IN ('made', 'named', 'ended')),
  ADD COLUMN linked_plan_id uuid,
  -- What the plan changed (its basis, plan, end and link before), to put back if the plan's issue
  -- is corrected away; a placement a plan made has nothing to put back.
  ADD COLUMN before_plan jsonb,
  -- A person changed it after the plan last did: the plan no longer moves or removes it, and
  -- flags it for the finance officer instead.
  ADD COLUMN changed_since_plan boolean NOT NULL DEFAULT false,
  -- A placement a plan made has only its place funding until a finance officer enters the rest
  -- (top-up, fees, transport) or confirms there is nothing more; until then the forecast counts
  -- it at the expected cost of a new placement of its type.
  ADD COLUMN costs_to_confirm boolean NOT NULL DEFAULT false,
  -- The plan named a setting whose type cannot be told from it (not on the register, and its
  -- provision "special" or "other"): the type is a first guess until a finance officer sets it.
  ADD COLUMN type_to_confirm boolean NOT NULL DEFAULT false,
  -- Why the finance officer should look at it again after a plan changed: the plan that named
  -- it was taken back, or changed after a person had changed the placement, or names another
  -- setting from a day this placement already covers.
  ADD COLUMN plan_check text CHECK (plan_check IN ('plan_withdrawn', 'plan_changed', 'plan_names_another_setting')),
  ADD CONSTRAINT placements_plan_link_whole CHECK ((plan_link IS NULL) = (linked_plan_id IS NULL)),
  ADD CONSTRAINT placements_linked_plan_fk FOREIGN KEY (la_code, linked_plan_id) REFERENCES ehc_plans (la_code, id);
CREATE INDEX placements_linked_plan_idx ON placements (la_code, linked_plan_id) WHERE linked_plan_id IS NOT NULL;
-- The finance officer's list of placements from plans to confirm, and its count.
CREATE INDEX placements_to_confirm_idx ON placements (la_code, start_on)
  WHERE costs_to_confirm OR type_to_confirm OR plan_check IS NOT NULL;

-- The place funding line a plan's placement starts with, which follows the placement's start
-- and type while nobody has changed it.
ALTER TABLE placement_cost_lines ADD COLUMN from_plan boolean NOT NULL DEFAULT false;
