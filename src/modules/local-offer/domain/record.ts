import { z } from 'zod';
import { normalisePostcode } from '../../../platform/kernel/postcode.ts';
import { type SenType, senTypes } from '../../../platform/kernel/sen2.ts';

/**
 * A Local Offer service as an editor writes it and a provider suggests it: what the ORUK profile
 * holds of a service, the SEND fields the Local Offer adds (who it is for, the needs it meets, how
 * to get it, what it costs, how accessible it is), the Schedule 2 headings it is published under,
 * its locations and when it runs. Every text is stored as written and shown as text, never as HTML.
 */

export const headingCodes = [
  'provision-in-area',
  'provision-outside-area',
  'identifying-needs',
  'involving-families',
  'funding',
  'health-care',
  'social-care',
  'education-training',
  'travel',
  'preparing-for-adulthood',
  'childcare-leisure',
  'sen-information-reports',
  'information-advice-support',
  'personal-budgets',
  'disagreements',
  'complaints',
] as const;
export type HeadingCode = (typeof headingCodes)[number];

export const categoryCodes = [
  'education',
  'health',
  'social-care',
  'leisure',
  'support-groups',
  'advice',
  'transport',
  'employment',
  'childcare',
  'housing',
] as const;
export type CategoryCode = (typeof categoryCodes)[number];

export const serviceStatuses = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatus = (typeof serviceStatuses)[number];

export const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Day = (typeof days)[number];
export const dayLabels: Record<Day, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

export const maxLocations = 5;
export const maxSchedules = 7;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .default('');

const required = (missing: string, label: string, max: number) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);

const optionalUrl = (label: string) =>
  z
    .string()
    .trim()
    .max(500, `${label} must be 500 characters or fewer`)
    .refine((v) => v === '' || /^https?:\/\/[^\s<>"]+\.[^\s<>"]+$/.test(v), {
      message: `${label} must be a web address starting with https://`,
    })
    .default('');

const optionalEmail = z
  .string()
  .trim()
  .max(200, 'The email address must be 200 characters or fewer')
  .refine((v) => v === '' || /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(v), {
    message: 'Enter an email address like name@example.org',
  })
  .default('');

const age = (label: string) =>
  z
    .union([z.number(), z.string().trim()])
    .transform((v, c) => {
      if (v === '') return null;
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 120) {
        c.addIssue({ code: 'custom', message: `${label} must be a whole number of years from 0 to 120` });
        return z.NEVER;
      }
      return n;
    })
    .nullable()
    .default(null);

const timePattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const isTime = (v: unknown) => typeof v === 'string' && timePattern.test(v);

const time = (label: string) =>
  z
    .string({ error: `Enter the time it ${label}` })
    .trim()
    .regex(timePattern, `Enter the time it ${label} like 09:30, on the 24-hour clock`);

export const locationSchema = z.object({
  name: required('Enter the name of the place', 'The name of the place', 200),
  address1: required('Enter the first line of the address', 'The address', 200),
  city: required('Enter the town or city', 'The town or city', 100),
  postcode: z
    .string({ error: 'Enter the postcode' })
    .trim()
    .transform((v, c) => {
      const p = normalisePostcode(v);
      if (!p) {
        c.addIssue({ code: 'custom', message: 'Enter a real postcode, like NR1 2DH' });
        return z.NEVER;
      }
      return p;
    }),
  accessibility: text('The accessibility of the place', 2000),
});
export type LocationInput = z.output<typeof locationSchema>;

export const scheduleSchema = z
  .object({
    days: z
      .array(z.enum(days, { error: 'Choose days of the week' }))
      .min(1, 'Choose the days it runs')
      .transform((d) => days.filter((x) => d.includes(x))),
    opensAt: time('opens'),
    closesAt: time('closes'),
    description: text('The note on times', 500),
  })
  // Only two real times are compared: a missing or wrong one has its own message already.
  .refine((s) => !(isTime(s.opensAt) && isTime(s.closesAt)) || s.opensAt < s.closesAt, {
    message: 'It must close after it opens',
    path: ['closesAt'],
  });
export type ScheduleInput = z.output<typeof scheduleSchema>;

export const serviceRecordSchema = z
  .object({
    organizationId: z.string({ error: 'Choose the organisation' }).uuid('Choose the organisation'),
    name: required('Enter the name of the service', 'The name', 200),
    description: required('Describe the service', 'The description', 10000),
    url: optionalUrl('The website'),
    email: optionalEmail,
    phone: z
      .string()
      .trim()
      .max(40, 'The phone number must be 40 characters or fewer')
      .refine((v) => v === '' || /^[0-9+() -]{6,}$/.test(v), {
        message: 'Enter a phone number like 01603 222222',
      })
      .default(''),
    status: z.enum(serviceStatuses, { error: 'Choose whether the service is running' }),
    minimumAge: age('The youngest age'),
    maximumAge: age('The oldest age'),
    eligibility: text('Who it is for', 5000),
    free: z.boolean({ error: 'Say whether the service is free' }),
    fees: text('The costs', 2000),
    accessibility: text('Accessibility', 5000),
    howToAccess: text('How to get the service', 5000),
    headings: z
      .array(z.enum(headingCodes, { error: 'Choose Local Offer headings from the list' }))
      .min(1, 'Choose at least one Local Offer heading the service belongs under'),
    categories: z
      .array(z.enum(categoryCodes, { error: 'Choose categories from the list' }))
      .min(1, 'Choose at least one category'),
    // No needs chosen: the service is for any need.
    needs: z.array(z.enum(senTypes, { error: 'Choose types of need from the list' })).default([]),
    locations: z
      .array(locationSchema)
      .max(maxLocations, `A service has up to ${maxLocations} places`)
      .default([]),
    schedules: z
      .array(scheduleSchema)
      .max(maxSchedules, `A service has up to ${maxSchedules} sets of times`)
      .default([]),
  })
  .superRefine((s, c) => {
    if (s.minimumAge !== null && s.maximumAge !== null && s.minimumAge > s.maximumAge)
      c.addIssue({
        code: 'custom',
        path: ['maximumAge'],
        message: 'The oldest age must be the same as or more than the youngest age',
      });
    if (!s.free && !s.fees)
      c.addIssue({ code: 'custom', path: ['fees'], message: 'Say what the service costs' });
  });

export type ServiceRecord = z.output<typeof serviceRecordSchema>;
export type ServiceRecordInput = z.input<typeof serviceRecordSchema>;

/** The needs a service meets, in words: every need when none is named. */
export const needsInWords = (needs: readonly SenType[], labels: Record<SenType, string>) =>
  needs.length ? needs.map((n) => labels[n]).join(', ') : 'Any need';

/** An age range in words: "0 to 25", "from 16", "up to 11", or "any age". */
export function agesInWords(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return min === max ? `${min} only` : `${min} to ${max}`;
  if (min !== null) return `${min} and over`;
  if (max !== null) return `up to ${max}`;
  return 'Any age';
}

/** Twelve months without an editor's review flags a service for checking (the issue's rule). */
export function reviewDue(reviewedOn: string): string {
  const [y, m, d] = reviewedOn.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y + 1, m - 1, d));
  // 29 February: a year on is 28 February, not 1 March.
  if (next.getUTCMonth() !== m - 1) next.setUTCDate(0);
  return next.toISOString().slice(0, 10);
}
