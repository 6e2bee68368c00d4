import { z } from 'zod';

/** What a forecast is asked for with, from a page's query or the API's. */
export const forecastQuerySchema = z.object({
  years: z.coerce
    .number({ error: 'years must be a whole number from 1 to 5' })
    .int('years must be a whole number from 1 to 5')
    .min(1, 'years must be a whole number from 1 to 5')
    .max(5, 'years must be a whole number from 1 to 5')
    .default(5),
  simulations: z.coerce
    .number({ error: 'simulations must be a whole number from 100 to 2,000' })
    .int('simulations must be a whole number from 100 to 2,000')
    .min(100, 'simulations must be a whole number from 100 to 2,000')
    // Each simulation keeps every cell of every year: 2,000 by single year of age is about 100 MB.
    .max(2000, 'simulations must be a whole number from 100 to 2,000')
    .default(1000),
  by: z.enum(['band', 'single'], { error: 'by must be band or single' }).default('band'),
});
export type ForecastQuery = z.output<typeof forecastQuerySchema>;

const group = z.enum(['mainstream', 'srb', 'special', 'independent', 'post16', 'other'], {
  error: 'Choose a group of setting: mainstream, srb, special, independent, post16 or other',
});
const fromYear = z
  .number({ error: 'fromYear must be a year, like 2027' })
  .int('fromYear must be a year, like 2027')
  .min(2000, 'fromYear must be a year, like 2027')
  .max(2100, 'fromYear must be a year, like 2027');
const factor = z
  .number({ error: 'factor must be a number, like 0.9 for a tenth fewer' })
  .min(0, 'factor must be 0 or more')
  .max(10, 'factor must be 10 or less');

/** A scenario: changes to the rates from a January on, and what a place costs a year by group. */
export const scenarioSchema = z.object({
  years: z.number().int().min(1).max(5).default(5),
  simulations: z
    .number({ error: 'simulations must be a whole number from 100 to 2,000' })
    .int('simulations must be a whole number from 100 to 2,000')
    .min(100, 'simulations must be a whole number from 100 to 2,000')
    .max(2000, 'simulations must be a whole number from 100 to 2,000')
    .default(1000),
  changes: z
    .array(
      z.discriminatedUnion(
        'kind',
        [
          z.object({
            kind: z.literal('redirect-joiners'),
            from: group,
            to: group,
            share: z
              .number({ error: 'share must be a number from 0 to 1, like 0.1 for a tenth' })
              .min(0, 'share must be from 0 to 1')
              .max(1, 'share must be from 0 to 1'),
            fromYear,
          }),
          z.object({ kind: z.literal('joiner-volume'), factor, fromYear }),
          z.object({ kind: z.literal('leave-rate'), factor, fromYear, group: group.optional() }),
        ],
        { error: 'kind must be redirect-joiners, joiner-volume or leave-rate' },
      ),
      { error: 'changes must be a list of changes to the rates' },
    )
    .min(1, 'Give at least one change')
    .max(10, 'Give at most 10 changes'),
  costPerPlacePounds: z
    .partialRecord(
      group,
      z
        .number()
        .min(0, 'A place’s cost cannot be below £0')
        .max(1_000_000, 'A place’s cost must be £1,000,000 a year or less'),
    )
    .optional()
    .describe('What a place costs a year in each group, in pounds; with it, the difference in cost too'),
});
export type ScenarioInput = z.output<typeof scenarioSchema>;
