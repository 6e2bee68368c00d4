-- Transfers in record the LA the plan comes from (SEN2 TransferLA) and, on the plan, its last
-- review, since reviews of a transferred plan run from it. A decision or draft recorded after the
-- statutory date can no longer be met carries the date the LA now expects to issue the final plan.
ALTER TABLE ehc_requests ADD COLUMN previous_la_code text CHECK (previous_la_code ~ '^[0-9]{3}$');
ALTER TABLE ehc_requests ADD COLUMN expected_final_on date;
ALTER TABLE ehc_plans ADD COLUMN last_reviewed_on date;

-- What is stored about a request (stage, deadlines, the Week20 flag) is worked out by the
-- deadline engine; when its rules are corrected, rows worked out by an older version are found
-- by this number and worked out again in the background.
ALTER TABLE ehc_requests ADD COLUMN engine_version integer NOT NULL DEFAULT 1;
CREATE INDEX ehc_requests_engine_version_idx ON ehc_requests (la_code, engine_version);

-- When the request was last given to its coordinator, so their home page can show what is new to them.
ALTER TABLE ehc_requests ADD COLUMN allocated_at timestamptz;
UPDATE ehc_requests SET allocated_at = created_at WHERE coordinator_id IS NOT NULL;

-- What a deadline is about, in words ("Educational advice from the EP service"), so a breach can
-- say which advice or setting held a request up without reading its events again.
ALTER TABLE ehc_deadlines ADD COLUMN subject_label text;
