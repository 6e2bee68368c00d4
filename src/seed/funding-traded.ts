import {
  type PriceBand,
  priceFor,
  type UnitKind,
  unitsCost,
  type YearPrices,
} from '../modules/funding/index.ts';
import type { Tx } from '../platform/db/tenancy.ts';
import type { IsoDate } from '../platform/kernel/dates.ts';
import { dayNumber, isoFromDayNumber, weekday } from '../platform/kernel/days.ts';
import { ethnicityWeights } from './catalogue.ts';
import type { ClusterRow, EstablishmentRow, MembershipRow } from './generate.ts';
import { adultName } from './names.ts';
import type { Prng } from './prng.ts';
import { bulkInsert } from './repo.ts';

/**
 * The demo LA's traded services, as Norfolk's were after 2013, when the Educational Psychology
 * service was traded back to schools: a catalogue of six services priced for 2025-26 and 2026-27
 * by four size bands (2026-27 3% dearer, with a cluster price for EP days and specialist teaching),
 * about half the mainstream schools ordering each year and about a third of the clusters ordering
 * for their schools from delegated funding, and deliveries through each year up to today.
 * Pure: rows from the LA's schools and clusters, a generator and the day; the loader writes them.
 */

export interface TradedSeedInput {
  laCode: string;
  today: IsoDate;
  establishments: readonly EstablishmentRow[];
  clusters: readonly ClusterRow[];
  memberships: readonly MembershipRow[];
}

export interface TradedServiceRow {
  id: string;
  la_code: string;
  name: string;
  unit: UnitKind;
  description: string;
  team: string;
}
export interface TradedPriceRow {
  la_code: string;
  service_id: string;
  year: number;
  cluster_unit_pence: number | null;
}
export interface TradedBandRow {
  la_code: string;
  service_id: string;
  year: number;
  from_pupils: number;
  to_pupils: number | null;
  unit_pence: number;
}
export interface TradedOrderRow {
  id: string;
  la_code: string;
  service_id: string;
  year: number;
  customer_kind: 'school' | 'cluster';
  establishment_id: string | null;
  cluster_id: string | null;
  pupils_on_roll: number;
  price_basis: 'band' | 'cluster_price';
  band_from_pupils: number | null;
  band_to_pupils: number | null;
  units: number;
  unit_pence: number;
  total_pence: number;
  paid_from: 'school_budget' | 'delegated_send';
  ordered_on: string;
  status: 'ordered' | 'cancelled';
  cancelled_on: string | null;
  cancel_reason: string | null;
}
export interface TradedOrderSchoolRow {
  la_code: string;
  order_id: string;
  establishment_id: string;
  pupils: number;
}
export interface TradedDeliveryRow {
  id: string;
  la_code: string;
  order_id: string;
  delivered_on: string;
  units: number;
  delivered_by: string;
  notes: string | null;
}

export interface GeneratedTraded {
  services: TradedServiceRow[];
  prices: TradedPriceRow[];
  bands: TradedBandRow[];
  orders: TradedOrderRow[];
  orderSchools: TradedOrderSchoolRow[];
  deliveries: TradedDeliveryRow[];
}

/** The size bands every service is priced by: small, medium, large primaries and the largest schools. */
const bandLimits: [number, number | null][] = [
  [0, 99],
  [100, 249],
  [250, 499],
  [500, null],
];

interface ServiceSpec {
  name: string;
  unit: UnitKind;
  description: string;
  team: string;
  /** 2025-26 pounds a unit for each size band. */
  pounds: [number, number, number, number];
  /** 2026-27's pounds a unit for any cluster, where the LA offers one. */
  clusterPounds2026: number | null;
  /** How likely a buying school is to choose it, against the others. */
  weight: number;
  /** What a school orders, and a cluster for its schools. */
  schoolUnits(rng: Prng): number;
  clusterUnits(rng: Prng): number;
  notes: readonly string[];
}

const halves = (rng: Prng, from: number, to: number) => rng.int(from * 2, to * 2) / 2;

const specs: ServiceSpec[] = [
  {
    name: 'Educational Psychology day',
    unit: 'day',
    description:
      'A day of an educational psychologist’s time: consultation with staff and parents, assessment, and advice on how to meet a pupil’s needs.',
    team: 'Educational Psychology and Specialist Support',
    pounds: [560, 530, 500, 470],
    clusterPounds2026: 480,
    weight: 40,
    schoolUnits: (rng) => rng.int(1, 5),
    clusterUnits: (rng) => rng.int(4, 12),
    notes: [
      'Consultation with the SENCo and class teachers',
      'Assessment and advice to staff',
      'Planning meeting',
    ],
  },
  {
    name: 'Educational Psychology half day',
    unit: 'half_day',
    description: 'Half a day of an educational psychologist’s time, for a consultation or a review meeting.',
    team: 'Educational Psychology and Specialist Support',
    pounds: [300, 285, 270, 255],
    clusterPounds2026: null,
    weight: 15,
    schoolUnits: (rng) => rng.int(1, 4),
    clusterUnits: (rng) => rng.int(2, 6),
    notes: ['Consultation with the SENCo', 'Attended a review meeting'],
  },
  {
    name: 'Specialist teacher support',
    unit: 'hour',
    description:
      'A specialist teacher working with staff on cognition and learning, communication and interaction, or sensory needs.',
    team: 'Specialist Learning Support',
    pounds: [62, 59, 56, 53],
    clusterPounds2026: 52,
    weight: 20,
    schoolUnits: (rng) => halves(rng, 6, 30),
    clusterUnits: (rng) => halves(rng, 20, 60),
    notes: [
      'Modelled an intervention with a teaching assistant',
      'Advice to class teachers',
      'Staff coaching',
    ],
  },
  {
    name: 'Access Through Technology assessment',
    unit: 'assessment',
    description:
      'An assessment of the technology a pupil needs to take part in learning, with a written report and recommendations for the school.',
    team: 'Access Through Technology',
    pounds: [420, 400, 380, 360],
    clusterPounds2026: null,
    weight: 10,
    schoolUnits: (rng) => rng.int(1, 3),
    clusterUnits: (rng) => rng.int(2, 5),
    notes: ['Assessment and report to the school', 'Equipment trial and follow-up'],
  },
  {
    name: 'Autism outreach',
    unit: 'package',
    description:
      'A term’s outreach from the autism team: observation, advice to staff and a follow-up visit.',
    team: 'Autism Outreach',
    pounds: [1500, 1450, 1400, 1350],
    clusterPounds2026: null,
    weight: 10,
    schoolUnits: (rng) => rng.int(1, 2),
    clusterUnits: (rng) => rng.int(1, 3),
    notes: ['Observation and advice to staff', 'Follow-up visit'],
  },
  {
    name: 'SEND training package',
    unit: 'package',
    description: 'Whole-staff training on meeting special educational needs, delivered at the school.',
    team: 'SEND Training',
    pounds: [650, 800, 950, 1100],
    clusterPounds2026: null,
    weight: 5,
    schoolUnits: () => 1,
    clusterUnits: (rng) => rng.int(1, 2),
    notes: ['Staff training session'],
  },
];

const years = [2025, 2026] as const;
/** 2026-27's prices are 2025-26's raised by 3%, to the pound. */
const poundsIn = (pounds: number, year: number) => (year === 2025 ? pounds : Math.round(pounds * 1.03));

const yearStart = (year: number) => `${year}-09-01`;
const yearEnd = (year: number) => `${year + 1}-08-31`;
/** Schools order for a year from the June before it. */
const orderingOpens = (year: number) => `${year}-06-01`;

/** A weekday from `from` to `to`, both included. */
function schoolDay(rng: Prng, from: IsoDate, to: IsoDate): IsoDate {
  const a = dayNumber(from);
  const b = dayNumber(to);
  for (let tries = 0; tries < 10; tries++) {
    const d = rng.int(a, b);
    const w = weekday(d);
    if (w >= 1 && w <= 5) return isoFromDayNumber(d);
  }
  return from;
}

const later = (a: IsoDate, b: IsoDate) => (a > b ? a : b);
const earlier = (a: IsoDate, b: IsoDate) => (a < b ? a : b);

export function generateTraded(input: TradedSeedInput, rng: Prng): GeneratedTraded {
  const la = input.laCode;
  const out: GeneratedTraded = {
    services: [],
    prices: [],
    bands: [],
    orders: [],
    orderSchools: [],
    deliveries: [],
  };
  const services = specs.map((spec) => {
    const row: TradedServiceRow = {
      id: rng.uuid(),
      la_code: la,
      name: spec.name,
      unit: spec.unit,
      description: spec.description,
      team: spec.team,
    };
    out.services.push(row);
    const byYear = new Map<number, YearPrices>();
    for (const year of years) {
      const bands: PriceBand[] = bandLimits.map(([from, to], i) => ({
        fromPupils: from,
        toPupils: to,
        unitPence: poundsIn(spec.pounds[i] as number, year) * 100,
      }));
      const cluster = year === 2026 && spec.clusterPounds2026 !== null ? spec.clusterPounds2026 * 100 : null;
      out.prices.push({ la_code: la, service_id: row.id, year, cluster_unit_pence: cluster });
      for (const b of bands)
        out.bands.push({
          la_code: la,
          service_id: row.id,
          year,
          from_pupils: b.fromPupils,
          to_pupils: b.toPupils,
          unit_pence: b.unitPence,
        });
      byYear.set(year, { year, bands, clusterUnitPence: cluster });
    }
    return { spec, row, byYear };
  });
  const teams = new Map<string, string[]>();
  for (const s of specs)
    if (!teams.has(s.team))
      teams.set(
        s.team,
        Array.from({ length: 3 }, () => {
          const n = adultName(rng.weighted(ethnicityWeights), rng);
          return `${n.forename} ${n.surname}`;
        }),
      );

  const schools = new Map(
    input.establishments.filter((e) => e.setting_kind === 'school' && !e.is_special).map((e) => [e.id, e]),
  );
  const members = new Map<string, EstablishmentRow[]>();
  for (const m of input.memberships) {
    const school = schools.get(m.establishment_id);
    if (!school) continue;
    members.set(m.cluster_id, [...(members.get(m.cluster_id) ?? []), school]);
  }
  const inClusters = [...new Set([...members.values()].flat())];
  const weights = Object.fromEntries(services.map((s, i) => [String(i), s.spec.weight]));

  type Service = (typeof services)[number];
  const place = (
    year: number,
    service: Service,
    customer:
      | { kind: 'school'; school: EstablishmentRow }
      | { kind: 'cluster'; id: string; schools: EstablishmentRow[] },
  ) => {
    const prices = service.byYear.get(year) as YearPrices;
    const cluster = customer.kind === 'cluster';
    const buyer = cluster
      ? { kind: 'cluster' as const, schools: customer.schools.map((s) => s.pupils) }
      : { kind: 'school' as const, pupils: customer.school.pupils };
    const price = priceFor(prices, buyer);
    if (!price) return;
    const units = cluster ? service.spec.clusterUnits(rng) : service.spec.schoolUnits(rng);
    const orderedOn = schoolDay(rng, orderingOpens(year), earlier(input.today, `${year}-10-31`));
    const cancelled = rng.chance(0.04);
    const cancelledOn = cancelled
      ? earlier(input.today, isoFromDayNumber(dayNumber(orderedOn) + rng.int(1, 14)))
      : null;
    const order: TradedOrderRow = {
      id: rng.uuid(),
      la_code: la,
      service_id: service.row.id,
      year,
      customer_kind: customer.kind,
      establishment_id: customer.kind === 'school' ? customer.school.id : null,
      cluster_id: customer.kind === 'cluster' ? customer.id : null,
      pupils_on_roll: price.pupils,
      price_basis: price.basis,
      band_from_pupils: price.band?.fromPupils ?? null,
      band_to_pupils: price.band ? price.band.toPupils : null,
      units,
      unit_pence: price.unitPence,
      total_pence: unitsCost(price.unitPence, units),
      paid_from: cluster || rng.chance(0.35) ? 'delegated_send' : 'school_budget',
      ordered_on: orderedOn,
      status: cancelled ? 'cancelled' : 'ordered',
      cancelled_on: cancelledOn,
      cancel_reason: cancelled ? rng.pick(['Ordered twice by mistake', 'The school’s plans changed']) : null,
    };
    out.orders.push(order);
    for (const s of customer.kind === 'school' ? [customer.school] : customer.schools)
      out.orderSchools.push({ la_code: la, order_id: order.id, establishment_id: s.id, pupils: s.pupils });
    if (!cancelled) deliver(order, service);
  };

  /** Visits through the year up to today, delivering about as much as the year so far is through, never more than ordered. */
  const deliver = (order: TradedOrderRow, service: Service) => {
    const from = later(order.ordered_on, yearStart(order.year));
    const to = earlier(input.today, yearEnd(order.year));
    if (to < from) return;
    const through = Math.min(
      1,
      (dayNumber(to) - dayNumber(yearStart(order.year))) /
        (dayNumber(yearEnd(order.year)) - dayNumber(yearStart(order.year))),
    );
    const step = service.spec.unit === 'hour' ? 0.5 : 1;
    const wanted = Math.min(
      order.units,
      Math.floor((order.units * through * (0.7 + rng.next() * 0.5)) / step) * step,
    );
    const visits: number[] = [];
    let left = wanted;
    while (left > 0) {
      const visit = service.spec.unit === 'hour' ? Math.min(left, halves(rng, 1.5, 3)) : 1;
      visits.push(visit);
      left = Math.round((left - visit) * 2) / 2;
    }
    const dates = visits.map(() => schoolDay(rng, from, to)).sort();
    const team = teams.get(service.spec.team) ?? [];
    for (const [i, units] of visits.entries())
      out.deliveries.push({
        id: rng.uuid(),
        la_code: la,
        order_id: order.id,
        delivered_on: dates[i] as string,
        units,
        delivered_by: rng.pick(team),
        notes: rng.chance(0.6) ? rng.pick(service.spec.notes) : null,
      });
  };

  for (const year of years) {
    if (input.today < orderingOpens(year)) continue;
    for (const school of inClusters) {
      if (!rng.chance(0.5)) continue;
      const chosen = new Set<number>();
      const wanted = rng.int(1, 3);
      for (let tries = 0; tries < 10 && chosen.size < wanted; tries++)
        chosen.add(Number(rng.weighted(weights)));
      for (const i of chosen) place(year, services[i] as Service, { kind: 'school', school });
    }
    for (const cluster of input.clusters) {
      const its = members.get(cluster.id) ?? [];
      if (!its.length || !rng.chance(0.35)) continue;
      place(year, services[0] as Service, { kind: 'cluster', id: cluster.id, schools: its });
      if (rng.chance(0.5))
        place(year, services[2] as Service, { kind: 'cluster', id: cluster.id, schools: its });
    }
  }
  return out;
}

/** Writes the generated catalogue, orders and deliveries, in the LA's transaction. */
export async function loadTraded(tx: Tx, g: GeneratedTraded): Promise<void> {
  await bulkInsert(
    tx,
    'traded_services',
    { id: 'uuid', la_code: 'text', name: 'text', unit: 'text', description: 'text', team: 'text' },
    g.services,
  );
  await bulkInsert(
    tx,
    'traded_prices',
    { la_code: 'text', service_id: 'uuid', year: 'int', cluster_unit_pence: 'int8' },
    g.prices,
  );
  await bulkInsert(
    tx,
    'traded_price_bands',
    {
      la_code: 'text',
      service_id: 'uuid',
      year: 'int',
      from_pupils: 'int',
      to_pupils: 'int',
      unit_pence: 'int8',
    },
    g.bands,
  );
  await bulkInsert(
    tx,
    'traded_orders',
    {
      id: 'uuid',
      la_code: 'text',
      service_id: 'uuid',
      year: 'int',
      customer_kind: 'text',
      establishment_id: 'uuid',
      cluster_id: 'uuid',
      pupils_on_roll: 'int',
      price_basis: 'text',
      band_from_pupils: 'int',
      band_to_pupils: 'int',
      units: 'numeric',
      unit_pence: 'int8',
      total_pence: 'int8',
      paid_from: 'text',
      ordered_on: 'date',
      status: 'text',
      cancelled_on: 'date',
      cancel_reason: 'text',
    },
    g.orders,
  );
  await bulkInsert(
    tx,
    'traded_order_schools',
    { la_code: 'text', order_id: 'uuid', establishment_id: 'uuid', pupils: 'int' },
    g.orderSchools,
  );
  await bulkInsert(
    tx,
    'traded_deliveries',
    {
      id: 'uuid',
      la_code: 'text',
      order_id: 'uuid',
      delivered_on: 'date',
      units: 'numeric',
      delivered_by: 'text',
      notes: 'text',
    },
    g.deliveries,
  );
}
