import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { daysBetween } from '../../../platform/kernel/days.ts';
import type { ScheduleTask } from './schedule.ts';

/**
 * A programme's projects as the programme manager keeps them: status, priority, RAG and the dates
 * planned and actual, with the rules that keep them sensible. Pure.
 */

export const projectStatuses = ['not_started', 'in_progress', 'complete', 'on_hold', 'closed'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

/** The words Norfolk's programme uses for its items, and the rest in the same plain register. */
export const statusLabels: Record<ProjectStatus, string> = {
  not_started: 'In plan – not started',
  in_progress: 'Work in progress',
  complete: 'Complete',
  on_hold: 'On hold',
  closed: 'Closed',
};

export const rags = ['red', 'amber', 'green'] as const;
export type Rag = (typeof rags)[number];
export const ragLabels: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green' };

export interface ProjectDates {
  status: ProjectStatus;
  plannedStart: IsoDate;
  plannedEnd: IsoDate;
  actualStart: IsoDate | null;
  actualEnd: IsoDate | null;
}

export interface DateProblem {
  field: 'plannedEnd' | 'actualStart' | 'actualEnd';
  message: string;
}

/** What is wrong with a project's dates for its status, each against the field to correct. */
export function projectDateProblems(p: ProjectDates, today: IsoDate): DateProblem[] {
  const problems: DateProblem[] = [];
  if (p.plannedEnd < p.plannedStart)
    problems.push({
      field: 'plannedEnd',
      message: 'The planned end must be the same as or after the planned start',
    });
  if (p.actualStart && p.actualStart > today)
    problems.push({ field: 'actualStart', message: 'The actual start must be today or in the past' });
  if (p.status === 'not_started' && p.actualStart)
    problems.push({
      field: 'actualStart',
      message: 'A project in plan and not started has no actual start: clear it, or choose another status',
    });
  if ((p.status === 'in_progress' || p.status === 'complete') && !p.actualStart)
    problems.push({ field: 'actualStart', message: 'Enter the day the project actually started' });
  if (p.actualEnd && !p.actualStart)
    problems.push({ field: 'actualStart', message: 'A project that has ended must have an actual start' });
  if (p.actualEnd && p.actualStart && p.actualEnd < p.actualStart)
    problems.push({
      field: 'actualEnd',
      message: 'The actual end must be the same as or after the actual start',
    });
  if (p.actualEnd && p.actualEnd > today)
    problems.push({ field: 'actualEnd', message: 'The actual end must be today or in the past' });
  if (p.status === 'complete' && !p.actualEnd)
    problems.push({ field: 'actualEnd', message: 'Enter the day the project finished' });
  return problems;
}

/** Projects as the scheduler takes them: each lasting its planned days, from first to last. */
export function projectTasks(
  projects: readonly (ProjectDates & { id: string; name: string; priority: number })[],
): ScheduleTask[] {
  return projects.map((p) => ({
    id: p.id,
    name: p.name,
    priority: p.priority,
    durationDays: daysBetween(p.plannedStart, p.plannedEnd) + 1,
    plannedStart: p.plannedStart,
    actualStart: p.actualStart,
    actualEnd: p.actualEnd,
  }));
}
