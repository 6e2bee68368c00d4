import { z } from 'zod';
import { isRealIsoDate } from '../../../platform/kernel/dates.ts';
import { maxFormPence } from '../../../platform/kernel/money.ts';
import { senTypes } from '../../../platform/kernel/sen2.ts';
import { siteKinds, sitePhases } from './domain/candidates.ts';

/** A candidate site as the API and the form give it, and what choosing among the sites is asked. */

const optionalDay = (label: string) =>
  z
    .string({ error: `${label} must be a date` })
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealIsoDate(v), `${label} must be a real date`)
    .nullable()
    .optional();

const wholeMetres = (label: string) =>
  z
    .number({ error: `Enter the ${label} in metres, like 318000` })
    .int(`The ${label} must be a whole number of metres`);

const sitePlacesSchema = z
  .array(
    z.object({
      senType: z.enum(senTypes, { error: 'Choose the type of need the places are for' }),
      phase: z.enum(sitePhases, { error: 'Choose the phase the places are for' }),
      places: z
        .number({ error: 'Enter the number of places as a whole number' })
        .int('Enter the number of places as a whole number')
        .min(1, 'Places must be 1 or more')
        .max(1000, 'Places must be 1,000 or fewer'),
    }),
    { error: 'Give the places the site would add, by type of need and phase' },
  )
  .min(1, 'Give the places the site would add: at least one type of need and phase')
  .max(52, 'Give at most one line for each type of need and phase')
  .superRefine((rows, ctx) => {
    const seen = new Set<string>();
    rows.forEach((r, i) => {
      const key = `${r.senType}|${r.phase}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'senType'],
          message: 'This type of need and phase is given twice: put all its places on one line',
        });
      seen.add(key);
    });
  });

const siteFields = {
  kind: z.enum(siteKinds, {
    error: 'Choose whether this is a school’s interest in an SRB or a site for a new special school',
  }),
  urn: z
    .number({ error: 'Enter the school’s URN as 6 digits, like 121234' })
    .int('Enter the school’s URN as 6 digits, like 121234')
    .min(100000, 'Enter the school’s URN as 6 digits, like 121234')
    .max(999999, 'Enter the school’s URN as 6 digits, like 121234')
    .optional()
    .describe('For an SRB expression of interest: the school, which must be on the register'),
  name: z
    .string({ error: 'Name must be text' })
    .trim()
    .min(1, 'Enter a name for the site')
    .max(200, 'Name must be 200 characters or fewer')
    .optional()
    .describe('For a new special school site; an SRB takes its school’s name, and this is not read'),
  easting: wholeMetres('easting')
    .optional()
    .describe('British National Grid metres, for a new special school site; an SRB is where its school is'),
  northing: wholeMetres('northing').optional().describe('British National Grid metres'),
  places: sitePlacesSchema,
  capitalCostPence: z
    .number({ error: 'capitalCostPence must be a whole number of pence' })
    .int('capitalCostPence must be a whole number of pence')
    .min(0, 'The capital cost must be £0 or more')
    .max(maxFormPence, 'The capital cost must be £1,000,000,000 or less')
    .nullable()
    .optional(),
  opensOn: optionalDay('Opens on'),
  receivedOn: optionalDay('Received on'),
  note: z
    .string({ error: 'Note must be text' })
    .trim()
    .max(1000, 'Note must be 1,000 characters or fewer')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
};

const siteObject = z.object(siteFields);
type SiteShape = z.output<typeof siteObject>;

/** What each kind needs, checked even when another field is wrong, so a form shows every gap at once. */
const siteRules = z.superRefine<SiteShape>(
  (s, ctx) => {
    const missing = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (s.kind === 'srb_interest' && s.urn === undefined)
      missing('urn', 'Enter the URN of the school that expressed interest');
    if (s.kind === 'new_special') {
      if (s.name === undefined) missing('name', 'Enter a name for the site');
      if (s.easting === undefined) missing('easting', 'Enter the site’s easting in metres, like 318000');
      if (s.northing === undefined) missing('northing', 'Enter the site’s northing in metres, like 176000');
    }
  },
  { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
);

export const siteSchema = siteObject.check(siteRules);
export type SiteInput = z.output<typeof siteSchema>;

export const siteChangeSchema = z
  .object({
    ...siteFields,
    version: z.number({ error: 'version must be the version of the site you read' }).int().min(1),
  })
  .check(siteRules);

export const versionQuerySchema = z.object({
  version: z.coerce.number({ error: 'version must be the version you read' }).int().min(1),
});

/** The most a budget may be: what a form takes as one amount of money. */
const maxBudgetPounds = maxFormPence / 100;

/** What the API's body may hold; which of count and budget to give is checked after, as a 422. */
export const selectBodyShape = z
  .object({
    count: z
      .number({ error: 'Choose a whole number of sites from 1 to 20' })
      .int('Choose a whole number of sites from 1 to 20')
      .min(1, 'Choose a whole number of sites from 1 to 20')
      .max(20, 'Choose a whole number of sites from 1 to 20')
      .optional()
      .describe('How many sites to choose; give this or budgetPounds'),
    budgetPounds: z
      .number({ error: 'Enter the budget as an amount in pounds' })
      .min(0, 'The budget must be £0 or more')
      .max(maxBudgetPounds, 'The budget must be £1,000,000,000 or less')
      .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'The budget must be in whole pence')
      .optional()
      .describe('The most the chosen sites’ capital costs may come to; give this or count'),
    candidateIds: z
      .array(z.uuid('Each candidate id must be a candidate site’s id (a UUID)'), {
        error: 'candidateIds must be a list of candidate site ids',
      })
      .min(1, 'Choose at least one candidate site')
      .max(500, 'candidateIds can hold at most 500 sites')
      .refine((ids) => new Set(ids).size === ids.length, 'candidateIds lists a site twice')
      .optional()
      .describe('The candidates to choose among; every candidate site when left out'),
    save: z
      .object(
        {
          name: z
            .string({ error: 'Enter a name to save the scenario as' })
            .trim()
            .min(1, 'Enter a name to save the scenario as')
            .max(100, 'The scenario’s name must be 100 characters or fewer'),
        },
        { error: 'save must be { name }' },
      )
      .strict()
      .optional()
      .describe('Save the inputs and what the run finds as a scenario with this name'),
  })
  .strict();

export const selectBodySchema = selectBodyShape.check(
  z.superRefine<{ count?: unknown; budgetPounds?: unknown }>(
    (b, ctx) => {
      if (b.count !== undefined && b.budgetPounds !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['budgetPounds'],
          message: 'Give a number of sites to choose or a budget, not both',
        });
      else if (b.count === undefined && b.budgetPounds === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['count'],
          message: 'Give a number of sites to choose, or a budget they must fit within',
        });
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  ),
);
export type SelectBody = z.output<typeof selectBodySchema>;
