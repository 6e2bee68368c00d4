import { wholeNumber } from '../../platform/kernel/numbers.ts';
import { formatDate, type IsoDate } from './domain/dates.ts';
import {
  type Designation,
  type EstablishmentFields,
  type OfstedRating,
  ofstedRatingLabels,
  type Provision,
  provisionLabels,
  provisionNames,
  provisions,
  provisionsOf,
  type SenType,
  senTypeLabels,
  senTypes,
  settingKindLabels,
  statusLabels,
} from './domain/establishment.ts';
import { placePhaseLabels, placePhases, placesOn } from './places/domain/places.ts';
import type { StoredPlaceLine } from './places/repo.ts';

/** Turns records into what templates show: labels, tags, address lines, tables. No logic a test would miss. */

export { escapeHtml } from '../../platform/http/html.ts';

export const dateOrBlank = (iso: string | null | undefined) => (iso ? formatDate(iso) : '');

export function statusTag(status: EstablishmentFields['status']) {
  const classes: Record<EstablishmentFields['status'], string> = {
    open: 'govuk-tag--green',
    proposed_to_open: 'govuk-tag--blue',
    proposed_to_close: 'govuk-tag--yellow',
    closed: 'govuk-tag--grey',
  };
  return { text: statusLabels[status], classes: classes[status] };
}

/** Short tags for a list: special school, unit, resourced provision. */
export function provisionTags(
  e: Pick<EstablishmentFields, 'isSpecial' | 'hasSenUnit' | 'hasResourcedProvision'>,
) {
  return provisionsOf(e).map((p) => ({
    text: p === 'special_school' ? 'Special' : p === 'sen_unit' ? 'SEN unit' : 'Resourced provision',
    classes: 'govuk-tag--purple',
  }));
}

export function addressLines(
  e: Pick<EstablishmentFields, 'street' | 'locality' | 'address3' | 'town' | 'postcode'>,
) {
  return [e.street, e.locality, e.address3, e.town, e.postcode].filter((x): x is string => Boolean(x));
}

export function ageRange(e: Pick<EstablishmentFields, 'statutoryLowAge' | 'statutoryHighAge'>): string {
  if (e.statutoryLowAge === null && e.statutoryHighAge === null) return '';
  return `${e.statutoryLowAge ?? '?'} to ${e.statutoryHighAge ?? '?'}`;
}

export const ofstedLabel = (r: OfstedRating | null) => (r ? ofstedRatingLabels[r] : '');
export const settingKindLabel = (k: EstablishmentFields['settingKind']) => settingKindLabels[k];

export interface PlaceLineRow {
  id: string;
  need: string;
  phase: string;
  ages: string;
  places: string;
  from: string;
  to: string;
  /** Lines not yet in force, or ended, are marked so the total today adds up. */
  tag: { text: string; classes: string } | null;
  /** What a "Change" link changes, for people who hear the link out of its row. */
  changeText: string;
}

export interface PlaceSection {
  provision: Provision;
  label: string;
  types: string[];
  caption: string;
  lines: PlaceLineRow[];
}

const bySenType = (a: SenType, b: SenType) => senTypes.indexOf(a) - senTypes.indexOf(b);
const needLabel = (t: SenType) => `${senTypeLabels[t]} (${t})`;

/**
 * The school page's designated places, one section per provision the setting has or has anything
 * recorded for: the types of need it is designated for, and its place lines with the total today.
 */
export function placeSections(
  e: Pick<EstablishmentFields, 'isSpecial' | 'hasSenUnit' | 'hasResourcedProvision'>,
  designations: readonly Designation[],
  lines: readonly StoredPlaceLine[],
  today: IsoDate,
): PlaceSection[] {
  const has = new Set<Provision>([
    ...provisionsOf(e),
    ...designations.map((d) => d.provision),
    ...lines.map((l) => l.provision),
  ]);
  return provisions
    .filter((p) => has.has(p))
    .map((provision) => {
      const own = lines
        .filter((l) => l.provision === provision)
        .sort(
          (a, b) =>
            bySenType(a.senType, b.senType) ||
            placePhases.indexOf(a.phase) - placePhases.indexOf(b.phase) ||
            a.startsOn.localeCompare(b.startsOn),
        );
      const total = placesOn(own, today);
      return {
        provision,
        label: provisionLabels[provision],
        types: designations
          .filter((d) => d.provision === provision)
          .map((d) => d.senType)
          .sort(bySenType)
          .map(needLabel),
        caption: `${provisionLabels[provision]}: ${wholeNumber(total)} ${total === 1 ? 'place' : 'places'} today`,
        lines: own.map((l) => ({
          id: l.id,
          need: needLabel(l.senType),
          phase: placePhaseLabels[l.phase],
          ages: `${l.lowAge} to ${l.highAge}`,
          places: wholeNumber(l.places),
          from: formatDate(l.startsOn),
          to: l.endsOn ? formatDate(l.endsOn) : 'No end date',
          tag:
            l.startsOn > today
              ? { text: `From ${formatDate(l.startsOn)}`, classes: 'govuk-tag--blue' }
              : l.endsOn !== null && l.endsOn < today
                ? { text: 'Ended', classes: 'govuk-tag--grey' }
                : null,
          changeText: `${provisionNames[provision]} places for ${l.senType}, ${placePhaseLabels[l.phase].toLowerCase()}, from ${formatDate(l.startsOn)}`,
        })),
      };
    });
}

export function pageLinks(
  base: string,
  params: Record<string, string | undefined>,
  page: number,
  pages: number,
) {
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    if (p > 1) q.set('page', String(p));
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  const window = [1, page - 1, page, page + 1, pages].filter(
    (p, i, a) => p >= 1 && p <= pages && a.indexOf(p) === i,
  );
  window.sort((a, b) => a - b);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  window.forEach((p, i) => {
    const prev = window[i - 1];
    if (prev !== undefined && p - prev > 1) items.push({ ellipsis: true });
    items.push({ number: p, href: href(p), current: p === page });
  });
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items: pages > 1 ? items : [],
  };
}
