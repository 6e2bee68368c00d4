import { z } from 'zod';

/**
 * What every EHC letter must carry about the LA (SEND Regulations 2014 reg 5(3) and reg 32): the
 * SEND service and how to reach it, the information, advice and support service, the mediation
 * adviser and the disagreement resolution service.
 */
export interface LetterSettings {
  serviceName: string;
  address: string;
  phone: string;
  email: string;
  website: string | null;
  iasName: string;
  iasPhone: string;
  iasWebsite: string | null;
  mediationName: string;
  mediationPhone: string;
  mediationEmail: string | null;
  disagreementName: string;
  disagreementPhone: string;
  version: number;
}

export type LetterDetail = Exclude<keyof LetterSettings, 'version'>;

/** What a change to the letter details changed, field by field, for the audit log. */
export function letterDetailChanges(
  before: Omit<LetterSettings, 'version'> | null,
  after: Omit<LetterSettings, 'version'>,
): { field: LetterDetail; before: string | null; after: string | null }[] {
  return (Object.keys(after) as LetterDetail[])
    .filter((field) => (before?.[field] ?? null) !== after[field])
    .map((field) => ({ field, before: before?.[field] ?? null, after: after[field] }));
}

const text = (max: number, missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(
      max,
      `${missing.replace(/^Enter /, '').replace(/^./, (c) => c.toUpperCase())} must be ${max} characters or fewer`,
    );
const phone = (missing: string) =>
  text(30, missing).regex(
    /^\+?[0-9 ()-]{6,}$/,
    `${missing.replace(/^Enter /, '').replace(/^./, (c) => c.toUpperCase())} must be a phone number, like 01603 222222`,
  );
const email = (label: string) =>
  z
    .string({ error: `Enter ${label.replace(/^The/, 'the')}` })
    .trim()
    .max(254, `${label} must be 254 characters or fewer`)
    .pipe(z.email(`${label} must be an email address, like send@example.gov.uk`));
const website = (label: string) =>
  z
    .url({ protocol: /^https?$/, error: `${label} must be a web address starting https://` })
    .max(200, `${label} must be 200 characters or fewer`);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v),
    schema.nullable().default(null),
  );

export const letterSettingsSchema = z.object({
  serviceName: text(200, 'Enter the name of the SEND service'),
  address: text(500, 'Enter the service’s postal address'),
  phone: phone('Enter the service’s phone number'),
  email: email('The service’s email'),
  website: optional(website('The Local Offer web address')),
  iasName: text(200, 'Enter the name of the information, advice and support service'),
  iasPhone: phone('Enter the information, advice and support service’s phone number'),
  iasWebsite: optional(website('The information, advice and support service’s web address')),
  mediationName: text(200, 'Enter the name of the mediation adviser'),
  mediationPhone: phone('Enter the mediation adviser’s phone number'),
  mediationEmail: optional(email('The mediation adviser’s email')),
  disagreementName: text(200, 'Enter the name of the disagreement resolution service'),
  disagreementPhone: phone('Enter the disagreement resolution service’s phone number'),
  version: z
    .number({ error: 'version must be the version you changed: 0 if there are no details yet' })
    .int('version must be a whole number')
    .min(0, 'version must be 0 or more'),
});
export type LetterSettingsInput = z.infer<typeof letterSettingsSchema>;

export const letterSettingsLabels: Record<Exclude<keyof LetterSettings, 'version'>, string> = {
  serviceName: 'SEND service name',
  address: 'Postal address',
  phone: 'Phone',
  email: 'Email',
  website: 'Local Offer web address (optional)',
  iasName: 'Information, advice and support service',
  iasPhone: 'Its phone number',
  iasWebsite: 'Its web address (optional)',
  mediationName: 'Mediation adviser',
  mediationPhone: 'Mediation adviser’s phone number',
  mediationEmail: 'Mediation adviser’s email (optional)',
  disagreementName: 'Disagreement resolution service',
  disagreementPhone: 'Disagreement resolution service’s phone number',
};
