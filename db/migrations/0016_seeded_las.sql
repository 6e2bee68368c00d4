-- Which LAs the demo generator made, and with what. A generated LA's row is written in the same
-- transaction as all of its records, with these set, so an LA marked so is whole; a national seed
-- stopped part-way carries on from the LAs it had not yet made instead of refusing the ones it had.
-- They also tell a database of invented records from one of real children's (backups).
ALTER TABLE las
  ADD COLUMN seed_scale text CHECK (seed_scale IN ('norfolk', 'national')),
  ADD COLUMN seed bigint CHECK (seed >= 0),
  ADD COLUMN seeded_at timestamptz,
  ADD CONSTRAINT las_seeded_whole CHECK (
    (seed_scale IS NULL AND seed IS NULL AND seeded_at IS NULL)
    OR (seed_scale IS NOT NULL AND seed IS NOT NULL AND seeded_at IS NOT NULL));
