-- Letters as they were sent. A letter or plan page is rebuilt from the live record each time it
-- is read, so once anything changes (the LA's phone number, a section of the plan, a correction)
-- what went to the family would be lost. Sending one (by post, email or the family portal) keeps
-- it: the document model as it stood, and the SHA-256 of the PDF made from it. The same model,
-- author and creation date make the same PDF byte for byte, so a reprint shows it is the letter
-- that was sent. Only ever added to: a letter sent is never changed, and sending it again is
-- another row.
CREATE TABLE ehc_letters_sent (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  child_id uuid NOT NULL,
  request_id uuid,
  -- The review a letter records (a decision after review, proposed amendments, the amended plan).
  review_id uuid,
  -- The document's kind, as the EHC module names it: a new kind of letter needs no migration.
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9-]{0,63}$'),
  method text NOT NULL CHECK (method IN ('post', 'email', 'portal')),
  sent_on date NOT NULL,
  -- The name the letter is addressed to, if it names one.
  addressee text CHECK (length(addressee) <= 200),
  model jsonb NOT NULL,
  -- The PDF's author (the LA's name) and CreationDate: with the model, all the PDF is made from.
  author text NOT NULL CHECK (length(author) BETWEEN 1 AND 200),
  pdf_created_at timestamptz NOT NULL,
  pdf_sha256 text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  pdf_bytes integer NOT NULL CHECK (pdf_bytes > 0),
  sent_by uuid REFERENCES users (id),
  sent_at timestamptz NOT NULL DEFAULT now(),
  CHECK (request_id IS NOT NULL OR review_id IS NOT NULL),
  FOREIGN KEY (la_code, child_id) REFERENCES children (la_code, id),
  FOREIGN KEY (la_code, request_id) REFERENCES ehc_requests (la_code, id),
  FOREIGN KEY (la_code, review_id) REFERENCES ehc_reviews (la_code, id)
);
CREATE INDEX ehc_letters_sent_request_idx ON ehc_letters_sent (request_id, sent_at) WHERE request_id IS NOT NULL;
CREATE INDEX ehc_letters_sent_review_idx ON ehc_letters_sent (review_id, sent_at) WHERE review_id IS NOT NULL;
CREATE INDEX ehc_letters_sent_child_idx ON ehc_letters_sent (la_code, child_id, sent_at);

ALTER TABLE ehc_letters_sent ENABLE ROW LEVEL SECURITY;
ALTER TABLE ehc_letters_sent FORCE ROW LEVEL SECURITY;
CREATE POLICY ehc_letters_sent_tenant ON ehc_letters_sent TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());
GRANT SELECT, INSERT ON ehc_letters_sent TO opensend_app;
