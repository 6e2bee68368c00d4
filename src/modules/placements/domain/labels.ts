import type { CostKind, Payer, PlacementType } from './types.ts';

/** How placement types, cost kinds and payers read on pages and in downloads. */

export const placementTypeLabels: Record<PlacementType, string> = {
  mainstream: 'Mainstream school',
  mainstream_unit: 'Mainstream SRB or SEN unit',
  maintained_special: 'Maintained special school',
  academy_special: 'Academy or free special school',
  non_maintained_special: 'Non-maintained special school',
  independent_special: 'Independent special school',
  fe_college: 'FE college',
  specialist_post_16: 'Specialist post-16 institution',
  alternative_provision: 'Alternative provision or PRU',
  eotas: 'Education otherwise than at school',
  elective_home_education: 'Elective home education',
  hospital_education: 'Hospital education',
  out_of_county: 'Out of county',
};

export const costKindLabels: Record<CostKind, string> = {
  place_funding: 'Place funding',
  top_up: 'Top-up',
  fee: 'Fees',
  transport: 'Transport',
  other: 'Other',
};

export const payerLabels: Record<Payer, string> = {
  high_needs: 'High needs block',
  esfa_direct: 'ESFA, paid directly',
  health: 'Health',
  social_care: 'Social care',
  transport: 'Home to school transport',
};

export const approvalLabels = {
  not_needed: 'Committed',
  awaiting: 'Waiting for approval',
  approved: 'Approved',
  rejected: 'Not approved',
} as const;

export const perLabels = { year: 'a year', term: 'a term', week: 'a week', day: 'a day' } as const;
