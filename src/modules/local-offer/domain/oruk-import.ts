import { normalisePostcode } from '../../../platform/kernel/postcode.ts';
import { type CategoryCode, days, type HeadingCode, maxLocations, maxSchedules } from './record.ts';

/**
 * A service from another Open Referral UK 3.0 feed, read into a Local Offer record. What the
 * record cannot hold is left out and said in a warning (a place with no UK postcode, a schedule
 * that is not weekly); what it cannot do without is a problem, and one problem anywhere in a file
 * stops the whole import. Taxonomy terms are matched by ID: every OpenSEND feed gives the Local
 * Offer's headings, categories and needs the same IDs, so a service from another LA's Local Offer
 * keeps them; a service the feed places under none of our headings goes under the one the editor
 * chose for the import.
 */

export interface ImportDefaults {
  heading: HeadingCode;
  category: CategoryCode;
}

/** Our taxonomy terms by their fixed IDs: what each means in a record. */
export type KnownTerms = ReadonlyMap<
  string,
  { taxonomy: 'schedule-2' | 'category' | 'sen2-need'; code: string }
>;

export interface ImportedService {
  sourceId: string;
  organization: { name: string; description: string; email: string | null; website: string | null };
  record: Record<string, unknown>;
  warnings: string[];
}

export type Mapped =
  | { ok: true; service: ImportedService }
  | { ok: false; sourceId: string | null; name: string | null; problems: string[] };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const webAddress = (v: unknown) => (/^https?:\/\/\S+$/.test(str(v)) ? str(v) : '');
const emailAddress = (v: unknown) => (/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(str(v)) ? str(v) : '');
const hhmm = (v: unknown) => /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.exec(str(v))?.[0].slice(0, 5) ?? '';
const money = (n: unknown) =>
  typeof n === 'number' && Number.isFinite(n)
    ? `£${n.toLocaleString('en-GB', { minimumFractionDigits: n % 1 ? 2 : 0 })}`
    : '';

/** The services in a file: one service, an array of them, or a page of a /services list. */
export function servicesIn(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (isObject(json) && Array.isArray(json.contents)) return json.contents;
  if (isObject(json) && 'id' in json && 'name' in json) return [json];
  return null;
}

export function fromOruk(raw: unknown, defaults: ImportDefaults, known: KnownTerms): Mapped {
  if (!isObject(raw))
    return {
      ok: false,
      sourceId: null,
      name: null,
      problems: ['is not a service (an object with an id and a name)'],
    };
  const sourceId = str(raw.id);
  const name = str(raw.name);
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!sourceId) problems.push('has no id');
  else if (sourceId.length > 200) problems.push('has an id longer than 200 characters');
  if (!name) problems.push('has no name');
  else if (name.length > 200) problems.push('has a name longer than 200 characters');
  const description = str(raw.description) || name;
  if (description.length > 10000) problems.push('has a description longer than 10,000 characters');
  const org = isObject(raw.organization) ? raw.organization : null;
  const orgName = str(org?.name);
  if (!orgName) problems.push('has no organization with a name');

  if (str(raw.url) && !webAddress(raw.url))
    problems.push(
      `has the website "${str(raw.url).slice(0, 80)}", which is not a web address starting http:// or https://`,
    );
  if (str(raw.email) && !emailAddress(raw.email))
    problems.push(`has the email address "${str(raw.email).slice(0, 80)}", which is not an email address`);
  const status = str(raw.status) || 'active';
  if (!['active', 'inactive', 'defunct', 'temporarily closed'].includes(status))
    problems.push(
      `has the status "${status.slice(0, 40)}", which is none of active, inactive, defunct or temporarily closed`,
    );

  const age = (v: unknown, what: string) => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 120) return v;
    problems.push(`has a ${what} age that is not a whole number of years from 0 to 120`);
    return '';
  };
  const minimumAge = age(raw.minimum_age, 'minimum');
  const maximumAge = age(raw.maximum_age, 'maximum');

  const costs = list(raw.cost_options).filter(isObject);
  const fees = [
    str(raw.fees),
    ...costs.map((c) =>
      [str(c.option), money(c.amount), str(c.amount_description)].filter(Boolean).join(' '),
    ),
  ]
    .filter(Boolean)
    .join('; ')
    .slice(0, 2000);

  const terms = list(raw.attributes)
    .filter(isObject)
    .map((a) => str(a.taxonomy_term_id) || str(isObject(a.taxonomy_term) ? a.taxonomy_term.id : ''))
    .map((id) => known.get(id))
    .filter((t) => t !== undefined);
  const of = (taxonomy: string) => [
    ...new Set(terms.filter((t) => t.taxonomy === taxonomy).map((t) => t.code)),
  ];
  const headings = of('schedule-2');
  const categories = of('category');
  if (!headings.length) warnings.push('placed under the heading chosen for the import');

  const locations: Record<string, unknown>[] = [];
  const accessibility: string[] = [];
  for (const sal of list(raw.service_at_locations).filter(isObject)) {
    const loc = isObject(sal.location) ? sal.location : {};
    const address = list(loc.addresses).filter(isObject)[0] ?? {};
    const place = str(loc.name) || str(address.address_1);
    const postcode = normalisePostcode(str(address.postal_code));
    if (!postcode || !str(address.address_1) || !str(address.city)) {
      warnings.push(
        `left out the place "${place.slice(0, 80) || 'with no name'}": it has no UK address with a postcode`,
      );
      continue;
    }
    const access = list(loc.accessibility)
      .filter(isObject)
      .map((a) => str(a.description) || str(a.accessibility))
      .filter(Boolean)
      .join(' ');
    if (access) accessibility.push(access);
    locations.push({
      name: (place || str(address.address_1)).slice(0, 200),
      address1: str(address.address_1).slice(0, 200),
      city: str(address.city).slice(0, 100),
      postcode,
      accessibility: access.slice(0, 2000),
    });
  }

  const schedules: Record<string, unknown>[] = [];
  for (const s of list(raw.schedules).filter(isObject)) {
    const byday = str(s.byday)
      .split(',')
      .map((d) => d.trim())
      .filter((d): d is (typeof days)[number] => (days as readonly string[]).includes(d));
    const opensAt = hhmm(s.opens_at);
    const closesAt = hhmm(s.closes_at);
    if (
      (str(s.freq) || 'WEEKLY') !== 'WEEKLY' ||
      !byday.length ||
      !opensAt ||
      !closesAt ||
      opensAt >= closesAt
    ) {
      warnings.push('left out a time that is not a weekly day with opening and closing times');
      continue;
    }
    schedules.push({ days: byday, opensAt, closesAt, description: str(s.description).slice(0, 500) });
  }

  if (problems.length) return { ok: false, sourceId: sourceId || null, name: name || null, problems };
  return {
    ok: true,
    service: {
      sourceId,
      organization: {
        name: orgName.slice(0, 200),
        description: str(org?.description).slice(0, 5000),
        email: emailAddress(org?.email) || null,
        website: webAddress(org?.website) || null,
      },
      record: {
        name,
        description,
        url: webAddress(raw.url),
        email: emailAddress(raw.email),
        status,
        minimumAge,
        maximumAge,
        eligibility: '',
        free: fees === '',
        fees,
        accessibility: accessibility.join(' ').slice(0, 5000),
        howToAccess: '',
        headings: headings.length ? headings : [defaults.heading],
        categories: categories.length ? categories : [defaults.category],
        needs: of('sen2-need'),
        locations: locations.slice(0, maxLocations),
        schedules: schedules.slice(0, maxSchedules),
      },
      warnings,
    },
  };
}
