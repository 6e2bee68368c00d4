import type { JourneySummary } from './domain/summary.ts';
import type { SettingType } from './service.ts';

/** How the travel tables read: minutes to one decimal place, counts in GOV.UK style. */

export const settingTypeLabels: Record<SettingType, string> = {
  special: 'Special school',
  unit: 'SEN unit or resourced provision',
  mainstream: 'Mainstream school',
  independent: 'Independent or non-maintained',
  'post-16': 'College or post-16 provider',
  other: 'Other setting',
};

export const phaseLabels: Record<string, string> = {
  primary: 'Primary (to Year 6)',
  secondary: 'Secondary and post-16 (Year 7 on)',
};

const minutes = (m: number) =>
  m.toLocaleString('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const n = (x: number) => x.toLocaleString('en-GB');

export const travelHead = (first: string) => [
  { text: first },
  { text: 'Children', format: 'numeric' },
  { text: 'Average minutes', format: 'numeric' },
  { text: '90th percentile minutes', format: 'numeric' },
  { text: 'Longest minutes', format: 'numeric' },
  { text: 'Over the time limit', format: 'numeric' },
];

export function travelRows(rows: readonly JourneySummary[], label: (key: string) => string) {
  return rows.map((r) => [
    { text: label(r.key) },
    { text: n(r.count), format: 'numeric' },
    { text: minutes(r.meanMinutes), format: 'numeric' },
    { text: minutes(r.p90Minutes), format: 'numeric' },
    { text: minutes(r.maxMinutes), format: 'numeric' },
    { text: n(r.overLimit), format: 'numeric' },
  ]);
}

export { minutes as minutesText };
