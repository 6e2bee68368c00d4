import { z } from 'zod';
import { type FieldError, notFound, unprocessable } from '../../../platform/http/problem.ts';
import { parseOrThrow } from '../../../platform/http/validation.ts';
import { isRealIsoDate } from '../../../platform/kernel/dates.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { audit, authorise, type ProgrammeContext, transaction } from '../context.ts';
import { findCycle } from '../domain/schedule.ts';
import { projectStatuses } from '../domain/structure.ts';
import * as repo from './repo.ts';

/**
 * A project's work items and milestones, kept by the programme manager: items added and moved on
 * through their status, milestones added and marked achieved, and milestones made to wait for
 * one another, refused when that would close a circle.
 */

const day = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .refine(
      (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealIsoDate(v),
      `${label[0]?.toUpperCase()}${label.slice(1)} must be a real date`,
    );

export const workItemSchema = z.object({
  title: z
    .string({ error: 'Enter the work item' })
    .trim()
    .min(1, 'Enter the work item')
    .max(300, 'The work item must be 300 characters or fewer'),
  status: z.enum(projectStatuses, { error: 'Choose the work item’s status' }).default('not_started'),
  dueOn: day('the date it is due').nullable().optional(),
});
export const workItemStatusSchema = z.object({
  status: z.enum(projectStatuses, { error: 'Choose the work item’s status' }),
});
export const milestoneSchema = z.object({
  name: z.string({ error: 'Enter the milestone' }).trim().min(1, 'Enter the milestone').max(200),
  dueOn: day('the date it is due'),
});
export const achievedSchema = z.object({ achievedOn: day('the date it was achieved').nullable() });
export const milestoneLinkSchema = z.object({
  beforeId: z.uuid('Choose the milestone that must come first'),
  afterId: z.uuid('Choose the milestone that waits for it'),
});

async function projectIn(
  ctx: ProgrammeContext,
  tx: Parameters<typeof repo.readProgramme>[0],
  programmeId: string,
  projectId: string,
) {
  const records = isUuid(programmeId)
    ? await repo.readProgramme(tx, ctx.principal.laCode, programmeId)
    : null;
  if (!records) throw notFound('There is no such programme in your LA.');
  if (!records.projects.some((p) => p.id === projectId))
    throw notFound('There is no such project in this programme.');
  return records;
}

const recorded = (
  ctx: ProgrammeContext,
  tx: Parameters<typeof audit>[0],
  action: string,
  projectId: string,
  detail: Record<string, unknown>,
) => audit(tx, ctx, { action, entityType: 'programme_project', entityId: projectId, childId: null, detail });

export async function addWorkItem(
  ctx: ProgrammeContext,
  programmeId: string,
  projectId: string,
  input: unknown,
) {
  const data = parseOrThrow(workItemSchema, input);
  authorise(ctx, 'programme:manage');
  return transaction(ctx, async (tx) => {
    await projectIn(ctx, tx, programmeId, projectId);
    const id = await repo.insertWorkItem(tx, ctx.principal.laCode, projectId, {
      ...data,
      dueOn: data.dueOn ?? null,
    });
    await recorded(ctx, tx, 'programme.item.added', projectId, { title: data.title, status: data.status });
    return { id };
  });
}

export async function moveWorkItem(
  ctx: ProgrammeContext,
  programmeId: string,
  projectId: string,
  id: string,
  input: unknown,
) {
  const { status } = parseOrThrow(workItemStatusSchema, input);
  authorise(ctx, 'programme:manage');
  await transaction(ctx, async (tx) => {
    await projectIn(ctx, tx, programmeId, projectId);
    if (
      !isUuid(id) ||
      !(await repo.setWorkItemStatus(tx, ctx.principal.laCode, projectId, id, status, ctx.today))
    )
      throw notFound('There is no such work item in this project.');
    await recorded(ctx, tx, 'programme.item.changed', projectId, { item: id, status });
  });
}

export async function addMilestone(
  ctx: ProgrammeContext,
  programmeId: string,
  projectId: string,
  input: unknown,
) {
  const data = parseOrThrow(milestoneSchema, input);
  authorise(ctx, 'programme:manage');
  return transaction(ctx, async (tx) => {
    await projectIn(ctx, tx, programmeId, projectId);
    const id = await repo.insertMilestone(tx, ctx.principal.laCode, programmeId, projectId, data);
    await recorded(ctx, tx, 'programme.milestone.added', projectId, data);
    return { id };
  });
}

export async function markMilestone(
  ctx: ProgrammeContext,
  programmeId: string,
  projectId: string,
  id: string,
  input: unknown,
) {
  const { achievedOn } = parseOrThrow(achievedSchema, input);
  authorise(ctx, 'programme:manage');
  if (achievedOn && achievedOn > ctx.today)
    throw unprocessable([
      { field: 'achievedOn', message: 'The date it was achieved must be today or in the past' },
    ]);
  await transaction(ctx, async (tx) => {
    const records = await projectIn(ctx, tx, programmeId, projectId);
    if (
      !records.milestones.some((m) => m.id === id && m.projectId === projectId) ||
      !(await repo.setMilestoneAchieved(tx, ctx.principal.laCode, programmeId, id, achievedOn))
    )
      throw notFound('There is no such milestone in this project.');
    await recorded(ctx, tx, 'programme.milestone.changed', projectId, { milestone: id, achievedOn });
  });
}

/** A milestone that cannot be reached before another: refused when the two would wait in a circle. */
export async function linkMilestones(ctx: ProgrammeContext, programmeId: string, input: unknown) {
  const link = parseOrThrow(milestoneLinkSchema, input);
  authorise(ctx, 'programme:manage');
  await transaction(ctx, async (tx) => {
    if (!isUuid(programmeId) || !(await repo.lockProgramme(tx, ctx.principal.laCode, programmeId)))
      throw notFound('There is no such programme in your LA.');
    const records = await repo.readProgramme(tx, ctx.principal.laCode, programmeId);
    const name = new Map((records?.milestones ?? []).map((m) => [m.id, m.name]));
    const problems: FieldError[] = [];
    if (!name.has(link.beforeId))
      problems.push({ field: 'beforeId', message: 'Choose a milestone of this programme' });
    if (!name.has(link.afterId))
      problems.push({ field: 'afterId', message: 'Choose a milestone of this programme' });
    if (!problems.length && link.beforeId === link.afterId)
      problems.push({ field: 'afterId', message: 'A milestone cannot wait for itself: choose another' });
    if (problems.length) throw unprocessable(problems);
    const cycle = findCycle(
      [...name.keys()],
      [...(records?.milestoneLinks ?? []), link].map((l) => ({ before: l.beforeId, after: l.afterId })),
    );
    if (cycle)
      throw unprocessable([
        {
          field: 'beforeId',
          message: `This would make the milestones wait for each other in a circle: ${cycle.map((id) => name.get(id)).join(' → ')}`,
        },
      ]);
    await repo.insertMilestoneLink(tx, ctx.principal.laCode, programmeId, link);
    await audit(tx, ctx, {
      action: 'programme.milestone.linked',
      entityType: 'programme',
      entityId: programmeId,
      childId: null,
      detail: { before: name.get(link.beforeId), after: name.get(link.afterId) },
    });
  });
}
