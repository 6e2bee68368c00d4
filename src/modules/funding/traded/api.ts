import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import { fundingContext } from '../api.ts';
import { catalogue } from './catalogue-service.ts';
import { unitKinds } from './domain/catalogue.ts';
import { paidFromKinds } from './domain/orders.ts';
import { parseYear, yearLabel, yearOf } from './domain/years.ts';
import { listOrders, type OrderView, placeOrder } from './order-service.ts';
import { tradedReports } from './report-service.ts';
import { orderSchema, yearField } from './schemas.ts';

/**
 * Traded services under /api/v1/traded: the catalogue with its prices, orders for a year (placed
 * by a head teacher or cluster host), and the year's buy-back of delegated SEND funding.
 */

const band = z.object({ fromPupils: z.number(), toPupils: z.number().nullable(), unitPence: z.number() });

const serviceOut = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.enum(unitKinds),
  description: z.string(),
  team: z.string(),
  offered: z.boolean(),
  prices: z.array(
    z.object({ year: z.string(), clusterUnitPence: z.number().nullable(), bands: z.array(band) }),
  ),
});

const orderOut = z.object({
  id: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  year: z.string(),
  customer: z.object({ kind: z.enum(['school', 'cluster']), id: z.string(), name: z.string() }),
  schools: z.array(z.object({ establishmentId: z.string(), name: z.string(), pupils: z.number() })),
  pupilsOnRoll: z.number(),
  priceBasis: z.enum(['band', 'cluster_price']),
  band: z.object({ fromPupils: z.number(), toPupils: z.number().nullable() }).nullable(),
  unit: z.enum(unitKinds),
  units: z.number(),
  unitPence: z.number(),
  totalPence: z.number(),
  paidFrom: z.enum(paidFromKinds),
  status: z.enum(['ordered', 'cancelled']),
  orderedOn: z.string(),
  cancelledOn: z.string().nullable(),
  deliveredUnits: z.number(),
  remainingUnits: z.number(),
  deliveredPence: z.number(),
});

const orderJson = (o: OrderView): z.input<typeof orderOut> => ({
  id: o.id,
  serviceId: o.serviceId,
  serviceName: o.serviceName,
  year: yearLabel(o.year),
  customer: { kind: o.customerKind, id: (o.establishmentId ?? o.clusterId) as string, name: o.customerName },
  schools: o.schools.map((s) => ({ establishmentId: s.id, name: s.name, pupils: s.pupils })),
  pupilsOnRoll: o.pupilsOnRoll,
  priceBasis: o.priceBasis,
  band: o.bandFromPupils === null ? null : { fromPupils: o.bandFromPupils, toPupils: o.bandToPupils },
  unit: o.unit,
  units: o.units,
  unitPence: o.unitPence,
  totalPence: o.totalPence,
  paidFrom: o.paidFrom,
  status: o.status,
  orderedOn: o.orderedOn,
  cancelledOn: o.cancelledOn,
  deliveredUnits: o.deliveredUnits,
  remainingUnits: o.remainingUnits,
  deliveredPence: o.deliveredPence,
});

/** A percentage to two places, as the API gives it. */
const percent = (p: number | null) => (p === null ? null : Math.round(p * 100) / 100);

const yearQuery = z.object({ year: yearField.optional() });

export async function tradedApi(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest) => fundingContext(request, deps.database, deps.clock);
  const tags = ['Traded services'];
  const yearAsked = (request: { query: { year?: string | undefined } }, today: string) =>
    request.query.year === undefined ? yearOf(today) : (parseYear(request.query.year) as number);

  api.get(
    '/api/v1/traded/services',
    {
      // Schools and the LA's staff alike: the service refuses anyone who neither buys nor sells.
      config: { access: 'signed-in' },
      schema: {
        summary:
          'The traded services catalogue: each service, its unit, the team that delivers it, and its prices a unit by academic year (2026-27), by bands of pupils on roll from fromPupils to toPupils (both included; null for no upper end), and the price for a cluster where it has one (otherwise a cluster is priced by the band of its schools’ rolls together)',
        tags,
        response: { 200: z.object({ items: z.array(serviceOut) }), 403: problemResponse },
      },
    },
    async (request) => ({
      items: (await catalogue(context(request))).map((s) => ({
        id: s.id,
        name: s.name,
        unit: s.unit,
        description: s.description,
        team: s.team,
        offered: s.offered,
        prices: s.prices.map((p) => ({
          year: yearLabel(p.year),
          clusterUnitPence: p.clusterUnitPence,
          bands: p.bands,
        })),
      })),
    }),
  );

  api.get(
    '/api/v1/traded/orders',
    {
      config: { access: 'signed-in' },
      schema: {
        summary:
          'Orders for an academic year (year, this one by default), the latest first: every order in the LA for its staff; for a head teacher their school’s orders and its cluster’s orders that cover it; for a cluster host their cluster’s. Each with its frozen unit price, what has been delivered and what remains',
        tags,
        querystring: yearQuery,
        response: {
          200: z.object({ year: z.string(), items: z.array(orderOut) }),
          400: problemResponse,
          403: problemResponse,
        },
      },
    },
    async (request) => {
      const ctx = context(request);
      const year = yearAsked(request, ctx.today);
      return { year: yearLabel(year), items: (await listOrders(ctx, { year })).map(orderJson) };
    },
  );

  api.post(
    '/api/v1/traded/orders',
    {
      config: { access: 'traded:order' },
      schema: {
        summary:
          'Order a traded service for an academic year: for a school you are head teacher of (establishmentId, paid from school_budget or delegated_send), or for a cluster you host (clusterId, always from delegated_send). The unit price is the band of the school’s pupils on roll (a cluster’s: the cluster price, or the band of its schools’ rolls together) and is kept as it is today. Days, half days, assessments and packages are whole; hours may be halves',
        tags,
        body: orderSchema,
        response: { 201: orderOut, 400: problemResponse, 403: problemResponse, 404: problemResponse },
      },
    },
    async (request, reply) =>
      reply.code(201).send(orderJson(await placeOrder(context(request), request.body))),
  );

  api.get(
    '/api/v1/traded/reports/buy-back',
    {
      config: { access: 'traded:read' },
      schema: {
        summary:
          'How much of the SEND funding delegated to clusters in an academic year (year, this one by default) comes back to the LA as orders paid from delegated SEND funding: ordered and delivered, in pence and as a percentage (to two places) of the delegated shares of the year’s academic-year pots together (null when there is none), in all and by service',
        tags,
        querystring: yearQuery,
        response: {
          200: z.object({
            year: z.string(),
            delegatedTotalPence: z.number().nullable(),
            orderedPence: z.number(),
            deliveredPence: z.number(),
            percent: z.number().nullable(),
            deliveredPercent: z.number().nullable(),
            services: z.array(
              z.object({
                serviceId: z.string(),
                name: z.string(),
                orders: z.number(),
                orderedPence: z.number(),
                deliveredPence: z.number(),
                percent: z.number().nullable(),
              }),
            ),
          }),
          400: problemResponse,
        },
      },
    },
    async (request) => {
      const ctx = context(request);
      const r = await tradedReports(ctx, yearAsked(request, ctx.today));
      const b = r.buyBack;
      return {
        year: r.label,
        delegatedTotalPence: b.delegatedTotalPence,
        orderedPence: b.orderedPence,
        deliveredPence: b.deliveredPence,
        percent: percent(b.percent),
        deliveredPercent: percent(b.deliveredPercent),
        services: b.rows.map((s) => ({
          serviceId: s.serviceId,
          name: s.name,
          orders: s.orders,
          orderedPence: s.orderedPence,
          deliveredPence: s.deliveredPence,
          percent: percent(s.percent),
        })),
      };
    },
  );
}
