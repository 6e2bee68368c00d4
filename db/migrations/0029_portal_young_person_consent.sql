-- A family's rows past compulsory school age follow the young person's say in the database as well
-- as in the code (CFA 2014 s80): a parent's account reads a young person's portal rows only with
-- their consent, or where the young person is recorded as lacking capacity. The young person's
-- own account always does. The day is the service's (app.today) where it sets one, so a test's
-- fixed day and the database agree.

CREATE FUNCTION app_today() RETURNS date
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(nullif(current_setting('app.today', true), '')::date, current_date) $$;

-- The first day decisions are the young person's: the day after the last Friday in June of the
-- school year (1 September to 31 August) in which they turn 16 (Education Act 1996 s8(3)).
CREATE FUNCTION app_decisions_pass_on(dob date) RETURNS date
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT june30 - ((extract(isodow FROM june30)::int - 5 + 7) % 7) + 1
    FROM (SELECT make_date(extract(year FROM dob)::int + 16 + (extract(month FROM dob) >= 9)::int, 6, 30) AS june30) j
  $$;

CREATE OR REPLACE FUNCTION app_family_of_child(child uuid) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT EXISTS (
    SELECT 1 FROM people p
    JOIN child_relationships r ON r.person_id = p.id
    JOIN children c ON c.id = r.child_id
    WHERE p.user_id = app_user_id() AND r.child_id = child
      AND (app_today() < app_decisions_pass_on(c.date_of_birth)
        OR (r.relationship = 'other' AND EXISTS (SELECT 1 FROM users u
          WHERE u.id = app_user_id() AND 'young_person' = ANY (u.roles)))
        OR EXISTS (SELECT 1 FROM child_capacity k WHERE k.child_id = child AND k.lacks_capacity)
        OR EXISTS (SELECT 1 FROM portal_parent_access a
          WHERE a.child_id = child AND a.person_id = p.id AND a.allowed))) $$;
