import type { FastifyInstance, FastifyReply } from 'fastify';
import { formValues } from '../../../../platform/http/forms.ts';
import { type FieldError, HttpProblem } from '../../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../../platform/http/validation.ts';
import { getService, type Service, setPrices } from '../catalogue-service.ts';
import { maxBands } from '../domain/catalogue.ts';
import { yearLabel, yearOf } from '../domain/years.ts';
import { aUnit, yearSpan } from '../presenters.ts';
import { contextOf, type Deps, idParam, yearParam } from './common.ts';
import {
  bandFieldId,
  type PricesFormValues,
  pricesFormValues,
  pricesFromForm,
  readPricesForm,
  withMoreRows,
} from './prices-form.ts';

/** Setting a service's prices for an academic year: this year's or a later one's (earlier years stand as ordered). */

export async function pricesPages(app: FastifyInstance, deps: Deps) {
  function show(
    reply: FastifyReply,
    status: number,
    service: Service,
    year: number,
    values: PricesFormValues,
    errors: FieldError[],
  ) {
    const label = yearLabel(year);
    return reply.code(status).page('funding/traded/prices.njk', {
      pageTitle: `${service.prices.some((p) => p.year === year) ? 'Change' : 'Set'} the ${label} prices of ${service.name}`,
      service,
      label,
      span: yearSpan(year),
      perUnit: aUnit(service.unit),
      values,
      rows: values.bands.map((b, i) => ({
        ...b,
        number: i + 1,
        ids: { from: bandFieldId(i, 'from'), to: bandFieldId(i, 'to'), price: bandFieldId(i, 'price') },
      })),
      canAddRows: values.bands.length < maxBands,
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  async function load(request: Parameters<typeof contextOf>[0]) {
    const ctx = contextOf(request, deps);
    const service = await getService(ctx, idParam(request, 'id', 'traded service'));
    const year = yearParam(request);
    if (year < yearOf(ctx.today))
      throw new HttpProblem(
        404,
        'Page not found',
        `${yearLabel(year)} has ended: its prices stand as the orders placed at them.`,
      );
    return { ctx, service, year };
  }

  app.get(
    '/traded/services/:id/prices/:year',
    { config: { access: 'traded:manage' } },
    async (request, reply) => {
      const { service, year } = await load(request);
      return show(reply, 200, service, year, pricesFormValues(service, year), []);
    },
  );

  app.post(
    '/traded/services/:id/prices/:year',
    { config: { access: 'traded:manage' } },
    async (request, reply) => {
      const { ctx, service, year } = await load(request);
      const values = readPricesForm(request.body);
      if (formValues(request.body, ['action']).action === 'add-rows')
        return show(reply, 200, service, year, withMoreRows(values), []);
      const read = pricesFromForm(values);
      if (!read.ok) return show(reply, 400, service, year, values, read.errors);
      try {
        await setPrices(ctx, service.id, year, read.input);
      } catch (err) {
        if (!(err instanceof HttpProblem) || err.status !== 409) throw err;
        // Someone saved the year's prices first: the form shows them as they now are, to change again.
        const now = await getService(ctx, service.id);
        return show(reply, 409, now, year, pricesFormValues(now, year), [
          { field: bandFieldId(0, 'from'), message: `${err.detail} Your changes have not been saved.` },
        ]);
      }
      return reply.redirect(`/traded/services/${service.id}?done=prices`, 303);
    },
  );
}
