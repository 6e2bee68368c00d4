-- The Local Offer directory (SEND Regulations 2014 regs 53–57 and Schedule 2), shaped as the Open
-- Referral UK 3.0 profile models a directory: organisations, their services, the locations they are
-- delivered at, schedules, and the taxonomy terms that describe them. What the public reads is the
-- published projection in these tables; every draft, suggestion and publication is a row of
-- lo_service_versions, which is the audit trail of who changed what and who published it.

-- Taxonomies and their terms are the same for every LA: the Schedule 2 headings, the SEN2 types of
-- need and the directory's categories. Their IDs are fixed (from their codes) so that an ORUK
-- client sees the same term IDs from every LA's feed.
CREATE TABLE lo_taxonomies (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{2,40}$'),
  name text NOT NULL,
  description text NOT NULL,
  uri text,
  version text
);

CREATE TABLE lo_taxonomy_terms (
  id uuid PRIMARY KEY,
  taxonomy_id uuid NOT NULL REFERENCES lo_taxonomies (id),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9-]{2,40}$'),
  name text NOT NULL,
  description text NOT NULL,
  parent_id uuid REFERENCES lo_taxonomy_terms (id),
  position integer NOT NULL,
  UNIQUE (taxonomy_id, code)
);
GRANT SELECT ON lo_taxonomies, lo_taxonomy_terms TO opensend_app;

CREATE FUNCTION lo_id(kind text, code text) RETURNS uuid
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT md5('opensend:local-offer:' || kind || ':' || code)::uuid $$;

INSERT INTO lo_taxonomies (id, code, name, description, uri, version) VALUES
  (lo_id('taxonomy', 'schedule-2'), 'schedule-2', 'Local Offer headings',
   'What a Local Offer must publish, after the SEND Regulations 2014 Schedule 2',
   'https://www.legislation.gov.uk/uksi/2014/1530/schedule/2', '2014'),
  (lo_id('taxonomy', 'sen2-need'), 'sen2-need', 'Types of special educational need',
   'The primary types of need of the DfE SEN2 return and the school census',
   'https://www.gov.uk/government/publications/special-educational-needs-survey-2024', '2024'),
  (lo_id('taxonomy', 'category'), 'category', 'Local Offer categories',
   'The kinds of service a family searches the Local Offer for', NULL, '1');

INSERT INTO lo_taxonomy_terms (id, taxonomy_id, code, name, description, position)
SELECT lo_id('term', t.taxonomy || ':' || t.code), lo_id('taxonomy', t.taxonomy), t.code, t.name, t.description, t.position
FROM (VALUES
  ('schedule-2', 'provision-in-area', 'Special educational provision in the area', 'What early years settings, schools, colleges and other providers in the area offer for children and young people with SEN (Schedule 2 paragraphs 1, 3 and 5)', 1),
  ('schedule-2', 'provision-outside-area', 'Provision outside the area', 'Provision outside the area that the LA expects its children and young people to use (paragraph 2)', 2),
  ('schedule-2', 'identifying-needs', 'Identifying needs and EHC needs assessments', 'How needs are identified and assessed, and how to ask for an EHC needs assessment', 3),
  ('schedule-2', 'involving-families', 'How children, young people and families are involved', 'How the LA and providers consult and involve children, young people and parents', 4),
  ('schedule-2', 'funding', 'How SEND support is funded', 'The LA''s arrangements for funding, including money delegated to schools and clusters and how they agree to use it (paragraph 3)', 5),
  ('schedule-2', 'health-care', 'Health care', 'Health care provision for children and young people with SEN or disabilities', 6),
  ('schedule-2', 'social-care', 'Social care and short breaks', 'Social care provision, including short breaks', 7),
  ('schedule-2', 'education-training', 'Other education and training', 'Apprenticeships, traineeships, supported internships and other training', 8),
  ('schedule-2', 'travel', 'Travel to school and college', 'Travel arrangements and policies for schools, colleges and early years settings', 9),
  ('schedule-2', 'preparing-for-adulthood', 'Preparing for adulthood', 'Employment, independent living, housing and taking part in the community', 10),
  ('schedule-2', 'childcare-leisure', 'Childcare and leisure', 'Childcare, leisure activities and support groups', 11),
  ('schedule-2', 'sen-information-reports', 'Schools'' SEN information reports', 'Where each school and college publishes its SEN information report', 12),
  ('schedule-2', 'information-advice-support', 'Information, advice and support', 'Sources of information, advice and support, including the parent carer forum and SENDIASS', 13),
  ('schedule-2', 'personal-budgets', 'Personal budgets', 'Personal budgets and direct payments', 14),
  ('schedule-2', 'disagreements', 'Disagreements, mediation and appeals', 'Disagreement resolution, mediation and appeals to the First-tier Tribunal (SEND)', 15),
  ('schedule-2', 'complaints', 'Complaints about the Local Offer', 'How to complain about provision in the Local Offer', 16),
  ('sen2-need', 'SPLD', 'Specific learning difficulty', 'Such as dyslexia, dyscalculia or dyspraxia', 1),
  ('sen2-need', 'MLD', 'Moderate learning difficulty', 'Moderate learning difficulty', 2),
  ('sen2-need', 'SLD', 'Severe learning difficulty', 'Severe learning difficulty', 3),
  ('sen2-need', 'PMLD', 'Profound and multiple learning difficulty', 'Profound and multiple learning difficulty', 4),
  ('sen2-need', 'SEMH', 'Social, emotional and mental health', 'Social, emotional and mental health needs', 5),
  ('sen2-need', 'SLCN', 'Speech, language and communication needs', 'Speech, language and communication needs', 6),
  ('sen2-need', 'HI', 'Hearing impairment', 'Hearing impairment', 7),
  ('sen2-need', 'VI', 'Vision impairment', 'Vision impairment', 8),
  ('sen2-need', 'MSI', 'Multi-sensory impairment', 'Multi-sensory impairment', 9),
  ('sen2-need', 'PD', 'Physical disability', 'Physical disability', 10),
  ('sen2-need', 'ASD', 'Autistic spectrum disorder', 'Autism', 11),
  ('sen2-need', 'DS', 'Down syndrome', 'Down syndrome (a type of need of the SEN2 return from 2025)', 12),
  ('sen2-need', 'OTH', 'Other difficulty or disability', 'Other difficulty or disability', 13),
  ('category', 'education', 'Education', 'Schools, colleges, early years settings and education support', 1),
  ('category', 'health', 'Health', 'Health services and therapies', 2),
  ('category', 'social-care', 'Social care', 'Social care, short breaks and family support', 3),
  ('category', 'leisure', 'Leisure and activities', 'Clubs, sport, play and holiday activities', 4),
  ('category', 'support-groups', 'Support groups', 'Groups for children, young people, parents and carers', 5),
  ('category', 'advice', 'Advice and information', 'Information, advice and advocacy', 6),
  ('category', 'transport', 'Transport', 'Travel to school and college, and travel training', 7),
  ('category', 'employment', 'Work and training', 'Employment, apprenticeships and supported internships', 8),
  ('category', 'childcare', 'Childcare', 'Childminders, nurseries and holiday childcare', 9),
  ('category', 'housing', 'Housing and independent living', 'Housing, independent living and adult services', 10)
) AS t (taxonomy, code, name, description, position);

CREATE TABLE lo_organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL CHECK (length(description) <= 5000),
  email text CHECK (length(email) <= 200),
  website text CHECK (website ~ '^https?://' AND length(website) <= 500),
  -- A school or setting of the providers module, whose SEN information report the page links.
  establishment_id uuid,
  sen_information_report text CHECK (sen_information_report ~ '^https?://' AND length(sen_information_report) <= 500),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (la_code, id),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id)
);
CREATE UNIQUE INDEX lo_organizations_establishment_idx ON lo_organizations (la_code, establishment_id)
  WHERE establishment_id IS NOT NULL;

-- A service provider's account and the organisations whose services it may suggest changes to.
CREATE TABLE lo_organization_members (
  la_code text NOT NULL REFERENCES las (code),
  organization_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (organization_id, user_id),
  FOREIGN KEY (la_code, organization_id) REFERENCES lo_organizations (la_code, id) ON DELETE CASCADE
);
CREATE INDEX lo_organization_members_user_idx ON lo_organization_members (user_id);

-- A published service, as the public and the ORUK feed read it; null publication details while
-- it is only a draft. Its text is searched through one weighted vector.
CREATE TABLE lo_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  organization_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 10000),
  url text CHECK (url ~ '^https?://' AND length(url) <= 500),
  email text CHECK (length(email) <= 200),
  phone text CHECK (length(phone) <= 40),
  status text NOT NULL CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
  minimum_age integer CHECK (minimum_age BETWEEN 0 AND 120),
  maximum_age integer CHECK (maximum_age BETWEEN 0 AND 120),
  eligibility text NOT NULL DEFAULT '' CHECK (length(eligibility) <= 5000),
  fees text NOT NULL DEFAULT '' CHECK (length(fees) <= 2000),
  free boolean NOT NULL DEFAULT true,
  accessibility text NOT NULL DEFAULT '' CHECK (length(accessibility) <= 5000),
  how_to_access text NOT NULL DEFAULT '' CHECK (length(how_to_access) <= 5000),
  -- Published: on the public pages and the feed. Withdrawn: taken down by an editor.
  published boolean NOT NULL DEFAULT false,
  published_at timestamptz,
  -- The last time an editor checked it with the provider: a year without one flags it.
  reviewed_on date NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', name), 'A') ||
    setweight(to_tsvector('english', description), 'B') ||
    setweight(to_tsvector('english', eligibility || ' ' || how_to_access), 'C')
  ) STORED,
  UNIQUE (la_code, id),
  FOREIGN KEY (la_code, organization_id) REFERENCES lo_organizations (la_code, id),
  CHECK (minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age),
  CHECK (NOT published OR published_at IS NOT NULL)
);
CREATE INDEX lo_services_search_idx ON lo_services USING gin (search);
CREATE INDEX lo_services_published_idx ON lo_services (la_code, name) WHERE published;

CREATE TABLE lo_locations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  address_1 text NOT NULL CHECK (length(address_1) BETWEEN 1 AND 200),
  city text NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
  postcode text NOT NULL CHECK (postcode ~ '^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$'),
  latitude double precision CHECK (latitude BETWEEN 49 AND 61),
  longitude double precision CHECK (longitude BETWEEN -9 AND 2.5),
  accessibility text NOT NULL DEFAULT '' CHECK (length(accessibility) <= 2000),
  UNIQUE (la_code, id)
);

CREATE TABLE lo_service_at_locations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  service_id uuid NOT NULL,
  location_id uuid NOT NULL,
  UNIQUE (la_code, id),
  UNIQUE (service_id, location_id),
  FOREIGN KEY (la_code, service_id) REFERENCES lo_services (la_code, id) ON DELETE CASCADE,
  FOREIGN KEY (la_code, location_id) REFERENCES lo_locations (la_code, id)
);
CREATE INDEX lo_service_at_locations_location_idx ON lo_service_at_locations (location_id);

-- When a service runs: weekly on the days given (iCalendar BYDAY codes), between two times.
CREATE TABLE lo_schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  service_id uuid NOT NULL,
  byday text NOT NULL CHECK (byday ~ '^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$'),
  opens_at time NOT NULL,
  closes_at time NOT NULL,
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  FOREIGN KEY (la_code, service_id) REFERENCES lo_services (la_code, id) ON DELETE CASCADE,
  CHECK (opens_at < closes_at)
);
CREATE INDEX lo_schedules_service_idx ON lo_schedules (service_id);

CREATE TABLE lo_service_terms (
  la_code text NOT NULL REFERENCES las (code),
  service_id uuid NOT NULL,
  term_id uuid NOT NULL REFERENCES lo_taxonomy_terms (id),
  PRIMARY KEY (service_id, term_id),
  FOREIGN KEY (la_code, service_id) REFERENCES lo_services (la_code, id) ON DELETE CASCADE
);
CREATE INDEX lo_service_terms_term_idx ON lo_service_terms (term_id, service_id);

-- Every version of a service's record as someone proposed it: an editor's draft, a provider's
-- suggestion, each submitted for review, published, rejected or replaced. The content is the whole
-- record as the form holds it, so what was published, and by whom, can always be shown.
CREATE TABLE lo_service_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  service_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('draft', 'suggestion')),
  state text NOT NULL CHECK (state IN ('open', 'in-review', 'published', 'rejected', 'replaced')),
  content jsonb NOT NULL,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_by uuid REFERENCES users (id),
  submitted_at timestamptz,
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  FOREIGN KEY (la_code, service_id) REFERENCES lo_services (la_code, id) ON DELETE CASCADE
);
CREATE INDEX lo_service_versions_service_idx ON lo_service_versions (la_code, service_id, created_at DESC);
CREATE INDEX lo_service_versions_open_idx ON lo_service_versions (la_code, state) WHERE state IN ('open', 'in-review');

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['lo_organizations', 'lo_organization_members', 'lo_services', 'lo_locations', 'lo_service_at_locations',
    'lo_schedules', 'lo_service_terms', 'lo_service_versions']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO opensend_app USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code())', t || '_tenant', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO opensend_app', t);
  END LOOP;
END
$$;
