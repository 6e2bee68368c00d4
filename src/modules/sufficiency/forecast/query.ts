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
