import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../../../../platform/auth/roles.ts';
import { downloadLinks, requestedFormat } from '../../../../platform/exports/index.ts';
import { type FieldError, HttpProblem } from '../../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../../platform/http/validation.ts';
import type { FundingContext } from '../../context.ts';
import { changeService, createService, getService, type Service } from '../catalogue-service.ts';
import { yearLabel, yearOf } from '../domain/years.ts';
import { catalogueTable, sendTradedExport } from '../export.ts';
import { buyerPricing } from '../home-service.ts';
import {
  bandHead,
  bandRows,
  buyerPrice,
  buyersOf,
  pricesFor,
  unitLabels,
  unitPriceText,
  yearSpan,
} from '../presenters.ts';
import { contextOf, type Deps, flash, idParam, query } from './common.ts';
import {
  formErrors,
  readServiceForm,
  type ServiceFormValues,
  serviceBody,
  serviceFormValues,
  unitItems,
} from './service-form.ts';

/** A service's page (what it is, its prices by year, a buyer's own price), and adding or changing one. */

const flashes: Record<string, string> = {
  created: 'The service has been added. Set its prices so schools can order it.',
  changed: 'The service has been changed.',
  prices: 'The prices have been saved. Orders already placed keep the price they were placed at.',
};

const failed = (err: unknown) => err instanceof HttpProblem && (err.status === 400 || err.status === 409);

/** The years the page shows: every year priced, and this year and next whether priced or not. */
function yearsShown(s: Service, thisYear: number): number[] {
  return [...new Set([...s.prices.map((p) => p.year), thisYear, thisYear + 1])].sort((a, b) => b - a);
}

/** The buyer's own price in each year, as an order today would be priced, for a head teacher or host. */
async function buyerLines(ctx: FundingContext, s: Service, years: readonly number[]) {
  if (!can(ctx.principal.roles, 'traded:order')) return [];
  const home = await buyerPricing(ctx);
  const buyers = buyersOf(home.customers, home.clusterRolls, home.thisYear);
  return buyers.map((b) => ({
    name: b.name,
    key: b.key,
    rollText: b.rollText,
    prices: years
      .filter((y) => y >= home.thisYear)
      .map((y) => {
        const p = buyerPrice(s, y, b.buyerIn(y));
        return {
          year: yearLabel(y),
          text: p.price ? unitPriceText(s.unit, p.price.unitPence) : p.none,
          priced: !!p.price,
        };
      }),
  }));
}

export async function servicePages(app: FastifyInstance, deps: Deps) {
  function form(
    reply: FastifyReply,
    status: number,
    service: Service | null,
    values: ServiceFormValues,
    errors: FieldError[],
  ) {
    const sorted = formErrors(errors);
    return reply.code(status).page('funding/traded/service-form.njk', {
      pageTitle: service ? `Change ${service.name}` : 'Add a traded service',
      service,
      values,
      unitItems: unitItems(values.unit),
      errors: errorSummary(sorted),
      fieldError: (f: string) => errorFor(sorted, f),
    });
  }

  app.get('/traded/services/new', { config: { access: 'traded:manage' } }, async (_request, reply) =>
    form(reply, 200, null, serviceFormValues(null), []),
  );

  app.post('/traded/services/new', { config: { access: 'traded:manage' } }, async (request, reply) => {
    const ctx = contextOf(request, deps);
    const values = readServiceForm(request.body);
    try {
      const s = await createService(ctx, serviceBody(values));
      return reply.redirect(`/traded/services/${s.id}?done=created`, 303);
    } catch (err) {
      if (!failed(err)) throw err;
      return form(reply, 400, null, values, (err as HttpProblem).errors);
    }
  });

  app.get('/traded/services/:id', { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = contextOf(request, deps);
    const id = idParam(request, 'id', 'traded service');
    const service = await getService(ctx, id);
    const thisYear = yearOf(ctx.today);
    const format = requestedFormat(query(request));
    if (format)
      return sendTradedExport(
        reply,
        ctx,
        { ...catalogueTable, table: { ...catalogueTable.table, fileStem: 'traded-service-prices' } },
        format,
        { service: service.name },
        async () => [service],
      );
    const canManage = can(ctx.principal.roles, 'traded:manage');
    const years = yearsShown(service, thisYear);
    return reply.page('funding/traded/service.njk', {
      pageTitle: service.name,
      service,
      unitLabel: unitLabels[service.unit],
      canManage,
      mayOrder: can(ctx.principal.roles, 'traded:order') && service.offered,
      buyers: await buyerLines(ctx, service, years),
      years: years.map((y) => {
        const p = pricesFor(service, y);
        return {
          label: yearLabel(y),
          span: yearSpan(y),
          priced: !!p,
          rows: p ? bandRows(p, service.unit) : [],
          // Past years' prices stand as orders were placed at them.
          mayChange: canManage && y >= thisYear,
        };
      }),
      bandHead,
      downloads: downloadLinks(`/traded/services/${id}`),
      flash: flash(flashes, query(request).done),
    });
  });

  app.get('/traded/services/:id/edit', { config: { access: 'traded:manage' } }, async (request, reply) => {
    const ctx = contextOf(request, deps);
    const service = await getService(ctx, idParam(request, 'id', 'traded service'));
    return form(reply, 200, service, serviceFormValues(service), []);
  });

  app.post('/traded/services/:id/edit', { config: { access: 'traded:manage' } }, async (request, reply) => {
    const ctx = contextOf(request, deps);
    const id = idParam(request, 'id', 'traded service');
    const values = readServiceForm(request.body);
    try {
      await changeService(ctx, id, serviceBody(values));
      return reply.redirect(`/traded/services/${id}?done=changed`, 303);
    } catch (err) {
      if (!failed(err)) throw err;
      const problem = err as HttpProblem;
      const now = await getService(ctx, id);
      // A stale edit shows the service as it now stands, to change again.
      if (problem.status === 409)
        return form(reply, 409, now, serviceFormValues(now), [
          {
            field: 'name',
            message: `${problem.detail} Your changes have not been saved: the form now shows the service as it is.`,
          },
        ]);
      return form(reply, 400, now, values, problem.errors);
    }
  });
}
