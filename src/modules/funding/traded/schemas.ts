import { z } from 'zod';
import { isoDateField, requiredText } from '../../../platform/kernel/fields.ts';
import { bandProblems, maxBands, unitKinds } from './domain/catalogue.ts';
import { paidFromKinds } from './domain/orders.ts';
import { parseYear } from './domain/years.ts';

/**
 * What the traded services API and pages take, in one set of schemas: the pages turn their forms
 * into these bodies, so both refuse the same things in the same words.
 */

const maxPence = 100_000_000_00;
const pence = (label: string) =>
  z
    .number({ error: `${label} must be a whole number of pence` })
    .int(`${label} must be a whole number of pence`)
    .min(0, `${label} must be 0 or more`)
    .max(maxPence, `${label} is more than any price: check it is in pence`);

const pupilCount = (label: string) =>
  z
    .number({ error: `${label} must be a whole number of pupils` })
    .int(`${label} must be a whole number of pupils`)
    .min(0, `${label} must be 0 or more`)
    .max(100_000, `${label} must be 100,000 or fewer`);

/** An academic year as people write it, 2026-27; kept as written, so a body parses the same twice. */
export const yearField = z
  .string({ error: 'year must be an academic year like 2026-27' })
  .refine(
    (s) => parseYear(s) !== null,
    'year must be an academic year like 2026-27, from 2000-01 to 2100-01',
  );

export const unitField = z.enum(unitKinds, { error: `unit must be one of ${unitKinds.join(', ')}` });

export const serviceSchema = z.object({
  name: requiredText('Enter the service’s name', 'The name', 100),
  unit: unitField,
  description: requiredText('Enter what the service is', 'The description', 2000),
  team: requiredText('Enter the team that delivers it', 'The team', 100),
  offered: z.boolean({ error: 'offered must be true or false' }).default(true),
});
export type ServiceInput = z.output<typeof serviceSchema>;

export const serviceChangeSchema = serviceSchema.extend({
  version: z.number({ error: 'version must be the version you read' }).int().min(1),
});
export type ServiceChange = z.output<typeof serviceChangeSchema>;

export const pricesSchema = z
  .object({
    version: z
      .number({ error: 'version must be the version you read (0 for a year without prices)' })
      .int()
      .min(0),
    clusterUnitPence: pence('clusterUnitPence').nullable().default(null),
    bands: z
      .array(
        z.object({
          fromPupils: pupilCount('fromPupils'),
          toPupils: pupilCount('toPupils').nullable(),
          unitPence: pence('unitPence'),
        }),
        { error: 'bands must be a list of bands' },
      )
      .max(maxBands, `Give ${maxBands} bands or fewer`),
  })
  .superRefine((p, ctx) => {
    for (const problem of bandProblems(p.bands))
      ctx.addIssue({
        code: 'custom',
        path: problem.field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
        message: problem.message,
      });
  });
export type PricesInput = z.output<typeof pricesSchema>;

export const paidFromField = z.enum(paidFromKinds, {
  error:
    'paidFrom must be school_budget (the school’s own budget) or delegated_send (delegated SEND funding)',
});

export const orderSchema = z
  .object({
    serviceId: z.uuid('serviceId must be a service ID (a UUID)'),
    year: yearField,
    establishmentId: z.uuid('establishmentId must be a school ID (a UUID)').optional(),
    clusterId: z.uuid('clusterId must be a cluster ID (a UUID)').optional(),
    units: z.number({ error: 'units must be a number, like 3' }),
    paidFrom: paidFromField.optional(),
  })
  .superRefine((o, ctx) => {
    if ((o.establishmentId === undefined) === (o.clusterId === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['establishmentId'],
        message: 'Give establishmentId for a school’s order or clusterId for a cluster’s, one of them',
      });
    if (o.establishmentId !== undefined && o.paidFrom === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['paidFrom'],
        message: 'Choose how the school pays: school_budget or delegated_send',
      });
  });
export type OrderInput = z.output<typeof orderSchema>;

export const deliverySchema = z.object({
  deliveredOn: isoDateField('Enter the date it was delivered', 'The date it was delivered'),
  units: z.number({ error: 'units must be a number, like 2' }),
  deliveredBy: requiredText('Enter who delivered it', 'Who delivered it', 100),
  notes: z.string().trim().max(2000, 'The notes must be 2,000 characters or fewer').optional(),
});
export type DeliveryInput = z.output<typeof deliverySchema>;

export const cancelSchema = z.object({
  version: z.number({ error: 'version must be the version you read' }).int().min(1),
  reason: z.string().trim().max(500, 'The reason must be 500 characters or fewer').optional(),
});
export type CancelInput = z.output<typeof cancelSchema>;
