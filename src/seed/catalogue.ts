import type { SenType } from '../platform/kernel/sen2.ts';

export type { SenType };

/**
 * The facts the demo data is drawn from. Distributions are the DfE's published figures for
 * Norfolk (January 2025, "Education, health and care plans" statistics, Open Government
 * Licence v3.0); places are invented or generic, and so are names (names.ts), never real people.
 */

/** EHC plans in Norfolk, January 2025, by single year of age and by type of setting. */
export const norfolkAgeSettings: {
  age: number;
  mainstream: number;
  special: number;
  ap: number;
  fe: number;
  elsewhere: number;
  earlyYears: number;
}[] = [
  { age: 2, mainstream: 1, special: 0, ap: 0, fe: 0, elsewhere: 11, earlyYears: 13 },
  { age: 3, mainstream: 16, special: 1, ap: 0, fe: 0, elsewhere: 24, earlyYears: 99 },
  { age: 4, mainstream: 306, special: 56, ap: 0, fe: 0, elsewhere: 16, earlyYears: 57 },
  { age: 5, mainstream: 385, special: 74, ap: 0, fe: 0, elsewhere: 14, earlyYears: 6 },
  { age: 6, mainstream: 357, special: 118, ap: 3, fe: 0, elsewhere: 21, earlyYears: 0 },
  { age: 7, mainstream: 359, special: 164, ap: 16, fe: 0, elsewhere: 26, earlyYears: 0 },
  { age: 8, mainstream: 340, special: 212, ap: 19, fe: 0, elsewhere: 31, earlyYears: 0 },
  { age: 9, mainstream: 400, special: 232, ap: 19, fe: 1, elsewhere: 24, earlyYears: 0 },
  { age: 10, mainstream: 454, special: 260, ap: 18, fe: 1, elsewhere: 53, earlyYears: 0 },
  { age: 11, mainstream: 481, special: 404, ap: 28, fe: 0, elsewhere: 58, earlyYears: 0 },
  { age: 12, mainstream: 409, special: 368, ap: 38, fe: 0, elsewhere: 75, earlyYears: 0 },
  { age: 13, mainstream: 387, special: 405, ap: 23, fe: 2, elsewhere: 92, earlyYears: 0 },
  { age: 14, mainstream: 379, special: 407, ap: 31, fe: 0, elsewhere: 97, earlyYears: 0 },
  { age: 15, mainstream: 355, special: 330, ap: 37, fe: 1, elsewhere: 99, earlyYears: 0 },
  { age: 16, mainstream: 55, special: 118, ap: 0, fe: 404, elsewhere: 105, earlyYears: 0 },
  { age: 17, mainstream: 22, special: 82, ap: 0, fe: 394, elsewhere: 148, earlyYears: 0 },
  { age: 18, mainstream: 23, special: 42, ap: 0, fe: 339, elsewhere: 112, earlyYears: 0 },
  { age: 19, mainstream: 6, special: 4, ap: 0, fe: 304, elsewhere: 115, earlyYears: 0 },
  { age: 20, mainstream: 0, special: 1, ap: 0, fe: 271, elsewhere: 87, earlyYears: 0 },
  { age: 21, mainstream: 0, special: 0, ap: 0, fe: 217, elsewhere: 63, earlyYears: 0 },
  { age: 22, mainstream: 0, special: 0, ap: 0, fe: 181, elsewhere: 45, earlyYears: 0 },
  { age: 23, mainstream: 0, special: 0, ap: 0, fe: 124, elsewhere: 33, earlyYears: 0 },
  { age: 24, mainstream: 0, special: 0, ap: 0, fe: 39, elsewhere: 3, earlyYears: 0 },
  { age: 25, mainstream: 0, special: 0, ap: 0, fe: 1, elsewhere: 1, earlyYears: 0 },
];

/** Primary need of Norfolk's EHC plans, January 2025 (%), with Down syndrome split out of other needs. */
export const primaryNeedWeights: Record<SenType, number> = {
  SEMH: 28.4,
  ASD: 24.5,
  SLCN: 21.6,
  MLD: 12.1,
  PD: 5.1,
  SPLD: 3.1,
  SLD: 1.6,
  OTH: 0.9,
  HI: 0.9,
  VI: 0.6,
  PMLD: 0.5,
  DS: 0.4,
  MSI: 0.2,
};

/** Of Norfolk's plans about 73% are for boys (DfE SEN2 2025 national pattern). */
export const sexWeights = { M: 72.5, F: 27, U: 0.5 } as const;

/** Broad pattern of Norfolk's pupil population by CBDS ethnicity code (approximate census shares). */
export const ethnicityWeights = {
  WBRI: 84,
  WOTH: 5,
  WIRI: 0.3,
  WROM: 0.4,
  WIRT: 0.2,
  MWBC: 1.6,
  MWBA: 0.7,
  MWAS: 0.9,
  MOTH: 1.3,
  AIND: 0.6,
  APKN: 0.2,
  ABAN: 0.3,
  AOTH: 0.6,
  BAFR: 1.1,
  BCRB: 0.2,
  BOTH: 0.2,
  CHNE: 0.4,
  OOTH: 0.8,
  REFU: 0.9,
  NOBT: 0.3,
} as const;

/** Norfolk's seven district and borough councils, as GIAS names them in DistrictAdministrative. */
export const norfolkDistricts = [
  'Breckland',
  'Broadland',
  'Great Yarmouth',
  "King's Lynn and West Norfolk",
  'North Norfolk',
  'Norwich',
  'South Norfolk',
] as const;
export type NorfolkDistrict = (typeof norfolkDistricts)[number];

/**
 * Norfolk towns and localities, with a rough British National Grid centre and the district each is
 * in, that give the demo clusters their names and the schools and homes their places. The weights
 * share out schools.
 */
export const norfolkPlaces: {
  name: string;
  e: number;
  n: number;
  postcode: string;
  weight: number;
  district: NorfolkDistrict;
}[] = [
  { name: 'Norwich North', e: 623500, n: 311500, postcode: 'NR3', weight: 3, district: 'Norwich' },
  { name: 'Norwich South', e: 622500, n: 306500, postcode: 'NR4', weight: 3, district: 'Norwich' },
  { name: 'Norwich City', e: 623000, n: 308700, postcode: 'NR1', weight: 3, district: 'Norwich' },
  { name: 'Sprowston', e: 625600, n: 311800, postcode: 'NR7', weight: 2, district: 'Broadland' },
  { name: 'Hellesdon', e: 620000, n: 312000, postcode: 'NR6', weight: 2, district: 'Broadland' },
  { name: 'Costessey', e: 617000, n: 311000, postcode: 'NR8', weight: 1.5, district: 'South Norfolk' },
  { name: 'Taverham and Drayton', e: 616500, n: 313600, postcode: 'NR8', weight: 1.5, district: 'Broadland' },
  { name: 'Thorpe St Andrew', e: 626500, n: 309000, postcode: 'NR7', weight: 1.5, district: 'Broadland' },
  {
    name: "King's Lynn",
    e: 562000,
    n: 320000,
    postcode: 'PE30',
    weight: 3,
    district: "King's Lynn and West Norfolk",
  },
  {
    name: 'Gaywood',
    e: 564000,
    n: 320700,
    postcode: 'PE30',
    weight: 1.5,
    district: "King's Lynn and West Norfolk",
  },
  { name: 'Great Yarmouth', e: 652000, n: 307500, postcode: 'NR30', weight: 3, district: 'Great Yarmouth' },
  { name: 'Gorleston', e: 652300, n: 303800, postcode: 'NR31', weight: 2, district: 'Great Yarmouth' },
  { name: 'Caister-on-Sea', e: 651600, n: 312200, postcode: 'NR30', weight: 1, district: 'Great Yarmouth' },
  { name: 'Thetford', e: 587000, n: 283000, postcode: 'IP24', weight: 2, district: 'Breckland' },
  { name: 'Dereham', e: 599000, n: 313000, postcode: 'NR19', weight: 2, district: 'Breckland' },
  { name: 'Wymondham', e: 611000, n: 301500, postcode: 'NR18', weight: 1.5, district: 'South Norfolk' },
  { name: 'Attleborough', e: 604500, n: 295500, postcode: 'NR17', weight: 1.5, district: 'Breckland' },
  { name: 'Diss', e: 611500, n: 280000, postcode: 'IP22', weight: 1.5, district: 'South Norfolk' },
  { name: 'Swaffham', e: 581800, n: 309000, postcode: 'PE37', weight: 1, district: 'Breckland' },
  {
    name: 'Downham Market',
    e: 561000,
    n: 303300,
    postcode: 'PE38',
    weight: 1.5,
    district: "King's Lynn and West Norfolk",
  },
  { name: 'Fakenham', e: 592000, n: 329800, postcode: 'NR21', weight: 1, district: 'North Norfolk' },
  { name: 'Cromer', e: 621900, n: 342000, postcode: 'NR27', weight: 1, district: 'North Norfolk' },
  { name: 'Sheringham', e: 615800, n: 343000, postcode: 'NR26', weight: 1, district: 'North Norfolk' },
  { name: 'North Walsham', e: 628200, n: 330400, postcode: 'NR28', weight: 1.5, district: 'North Norfolk' },
  { name: 'Aylsham', e: 619300, n: 326800, postcode: 'NR11', weight: 1, district: 'Broadland' },
  { name: 'Holt', e: 608000, n: 339000, postcode: 'NR25', weight: 1, district: 'North Norfolk' },
  {
    name: 'Wells-next-the-Sea',
    e: 591700,
    n: 343400,
    postcode: 'NR23',
    weight: 0.7,
    district: 'North Norfolk',
  },
  {
    name: 'Hunstanton',
    e: 567500,
    n: 340800,
    postcode: 'PE36',
    weight: 1,
    district: "King's Lynn and West Norfolk",
  },
  {
    name: 'Heacham and Snettisham',
    e: 568300,
    n: 336000,
    postcode: 'PE31',
    weight: 0.8,
    district: "King's Lynn and West Norfolk",
  },
  { name: 'Watton', e: 591500, n: 300800, postcode: 'IP25', weight: 1, district: 'Breckland' },
  { name: 'Long Stratton', e: 619500, n: 292500, postcode: 'NR15', weight: 1, district: 'South Norfolk' },
  { name: 'Loddon', e: 636200, n: 298800, postcode: 'NR14', weight: 0.8, district: 'South Norfolk' },
  { name: 'Acle', e: 640000, n: 310200, postcode: 'NR13', weight: 0.8, district: 'Broadland' },
  { name: 'Stalham', e: 637400, n: 325200, postcode: 'NR12', weight: 0.8, district: 'North Norfolk' },
  { name: 'Wroxham and Hoveton', e: 630000, n: 317500, postcode: 'NR12', weight: 0.8, district: 'Broadland' },
  { name: 'Reepham', e: 610000, n: 323000, postcode: 'NR10', weight: 0.7, district: 'Broadland' },
  { name: 'Harleston', e: 624500, n: 283200, postcode: 'IP20', weight: 0.8, district: 'South Norfolk' },
  { name: 'Hethersett', e: 615700, n: 304800, postcode: 'NR9', weight: 0.8, district: 'South Norfolk' },
  { name: 'Martham', e: 645000, n: 318600, postcode: 'NR29', weight: 0.7, district: 'Great Yarmouth' },
  { name: 'Mundesley', e: 631400, n: 336600, postcode: 'NR11', weight: 0.6, district: 'North Norfolk' },
  {
    name: 'Terrington St Clement',
    e: 555000,
    n: 319800,
    postcode: 'PE34',
    weight: 0.7,
    district: "King's Lynn and West Norfolk",
  },
  {
    name: 'Feltwell and Methwold',
    e: 572200,
    n: 292800,
    postcode: 'IP26',
    weight: 0.7,
    district: "King's Lynn and West Norfolk",
  },
  { name: 'Hingham', e: 602000, n: 302300, postcode: 'NR9', weight: 0.6, district: 'South Norfolk' },
  { name: 'Mattishall', e: 605300, n: 311300, postcode: 'NR20', weight: 0.6, district: 'Breckland' },
  { name: 'Poringland', e: 626800, n: 301700, postcode: 'NR14', weight: 0.8, district: 'South Norfolk' },
  {
    name: 'Brundall and Blofield',
    e: 633000,
    n: 309000,
    postcode: 'NR13',
    weight: 0.8,
    district: 'Broadland',
  },
  { name: 'Litcham', e: 588600, n: 317600, postcode: 'PE32', weight: 0.5, district: 'Breckland' },
  { name: 'Hoveton Broads', e: 632000, n: 320500, postcode: 'NR12', weight: 0.5, district: 'North Norfolk' },
  {
    name: 'Wroughton Gorleston',
    e: 651000,
    n: 302000,
    postcode: 'NR31',
    weight: 0.7,
    district: 'Great Yarmouth',
  },
  {
    name: 'Gressenhall and Swanton',
    e: 597000,
    n: 317000,
    postcode: 'NR20',
    weight: 0.5,
    district: 'Breckland',
  },
];

export const schoolWords = [
  'Meadow',
  'Oak',
  'Willow',
  'Riverside',
  'Heath',
  'Broadland',
  'Marsh',
  'Beacon',
  'Orchard',
  'Kingfisher',
  'Heron',
  'Windmill',
  'Church',
  'Park',
  'Valley',
  'Springwood',
  'Ashcroft',
  'Fen',
  'Saxon',
  'Priory',
  'Brook',
  'Elm',
  'Field',
  'Harbour',
  'Chestnut',
  'Linden',
  'Mill',
  'Westgate',
  'Eastfield',
  'Northgate',
  'Coppice',
  'Lark',
];

/** Invented special schools' designations, by SEN2 need, echoing the mix a county's special schools cover. */
export const specialDesignationMixes: SenType[][] = [
  ['ASD', 'SLCN'],
  ['SEMH'],
  ['SLD', 'PMLD'],
  ['MLD', 'SLCN', 'ASD'],
  ['PD', 'MSI', 'PMLD'],
  ['ASD', 'SEMH'],
];

/** Unit and resourced-provision (SRB) designations. */
export const srbDesignations: SenType[] = ['ASD', 'SEMH', 'SLCN', 'HI', 'MLD', 'SPLD', 'PD'];
