import { z } from 'zod';
import { addDays, dayNumber, isoFromDayNumber, weekday } from '../../../platform/kernel/days.ts';
import { isoDateField } from '../../../platform/kernel/fields.ts';
import { addYears, type IsoDate } from './dates.ts';

/**
 * Who makes decisions about a child's special educational needs (Children and Families Act 2014
 * Part 3): their parent until the end of compulsory school age, then the young person themselves
 * (s80 and the definition of "young person" in s83), unless the young person lacks capacity to
 * make a decision, when their parent or a representative (a deputy or an attorney) acts for them
 * (s80; SEND Regulations 2014 reg 64 and Schedule 3).
 */

/**
 * The last day of compulsory school age: the school leaving date, the last Friday in June, of the
 * school year (1 September to 31 August) in which the child turns 16 (Education Act 1996 s8(3) and
 * the Education (School Leaving Date) Order 1997). A child who turns 16 in July or August stops
 * being of compulsory school age on that June Friday, before their birthday.
 */
export function compulsorySchoolAgeEnds(dateOfBirth: IsoDate): IsoDate {
  const sixteenth = addYears(dateOfBirth, 16);
  const schoolYearEnds = Number(sixteenth.slice(0, 4)) + (Number(sixteenth.slice(5, 7)) >= 9 ? 1 : 0);
  const june30 = dayNumber(`${schoolYearEnds}-06-30`);
  const friday = 5;
  return isoFromDayNumber(june30 - ((weekday(june30) - friday + 7) % 7));
}

/** The first day decisions are the young person's own: the day after compulsory school age ends. */
export function decisionsPassToYoungPersonOn(dateOfBirth: IsoDate): IsoDate {
  return addDays(compulsorySchoolAgeEnds(dateOfBirth), 1);
}

export const actingAsValues = ['parent', 'deputy', 'attorney', 'other-representative'] as const;
export type ActingAs = (typeof actingAsValues)[number];
export const actingAsLabels: Record<ActingAs, string> = {
  parent: 'Parent',
  deputy: 'Deputy appointed by the Court of Protection',
  attorney: 'Attorney under a lasting power of attorney',
  'other-representative': 'Another representative',
};

/** How a letter says it: "you act for Sam as their deputy appointed by the Court of Protection". */
export const actingAsPhrases: Record<ActingAs, string> = {
  parent: 'parent',
  deputy: 'deputy appointed by the Court of Protection',
  attorney: 'attorney under a lasting power of attorney',
  'other-representative': 'representative',
};

/** A young person's capacity to make decisions, as the LA has recorded it. */
export interface Capacity {
  lacksCapacity: boolean;
  /** When capacity was assessed. */
  assessedOn: IsoDate;
  /** Who acts for a young person who lacks capacity: one of the people recorded for the child. */
  actingPersonId: string | null;
  actingAs: ActingAs | null;
  notes: string;
}

export type DecisionMaker =
  | { kind: 'parent' }
  | { kind: 'young-person' }
  | { kind: 'representative'; personId: string; actingAs: ActingAs };

/** Who makes decisions, and receives the LA's letters, on a day. */
export function decisionMakerOn(dateOfBirth: IsoDate, on: IsoDate, capacity: Capacity | null): DecisionMaker {
  if (on < decisionsPassToYoungPersonOn(dateOfBirth)) return { kind: 'parent' };
  if (capacity?.lacksCapacity && capacity.actingPersonId && capacity.actingAs)
    return { kind: 'representative', personId: capacity.actingPersonId, actingAs: capacity.actingAs };
  return { kind: 'young-person' };
}

export const capacitySchema = z
  .strictObject({
    lacksCapacity: z.boolean({
      error: 'Say whether the young person lacks capacity to make these decisions',
    }),
    assessedOn: isoDateField('Enter the date capacity was assessed', 'The date capacity was assessed'),
    actingPersonId: z
      .uuid('actingPersonId must be the ID of a person recorded for the child')
      .nullable()
      .default(null),
    actingAs: z.enum(actingAsValues, { error: 'Select who the person acting is' }).nullable().default(null),
    notes: z
      .string({ error: 'notes must be text' })
      .trim()
      .max(2000, 'Notes must be 2000 characters or fewer')
      .default(''),
    /** The version read; 0 when nothing has been recorded yet. */
    version: z.number({ error: 'version must be the number of the version you read' }).int().min(0),
  })
  .superRefine((c, ctx) => {
    if (!c.lacksCapacity) return;
    if (!c.actingPersonId)
      ctx.addIssue({
        code: 'custom',
        path: ['actingPersonId'],
        message: 'Choose who acts for the young person: a parent or their representative',
      });
    if (!c.actingAs)
      ctx.addIssue({ code: 'custom', path: ['actingAs'], message: 'Select who the person acting is' });
  });
export type CapacityInput = z.output<typeof capacitySchema>;
