import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { addDays } from '../../../platform/kernel/days.ts';
import { ehcTimelinessBetween } from '../../ehc/index.ts';
import { placementsOn } from '../../placements/index.ts';
import { placeLinesFrom } from '../../providers/index.ts';
import type { LiveMeasure } from './repo.ts';

/**
 * The benefits the system measures already, read from the live records through the owning
 * modules, never typed in: children placed in independent and non-maintained special schools,
 * designated specialist and SRB places, and the share of new EHC plans issued within 20 weeks.
 * A financial year's value is as it stood on its last day (31 March), or today for the year
 * still running; the timeliness is over the plans issued in the year up to then.
 */

export const liveMeasureLabels: Record<LiveMeasure, string> = {
  independent_placements: 'Children in independent and non-maintained special schools, from the placements',
  specialist_places:
    'Designated places in special schools, units and SRBs, from the places kept on each setting',
  srb_places: 'Designated places in SRBs and SEN units, from the places kept on each setting',
  twenty_week_timeliness: 'New EHC plans issued within 20 weeks, excluding exceptions, from the EHC records',
};

export const liveUnits: Record<LiveMeasure, 'count' | 'places' | 'percent'> = {
  independent_placements: 'count',
  specialist_places: 'places',
  srb_places: 'places',
  twenty_week_timeliness: 'percent',
};

/** The day a financial year's value is read on: its last day, or today while it runs; null ahead. */
export function measuredOn(fy: number, today: IsoDate): IsoDate | null {
  const start = `${fy}-04-01`;
  const end = `${fy + 1}-03-31`;
  if (today < start) return null;
  return today < end ? today : end;
}

export async function readLiveMeasure(
  tx: Tx,
  laCode: string,
  measure: LiveMeasure,
  fy: number,
  today: IsoDate,
): Promise<number | null> {
  const on = measuredOn(fy, today);
  if (!on) return null;
  switch (measure) {
    case 'independent_placements':
      return (await placementsOn(tx, laCode, on)).filter(
        (p) => p.type === 'independent_special' || p.type === 'non_maintained_special',
      ).length;
    case 'specialist_places':
    case 'srb_places': {
      const lines = (await placeLinesFrom(tx, on)).filter((l) => l.startsOn <= on);
      return lines
        .filter((l) => measure === 'specialist_places' || l.provision !== 'special_school')
        .reduce((s, l) => s + l.places, 0);
    }
    case 'twenty_week_timeliness': {
      const t = await ehcTimelinessBetween(
        tx,
        laCode,
        `${fy}-04-01`,
        on === today ? addDays(on, 1) : `${fy + 1}-04-01`,
      );
      return t.issuedEx > 0 ? Math.round((t.within20WeeksEx / t.issuedEx) * 1000) / 10 : null;
    }
  }
}
