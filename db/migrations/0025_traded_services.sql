-- Traded services: what the LA's own teams sell back to schools and clusters (Educational
-- Psychology days, specialist teacher support, Access Through Technology assessments), priced
-- each academic year by the size of the school; the orders schools and clusters place, with the
-- price as it stood when they ordered; and what was delivered against each order.

CREATE TABLE traded_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- What one unit of the service is: a unit price and an order's units are in it.
  unit text NOT NULL CHECK (unit IN ('day', 'half_day', 'hour', 'assessment', 'package')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  -- The LA team that delivers it.
  team text NOT NULL CHECK (length(team) BETWEEN 1 AND 100),
  -- A service taken out of the catalogue keeps its orders but takes no new ones.
  offered boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (la_code, id),
  UNIQUE (la_code, name)
);

-- A service's prices for an academic year (year 2026 is 1 September 2026 to 31 August 2027): a
-- price a unit for each size band, and optionally one price a unit for any cluster.
CREATE TABLE traded_prices (
  la_code text NOT NULL,
  service_id uuid NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  cluster_unit_pence bigint CHECK (cluster_unit_pence >= 0),
  set_by uuid REFERENCES users (id),
  set_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (service_id, year),
  UNIQUE (la_code, service_id, year),
  FOREIGN KEY (la_code, service_id) REFERENCES traded_services (la_code, id) ON DELETE CASCADE
);

-- The bands by pupils on roll, from_pupils to to_pupils both included; the last has no upper end.
-- That they cover 0 upwards with no gap or overlap is checked before they are written, by the
-- same rule the pages explain (traded/domain/catalogue.ts).
CREATE TABLE traded_price_bands (
  la_code text NOT NULL,
  service_id uuid NOT NULL,
  year integer NOT NULL,
  from_pupils integer NOT NULL CHECK (from_pupils >= 0),
  to_pupils integer CHECK (to_pupils >= from_pupils),
  unit_pence bigint NOT NULL CHECK (unit_pence >= 0),
  PRIMARY KEY (service_id, year, from_pupils),
  FOREIGN KEY (la_code, service_id, year) REFERENCES traded_prices (la_code, service_id, year) ON DELETE CASCADE
);

-- An order for a year from a school (its head teacher) or a cluster (its host). The unit price is
-- frozen as it was worked out when the order was placed, with what it was worked out from.
CREATE TABLE traded_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  service_id uuid NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  customer_kind text NOT NULL CHECK (customer_kind IN ('school', 'cluster')),
  establishment_id uuid,
  cluster_id uuid,
  -- The pupils on roll the price was chosen by: the school's, or the cluster's schools' together.
  pupils_on_roll integer NOT NULL CHECK (pupils_on_roll >= 0),
  price_basis text NOT NULL CHECK (price_basis IN ('band', 'cluster_price')),
  band_from_pupils integer,
  band_to_pupils integer,
  -- Hours may be ordered in halves; every other unit whole (checked before writing).
  units numeric(8, 2) NOT NULL CHECK (units > 0),
  unit_pence bigint NOT NULL CHECK (unit_pence >= 0),
  total_pence bigint NOT NULL CHECK (total_pence >= 0),
  paid_from text NOT NULL CHECK (paid_from IN ('school_budget', 'delegated_send')),
  ordered_on date NOT NULL,
  ordered_by uuid REFERENCES users (id),
  status text NOT NULL DEFAULT 'ordered' CHECK (status IN ('ordered', 'cancelled')),
  cancelled_on date,
  cancelled_by uuid REFERENCES users (id),
  cancel_reason text CHECK (length(cancel_reason) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((customer_kind = 'school') = (establishment_id IS NOT NULL AND cluster_id IS NULL)),
  CHECK ((customer_kind = 'cluster') = (cluster_id IS NOT NULL AND establishment_id IS NULL)),
  -- A cluster spends its delegated SEND funding: it has no budget of its own.
  CHECK (customer_kind = 'school' OR paid_from = 'delegated_send'),
  CHECK ((price_basis = 'band') = (band_from_pupils IS NOT NULL)),
  CHECK ((status = 'cancelled') = (cancelled_on IS NOT NULL)),
  UNIQUE (la_code, id),
  FOREIGN KEY (la_code, service_id) REFERENCES traded_services (la_code, id),
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id),
  FOREIGN KEY (la_code, cluster_id) REFERENCES clusters (la_code, id)
);
CREATE INDEX traded_orders_year_idx ON traded_orders (la_code, year, service_id);
CREATE INDEX traded_orders_school_idx ON traded_orders (establishment_id) WHERE establishment_id IS NOT NULL;
CREATE INDEX traded_orders_cluster_idx ON traded_orders (cluster_id) WHERE cluster_id IS NOT NULL;

-- The schools an order is for, each with its pupils on roll when the order was priced: the
-- school itself, or the cluster's schools that day. Uptake counts schools from these.
CREATE TABLE traded_order_schools (
  la_code text NOT NULL,
  order_id uuid NOT NULL,
  establishment_id uuid NOT NULL,
  pupils integer NOT NULL CHECK (pupils >= 0),
  PRIMARY KEY (order_id, establishment_id),
  FOREIGN KEY (la_code, order_id) REFERENCES traded_orders (la_code, id) ON DELETE CASCADE,
  FOREIGN KEY (la_code, establishment_id) REFERENCES establishments (la_code, id)
);
CREATE INDEX traded_order_schools_school_idx ON traded_order_schools (establishment_id);

CREATE TABLE traded_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL,
  order_id uuid NOT NULL,
  delivered_on date NOT NULL,
  units numeric(8, 2) NOT NULL CHECK (units > 0),
  -- Who delivered it (the psychologist or adviser), as the person recording it names them.
  delivered_by text NOT NULL CHECK (length(delivered_by) BETWEEN 1 AND 100),
  notes text CHECK (length(notes) <= 2000),
  recorded_by uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (la_code, order_id) REFERENCES traded_orders (la_code, id)
);
CREATE INDEX traded_deliveries_order_idx ON traded_deliveries (order_id, delivered_on);

-- What was ordered bounds what is delivered, and a cancelled order takes no delivery, whatever the
-- code above does: the order's row is locked, so two deliveries recorded at once cannot both fit.
CREATE FUNCTION traded_delivery_fits() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ordered numeric;
  order_status text;
  delivered numeric;
BEGIN
  SELECT units, status INTO ordered, order_status FROM traded_orders WHERE id = NEW.order_id FOR UPDATE;
  IF order_status = 'cancelled' THEN
    RAISE EXCEPTION 'a cancelled order takes no delivery' USING ERRCODE = 'check_violation';
  END IF;
  SELECT coalesce(sum(units), 0) INTO delivered FROM traded_deliveries WHERE order_id = NEW.order_id;
  IF delivered + NEW.units > ordered THEN
    RAISE EXCEPTION 'more delivered than ordered' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER traded_deliveries_fit BEFORE INSERT ON traded_deliveries
  FOR EACH ROW EXECUTE FUNCTION traded_delivery_fits();

-- An order's price, customer and units stay as ordered; once anything is delivered it can no
-- longer be cancelled, and a delivery, once recorded, stays.
CREATE FUNCTION traded_order_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.units IS DISTINCT FROM OLD.units OR NEW.unit_pence IS DISTINCT FROM OLD.unit_pence
      OR NEW.total_pence IS DISTINCT FROM OLD.total_pence OR NEW.service_id IS DISTINCT FROM OLD.service_id
      OR NEW.year IS DISTINCT FROM OLD.year OR NEW.establishment_id IS DISTINCT FROM OLD.establishment_id
      OR NEW.cluster_id IS DISTINCT FROM OLD.cluster_id OR NEW.paid_from IS DISTINCT FROM OLD.paid_from THEN
    RAISE EXCEPTION 'an order stays as it was placed' USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'cancelled' AND NEW.status <> 'cancelled' THEN
    RAISE EXCEPTION 'a cancelled order stays cancelled' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status = 'cancelled' AND OLD.status <> 'cancelled'
      AND EXISTS (SELECT 1 FROM traded_deliveries WHERE order_id = OLD.id) THEN
    RAISE EXCEPTION 'an order with deliveries cannot be cancelled' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER traded_orders_kept BEFORE UPDATE ON traded_orders
  FOR EACH ROW EXECUTE FUNCTION traded_order_kept();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['traded_services', 'traded_prices', 'traded_price_bands', 'traded_orders',
    'traded_order_schools', 'traded_deliveries']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO opensend_app USING (la_code = app_la_code()) WITH CHECK (la_code = app_la_code())', t || '_tenant', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO opensend_app', t);
  END LOOP;
END
$$;
-- Deliveries are a record of work done: the app adds them and never changes or removes one.
REVOKE UPDATE, DELETE ON traded_deliveries FROM opensend_app;
