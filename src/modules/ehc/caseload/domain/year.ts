import { z } from 'zod';

/** The calendar year the DfE's figures are for: EHC plans began in September 2014. */
export const yearQuery = (today: () => number) =>
  z.object({
    year: z.coerce
      .number({ error: 'year must be a calendar year like 2025' })
      .int('year must be a whole number')
      .min(2014, 'year must be 2014 or later: EHC plans began in September 2014')
      .max(2100, 'year must be 2100 or earlier')
      .default(today),
  });
