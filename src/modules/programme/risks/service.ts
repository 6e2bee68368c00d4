import { type FieldError, HttpProblem, notFound, unprocessable } from '../../../platform/http/problem.ts';
import { parseOrThrow } from '../../../platform/http/validation.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { audit, authorise, type ProgrammeContext, transaction } from '../context.ts';
import { readProgramme } from '../structure/repo.ts';
import * as repo from './repo.ts';
import { type RiskInput, riskChangeSchema, riskSchema } from './schemas.ts';

/** The risks and issues log: read by everyone who reads the programme, kept by its manager. */

const noSuchProgramme = () => notFound('There is no such programme in your LA.');

export async function listProgrammeRisks(
  ctx: ProgrammeContext,
  programmeId: string,
): Promise<repo.RiskRow[]> {
  authorise(ctx, 'programme:read');
  if (!isUuid(programmeId)) throw noSuchProgramme();
  return transaction(ctx, (tx) => repo.listRisks(tx, ctx.principal.laCode, programmeId));
}

async function checkedValues(
  ctx: ProgrammeContext,
  tx: Parameters<typeof readProgramme>[0],
  programmeId: string,
  data: RiskInput,
  current: repo.RiskRow | null,
): Promise<repo.RiskValues> {
  const records = isUuid(programmeId) ? await readProgramme(tx, ctx.principal.laCode, programmeId) : null;
  if (!records) throw noSuchProgramme();
  const problems: FieldError[] = [];
  if (data.projectId && !records.projects.some((p) => p.id === data.projectId))
    problems.push({ field: 'projectId', message: 'Choose a project of this programme, or none' });
  // A new review date must be ahead; an old one kept as it was may have passed (it is then due).
  if (data.reviewOn < ctx.today && data.reviewOn !== current?.reviewOn && data.status === 'open')
    problems.push({ field: 'reviewOn', message: 'The next review must be today or later' });
  if (problems.length) throw unprocessable(problems);
  return {
    projectId: data.projectId ?? null,
    kind: data.kind,
    title: data.title,
    description: data.description || null,
    likelihood: data.likelihood,
    impact: data.impact,
    ownerName: data.ownerName,
    mitigation: data.mitigation,
    reviewOn: data.reviewOn,
    escalatedOn: data.escalated ? (current?.escalatedOn ?? ctx.today) : null,
    status: data.status,
    closedOn: data.status === 'closed' ? (current?.closedOn ?? ctx.today) : null,
  };
}

export async function addRisk(
  ctx: ProgrammeContext,
  programmeId: string,
  input: unknown,
): Promise<{ id: string }> {
  const data = parseOrThrow(riskSchema, input);
  authorise(ctx, 'programme:manage');
  return transaction(ctx, async (tx) => {
    const values = await checkedValues(ctx, tx, programmeId, data, null);
    const id = await repo.insertRisk(tx, ctx.principal.laCode, programmeId, values);
    await audit(tx, ctx, {
      action: `programme.${values.kind}.added`,
      entityType: 'programme_risk',
      entityId: id,
      childId: null,
      detail: { risk: values },
    });
    return { id };
  });
}

export async function changeRisk(
  ctx: ProgrammeContext,
  programmeId: string,
  id: string,
  input: unknown,
): Promise<{ id: string; version: number }> {
  const { version, ...data } = parseOrThrow(riskChangeSchema, input);
  authorise(ctx, 'programme:manage');
  return transaction(ctx, async (tx) => {
    const current = (await repo.listRisks(tx, ctx.principal.laCode, programmeId)).find((r) => r.id === id);
    if (!current) throw notFound('There is no such risk or issue in this programme.');
    const stale = () =>
      new HttpProblem(
        409,
        'Conflict',
        `This ${current.kind} was changed by someone else after version ${version}: it is now version ${current.version}. Read it again and make your change to what is there now.`,
        [{ field: 'version', message: `version ${version} is out of date` }],
      );
    if (current.version !== version) throw stale();
    const values = await checkedValues(ctx, tx, programmeId, data, current);
    if (!(await repo.updateRisk(tx, ctx.principal.laCode, id, version, values))) throw stale();
    const { id: _, version: __, ref: ___, ...before } = current;
    await audit(tx, ctx, {
      action: `programme.${values.kind}.changed`,
      entityType: 'programme_risk',
      entityId: id,
      childId: null,
      detail: { before, after: values },
    });
    return { id, version: version + 1 };
  });
}
