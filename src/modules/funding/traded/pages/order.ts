import type { FastifyInstance, FastifyReply } from 'fastify';
import { downloadLinks, requestedFormat } from '../../../../platform/exports/index.ts';
import { formValues } from '../../../../platform/http/forms.ts';
import { type FieldError, HttpProblem } from '../../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../../platform/http/validation.ts';
import { longDate } from '../../../../platform/kernel/dates.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import type { FundingContext } from '../../context.ts';
import { unitNames, unitsText } from '../domain/catalogue.ts';
import { yearEnd, yearLabel } from '../domain/years.ts';
import { deliveriesTable, sendTradedExport } from '../export.ts';
import { cancelOrder, getOrder, type OrderPage, recordDelivery } from '../order-service.ts';
import {
  deliveryHead,
  deliveryRows,
  paidFromLabels,
  priceBasisText,
  statusTag,
  unitPriceText,
} from '../presenters.ts';
import { contextOf, type Deps, flash, idParam, query } from './common.ts';
import { type DeliveryFormValues, deliveryBody, deliveryFormErrors, readDeliveryForm } from './order-form.ts';

/** An order: what was ordered at what price, what has been delivered, recording a delivery and cancelling. */

const flashes: Record<string, string> = {
  placed: 'Your order has been placed. The LA’s team will agree dates with you.',
  delivered: 'The delivery has been recorded.',
  cancelled: 'The order has been cancelled.',
};

function summaryRows(p: OrderPage) {
  const o = p.order;
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  return [
    row('Service', o.serviceName),
    row(o.customerKind === 'school' ? 'For the school' : 'For the cluster', o.customerName),
    row('Year', `${yearLabel(o.year)}, to be delivered by ${longDate(yearEnd(o.year))}`),
    row('Ordered on', longDate(o.orderedOn)),
    row('Ordered', unitsText(o.unit, o.units)),
    row('Price', `${unitPriceText(o.unit, o.unitPence)}. ${priceBasisText(o)}`),
    row('Total', penceText(o.totalPence)),
    row('Paid from', paidFromLabels[o.paidFrom]),
    row('Delivered', `${unitsText(o.unit, o.deliveredUnits)}, worth ${penceText(o.deliveredPence)}`),
    ...(o.status === 'cancelled'
      ? [
          row(
            'Cancelled',
            `On ${longDate(o.cancelledOn ?? '')}${o.cancelReason ? `: ${o.cancelReason}` : ''}`,
          ),
        ]
      : [row('Still to deliver', unitsText(o.unit, o.remainingUnits))]),
  ];
}

/** What the person looking at the order has to do about it, and by when. */
function nextStep(p: OrderPage): string | null {
  const o = p.order;
  if (o.status === 'cancelled' || o.remainingUnits <= 0) return null;
  const left = `${unitsText(o.unit, o.remainingUnits)} ${o.remainingUnits === 1 ? 'is' : 'are'} still to be delivered, by ${longDate(yearEnd(o.year))}.`;
  return p.mayDeliver ? `${left} Record each delivery as it is made.` : left;
}

export async function orderPages(app: FastifyInstance, deps: Deps) {
  app.get('/traded/orders/:id', { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = contextOf(request, deps);
    const id = idParam(request, 'id', 'order');
    const format = requestedFormat(query(request));
    if (format)
      return sendTradedExport(
        reply,
        ctx,
        deliveriesTable,
        format,
        { order: id },
        async () => (await getOrder(ctx, id)).order,
      );
    const p = await getOrder(ctx, id);
    return reply.page('funding/traded/order.njk', {
      pageTitle: `${p.order.serviceName} for ${p.order.customerName}`,
      p,
      status: statusTag(p.order),
      summaryRows: summaryRows(p),
      nextStep: nextStep(p),
      schoolRows: p.order.schools.map((s) => [
        { text: s.name },
        { text: String(s.pupils), format: 'numeric' },
      ]),
      deliveryHead,
      deliveryRows: deliveryRows(p.order),
      downloads: downloadLinks(`/traded/orders/${id}`),
      flash: flash(flashes, query(request).done),
    });
  });

  function deliveryForm(
    reply: FastifyReply,
    status: number,
    ctx: FundingContext,
    p: OrderPage,
    values: DeliveryFormValues,
    errors: FieldError[],
  ) {
    const o = p.order;
    return reply.code(status).page('funding/traded/delivery-new.njk', {
      pageTitle: `Record a delivery of ${o.serviceName} for ${o.customerName}`,
      order: o,
      values,
      unitsMany: unitNames[o.unit].many,
      remaining: unitsText(o.unit, o.remainingUnits),
      ordered: unitsText(o.unit, o.units),
      today: ctx.today,
      errors: errorSummary(errors).map((e) =>
        e.href === '#deliveredOn' ? { ...e, href: '#deliveredOn-day' } : e,
      ),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get(
    '/traded/orders/:id/deliveries/new',
    { config: { access: 'traded:deliver' } },
    async (request, reply) => {
      const ctx = contextOf(request, deps);
      const p = await getOrder(ctx, idParam(request, 'id', 'order'));
      const blank = { day: '', month: '', year: '', units: '', deliveredBy: ctx.principal.name, notes: '' };
      return deliveryForm(reply, 200, ctx, p, blank, []);
    },
  );

  app.post(
    '/traded/orders/:id/deliveries/new',
    { config: { access: 'traded:deliver' } },
    async (request, reply) => {
      const ctx = contextOf(request, deps);
      const id = idParam(request, 'id', 'order');
      const p = await getOrder(ctx, id);
      const values = readDeliveryForm(request.body);
      const read = deliveryBody(values, p.order.unit);
      if (!read.ok) return deliveryForm(reply, 400, ctx, p, values, read.errors);
      try {
        await recordDelivery(ctx, id, read.body);
      } catch (err) {
        if (!(err instanceof HttpProblem) || err.status !== 400) throw err;
        return deliveryForm(reply, 400, ctx, await getOrder(ctx, id), values, deliveryFormErrors(err.errors));
      }
      return reply.redirect(`/traded/orders/${id}?done=delivered`, 303);
    },
  );

  function cancelPage(
    reply: FastifyReply,
    status: number,
    p: OrderPage,
    reason: string,
    errors: FieldError[],
  ) {
    return reply.code(status).page('funding/traded/cancel.njk', {
      pageTitle: `Cancel the order for ${p.order.serviceName}`,
      p,
      ordered: unitsText(p.order.unit, p.order.units),
      year: yearLabel(p.order.year),
      reason,
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/traded/orders/:id/cancel', { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = contextOf(request, deps);
    const p = await getOrder(ctx, idParam(request, 'id', 'order'));
    if (p.cancelRefusal)
      return cancelPage(reply, 409, p, '', [{ field: 'cancel', message: p.cancelRefusal }]);
    return cancelPage(reply, 200, p, '', []);
  });

  app.post('/traded/orders/:id/cancel', { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = contextOf(request, deps);
    const id = idParam(request, 'id', 'order');
    const sent = formValues(request.body, ['version', 'reason']);
    try {
      await cancelOrder(ctx, id, {
        version: /^\d{1,9}$/.test(sent.version ?? '') ? Number(sent.version) : 0,
        reason: sent.reason,
      });
    } catch (err) {
      if (!(err instanceof HttpProblem) || (err.status !== 400 && err.status !== 409)) throw err;
      const errors = err.errors.map((e) => ({
        field: e.field === 'reason' ? 'reason' : 'cancel',
        message:
          e.field === 'version' ? 'Someone changed this order since you read it: read it again' : e.message,
      }));
      return cancelPage(reply, err.status, await getOrder(ctx, id), sent.reason ?? '', errors);
    }
    return reply.redirect(`/traded/orders/${id}?done=cancelled`, 303);
  });
}
