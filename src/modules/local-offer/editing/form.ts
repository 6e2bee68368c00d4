import type { ServiceRecord, ServiceRecordInput } from '../domain/record.ts';

/**
 * The service form's fields and the record they make, both ways. Up to three places and three
 * sets of times are offered at once; a row left blank is not there. What the form cannot say is
 * left for the record's checks to name (a list value that is not in the list, a time not a time).
 */

export const placeRows = 3;
export const timeRows = 3;

type Body = Record<string, unknown>;

const str = (b: Body, k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
const list = (b: Body, k: string): string[] => {
  const v = b[k];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' && v ? [v] : [];
};

export function recordFromForm(b: Body): ServiceRecordInput & Record<string, unknown> {
  const locations = Array.from({ length: placeRows }, (_, i) => ({
    name: str(b, `locations-${i}-name`),
    address1: str(b, `locations-${i}-address1`),
    city: str(b, `locations-${i}-city`),
    postcode: str(b, `locations-${i}-postcode`),
    accessibility: str(b, `locations-${i}-accessibility`),
  })).filter((l) => Object.values(l).some((v) => v.trim()));
  const schedules = Array.from({ length: timeRows }, (_, i) => ({
    days: list(b, `schedules-${i}-days`),
    opensAt: str(b, `schedules-${i}-opensAt`),
    closesAt: str(b, `schedules-${i}-closesAt`),
    description: str(b, `schedules-${i}-description`),
  })).filter((s) => s.days.length || s.opensAt.trim() || s.closesAt.trim() || s.description.trim());
  const free = str(b, 'free');
  return {
    organizationId: str(b, 'organizationId'),
    name: str(b, 'name'),
    description: str(b, 'description'),
    url: str(b, 'url'),
    email: str(b, 'email'),
    phone: str(b, 'phone'),
    status: str(b, 'status') as ServiceRecordInput['status'],
    minimumAge: str(b, 'minimumAge'),
    maximumAge: str(b, 'maximumAge'),
    eligibility: str(b, 'eligibility'),
    // Unanswered stays unanswered, for the check to ask.
    free: (free === 'yes' ? true : free === 'no' ? false : undefined) as boolean,
    fees: str(b, 'fees'),
    accessibility: str(b, 'accessibility'),
    howToAccess: str(b, 'howToAccess'),
    headings: list(b, 'headings') as ServiceRecordInput['headings'],
    categories: list(b, 'categories') as ServiceRecordInput['categories'],
    needs: list(b, 'needs') as ServiceRecordInput['needs'],
    locations: locations as ServiceRecordInput['locations'],
    schedules: schedules as ServiceRecordInput['schedules'],
  };
}

/** What the form shows for a record: every field as text, lists as lists. */
export function formFromRecord(r: ServiceRecord | ServiceRecordInput): Record<string, string | string[]> {
  const v: Record<string, string | string[]> = {
    organizationId: r.organizationId,
    name: r.name,
    description: r.description,
    url: r.url ?? '',
    email: r.email ?? '',
    phone: r.phone ?? '',
    status: r.status ?? '',
    minimumAge: r.minimumAge === null || r.minimumAge === undefined ? '' : String(r.minimumAge),
    maximumAge: r.maximumAge === null || r.maximumAge === undefined ? '' : String(r.maximumAge),
    eligibility: r.eligibility ?? '',
    free: r.free === true ? 'yes' : r.free === false ? 'no' : '',
    fees: r.fees ?? '',
    accessibility: r.accessibility ?? '',
    howToAccess: r.howToAccess ?? '',
    headings: [...(r.headings ?? [])],
    categories: [...(r.categories ?? [])],
    needs: [...(r.needs ?? [])],
  };
  (r.locations ?? []).forEach((l, i) => {
    for (const k of ['name', 'address1', 'city', 'postcode', 'accessibility'] as const)
      v[`locations-${i}-${k}`] = String(l[k] ?? '');
  });
  (r.schedules ?? []).forEach((s, i) => {
    v[`schedules-${i}-days`] = [...(s.days ?? [])];
    v[`schedules-${i}-opensAt`] = s.opensAt;
    v[`schedules-${i}-closesAt`] = s.closesAt;
    v[`schedules-${i}-description`] = s.description ?? '';
  });
  return v;
}

/** The form's values from what was posted, to show back with the problems. */
export function formFromBody(b: Body): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(b))
    if (k !== '_csrf') out[k] = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v : '';
  return out;
}
