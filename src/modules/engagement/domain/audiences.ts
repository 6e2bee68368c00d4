/** Who an event, a consultation or an MI sheet is for, and who a booking or a response is from. */
export const audiences = [
  'parents',
  'young-people',
  'sencos',
  'heads',
  'governors',
  'cluster-hosts',
  'professionals',
] as const;
export type Audience = (typeof audiences)[number];

export const audienceLabels: Record<Audience, string> = {
  parents: 'Parents and carers',
  'young-people': 'Young people',
  sencos: 'SENCos',
  heads: 'Head teachers',
  governors: 'SEN governors',
  'cluster-hosts': 'Cluster hosts',
  professionals: 'Other professionals',
};

/** Who in a school an MI sheet is for, as the sheet's "Audience" line names them. */
export const schoolAudiences = [
  'heads',
  'sencos',
  'governors',
  'cluster-hosts',
  'business-managers',
] as const;
export type SchoolAudience = (typeof schoolAudiences)[number];

export const schoolAudienceLabels: Record<SchoolAudience, string> = {
  heads: 'Head teachers',
  sencos: 'SENCos',
  governors: 'SEN governors',
  'cluster-hosts': 'Cluster hosts',
  'business-managers': 'School business managers',
};

/** "Parents and carers, SENCos and Head teachers": a list as a sentence names it. */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
