import { z } from 'zod';
import { isIsoDate } from './domain/dates.ts';
import {
  establishmentStatuses,
  ofstedRatings,
  phases,
  provisions,
  senTypes,
  settingKinds,
} from './domain/establishment.ts';
import { normalisePostcode, postcodeMessage } from './domain/postcode.ts';

/**
 * One schema per input gives the types, the checks and the OpenAPI document. Messages name the
 * field in the words the page uses, so the API and the error summary say the same thing.
 */

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`);

const optionalText = (label: string, max = 200) =>
  text(label, max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const wholeNumber = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a whole number` })
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be ${min} or more`)
    .max(max, `${label} must be ${max} or less`);

export const isoDate = (label: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `Enter the ${label.toLowerCase()}`
          : `${label} must be a date, like 2026-01-31`,
    })
    .refine(isIsoDate, `${label} must be a real date`);

export const urnSchema = z
  .number({ error: 'URN must be 6 digits, like 121234' })
  .int('URN must be 6 digits, like 121234')
  .min(100000, 'URN must be 6 digits, like 121234')
  .max(999999, 'URN must be 6 digits, like 121234');

const ukprnSchema = z
  .number({ error: 'UKPRN must be 8 digits starting with 1, like 10012345' })
  .int('UKPRN must be 8 digits starting with 1, like 10012345')
  .min(10000000, 'UKPRN must be 8 digits starting with 1, like 10012345')
  .max(19999999, 'UKPRN must be 8 digits starting with 1, like 10012345');

const postcodeSchema = z.string({ error: postcodeMessage }).transform((v, ctx) => {
  if (v.trim() === '') return null;
  const p = normalisePostcode(v);
  if (!p) ctx.addIssue({ code: 'custom', message: postcodeMessage });
  return p;
});

/** A type of need a provision is designated for. Strict, so places sent the old way are refused, not lost. */
export const designationSchema = z
  .strictObject(
    {
      provision: z.enum(provisions, { error: `Provision must be one of: ${provisions.join(', ')}` }),
      senType: z.enum(senTypes, { error: `Type of need must be one of: ${senTypes.join(', ')}` }),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? 'A designation has only a provision and a type of need (senType): places are kept as place lines'
          : undefined,
    },
  )
  .describe(
    'A type of need the provision is designated for. Places are kept as place lines, by need, phase, ages and dates (placeLines).',
  );

/** Everything about a school or setting a person may give, each part optional. */
const establishmentShape = {
  urn: urnSchema.nullable().optional(),
  ukprn: ukprnSchema.nullable().optional(),
  name: z
    .string({ error: 'Enter the name of the school or setting' })
    .trim()
    .min(1, 'Enter the name of the school or setting')
    .max(200, 'Name must be 200 characters or fewer'),
  settingKind: z.enum(settingKinds, { error: 'Select what kind of setting it is' }),
  typeName: optionalText('Type of establishment', 100),
  phase: z.enum(phases, { error: 'Select a phase of education' }).nullable().optional(),
  status: z.enum(establishmentStatuses, { error: 'Select whether it is open' }),
  openedOn: isoDate('Date it opened').nullable().optional(),
  closedOn: isoDate('Date it closed').nullable().optional(),
  street: optionalText('Street'),
  locality: optionalText('Locality'),
  address3: optionalText('Address line 3'),
  town: optionalText('Town or city', 100),
  postcode: postcodeSchema.nullable().optional(),
  district: optionalText('District', 100),
  easting: wholeNumber('Easting', 0, 700_000).nullable().optional(),
  northing: wholeNumber('Northing', 0, 1_300_000).nullable().optional(),
  statutoryLowAge: wholeNumber('Lowest age', 0, 25).nullable().optional(),
  statutoryHighAge: wholeNumber('Highest age', 0, 25).nullable().optional(),
  capacity: wholeNumber('Capacity', 0, 100_000).nullable().optional(),
  pupils: wholeNumber('Number of pupils', 0, 100_000).nullable().optional(),
  ofstedRating: z.enum(ofstedRatings, { error: 'Select an Ofsted rating' }).nullable().optional(),
  ofstedDate: isoDate('Date of the Ofsted inspection').nullable().optional(),
  isSpecial: z.boolean({ error: 'Special school must be true or false' }).optional(),
  hasSenUnit: z.boolean({ error: 'SEN unit must be true or false' }).optional(),
  senUnitCapacity: wholeNumber('SEN unit places', 0, 10_000).nullable().optional(),
  hasResourcedProvision: z.boolean({ error: 'Resourced provision must be true or false' }).optional(),
  resourcedProvisionCapacity: wholeNumber('Resourced provision places', 0, 10_000).nullable().optional(),
  designations: z
    .array(designationSchema)
    .max(provisions.length * senTypes.length)
    .optional()
    .describe(
      'The types of need each provision is designated for, replacing those saved. Places are not given here: they are kept as place lines.',
    ),
};

export const newEstablishmentSchema = z.object({
  ...establishmentShape,
  status: establishmentShape.status.default('open'),
});
export type NewEstablishmentInput = z.input<typeof newEstablishmentSchema>;

export const establishmentPatchSchema = z
  .object({
    ...establishmentShape,
    name: establishmentShape.name.optional(),
    settingKind: establishmentShape.settingKind.optional(),
    status: establishmentShape.status.optional(),
    version: z
      .number({ error: 'version must be the version you last read, a whole number' })
      .int('version must be a whole number')
      .min(1, 'version must be 1 or more'),
  })
  .strict();
export type EstablishmentPatchInput = z.input<typeof establishmentPatchSchema>;

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], {
  error: 'must be true or false',
});

export const schoolSearchSchema = z.object({
  q: z.string().trim().max(100, 'Search must be 100 characters or fewer').optional(),
  phase: z.enum(phases, { error: 'Select a phase of education' }).optional(),
  special: flag.optional(),
  srb: flag.optional(),
  status: z.enum(['open', 'closed', 'all'], { error: 'Status must be open, closed or all' }).default('open'),
  page: z.coerce
    .number({ error: 'page must be a whole number' })
    .int('page must be a whole number')
    .min(1, 'page must be 1 or more')
    .max(10_000, 'page must be 10000 or less')
    .default(1),
  limit: z.coerce
    .number({ error: 'limit must be a whole number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(100, 'limit must be 100 or fewer')
    .default(25),
});
export type SchoolSearchInput = z.input<typeof schoolSearchSchema> | z.output<typeof schoolSearchSchema>;

export const clusterSchema = z.object({
  name: z
    .string({ error: 'Enter the name of the cluster' })
    .trim()
    .min(1, 'Enter the name of the cluster')
    .max(100, 'Cluster name must be 100 characters or fewer'),
});

export const clusterRenameSchema = clusterSchema.extend({
  version: z.number({ error: 'version must be a whole number' }).int().min(1, 'version must be 1 or more'),
});

export const membershipSchema = z
  .object({
    urn: urnSchema.optional(),
    establishmentId: z.uuid('establishmentId must be a school ID (a UUID)').optional(),
    startsOn: isoDate('Date it joins the cluster'),
    endsOn: isoDate('Date it leaves the cluster').nullable().optional(),
    move: z.boolean({ error: 'move must be true or false' }).default(false),
  })
  .refine((m) => m.urn !== undefined || m.establishmentId !== undefined, {
    path: ['urn'],
    message: 'Enter the URN of the school',
  })
  .refine((m) => !m.endsOn || m.endsOn > m.startsOn, {
    path: ['endsOn'],
    message: 'Date it leaves the cluster must be after the date it joins',
  });
export type MembershipInput = z.input<typeof membershipSchema>;

export const endMembershipSchema = z.object({ endsOn: isoDate('Date it leaves the cluster') });

export const hostSchema = z
  .object({
    name: z
      .string({ error: 'Enter the cluster host’s name' })
      .trim()
      .min(1, 'Enter the cluster host’s name')
      .max(200, 'Name must be 200 characters or fewer'),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, 'Email address must be 254 characters or fewer')
      .transform((v) => (v === '' ? undefined : v))
      .pipe(z.email('Enter an email address in the correct format, like name@example.org').optional())
      .optional(),
    urn: urnSchema.optional(),
    nominatedOn: isoDate('Date nominated'),
    agreedOn: isoDate('Date the headteachers agreed').nullable().optional(),
  })
  .refine((h) => !h.agreedOn || h.agreedOn >= h.nominatedOn, {
    path: ['agreedOn'],
    message: 'Date the headteachers agreed must be on or after the date nominated',
  });
export type HostInput = z.input<typeof hostSchema>;

export const agreementSchema = z.object({ agreedOn: isoDate('Date the headteachers agreed') });
