import proj4 from 'proj4';
import type { LatLon } from './journey.ts';

/**
 * Whether a point is in England, for candidate sites. The British National Grid covers Wales and
 * Scotland too, so a range check cannot tell; a point-in-polygon test against a simplified outline
 * can. The outline is drawn through named places on the coast and along the Welsh and Scottish
 * borders, a few dozen of them: each vertex is the place's latitude and longitude, to about a
 * kilometre, converted to the grid with the definition below and rounded to 100 m. Coastal
 * vertices sit on or just off the shore, so the outline is generous by a few kilometres at sea and
 * across estuaries and bays (the Wash, the Thames, Morecambe Bay); along the borders it may take in
 * a Welsh or Scottish hamlet (Church Stoke is inside) but leaves out the towns (Chepstow, Monmouth,
 * Hay-on-Wye, Knighton, Welshpool, Wrexham, Gretna, Coldstream). The Isles of Scilly are a second,
 * small outline; Lundy and the smaller islands are left out.
 */

/** Easting and northing in metres on the British National Grid (EPSG:27700). */
export interface GridRef {
  easting: number;
  northing: number;
}

export type SitePoint = LatLon | GridRef;

/**
 * EPSG:27700 with the OS 7-parameter shift to WGS84, as the providers module defines it: repeated
 * here because a domain reaches another module only through its index, which brings the database.
 */
const britishNationalGrid =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';
const wgs84ToGrid = proj4('WGS84', britishNationalGrid);

type Vertex = readonly [place: string, easting: number, northing: number];

/** Clockwise from the Scottish border at the east coast. */
export const englandMainland: readonly Vertex[] = [
  ['Marshall Meadows Bay, where the Scottish border meets the sea', 397_900, 657_600],
  ['off Berwick-upon-Tweed', 402_600, 656_300],
  ['Holy Island', 415_200, 642_400],
  ['Seahouses', 424_100, 632_400],
  ['Coquet Island, off Amble', 429_900, 604_700],
  ['Tynemouth', 438_500, 569_700],
  ['Hartlepool Headland', 454_200, 533_700],
  ['Whitby', 491_400, 511_400],
  ['Flamborough Head', 526_900, 470_500],
  ['Spurn Head', 540_500, 410_800],
  ['Gibraltar Point, Skegness', 558_100, 358_500],
  ['Hunstanton', 567_400, 341_500],
  ['Blakeney Point', 601_500, 346_200],
  ['Cromer', 622_500, 342_600],
  ['Happisburgh', 638_600, 331_100],
  ['Great Yarmouth', 654_000, 308_000],
  ['Lowestoft Ness', 656_400, 293_600],
  ['Orford Ness', 645_400, 249_000],
  ['Walton-on-the-Naze', 626_700, 221_900],
  ['Foulness Point', 605_000, 194_800],
  ['Sheerness', 592_600, 175_400],
  ['Reculver', 622_800, 169_400],
  ['off Margate', 635_200, 172_200],
  ['North Foreland', 640_500, 169_700],
  ['South Foreland, by Dover', 637_900, 143_400],
  ['Dungeness', 609_600, 116_500],
  ['Beachy Head', 558_500, 94_700],
  ['Selsey Bill', 485_500, 91_900],
  ['Foreland, Isle of Wight', 465_800, 87_100],
  ["St Catherine's Point, Isle of Wight", 449_700, 74_700],
  ['The Needles, Isle of Wight', 429_100, 84_600],
  ["St Alban's Head", 395_800, 74_500],
  ['Portland Bill', 367_500, 67_900],
  ['Berry Head', 294_900, 56_600],
  ['Start Point', 283_100, 36_800],
  ['Bolt Head', 272_400, 35_400],
  ['Rame Head', 242_000, 47_900],
  ['Dodman Point', 200_300, 38_800],
  ['Lizard Point', 169_800, 11_000],
  ["Land's End", 133_900, 25_000],
  ['Cape Cornwall', 135_000, 32_100],
  ['Trevose Head', 184_700, 76_700],
  ['Hartland Point', 222_700, 127_600],
  ['Morte Point', 245_700, 145_700],
  ['Capstone Point, Ilfracombe', 252_000, 148_300],
  ['Foreland Point', 275_200, 151_600],
  ['Minehead', 297_400, 146_700],
  ['Brean Down', 328_300, 158_900],
  ['Clevedon', 339_600, 171_600],
  ['Avonmouth', 350_800, 179_200],
  ['Beachley, where the Wye meets the Severn', 354_700, 190_300],
  ['Redbrook, by Monmouth', 353_900, 210_400],
  ['Pandy, below the Black Mountains', 334_100, 226_700],
  ['Hay-on-Wye', 323_300, 242_400],
  ['Presteigne', 331_900, 264_000],
  ['Knighton', 328_900, 272_400],
  ['Clun Forest', 320_600, 283_100],
  ['Montgomery', 324_800, 296_400],
  ['Llanymynech', 327_200, 320_800],
  ['Chirk', 329_500, 338_000],
  ['Holt', 337_800, 354_000],
  ['Saltney, by Chester', 335_900, 365_200],
  ['Sealand, on the Dee', 331_400, 371_900],
  ['Dee estuary, between Point of Ayr and Hilbre', 317_600, 385_500],
  ['Hoylake', 321_000, 389_900],
  ['Formby Point', 326_600, 407_600],
  ['Southport', 332_700, 418_100],
  ['Blackpool', 329_700, 436_500],
  ['Fleetwood', 332_500, 448_700],
  ['south end of Walney Island', 321_500, 461_100],
  ['Walney Island, west coast', 316_400, 469_000],
  ['Haverigg Point', 314_600, 477_900],
  ['Ravenglass', 307_200, 495_900],
  ['St Bees Head', 293_600, 514_500],
  ['Workington', 298_100, 528_900],
  ['Silloth', 310_300, 553_700],
  ['Bowness-on-Solway', 322_000, 562_900],
  ['mouth of the Sark, by Gretna', 331_900, 566_100],
  ["Scots' Dike", 339_400, 576_000],
  ['Kershopefoot', 347_800, 583_200],
  ['Deadwater, by Kielder', 362_600, 597_500],
  ['Carter Bar', 369_700, 606_900],
  ['The Cheviot', 389_400, 619_600],
  ['Carham', 380_000, 638_500],
  ['the Tweed at Coldstream', 384_700, 638_900],
  ['Norham', 390_000, 648_000],
  ['Paxton', 394_500, 651_900],
];

export const islesOfScilly: readonly Vertex[] = [
  ['north of Tresco', 86_200, 20_300],
  ["east of St Martin's", 97_500, 16_300],
  ["south of St Mary's", 93_300, 5_400],
  ['west of St Agnes', 84_000, 5_900],
];

const outlines = [englandMainland, islesOfScilly];

/** Even-odd ray casting: a ray east from the point crosses the outline an odd number of times. */
function insideOutline(outline: readonly Vertex[], e: number, n: number): boolean {
  let inside = false;
  for (let i = 0, j = outline.length - 1; i < outline.length; j = i++) {
    const [, ei, ni] = outline[i] as Vertex;
    const [, ej, nj] = outline[j] as Vertex;
    if (ni > n !== nj > n && e < ((ej - ei) * (n - ni)) / (nj - ni) + ei) inside = !inside;
  }
  return inside;
}

/** The grid's own extent, in metres. */
const gridExtent = { maxEasting: 700_000, maxNorthing: 1_300_000 } as const;

export type EnglandCheck =
  | { ok: true; grid: GridRef; latLon: LatLon }
  /** message: what is wrong, worded to follow the point's name ("Site A is outside England"). */
  | { ok: false; problem: 'unreadable' | 'offGrid' | 'outsideEngland'; message: string };

const isGridRef = (p: SitePoint): p is GridRef => 'easting' in p;
const onGrid = (g: GridRef) =>
  g.easting >= 0 &&
  g.easting <= gridExtent.maxEasting &&
  g.northing >= 0 &&
  g.northing <= gridExtent.maxNorthing;
const offGrid = {
  ok: false,
  problem: 'offGrid',
  message: 'is not on the British National Grid, so not in England',
} as const;

/**
 * Whether a point, given either way, is in England, with it in both forms when it is. Never
 * throws: a point that cannot be read or is off the grid is answered as such.
 */
export function checkInEngland(point: SitePoint): EnglandCheck {
  let grid: GridRef;
  let latLon: LatLon;
  if (isGridRef(point)) {
    if (!Number.isFinite(point.easting) || !Number.isFinite(point.northing))
      return { ok: false, problem: 'unreadable', message: 'has an easting or northing that is not a number' };
    grid = { easting: point.easting, northing: point.northing };
    if (!onGrid(grid)) return offGrid;
    const [longitude, latitude] = wgs84ToGrid.inverse([grid.easting, grid.northing]);
    latLon = { latitude: latitude ?? Number.NaN, longitude: longitude ?? Number.NaN };
  } else {
    const { latitude, longitude } = point;
    if (
      !Number.isFinite(latitude) ||
      !Number.isFinite(longitude) ||
      Math.abs(latitude) > 90 ||
      Math.abs(longitude) > 180
    )
      return { ok: false, problem: 'unreadable', message: 'has a latitude or longitude that is not a place' };
    latLon = { latitude, longitude };
    const [easting, northing] = wgs84ToGrid.forward([longitude, latitude]);
    grid = { easting: easting ?? Number.NaN, northing: northing ?? Number.NaN };
    // NaN fails every comparison, so a point the projection cannot reach is off the grid too.
    if (!onGrid(grid)) return offGrid;
  }
  if (!outlines.some((o) => insideOutline(o, grid.easting, grid.northing)))
    return { ok: false, problem: 'outsideEngland', message: 'is outside England' };
  return { ok: true, grid, latLon };
}

export function isInEngland(point: SitePoint): boolean {
  return checkInEngland(point).ok;
}
