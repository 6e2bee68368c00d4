import { dateFromParts } from '../../../platform/http/forms.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import type { ProjectRow } from './repo.ts';

/**
 * The project form as the API's body: the dates in three boxes each, the priority a number; and a
 * refusal's fields back to the boxes they came from (a date's error goes to its day box).
 */

type Body = Record<string, unknown>;
const str = (b: Body, k: string) => (typeof b[k] === 'string' ? (b[k] as string).trim().slice(0, 2000) : '');
type Parts = { day: string; month: string; year: string };

export const dateFields = ['plannedStart', 'plannedEnd', 'actualStart', 'actualEnd'] as const;
type DateField = (typeof dateFields)[number];
const dateLabels: Record<DateField, string> = {
  plannedStart: 'The planned start',
  plannedEnd: 'The planned end',
  actualStart: 'The actual start',
  actualEnd: 'The actual end',
};

export interface ProjectForm {
  workstreamId: string;
  name: string;
  purpose: string;
  leadName: string;
  status: string;
  priority: string;
  rag: string;
  ragReason: string;
  dates: Record<DateField, Parts>;
  version: string;
}

const partsFrom = (iso: string | null): Parts =>
  iso
    ? { day: String(Number(iso.slice(8))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) }
    : { day: '', month: '', year: '' };

export function formOfProject(p: ProjectRow | null, workstreamId = ''): ProjectForm {
  return {
    workstreamId: p?.workstreamId ?? workstreamId,
    name: p?.name ?? '',
    purpose: p?.purpose ?? '',
    leadName: p?.leadName ?? '',
    status: p?.status ?? 'not_started',
    priority: p ? String(p.priority) : '',
    rag: p?.rag ?? '',
    ragReason: p?.ragReason ?? '',
    dates: {
      plannedStart: partsFrom(p?.plannedStart ?? null),
      plannedEnd: partsFrom(p?.plannedEnd ?? null),
      actualStart: partsFrom(p?.actualStart ?? null),
      actualEnd: partsFrom(p?.actualEnd ?? null),
    },
    version: p ? String(p.version) : '',
  };
}

export function formOfBody(b: Body): ProjectForm {
  const parts = (k: string): Parts => ({
    day: str(b, `${k}-day`),
    month: str(b, `${k}-month`),
    year: str(b, `${k}-year`),
  });
  return {
    workstreamId: str(b, 'workstreamId'),
    name: str(b, 'name'),
    purpose: str(b, 'purpose'),
    leadName: str(b, 'leadName'),
    status: str(b, 'status'),
    priority: str(b, 'priority'),
    rag: str(b, 'rag'),
    ragReason: str(b, 'ragReason'),
    dates: {
      plannedStart: parts('plannedStart'),
      plannedEnd: parts('plannedEnd'),
      actualStart: parts('actualStart'),
      actualEnd: parts('actualEnd'),
    },
    version: str(b, 'version'),
  };
}

/** The API's body from the form, with the date boxes' own problems. */
export function projectBodyOf(f: ProjectForm): { body: Record<string, unknown>; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const dates: Record<string, string | null> = {};
  for (const k of dateFields) {
    const d = dateFromParts(dateLabels[k], f.dates[k].day, f.dates[k].month, f.dates[k].year);
    if (!d.ok) problems.push({ field: k, message: d.message });
    else dates[k] = d.value ?? null;
  }
  for (const k of ['plannedStart', 'plannedEnd'] as const)
    if (dates[k] === null) problems.push({ field: k, message: `Enter ${dateLabels[k].toLowerCase()}` });
  const priority = /^\d+$/.test(f.priority) ? Number(f.priority) : f.priority === '' ? undefined : f.priority;
  return {
    body: {
      workstreamId: f.workstreamId,
      name: f.name,
      purpose: f.purpose || null,
      leadName: f.leadName,
      status: f.status,
      priority,
      rag: f.rag,
      ragReason: f.ragReason,
      plannedStart: dates.plannedStart ?? undefined,
      plannedEnd: dates.plannedEnd ?? undefined,
      actualStart: dates.actualStart ?? null,
      actualEnd: dates.actualEnd ?? null,
      ...(f.version ? { version: Number(f.version) } : {}),
    },
    problems,
  };
}

/** A date's error shows against its day box, which is where its label points. */
export const formIdOf = (field: string) =>
  (dateFields as readonly string[]).includes(field) ? `${field}-day` : field;
