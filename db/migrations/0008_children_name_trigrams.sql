-- Each child's name as its set of pg_trgm trigrams, so a name search on PGlite can pass over
-- names that share too few trigrams with the search to match (trigramsEveryMatchShares) before
-- comparing the rest. PostgreSQL searches through the trigram operators on children_name_idx;
-- PGlite cannot use those operators (they misread their settings there). A tsvector, because
-- testing one against a query of alternatives is about four times cheaper per row than
-- overlapping text arrays; no index, because row-level security keeps either operator (neither
-- is LEAKPROOF) from being used in an index scan.
ALTER TABLE children
  ADD COLUMN name_trigrams tsvector GENERATED ALWAYS AS (array_to_tsvector(show_trgm(name_search))) STORED;
