import { HttpProblem, notFound } from '../../../platform/http/problem.ts';
import { audit, authorise, type FundingContext, transaction } from '../context.ts';
import { authoriseTraded, invalid, validated } from './access.ts';
import { yearLabel } from './domain/years.ts';
import * as repo from './repo.ts';
import { pricesSchema, serviceChangeSchema, serviceSchema } from './schemas.ts';

/**
 * The catalogue: every school's head teacher and cluster host reads it to buy, and the LA's staff
 * who deal with traded services read it; the LA's finance team keeps it and its prices.
 */

export interface Service extends repo.ServiceRow {
  /** Its prices by year, earliest first. */
  prices: repo.PricesRow[];
}

const noSuchService = () => notFound('There is no traded service with this ID in your LA.');

export function catalogue(ctx: FundingContext): Promise<Service[]> {
  authoriseTraded(ctx);
  return transaction(ctx, async (tx) => {
    const [services, prices] = await Promise.all([repo.listServices(tx), repo.prices(tx)]);
    return services.map((s) => ({ ...s, prices: prices.filter((p) => p.serviceId === s.id) }));
  });
}

export function getService(ctx: FundingContext, id: string): Promise<Service> {
  authoriseTraded(ctx);
  return transaction(ctx, async (tx) => {
    const service = await repo.findService(tx, id);
    if (!service) throw noSuchService();
    return { ...service, prices: await repo.prices(tx, [id]) };
  });
}

const nameTaken = (name: string) =>
  invalid([
    { field: 'name', message: `There is already a service called ${name}: give this one another name` },
  ]);

export function createService(ctx: FundingContext, input: unknown): Promise<Service> {
  const data = validated(serviceSchema, input);
  authorise(ctx, 'traded:manage');
  return transaction(ctx, async (tx) => {
    if (await repo.serviceNamed(tx, data.name)) throw nameTaken(data.name);
    const id = await repo.insertService(tx, ctx.principal.laCode, data, ctx.principal.userId);
    await audit(tx, ctx, {
      action: 'traded.service.created',
      entityType: 'traded-service',
      entityId: id,
      childId: null,
      detail: { ...data },
    });
    return { ...((await repo.findService(tx, id)) as repo.ServiceRow), prices: [] };
  });
}

export function changeService(ctx: FundingContext, id: string, input: unknown): Promise<Service> {
  const data = validated(serviceChangeSchema, input);
  authorise(ctx, 'traded:manage');
  return transaction(ctx, async (tx) => {
    const before = await repo.findService(tx, id, true);
    if (!before) throw noSuchService();
    if (await repo.serviceNamed(tx, data.name, id)) throw nameTaken(data.name);
    const { version, ...fields } = data;
    if (!(await repo.updateService(tx, id, fields, version)))
      throw new HttpProblem(
        409,
        'Conflict',
        `Someone changed ${before.name} since you read it (it is now at version ${before.version}). Read it again.`,
        [{ field: 'version', message: `The service is now at version ${before.version}` }],
      );
    const { version: _v, id: _id, ...was } = before;
    await audit(tx, ctx, {
      action: 'traded.service.changed',
      entityType: 'traded-service',
      entityId: id,
      childId: null,
      detail: { before: was, after: fields },
    });
    return { ...((await repo.findService(tx, id)) as repo.ServiceRow), prices: await repo.prices(tx, [id]) };
  });
}

/** Sets a service's prices for an academic year; orders already placed keep the price they were placed at. */
export function setPrices(
  ctx: FundingContext,
  serviceId: string,
  year: number,
  input: unknown,
): Promise<Service> {
  const data = validated(pricesSchema, input);
  authorise(ctx, 'traded:manage');
  return transaction(ctx, async (tx) => {
    const service = await repo.findService(tx, serviceId, true);
    if (!service) throw noSuchService();
    const before = (await repo.prices(tx, [serviceId])).find((p) => p.year === year) ?? null;
    const saved = await repo.savePrices(
      tx,
      ctx.principal.laCode,
      serviceId,
      { year, bands: data.bands, clusterUnitPence: data.clusterUnitPence },
      data.version,
      ctx.principal.userId,
    );
    if (!saved)
      throw new HttpProblem(
        409,
        'Conflict',
        before && data.version > 0
          ? `Someone changed the ${yearLabel(year)} prices of ${service.name} since you read them (they are now at version ${before.version}). Read them again.`
          : `Someone set the ${yearLabel(year)} prices of ${service.name} while you were writing them. Read them again.`,
        [{ field: 'version', message: `The prices are now at version ${before?.version ?? 1}` }],
      );
    await audit(tx, ctx, {
      action: 'traded.prices.set',
      entityType: 'traded-service',
      entityId: serviceId,
      childId: null,
      detail: {
        year: yearLabel(year),
        before: before ? { bands: before.bands, clusterUnitPence: before.clusterUnitPence } : null,
        after: { bands: data.bands, clusterUnitPence: data.clusterUnitPence },
      },
    });
    return { ...service, prices: await repo.prices(tx, [serviceId]) };
  });
}
