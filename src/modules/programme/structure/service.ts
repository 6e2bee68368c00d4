import { type FieldError, HttpProblem, notFound, unprocessable } from '../../../platform/http/problem.ts';
import { parseOrThrow } from '../../../platform/http/validation.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { audit, authorise, type ProgrammeContext, transaction } from '../context.ts';
import { findCycle, type Schedule, scheduleProgramme } from '../domain/schedule.ts';
import { projectDateProblems, projectTasks } from '../domain/structure.ts';
import * as repo from './repo.ts';
import { dependencySchema, type ProjectInput, projectChangeSchema, projectSchema } from './schemas.ts';

/**
 * The programme's structure: read whole with its schedule, and its projects and the dependencies
 * between them kept by the programme manager, each change audited.
 */

export interface ProgrammeView extends repo.ProgrammeRecords {
  /** The projects' start order, earliest dates and critical path; null when the plan cannot be scheduled. */
  schedule: Schedule | null;
}

const noSuchProgramme = () => notFound('There is no such programme in your LA.');
const noSuchProject = () => notFound('There is no such project in this programme.');

/** The programme a project is in, for reading the project by its id alone. */
export async function programmeIdOfProject(ctx: ProgrammeContext, projectId: string): Promise<string> {
  authorise(ctx, 'programme:read');
  const id = isUuid(projectId)
    ? await transaction(ctx, (tx) => repo.programmeOfProject(tx, ctx.principal.laCode, projectId))
    : null;
  if (!id) throw noSuchProject();
  return id;
}

/** The programme asked for, or the LA's newest; null when the LA has none. */
export async function getProgramme(ctx: ProgrammeContext, id?: string): Promise<ProgrammeView | null> {
  authorise(ctx, 'programme:read');
  const laCode = ctx.principal.laCode;
  const records = await transaction(ctx, async (tx) => {
    if (id !== undefined) {
      if (!isUuid(id)) throw noSuchProgramme();
      const found = await repo.readProgramme(tx, laCode, id);
      if (!found) throw noSuchProgramme();
      return found;
    }
    const [newest] = await repo.listProgrammes(tx, laCode);
    return newest ? repo.readProgramme(tx, laCode, newest.id) : null;
  });
  if (!records) return null;
  const scheduled = scheduleProgramme(
    projectTasks(records.projects),
    records.projectLinks.map((l) => ({ before: l.beforeId, after: l.afterId })),
    ctx.today,
  );
  return { ...records, schedule: scheduled.ok ? scheduled.schedule : null };
}

function valuesOf(
  ctx: ProgrammeContext,
  records: repo.ProgrammeRecords,
  data: ProjectInput,
): repo.ProjectValues {
  const problems: FieldError[] = projectDateProblems(
    {
      status: data.status,
      plannedStart: data.plannedStart,
      plannedEnd: data.plannedEnd,
      actualStart: data.actualStart ?? null,
      actualEnd: data.actualEnd ?? null,
    },
    ctx.today,
  ).map((p) => ({ field: p.field, message: p.message }));
  if (!records.workstreams.some((w) => w.id === data.workstreamId))
    problems.unshift({
      field: 'workstreamId',
      message: `That workstream is not in ${records.programme.name}: choose one of its own`,
    });
  if (problems.length) throw unprocessable(problems);
  return {
    workstreamId: data.workstreamId,
    name: data.name,
    purpose: data.purpose || null,
    leadName: data.leadName,
    status: data.status,
    priority: data.priority,
    rag: data.rag,
    ragReason: data.ragReason,
    plannedStart: data.plannedStart,
    plannedEnd: data.plannedEnd,
    actualStart: data.actualStart ?? null,
    actualEnd: data.actualEnd ?? null,
  };
}

async function programmeFor(ctx: ProgrammeContext, tx: Parameters<typeof repo.readProgramme>[0], id: string) {
  const records = isUuid(id) ? await repo.readProgramme(tx, ctx.principal.laCode, id) : null;
  if (!records) throw noSuchProgramme();
  return records;
}

const nameTaken = (name: string) =>
  unprocessable([{ field: 'name', message: `There is already a project called ${name} in this programme` }]);

export async function addProject(
  ctx: ProgrammeContext,
  programmeId: string,
  input: unknown,
): Promise<{ id: string; version: number }> {
  const data = parseOrThrow(projectSchema, input);
  authorise(ctx, 'programme:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const records = await programmeFor(ctx, tx, programmeId);
    const values = valuesOf(ctx, records, data);
    if (records.projects.some((p) => p.name.toLowerCase() === values.name.toLowerCase()))
      throw nameTaken(values.name);
    const id = await repo.insertProject(tx, laCode, programmeId, values, ctx.principal.userId);
    await audit(tx, ctx, {
      action: 'programme.project.added',
      entityType: 'programme_project',
      entityId: id,
      childId: null,
      detail: { project: values },
    });
    return { id, version: 1 };
  });
}

function staleProject(now: number, sent: number) {
  return new HttpProblem(
    409,
    'Conflict',
    `This project was changed by someone else after version ${sent}: it is now version ${now}. Read it again and make your change to what is there now.`,
    [{ field: 'version', message: `version ${sent} is out of date; the project is at version ${now}` }],
  );
}

export async function changeProject(
  ctx: ProgrammeContext,
  programmeId: string,
  id: string,
  input: unknown,
): Promise<{ id: string; version: number }> {
  const { version, ...data } = parseOrThrow(projectChangeSchema, input);
  authorise(ctx, 'programme:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const records = await programmeFor(ctx, tx, programmeId);
    const current = records.projects.find((p) => p.id === id);
    if (!current) throw noSuchProject();
    if (current.version !== version) throw staleProject(current.version, version);
    const values = valuesOf(ctx, records, data);
    if (records.projects.some((p) => p.id !== id && p.name.toLowerCase() === values.name.toLowerCase()))
      throw nameTaken(values.name);
    if (!(await repo.updateProject(tx, laCode, id, version, values, ctx.principal.userId)))
      throw staleProject(current.version + 1, version);
    const { version: _, id: __, ...before } = current;
    await audit(tx, ctx, {
      action: 'programme.project.changed',
      entityType: 'programme_project',
      entityId: id,
      childId: null,
      detail: { before, after: values },
    });
    return { id, version: version + 1 };
  });
}

/**
 * A finish-to-start dependency between two of the programme's projects. One that would close a
 * cycle is refused, naming every project in it in order; the programme is locked while the check
 * runs, so two added at once cannot close one between them.
 */
export async function addDependency(
  ctx: ProgrammeContext,
  programmeId: string,
  input: unknown,
): Promise<void> {
  const link = parseOrThrow(dependencySchema, input);
  authorise(ctx, 'programme:manage');
  const laCode = ctx.principal.laCode;
  await transaction(ctx, async (tx) => {
    if (!isUuid(programmeId) || !(await repo.lockProgramme(tx, laCode, programmeId))) throw noSuchProgramme();
    const records = await programmeFor(ctx, tx, programmeId);
    const name = new Map(records.projects.map((p) => [p.id, p.name]));
    const problems = [
      ...(name.has(link.beforeId)
        ? []
        : [{ field: 'beforeId', message: 'Choose a project in this programme' }]),
      ...(name.has(link.afterId)
        ? []
        : [{ field: 'afterId', message: 'Choose a project in this programme' }]),
    ];
    if (!problems.length && link.beforeId === link.afterId)
      problems.push({ field: 'afterId', message: 'A project cannot wait for itself: choose another' });
    if (problems.length) throw unprocessable(problems);
    const cycle = findCycle(
      records.projects.map((p) => p.id),
      [...records.projectLinks, link].map((l) => ({ before: l.beforeId, after: l.afterId })),
    );
    if (cycle)
      throw unprocessable([
        {
          field: 'beforeId',
          message: `This would make the projects wait for each other in a circle: ${cycle.map((id) => name.get(id)).join(' → ')}`,
        },
      ]);
    await repo.insertProjectLink(tx, laCode, programmeId, link);
    await audit(tx, ctx, {
      action: 'programme.dependency.added',
      entityType: 'programme_project',
      entityId: link.afterId,
      childId: null,
      detail: { before: name.get(link.beforeId), after: name.get(link.afterId) },
    });
  });
}

export async function removeDependency(
  ctx: ProgrammeContext,
  programmeId: string,
  input: unknown,
): Promise<void> {
  const link = parseOrThrow(dependencySchema, input);
  authorise(ctx, 'programme:manage');
  const laCode = ctx.principal.laCode;
  await transaction(ctx, async (tx) => {
    const records = await programmeFor(ctx, tx, programmeId);
    const name = new Map(records.projects.map((p) => [p.id, p.name]));
    if (!(await repo.deleteProjectLink(tx, laCode, programmeId, link)))
      throw notFound('There is no such dependency in this programme.');
    await audit(tx, ctx, {
      action: 'programme.dependency.removed',
      entityType: 'programme_project',
      entityId: link.afterId,
      childId: null,
      detail: { before: name.get(link.beforeId), after: name.get(link.afterId) },
    });
  });
}
