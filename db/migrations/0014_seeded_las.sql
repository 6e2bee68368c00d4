-- The LAs the demo generator made. A generated LA is written in one transaction with its row here,
-- so a row means the LA is whole; a national seed that was stopped part-way carries on from the
-- LAs it had not yet made instead of refusing the ones it had.
CREATE TABLE seeded_las (
  la_code text PRIMARY KEY REFERENCES las (code),
  scale text NOT NULL CHECK (scale IN ('norfolk', 'national')),
  seed bigint NOT NULL CHECK (seed >= 0),
  seeded_at timestamptz NOT NULL DEFAULT now()
);
-- Written and read by the operator's commands as the owner; requests never see it.
REVOKE ALL ON seeded_las FROM PUBLIC;
