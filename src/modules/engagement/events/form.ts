import { z } from 'zod';
import type { FieldError } from '../../../platform/http/problem.ts';
import { isRealIsoDate } from '../../../platform/kernel/dates.ts';
import { londonInstant } from '../../../platform/kernel/london-time.ts';
import { audiences } from '../domain/audiences.ts';
import type { EventKind, EventWrite } from './repo.ts';

/** The event form as an officer fills it in: the day in three boxes, times as 13:30. */

export const eventKinds = ['focus-group', 'training', 'briefing', 'conference', 'drop-in'] as const;
export const eventKindLabels: Record<EventKind, string> = {
  'focus-group': 'Focus group',
  training: 'Training',
  briefing: 'Briefing',
  conference: 'Conference',
  'drop-in': 'Drop-in session',
};

const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .default('');
const needed = (max: number, what: string, ask: string) =>
  z
    .string({ error: ask })
    .trim()
    .min(1, ask)
    .max(max, `${what} must be ${max.toLocaleString('en-GB')} characters or fewer`);
const time = (ask: string) =>
  z
    .string({ error: ask })
    .trim()
    .regex(/^([01]?\d|2[0-3])[:.][0-5]\d$/, `${ask}, using the 24-hour clock, like 13:30`)
    .transform((s) => s.replace('.', ':'));

export const eventSchema = z.object({
  kind: z.enum(eventKinds, { error: 'Choose what kind of event it is' }),
  title: needed(200, 'The title', 'Enter a title'),
  summary: needed(4000, 'The description', 'Describe the event: what it is for and who should come'),
  audiences: z
    .union([z.enum(audiences), z.array(z.enum(audiences))], { error: 'Choose who the event is for' })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .refine((v) => v.length > 0, 'Choose who the event is for'),
  venueName: needed(200, 'The venue', 'Enter the venue'),
  venueAddress: text(500, 'The address'),
  venuePostcode: text(10, 'The postcode'),
  accessibility: text(2000, 'The access details'),
  day: z.string().trim().default(''),
  month: z.string().trim().default(''),
  year: z.string().trim().default(''),
  starts: time('Enter the time it starts'),
  ends: time('Enter the time it ends'),
  capacity: z.coerce
    .number({ error: 'Enter how many places there are, as a number' })
    .int('Enter how many places there are, as a whole number')
    .min(1, 'There must be at least 1 place')
    .max(5000, 'There can be at most 5,000 places'),
  contact: text(300, 'The contact'),
  status: z.enum(['draft', 'published'], { error: 'Say whether people can book it now' }),
  version: z.coerce.number().int().min(0).default(0),
});
export type EventForm = Record<string, unknown>;
export type ParsedEvent = z.infer<typeof eventSchema>;

/** The form's day and times as instants, or the fields that are wrong. */
export function toWrite(
  e: ParsedEvent,
): { ok: true; write: EventWrite } | { ok: false; errors: FieldError[] } {
  const iso = `${e.year.padStart(4, '0')}-${e.month.padStart(2, '0')}-${e.day.padStart(2, '0')}`;
  if (!e.day || !e.month || !e.year)
    return { ok: false, errors: [{ field: 'day', message: 'Enter the day of the event, like 8 11 2027' }] };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || !isRealIsoDate(iso))
    return {
      ok: false,
      errors: [{ field: 'day', message: 'The day of the event must be a real date, like 8 11 2027' }],
    };
  const startsAt = londonInstant(iso, e.starts);
  const endsAt = londonInstant(iso, e.ends);
  if (!startsAt)
    return {
      ok: false,
      errors: [{ field: 'starts', message: 'That time does not happen on that day (the clocks go forward)' }],
    };
  if (!endsAt)
    return {
      ok: false,
      errors: [{ field: 'ends', message: 'That time does not happen on that day (the clocks go forward)' }],
    };
  if (endsAt <= startsAt)
    return { ok: false, errors: [{ field: 'ends', message: 'The end must be after the start' }] };
  return {
    ok: true,
    write: {
      kind: e.kind,
      title: e.title,
      summary: e.summary,
      audiences: [...new Set(e.audiences)],
      venueName: e.venueName,
      venueAddress: e.venueAddress,
      venuePostcode: e.venuePostcode,
      accessibility: e.accessibility,
      startsAt,
      endsAt,
      capacity: e.capacity,
      contact: e.contact,
      status: e.status,
    },
  };
}
