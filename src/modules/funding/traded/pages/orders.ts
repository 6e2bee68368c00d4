import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { can } from '../../../../platform/auth/roles.ts';
import { downloadLinks, requestedFormat } from '../../../../platform/exports/index.ts';
import { type FieldError, HttpProblem } from '../../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../../platform/http/validation.ts';
import { longDate } from '../../../../platform/kernel/dates.ts';
import type { FundingContext } from '../../context.ts';
import { catalogue, type Service } from '../catalogue-service.ts';
import { unitNames } from '../domain/catalogue.ts';
import { yearEnd, yearLabel } from '../domain/years.ts';
import { ordersTable, sendTradedExport } from '../export.ts';
import { buyerPricing } from '../home-service.ts';
import { listOrders, placeOrder } from '../order-service.ts';
import { buyerPrice, buyersOf, orderRows, ordersHead, paidFromLabels, unitPriceText } from '../presenters.ts';
import { contextOf, type Deps, query, readYear, yearChoices } from './common.ts';
import { type OrderFormValues, orderBody, orderFormErrors, readOrderForm } from './order-form.ts';

/** Orders year by year (all the LA's for its staff, a buyer's own), and placing one. */

const uuid = z.uuid();

export async function ordersPages(app: FastifyInstance, deps: Deps) {
  app.get('/traded/orders', { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = contextOf(request, deps);
    const q = query(request);
    const chosen = readYear(q.year, ctx.today);
    const year = chosen.ok ? chosen.year : undefined;
    const format = requestedFormat(q);
    if (format && year !== undefined)
      return sendTradedExport(reply, ctx, ordersTable, format, { year: yearLabel(year) }, () =>
        listOrders(ctx, { year }),
      );
    const orders = year === undefined ? [] : await listOrders(ctx, { year });
    const laWide = can(ctx.principal.roles, 'traded:read');
    const label = year === undefined ? '' : yearLabel(year);
    return reply.code(chosen.ok ? 200 : 400).page('funding/traded/orders.njk', {
      pageTitle: laWide
        ? `Traded services orders for ${label || 'a year'}`
        : `Your orders for ${label || 'a year'}`,
      label,
      yearItems: yearChoices(ctx.today, year ?? null),
      ...(chosen.ok
        ? {}
        : { errors: [{ text: chosen.message, href: '#year' }], yearError: { text: chosen.message } }),
      head: ordersHead,
      rows: orderRows(orders),
      totalPence: orders.filter((o) => o.status === 'ordered').reduce((s, o) => s + o.totalPence, 0),
      live: orders.filter((o) => o.status === 'ordered').length,
      downloads: downloadLinks(`/traded/orders?year=${label}`),
    });
  });

  async function form(
    reply: FastifyReply,
    status: number,
    ctx: FundingContext,
    service: Service,
    values: OrderFormValues,
    errors: FieldError[],
  ) {
    const pricing = await buyerPricing(ctx);
    const buyers = buyersOf(pricing.customers, pricing.clusterRolls, pricing.thisYear);
    const years = service.prices
      .map((p) => p.year)
      .filter((y) => yearEnd(y) >= ctx.today)
      .sort();
    const onlyCluster = buyers.length > 0 && buyers.every((b) => b.key.startsWith('cluster:'));
    return reply.code(status).page('funding/traded/order-new.njk', {
      pageTitle: `Order ${service.name}`,
      service,
      values,
      unitsMany: unitNames[service.unit].many,
      buyerItems: buyers.map((b) => ({
        value: b.key,
        text: b.name,
        hint: { text: b.rollText },
        checked: b.key === values.for || buyers.length === 1,
      })),
      yearItems: years.map((y) => ({
        value: yearLabel(y),
        text: `${yearLabel(y)}, to ${longDate(yearEnd(y))}`,
        checked: yearLabel(y) === values.year || years.length === 1,
        hint: {
          text: buyers
            .map((b) => {
              const p = buyerPrice(service, y, b.buyerIn(y));
              return `${p.price ? unitPriceText(service.unit, p.price.unitPence) : p.none} for ${b.name}`;
            })
            .join('; '),
        },
      })),
      paidFromItems: Object.entries(paidFromLabels).map(([value, text]) => ({
        value,
        text,
        checked: value === values.paidFrom,
      })),
      onlyCluster,
      noBuyers: buyers.length === 0,
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  /** The service an order form is for; none or one not on offer shows the catalogue to choose from. */
  async function chosenService(
    ctx: FundingContext,
    id: unknown,
  ): Promise<{ service?: Service; offered: Service[] }> {
    const services = await catalogue(ctx);
    const offered = services.filter((s) => s.offered);
    const service =
      typeof id === 'string' && uuid.safeParse(id).success ? offered.find((s) => s.id === id) : undefined;
    return { offered, ...(service ? { service } : {}) };
  }

  app.get('/traded/orders/new', { config: { access: 'traded:order' } }, async (request, reply) => {
    const ctx = contextOf(request, deps);
    const q = query(request);
    const { service, offered } = await chosenService(ctx, q.service);
    if (!service)
      return reply.code(q.service === undefined ? 200 : 404).page('funding/traded/order-choose.njk', {
        pageTitle: 'Which service do you want to order?',
        serviceItems: offered.map((s) => ({ value: s.id, text: s.name })),
        unknown: q.service !== undefined,
      });
    const values = {
      service: service.id,
      for: typeof q.for === 'string' ? q.for : '',
      year: '',
      units: '',
      paidFrom: '',
    };
    return form(reply, 200, ctx, service, values, []);
  });

  app.post('/traded/orders/new', { config: { access: 'traded:order' } }, async (request, reply) => {
    const ctx = contextOf(request, deps);
    const values = readOrderForm(request.body);
    const { service } = await chosenService(ctx, values.service);
    if (!service)
      throw new HttpProblem(
        404,
        'Not found',
        'There is no traded service with this ID on offer: choose one from the catalogue.',
      );
    const read = orderBody(values, service.unit);
    if (!read.ok) return form(reply, 400, ctx, service, values, read.errors);
    try {
      const order = await placeOrder(ctx, read.body);
      return reply.redirect(`/traded/orders/${order.id}?done=placed`, 303);
    } catch (err) {
      if (!(err instanceof HttpProblem) || err.status !== 400) throw err;
      return form(reply, 400, ctx, service, values, orderFormErrors(err.errors));
    }
  });
}
