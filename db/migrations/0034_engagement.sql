-- Engagement with families and schools: events and focus groups people book online (with a
-- waiting list that moves up when someone cancels), consultations and surveys, and numbered MI
-- sheets sent to schools, each school acknowledging or completing what a sheet asks.

CREATE TABLE eng_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  kind text NOT NULL CHECK (kind IN ('focus-group', 'training', 'briefing', 'conference', 'drop-in')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000),
  audiences text[] NOT NULL CHECK (cardinality(audiences) > 0
    AND audiences <@ ARRAY['parents', 'young-people', 'sencos', 'heads', 'governors', 'cluster-hosts', 'professionals']),
  venue_name text NOT NULL CHECK (length(venue_name) BETWEEN 1 AND 200),
  venue_address text NOT NULL DEFAULT '' CHECK (length(venue_address) <= 500),
  venue_postcode text NOT NULL DEFAULT '' CHECK (length(venue_postcode) <= 10),
  -- Step-free access, hearing loop, parking, BSL: what someone needs to know before they book.
  accessibility text NOT NULL DEFAULT '' CHECK (length(accessibility) <= 2000),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 5000),
  contact text NOT NULL DEFAULT '' CHECK (length(contact) <= 300),
  status text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'cancelled')),
  cancelled_reason text NOT NULL DEFAULT '' CHECK (length(cancelled_reason) <= 1000),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (la_code, id),
  CHECK (ends_at > starts_at)
);
CREATE INDEX eng_events_starts_idx ON eng_events (la_code, starts_at);

-- A place on an event, or a place in its queue. Booked places never outnumber the capacity; the
-- queue is in the order people asked (seq), and the first in it takes a place given up.
CREATE TABLE eng_bookings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  event_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
  phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
  organisation text NOT NULL DEFAULT '' CHECK (length(organisation) <= 200),
  audience text NOT NULL CHECK (audience IN ('parents', 'young-people', 'sencos', 'heads', 'governors', 'cluster-hosts', 'professionals')),
  -- What the person needs to take part: an interpreter, a quiet room, dietary needs.
  needs text NOT NULL DEFAULT '' CHECK (length(needs) <= 2000),
  status text NOT NULL CHECK (status IN ('booked', 'waiting', 'cancelled')),
  -- The order people asked in: bookings of one event are made one at a time, under its lock.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  queued_at timestamptz NOT NULL DEFAULT now(),
  booked_at timestamptz,
  cancelled_at timestamptz,
  attended boolean,
  reminded_at timestamptz,
  feedback_asked_at timestamptz,
  user_id uuid REFERENCES users (id),
  FOREIGN KEY (la_code, event_id) REFERENCES eng_events (la_code, id),
  UNIQUE (la_code, id),
  CHECK ((status = 'booked') = (booked_at IS NOT NULL AND cancelled_at IS NULL) OR status <> 'booked'),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
-- One place (or one place in the queue) per person per event: a second booking is a double booking.
CREATE UNIQUE INDEX eng_bookings_once ON eng_bookings (event_id, lower(email)) WHERE status <> 'cancelled';
CREATE INDEX eng_bookings_event_idx ON eng_bookings (la_code, event_id, status, seq);

-- The links in the emails about a booking: the person's way back to it without an account. Each
-- email carries a link of its own; only the links' hashes are kept.
CREATE TABLE eng_booking_links (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  la_code text NOT NULL REFERENCES las (code),
  booking_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (la_code, booking_id) REFERENCES eng_bookings (la_code, id)
);

CREATE TABLE eng_event_feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  event_id uuid NOT NULL,
  booking_id uuid NOT NULL UNIQUE,
  rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
  received_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (la_code, event_id) REFERENCES eng_events (la_code, id),
  FOREIGN KEY (la_code, booking_id) REFERENCES eng_bookings (la_code, id)
);

-- Consultations and surveys: questions in order, answers as one response each, and the themes an
-- officer tags responses with.
CREATE TABLE eng_consultations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  kind text NOT NULL CHECK (kind IN ('consultation', 'survey')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 8000),
  audiences text[] NOT NULL CHECK (cardinality(audiences) > 0
    AND audiences <@ ARRAY['parents', 'young-people', 'sencos', 'heads', 'governors', 'cluster-hosts', 'professionals']),
  opens_on date NOT NULL,
  closes_on date NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (la_code, id),
  CHECK (closes_on >= opens_on)
);

CREATE TABLE eng_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  consultation_id uuid NOT NULL,
  position integer NOT NULL CHECK (position >= 1),
  kind text NOT NULL CHECK (kind IN ('text', 'choice', 'agree')),
  prompt text NOT NULL CHECK (length(prompt) BETWEEN 1 AND 500),
  options text[] NOT NULL DEFAULT '{}',
  required boolean NOT NULL DEFAULT false,
  FOREIGN KEY (la_code, consultation_id) REFERENCES eng_consultations (la_code, id) ON DELETE CASCADE,
  UNIQUE (consultation_id, position),
  UNIQUE (la_code, id),
  CHECK ((kind = 'choice') = (cardinality(options) >= 2))
);

CREATE TABLE eng_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  consultation_id uuid NOT NULL,
  -- Who answered as (a parent, a SENCo…); a name and an address only if they chose to give them.
  respondent text NOT NULL CHECK (respondent IN ('parents', 'young-people', 'sencos', 'heads', 'governors', 'cluster-hosts', 'professionals')),
  name text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
  email text NOT NULL DEFAULT '' CHECK (length(email) <= 320),
  answers jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (la_code, consultation_id) REFERENCES eng_consultations (la_code, id),
  UNIQUE (la_code, id)
);
CREATE INDEX eng_responses_consultation_idx ON eng_responses (la_code, consultation_id, received_at);

CREATE TABLE eng_themes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  consultation_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  FOREIGN KEY (la_code, consultation_id) REFERENCES eng_consultations (la_code, id),
  UNIQUE (la_code, id)
);
CREATE UNIQUE INDEX eng_themes_name ON eng_themes (consultation_id, lower(name));

CREATE TABLE eng_response_themes (
  la_code text NOT NULL REFERENCES las (code),
  response_id uuid NOT NULL,
  theme_id uuid NOT NULL,
  tagged_by uuid REFERENCES users (id),
  tagged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (response_id, theme_id),
  FOREIGN KEY (la_code, response_id) REFERENCES eng_responses (la_code, id),
  FOREIGN KEY (la_code, theme_id) REFERENCES eng_themes (la_code, id) ON DELETE CASCADE
);

-- MI sheets: numbered NNN/YY in the year they are issued, to an audience in every school, with a
-- date by which an action sheet is to be completed.
CREATE TABLE eng_mi_sheets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  -- Given when the sheet is published: the next number in the year it is issued.
  number integer CHECK (number BETWEEN 1 AND 999),
  year integer CHECK (year BETWEEN 2000 AND 2099),
  kind text NOT NULL CHECK (kind IN ('information', 'action')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  audiences text[] NOT NULL CHECK (cardinality(audiences) > 0
    AND audiences <@ ARRAY['heads', 'sencos', 'governors', 'cluster-hosts', 'business-managers']),
  issued_on date,
  complete_by date,
  contact text NOT NULL CHECK (length(contact) BETWEEN 1 AND 300),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 50000),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  published_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (la_code, year, number),
  UNIQUE (la_code, id),
  CHECK (complete_by IS NULL OR complete_by >= issued_on),
  CHECK ((kind = 'action') = (complete_by IS NOT NULL)),
  CHECK ((status = 'published') = (published_at IS NOT NULL)),
  CHECK ((status = 'published') = (number IS NOT NULL AND year IS NOT NULL AND issued_on IS NOT NULL))
);

CREATE TABLE eng_mi_attachments (
  la_code text NOT NULL REFERENCES las (code),
  mi_sheet_id uuid NOT NULL,
  file_id uuid NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (mi_sheet_id, file_id),
  FOREIGN KEY (la_code, mi_sheet_id) REFERENCES eng_mi_sheets (la_code, id),
  FOREIGN KEY (la_code, file_id) REFERENCES stored_files (la_code, id)
);

-- Each school a published sheet went to: when someone there read it, and when they did what it asks.
CREATE TABLE eng_mi_receipts (
  la_code text NOT NULL REFERENCES las (code),
  mi_sheet_id uuid NOT NULL,
  establishment_id uuid NOT NULL REFERENCES establishments (id),
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES users (id),
  completed_at timestamptz,
  completed_by uuid REFERENCES users (id),
  last_chased_at timestamptz,
  chases integer NOT NULL DEFAULT 0,
  PRIMARY KEY (mi_sheet_id, establishment_id),
  FOREIGN KEY (la_code, mi_sheet_id) REFERENCES eng_mi_sheets (la_code, id),
  CHECK (completed_at IS NULL OR acknowledged_at IS NOT NULL)
);
CREATE INDEX eng_mi_receipts_school_idx ON eng_mi_receipts (la_code, establishment_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['eng_events', 'eng_bookings', 'eng_booking_links', 'eng_event_feedback', 'eng_consultations',
    'eng_questions', 'eng_responses', 'eng_themes', 'eng_response_themes', 'eng_mi_sheets',
    'eng_mi_attachments', 'eng_mi_receipts']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO opensend_app USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code())', t || '_tenant', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO opensend_app', t);
  END LOOP;
END $$;
GRANT DELETE ON eng_response_themes, eng_themes, eng_questions, eng_mi_attachments TO opensend_app;
