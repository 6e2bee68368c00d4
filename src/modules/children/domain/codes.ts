/**
 * Code lists the DfE uses for children's records. Source: DfE SEN2 and Common Basic Data Set
 * (CBDS) code sets — Ethnicity (CBDS N00177, main codes),
 * Sex (CBDS N00783) and UPNunknown (CBDS N00135, the reasons the SEN2 guidance lists).
 * Copied here so the service runs without the reference files.
 */

import {
  type SenType as KernelSenType,
  senTypes as kernelSenTypes,
  senTypeLabels,
} from '../../../platform/kernel/sen2.ts';

/** Labels for the SEN2 type of need codes. */
export const senTypes: Record<KernelSenType, string> = senTypeLabels;
export type SenType = KernelSenType;
export const senTypeCodes: SenType[] = [...kernelSenTypes];

export const ethnicities = {
  WBRI: 'White – British',
  WIRI: 'White – Irish',
  WIRT: 'Traveller of Irish heritage',
  WOTH: 'Any other White background',
  WROM: 'Gypsy or Roma',
  MWBC: 'White and Black Caribbean',
  MWBA: 'White and Black African',
  MWAS: 'White and Asian',
  MOTH: 'Any other mixed background',
  AIND: 'Indian',
  APKN: 'Pakistani',
  ABAN: 'Bangladeshi',
  AOTH: 'Any other Asian background',
  BCRB: 'Black Caribbean',
  BAFR: 'Black African',
  BOTH: 'Any other Black background',
  CHNE: 'Chinese',
  OOTH: 'Any other ethnic group',
  REFU: 'Refused',
  NOBT: 'Information not yet obtained',
} as const;
export type Ethnicity = keyof typeof ethnicities;
export const ethnicityCodes = Object.keys(ethnicities) as Ethnicity[];

export const sexes = { F: 'Female', M: 'Male', U: 'Unknown' } as const;
export type Sex = keyof typeof sexes;
export const sexCodes = Object.keys(sexes) as Sex[];

export const upnUnknownReasons = {
  UN1: 'Child aged under 6 and not yet assigned a UPN',
  UN2: 'Child has never attended a state-funded school in England and has not been assigned a UPN',
  UN3: 'Child educated outside England and not assigned a UPN',
  UN5: 'Sources collating UPNs show discrepancies preventing reliable matching',
  UN8: 'New to the LA and the UPN or ULN is not yet known',
  UN9: 'Never attended a state-funded school or FE setting in England and has no UPN or ULN',
  UN10: 'Request for assessment resulted in no further action before the UPN or ULN was known',
} as const;
export type UpnUnknownReason = keyof typeof upnUnknownReasons;
export const upnUnknownReasonCodes = Object.keys(upnUnknownReasons) as UpnUnknownReason[];

/** Where the child is on the graduated response; the EHC module will come to own this. */
export const senProvisions = {
  ehc_plan: 'EHC plan',
  sen_support: 'SEN support',
  none: 'No SEN provision',
} as const;
export type SenProvision = keyof typeof senProvisions;

export const relationships = {
  mother: 'Mother',
  father: 'Father',
  parent: 'Parent',
  carer: 'Carer',
  foster_carer: 'Foster carer',
  guardian: 'Guardian',
  other: 'Other',
} as const;
export type Relationship = keyof typeof relationships;
export const relationshipCodes = Object.keys(relationships) as Relationship[];

export const contactMethods = {
  email: 'Email',
  phone: 'Phone call',
  text: 'Text message',
  post: 'Post',
} as const;
export type ContactMethod = keyof typeof contactMethods;
export const contactMethodCodes = Object.keys(contactMethods) as ContactMethod[];

export function isCode<T extends string>(codes: readonly T[], value: string): value is T {
  return (codes as readonly string[]).includes(value);
}
