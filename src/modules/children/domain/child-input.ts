import { z } from 'zod';
import { isoDateField, requiredText } from '../../../platform/kernel/fields.ts';
import {
  ethnicityCodes,
  isCode,
  type SenType,
  sexCodes,
  type UpnUnknownReason,
  upnUnknownReasonCodes,
} from './codes.ts';
import { dateOfBirthProblem } from './date-of-birth.ts';
import type { IsoDate } from './dates.ts';
import { optionalCleaned } from './fields.ts';
import { normalisePostcode, postcodeProblemMessage } from './postcode.ts';
import type { FieldProblem } from './problems.ts';
import { senNeedsProblems, unknownSenTypeMessage } from './sen-needs.ts';
import { normaliseUln, ulnProblem } from './uln.ts';
import { normaliseUpn, upnProblem } from './upn.ts';

/** A UPN, normalised and checked; also how the API's search takes one. */
export const upn = optionalCleaned((s) => {
  const value = normaliseUpn(s);
  const message = upnProblem(value);
  return message ? { ok: false, message } : { ok: true, value };
}, 'UPN must be text');

const uln = optionalCleaned((s) => {
  const value = normaliseUln(s);
  const message = ulnProblem(value);
  return message ? { ok: false, message } : { ok: true, value };
}, 'ULN must be text');

const upnUnknownReason = optionalCleaned((s) => {
  const value = s.toUpperCase();
  return isCode(upnUnknownReasonCodes, value)
    ? { ok: true, value }
    : {
        ok: false,
        message: `Reason the UPN is not known must be one of ${upnUnknownReasonCodes.join(', ')}`,
      };
}, 'Reason the UPN is not known must be text');

const ethnicity = optionalCleaned((s) => {
  const value = s.toUpperCase();
  return isCode(ethnicityCodes, value)
    ? { ok: true, value }
    : { ok: false, message: 'Ethnicity must be a CBDS ethnicity code, like WBRI' };
}, 'Ethnicity must be text');

const homePostcode = optionalCleaned((s) => {
  const value = normalisePostcode(s);
  return value ? { ok: true, value } : { ok: false, message: postcodeProblemMessage };
}, 'Postcode must be text');

const sex = z.enum(sexCodes, {
  error: (issue) =>
    issue.input === undefined || issue.input === '' ? "Select the child's sex" : 'Sex must be F, M or U',
});

const senNeeds = z
  .array(z.string({ error: unknownSenTypeMessage }).trim().toUpperCase(), {
    error: 'SEN needs must be a list of SEN2 type of need codes, primary need first',
  })
  .superRefine((codes, ctx) => {
    for (const p of senNeedsProblems(codes)) {
      const index = p.field.split('.')[1];
      ctx.addIssue({ code: 'custom', message: p.message, path: index === undefined ? [] : [Number(index)] });
    }
  })
  .transform((codes) => codes as SenType[]);

const childFields = {
  upn,
  upnUnknownReason,
  uln,
  forename: requiredText("Enter the child's first name", 'First name', 100),
  surname: requiredText("Enter the child's last name", 'Last name', 100),
  dateOfBirth: isoDateField("Enter the child's date of birth", 'Date of birth'),
  sex,
  ethnicity,
  homePostcode,
  establishmentId: z.uuid('Setting must be the ID of a school or setting (a UUID)').nullable().optional(),
  senNeeds,
};

/** A new child, from the API or the form: every check that needs neither the clock nor the database. */
export const newChildSchema = z.strictObject({ ...childFields, senNeeds: senNeeds.default([]) });
export type NewChildInput = z.output<typeof newChildSchema>;

/** A change to a child: the version it was read at, and only the fields to change. */
export const childPatchSchema = z
  .strictObject(childFields)
  .partial()
  .extend({
    version: z
      .number({ error: 'version must be the version number of the record you read' })
      .int('version must be a whole number')
      .min(1, 'version must be 1 or more'),
  });
export type ChildPatchInput = z.output<typeof childPatchSchema>;

/** A child's details as the domain sees them, whole: what is saved and what is compared. */
export interface ChildDetails {
  upn: string | null;
  upnUnknownReason: UpnUnknownReason | null;
  uln: string | null;
  forename: string;
  surname: string;
  dateOfBirth: IsoDate;
  sex: 'M' | 'F' | 'U';
  ethnicity: string | null;
  homePostcode: string | null;
  establishmentId: string | null;
  senNeeds: SenType[];
}

export const childDetailFields = [
  'forename',
  'surname',
  'dateOfBirth',
  'sex',
  'ethnicity',
  'homePostcode',
  'upn',
  'upnUnknownReason',
  'uln',
  'establishmentId',
  'senNeeds',
] as const satisfies readonly (keyof ChildDetails)[];

export const childFieldLabels: Record<(typeof childDetailFields)[number], string> = {
  forename: 'first name',
  surname: 'last name',
  dateOfBirth: 'date of birth',
  sex: 'sex',
  ethnicity: 'ethnicity',
  homePostcode: 'home postcode',
  upn: 'UPN',
  upnUnknownReason: 'reason the UPN is not known',
  uln: 'ULN',
  establishmentId: 'setting',
  senNeeds: 'SEN needs',
};

export function newChildDetails(input: NewChildInput): ChildDetails {
  return {
    upn: input.upn ?? null,
    upnUnknownReason: (input.upnUnknownReason ?? null) as UpnUnknownReason | null,
    uln: input.uln ?? null,
    forename: input.forename,
    surname: input.surname,
    dateOfBirth: input.dateOfBirth,
    sex: input.sex,
    ethnicity: input.ethnicity ?? null,
    homePostcode: input.homePostcode ?? null,
    establishmentId: input.establishmentId ?? null,
    senNeeds: input.senNeeds,
  };
}

/** The record after a patch: fields the patch leaves out keep their current values. */
export function applyChildPatch(current: ChildDetails, patch: ChildPatchInput): ChildDetails {
  const next = { ...current };
  for (const f of childDetailFields) {
    const v = patch[f];
    if (v !== undefined) (next as Record<string, unknown>)[f] = v;
  }
  return next;
}

/**
 * Rules across fields and against the clock: the date of birth (checked when new or changed, so
 * a young person who has turned 25 can still have other details corrected) and the UPN reason.
 */
export function childRuleProblems(
  after: ChildDetails,
  before: ChildDetails | null,
  today: IsoDate,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!before || before.dateOfBirth !== after.dateOfBirth) {
    const message = dateOfBirthProblem(after.dateOfBirth, today);
    if (message) problems.push({ field: 'dateOfBirth', message });
  }
  if (after.upn && after.upnUnknownReason)
    problems.push({
      field: 'upnUnknownReason',
      message: 'Leave the reason the UPN is not known empty when you give the UPN',
    });
  return problems;
}
