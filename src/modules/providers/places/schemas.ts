import { z } from 'zod';
import { provisions, senTypes } from '../domain/establishment.ts';
import { isoDate, wholeNumber } from '../schemas.ts';
import { placePhases } from './domain/places.ts';

/** A line of designated places, as the API takes it and the form is checked by. */
export const placeLineSchema = z.object({
  provision: z.enum(provisions, {
    error: 'Choose the provision: special school, SEN unit or resourced provision',
  }),
  senType: z.enum(senTypes, { error: 'Choose the type of need' }),
  phase: z.enum(placePhases, { error: 'Choose the phase' }),
  lowAge: wholeNumber('The youngest age', 0, 25),
  highAge: wholeNumber('The oldest age', 0, 25),
  places: z
    .number({ error: 'Places must be a whole number' })
    .int('Places must be a whole number')
    .min(0, 'Places cannot be below 0: end the line to take its places away')
    .max(10_000, 'Places must be 10,000 or fewer'),
  startsOn: isoDate('Start date'),
  endsOn: isoDate('Last day').nullable().optional(),
  note: z
    .string({ error: 'Note must be text' })
    .trim()
    .max(500, 'Note must be 500 characters or fewer')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
});
export type PlaceLineInput = z.input<typeof placeLineSchema>;

export const placeLineChangeSchema = placeLineSchema.extend({
  version: z.number({ error: 'Give the version you read' }).int('Give the version you read').min(1),
});

export const placeLineRemoveSchema = z.object({
  version: z.number({ error: 'Give the version you read' }).int('Give the version you read').min(1),
});
