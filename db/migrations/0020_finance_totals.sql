-- High needs spend totalled by primary need reads every child's primary need in one LA at once.
-- Without this the read scans every LA's needs; with it, only the LA's primary needs, from the index.
CREATE INDEX child_sen_needs_primary_idx ON child_sen_needs (la_code, child_id) INCLUDE (sen_type) WHERE rank = 1;
