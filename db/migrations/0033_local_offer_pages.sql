-- Information, advice and guidance pages of the Local Offer, written by its editors in Markdown
-- (shown with any HTML in them as text) under the Local Offer headings (SEND Regulations 2014
-- Schedule 2).
CREATE TABLE lo_pages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
  summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 300),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 50000),
  heading_id uuid NOT NULL REFERENCES lo_taxonomy_terms (id),
  published boolean NOT NULL DEFAULT false,
  published_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (la_code, slug),
  CHECK (NOT published OR published_at IS NOT NULL)
);

ALTER TABLE lo_pages ENABLE ROW LEVEL SECURITY;
ALTER TABLE lo_pages FORCE ROW LEVEL SECURITY;
CREATE POLICY lo_pages_tenant ON lo_pages TO opensend_app
  USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code());
GRANT SELECT, INSERT, UPDATE, DELETE ON lo_pages TO opensend_app;
