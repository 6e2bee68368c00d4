-- A child's record lists every plan the child has had: without this index each view of the record
-- read every plan in the LA (a sequential scan, the costliest statement on the page).
CREATE INDEX ehc_plans_child_idx ON ehc_plans (la_code, child_id);
