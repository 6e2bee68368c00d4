import { ageOn, type IsoDate } from '../platform/kernel/dates.ts';
import type { SenType } from '../platform/kernel/sen2.ts';
import type { GeneratedEhc } from './ehc.ts';
import type { EstablishmentRow, GeneratedLa, PlaceLineRow } from './generate.ts';
import type { GeneratedFinance } from './placements.ts';
import type { Prng } from './prng.ts';

/**
 * The demo's specialist places as a sufficiency lead would find them: each line's places near the
 * children placed there today, a few lines full or one or two over, and a waiting list of children
 * whose plans call for a specialist place they do not yet have. Made from a generator of its own,
 * after everything else, so the records before it are the same with or without it.
 */

export interface WaitRow {
  id: string;
  la_code: string;
  child_id: string;
  provision: 'special_school' | 'resourced_provision' | 'sen_unit' | 'any';
  sen_type: SenType;
  phase: 'early_years' | 'primary' | 'secondary' | 'post_16';
  waiting_since: IsoDate;
  needed_from: IsoDate;
  note: string | null;
}

export interface GeneratedSufficiency {
  placeLines: PlaceLineRow[];
  waits: WaitRow[];
}

export interface SufficiencySeedInput {
  laCode: string;
  today: IsoDate;
}

const specialTypes = new Set([
  'maintained_special',
  'academy_special',
  'non_maintained_special',
  'independent_special',
]);

/** The 31 August before the school year `day` is in. */
function countingDay(day: IsoDate): IsoDate {
  const y = Number(day.slice(0, 4));
  return day.slice(5) >= '09-01' ? `${y}-08-31` : `${y - 1}-08-31`;
}

function phaseOf(age: number): WaitRow['phase'] {
  return age < 4 ? 'early_years' : age < 11 ? 'primary' : age < 16 ? 'secondary' : 'post_16';
}

const addDays = (day: IsoDate, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function generateSufficiency(
  input: SufficiencySeedInput,
  data: GeneratedLa,
  finance: GeneratedFinance,
  ehc: GeneratedEhc,
  rng: Prng,
): GeneratedSufficiency {
  const { today } = input;
  const on31August = countingDay(today);
  const settings = new Map<string, EstablishmentRow>(data.establishments.map((e) => [e.id, e]));
  const primaryNeed = new Map<string, SenType>();
  for (const n of data.needs) if (n.rank === 1) primaryNeed.set(n.child_id, n.sen_type);
  const dob = new Map(data.children.map((c) => [c.id, c.date_of_birth]));

  // Who fills each line today: children placed at the setting in its provision, of its need and
  // age. Children no line of their setting matches (a need it is not designated for) are shared
  // between its lines, as a school takes a child the panel placed there whatever its designation.
  const inForce = finance.placements.filter(
    (p) => p.start_on <= today && (p.end_on === null || p.end_on >= today),
  );
  const filled = new Map<string, number>();
  const unmatched = new Map<string, number>();
  const linesAt = new Map<string, PlaceLineRow[]>();
  const key = (settingId: string, unit: boolean) => `${settingId}|${unit ? 'unit' : 'special'}`;
  for (const l of data.placeLines) {
    const k = key(l.establishment_id, l.provision !== 'special_school');
    linesAt.set(k, [...(linesAt.get(k) ?? []), l]);
  }
  for (const p of inForce) {
    if (!p.establishment_id) continue;
    const unit = p.placement_type === 'mainstream_unit';
    if (!unit && !specialTypes.has(p.placement_type)) continue;
    const lines = linesAt.get(key(p.establishment_id, unit));
    if (!lines) continue;
    const need = primaryNeed.get(p.child_id);
    const born = dob.get(p.child_id);
    const age = born ? ageOn(born, on31August) : -1;
    const line = lines.find((l) => l.sen_type === need && age >= l.low_age && age < l.high_age);
    if (line) filled.set(line.id, (filled.get(line.id) ?? 0) + 1);
    else
      unmatched.set(key(p.establishment_id, unit), (unmatched.get(key(p.establishment_id, unit)) ?? 0) + 1);
  }
  for (const [k, n] of unmatched) {
    const lines = linesAt.get(k) ?? [];
    lines.forEach((l, i) => {
      const share = Math.floor(n / lines.length) + (i < n % lines.length ? 1 : 0);
      filled.set(l.id, (filled.get(l.id) ?? 0) + share);
    });
  }

  // Most lines have a little room; about a third are full and one in twelve a child or two over,
  // as in a county whose special schools are near capacity. A line no child fills keeps a few places.
  const placeLines = data.placeLines.map((l) => {
    const n = filled.get(l.id) ?? 0;
    const draw = rng.next();
    const places =
      n === 0
        ? rng.int(2, 6)
        : draw < 1 / 12
          ? Math.max(1, n - rng.int(1, 2))
          : draw < 0.4
            ? n
            : n + rng.int(1, 3);
    return { ...l, places };
  });

  // The waiting list: children with an active plan who are in mainstream today, or have no
  // placement, about one in 100 of the LA's plans, whose need and age at least two settings with
  // room could meet, as a panel would put forward; most wait for any specialist place. With the
  // special schools near full, that is more children than free places, so they compete for them.
  const roomy = placeLines.filter((l) => l.places > (filled.get(l.id) ?? 0));
  const fitting = (need: SenType, age: number) =>
    roomy.filter((l) => l.sen_type === need && age >= l.low_age && age < l.high_age);
  const typeToday = new Map(inForce.map((p) => [p.child_id, p.placement_type]));
  const eligible = ehc.plans.filter((p) => {
    if (p.status !== 'active') return false;
    const type = typeToday.get(p.child_id);
    const born = dob.get(p.child_id);
    const need = primaryNeed.get(p.child_id);
    if (!born || !need || (type !== undefined && type !== 'mainstream')) return false;
    const age = ageOn(born, on31August);
    return age >= 4 && age <= 18 && new Set(fitting(need, age).map((l) => l.establishment_id)).size >= 2;
  });
  const wanted = Math.min(
    eligible.length,
    Math.max(3, Math.round(ehc.plans.filter((p) => p.status === 'active').length / 100)),
  );
  const waits: WaitRow[] = [];
  for (const plan of eligible) {
    if (waits.length >= wanted) break;
    if (rng.next() > ((wanted - waits.length) / Math.max(1, eligible.length - waits.length)) * 1.5) continue;
    const need = primaryNeed.get(plan.child_id) as SenType;
    const age = ageOn(dob.get(plan.child_id) as IsoDate, on31August);
    const setting = plan.establishment_id ? settings.get(plan.establishment_id) : undefined;
    const options = fitting(need, age);
    const provision: WaitRow['provision'] =
      rng.next() < 0.7
        ? 'any'
        : ((options[rng.int(0, options.length - 1)]?.provision ?? 'any') as WaitRow['provision']);
    const waitingSince = addDays(today, -rng.int(7, 240));
    waits.push({
      id: rng.uuid(),
      la_code: input.laCode,
      child_id: plan.child_id,
      provision,
      sen_type: need,
      phase: phaseOf(age),
      waiting_since: waitingSince,
      // Some from a day still to come, others from one already passed: those have waited longest.
      needed_from: addDays(waitingSince, rng.int(30, 200)),
      note: setting ? `On roll at ${setting.name} while waiting` : null,
    });
  }
  return { placeLines, waits };
}
