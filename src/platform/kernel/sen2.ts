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
