/**
 * SEN2 type of need codes (SENtype, 2025 collection, which added DS), in the DfE's order.
 * Source: DfE SEN2 person-level code sets. Copied here so the service runs without them.
 */
export const senTypes = [
  'SPLD',
  'MLD',
  'SLD',
  'PMLD',
  'SEMH',
  'SLCN',
  'HI',
  'VI',
  'MSI',
  'PD',
  'ASD',
  'DS',
  'OTH',
] as const;
export type SenType = (typeof senTypes)[number];

/** Labels for the codes, as the SEN2 code set words them. */
export const senTypeLabels: Record<SenType, string> = {
  SPLD: 'Specific learning difficulty',
  MLD: 'Moderate learning difficulty',
  SLD: 'Severe learning difficulty',
  PMLD: 'Profound and multiple learning difficulty',
  SEMH: 'Social, emotional and mental health',
  SLCN: 'Speech, language and communication needs',
  HI: 'Hearing impairment',
  VI: 'Vision impairment',
  MSI: 'Multi-sensory impairment',
  PD: 'Physical disability',
  ASD: 'Autistic spectrum disorder',
  DS: 'Down syndrome',
  OTH: 'Other difficulty/disability',
};
