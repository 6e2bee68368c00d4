import { z } from 'zod';
import { requiredText, yesNo } from '../../../platform/kernel/fields.ts';
import { type ContactMethod, contactMethodCodes, type Relationship, relationshipCodes } from './codes.ts';
import { optionalCleaned } from './fields.ts';
import { normalisePostcode, postcodeProblemMessage } from './postcode.ts';

const email = optionalCleaned((s) => {
  const value = s.toLowerCase();
  if (value.length > 254) return { ok: false, message: 'Email address must be 254 characters or fewer' };
  return z.email().safeParse(value).success
    ? { ok: true, value }
    : { ok: false, message: 'Enter an email address in the correct format, like name@example.org' };
}, 'Email address must be text');

/** UK and international numbers as people write them: digits with spaces, brackets, dashes and a leading +. */
const phone = optionalCleaned((s) => {
  const digits = s.replace(/[\s()-]/g, '');
  return /^\+?[0-9]{10,15}$/.test(digits) && s.length <= 30
    ? { ok: true, value: s.replace(/\s+/g, ' ') }
    : {
        ok: false,
        message: 'Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192',
      };
}, 'Telephone number must be text');

const postcode = optionalCleaned((s) => {
  const value = normalisePostcode(s);
  return value ? { ok: true, value } : { ok: false, message: postcodeProblemMessage };
}, 'Postcode must be text');

const longText = (label: string, max: number) =>
  optionalCleaned(
    (s) =>
      s.length <= max
        ? { ok: true, value: s }
        : { ok: false, message: `${label} must be ${max} characters or fewer` },
    `${label} must be text`,
  );

const parentCarerFields = {
  forename: requiredText('Enter their first name', 'First name', 100),
  surname: requiredText('Enter their last name', 'Last name', 100),
  relationship: z.enum(relationshipCodes, { error: 'Select their relationship to the child' }),
  parentalResponsibility: yesNo('Select yes if they have parental responsibility'),
  livesWith: yesNo('Select yes if the child lives with them'),
  mainContact: yesNo('Select yes if they are the main contact'),
  email,
  phone,
  address: longText('Address', 500),
  postcode,
  preferredContact: z.enum(contactMethodCodes, { error: 'Select how they prefer to be contacted' }),
  preferredLanguage: requiredText('Enter their preferred language', 'Preferred language', 50),
  needsInterpreter: yesNo('Select yes if they need an interpreter'),
  communicationNeeds: longText('Communication needs', 500),
};

export interface ParentCarerDetails {
  forename: string;
  surname: string;
  relationship: Relationship;
  parentalResponsibility: boolean;
  livesWith: boolean;
  mainContact: boolean;
  email: string | null;
  phone: string | null;
  address: string | null;
  postcode: string | null;
  preferredContact: ContactMethod;
  preferredLanguage: string;
  needsInterpreter: boolean;
  communicationNeeds: string | null;
}

export const parentCarerDetailFields = [
  'forename',
  'surname',
  'relationship',
  'parentalResponsibility',
  'livesWith',
  'mainContact',
  'email',
  'phone',
  'address',
  'postcode',
  'preferredContact',
  'preferredLanguage',
  'needsInterpreter',
  'communicationNeeds',
] as const satisfies readonly (keyof ParentCarerDetails)[];

export const parentCarerFieldLabels: Record<(typeof parentCarerDetailFields)[number], string> = {
  forename: 'first name',
  surname: 'last name',
  relationship: 'relationship to the child',
  parentalResponsibility: 'parental responsibility',
  livesWith: 'whether the child lives with them',
  mainContact: 'main contact',
  email: 'email address',
  phone: 'telephone number',
  address: 'address',
  postcode: 'postcode',
  preferredContact: 'preferred way to contact them',
  preferredLanguage: 'preferred language',
  needsInterpreter: 'need for an interpreter',
  communicationNeeds: 'communication needs',
};

/** The way they prefer to be contacted must be one the record has the details for. */
function contactDetailsGiven(p: z.output<z.ZodObject<typeof parentCarerFields>>, ctx: z.RefinementCtx) {
  const need = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
  if (p.preferredContact === 'email' && !p.email)
    need('email', 'Enter an email address, as email is how they prefer to be contacted');
  if ((p.preferredContact === 'phone' || p.preferredContact === 'text') && !p.phone)
    need('phone', 'Enter a telephone number, as that is how they prefer to be contacted');
  if (p.preferredContact === 'post' && !p.address)
    need('address', 'Enter an address, as post is how they prefer to be contacted');
  if (p.preferredContact === 'post' && !p.postcode)
    need('postcode', 'Enter a postcode, as post is how they prefer to be contacted');
}

export const parentCarerSchema = z.strictObject(parentCarerFields).superRefine(contactDetailsGiven);

export const parentCarerEditSchema = z
  .strictObject({
    ...parentCarerFields,
    version: z.coerce
      .number({ error: 'version must be the version number of the record you read' })
      .int('version must be a whole number')
      .min(1, 'version must be 1 or more'),
  })
  .superRefine(contactDetailsGiven);

export function parentCarerDetails(input: z.output<typeof parentCarerSchema>): ParentCarerDetails {
  return {
    ...input,
    email: input.email ?? null,
    phone: input.phone ?? null,
    address: input.address ?? null,
    postcode: input.postcode ?? null,
    communicationNeeds: input.communicationNeeds ?? null,
  };
}
