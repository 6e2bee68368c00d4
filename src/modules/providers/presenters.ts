import { formatDate } from './domain/dates.ts';
import {
  type Designation,
  type EstablishmentFields,
  type OfstedRating,
  ofstedRatingLabels,
  type Provision,
  provisionLabels,
  provisionsOf,
  senTypeLabels,
  senTypes,
  settingKindLabels,
  statusLabels,
} from './domain/establishment.ts';

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

export interface DesignationGroup {
  provision: Provision;
  label: string;
  rows: { senType: string; label: string; places: string }[];
  total: number | null;
}

/** Designations grouped by provision, with the total places where every type has a number. */
export function designationGroups(designations: readonly Designation[]): DesignationGroup[] {
  const groups = new Map<Provision, Designation[]>();
  for (const d of designations) groups.set(d.provision, [...(groups.get(d.provision) ?? []), d]);
  return [...groups.entries()].map(([provision, ds]) => {
    const ordered = [...ds].sort((a, b) => senTypes.indexOf(a.senType) - senTypes.indexOf(b.senType));
    return {
      provision,
      label: provisionLabels[provision],
      rows: ordered.map((d) => ({
        senType: d.senType,
        label: senTypeLabels[d.senType],
        places: d.places === null ? 'Not recorded' : String(d.places),
      })),
      total: ordered.every((d) => d.places !== null)
        ? ordered.reduce((s, d) => s + (d.places ?? 0), 0)
        : null,
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
