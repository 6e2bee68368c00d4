import { z } from 'zod';

/** The sections of an EHC plan, as the SEND Code of Practice 9.62 names them (SEND Regulations 2014 reg 12). */
export const sectionCodes = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'] as const;
export type SectionCode = (typeof sectionCodes)[number];

export const sectionTitles: Record<SectionCode, string> = {
  A: 'The views, interests and aspirations of the child and their parents, or of the young person',
  B: "The child or young person's special educational needs",
  C: "The child or young person's health needs which relate to their special educational needs",
  D: "The child or young person's social care needs which relate to their special educational needs or to a disability",
  E: 'The outcomes sought for the child or young person',
  F: 'The special educational provision required by the child or young person',
  G: 'Any health provision reasonably required by the learning difficulties or disabilities which result in the child or young person having special educational needs',
  H1: 'Any social care provision which must be made for a child or young person under 18 under section 2 of the Chronically Sick and Disabled Persons Act 1970',
  H2: 'Any other social care provision reasonably required by the learning difficulties or disabilities which result in the child or young person having special educational needs',
  I: 'The name and type of the school or other institution to be attended, or the type of institution if none is named',
  J: 'Any personal budget: how it will support particular outcomes and the provision it will be used for',
  K: 'The advice and information gathered during the EHC needs assessment',
};

/** Short names for lists and links; the full titles head the sections in the plan itself. */
export const sectionShortTitles: Record<SectionCode, string> = {
  A: 'Views, interests and aspirations',
  B: 'Special educational needs',
  C: 'Health needs',
  D: 'Social care needs',
  E: 'Outcomes',
  F: 'Special educational provision',
  G: 'Health provision',
  H1: 'Social care provision (CSDPA 1970 section 2)',
  H2: 'Other social care provision',
  I: 'Placement',
  J: 'Personal budget',
  K: 'Advice and information',
};

/**
 * Section I is not typed: the final plan's named placement is recorded with the final plan, and
 * a draft must not name one (Code of Practice 9.79).
 */
export const writableSections = sectionCodes.filter((c) => c !== 'I');
export type WritableSection = Exclude<SectionCode, 'I'>;

export const sectionContentMax = 50_000;

export const sectionParam = z.enum(writableSections as [WritableSection, ...WritableSection[]], {
  error: `section must be one of ${writableSections.join(', ')}; section I is the placement named with the final plan`,
});

export const writeSectionSchema = z.object({
  content: z
    .string({ error: 'Enter the section’s content' })
    .trim()
    .min(1, 'Enter the section’s content: if the child has no needs of this kind, say so')
    .max(
      sectionContentMax,
      `The section must be ${sectionContentMax.toLocaleString('en-GB')} characters or fewer`,
    )
    .transform((s) => s.replace(/\r\n?/g, '\n')),
  version: z
    .number({ error: 'version must be the section’s version you changed: 0 if it has none yet' })
    .int('version must be a whole number')
    .min(0, 'version must be 0 or more'),
});
export type WriteSectionInput = z.infer<typeof writeSectionSchema>;
