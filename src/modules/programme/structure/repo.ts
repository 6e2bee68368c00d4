import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import type { ProjectStatus, Rag } from '../domain/structure.ts';

/** The programme's own tables: the programme, its board, workstreams, projects, their items and milestones. */

export interface ProgrammeRow {
  id: string;
  name: string;
  purpose: string | null;
  budgetPence: number;
  managerName: string;
  discountRate: number;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
  version: number;
  board: { name: string; role: string }[];
}

export interface WorkstreamRow {
  id: string;
  name: string;
  purpose: string | null;
  leadName: string;
  team: string | null;
}

export interface ProjectRow {
  id: string;
  workstreamId: string;
  name: string;
  purpose: string | null;
  leadName: string;
  status: ProjectStatus;
  priority: number;
  rag: Rag;
  ragReason: string;
  plannedStart: IsoDate;
  plannedEnd: IsoDate;
  actualStart: IsoDate | null;
  actualEnd: IsoDate | null;
  version: number;
}

export interface WorkItemRow {
  id: string;
  projectId: string;
  title: string;
  status: ProjectStatus;
  dueOn: IsoDate | null;
  doneOn: IsoDate | null;
}

export interface MilestoneRow {
  id: string;
  projectId: string;
  name: string;
  dueOn: IsoDate;
  achievedOn: IsoDate | null;
}

export interface Link {
  beforeId: string;
  afterId: string;
}

export interface ProgrammeRecords {
  programme: ProgrammeRow;
  workstreams: WorkstreamRow[];
  projects: ProjectRow[];
  workItems: WorkItemRow[];
  milestones: MilestoneRow[];
  projectLinks: Link[];
  milestoneLinks: Link[];
}

const d = (column: string) => sql.raw(`to_char(${column}, 'YYYY-MM-DD')`);

/** The LA's programmes, newest first: id and name. */
export async function listProgrammes(tx: Tx, laCode: string): Promise<{ id: string; name: string }[]> {
  const r = await sql<{ id: string; name: string }>`
    SELECT id, name FROM programmes WHERE la_code = ${laCode} ORDER BY starts_on DESC, name`.execute(tx);
  return r.rows;
}

/** Everything a programme holds but its risks, money and reports, in one round trip. */
export async function readProgramme(tx: Tx, laCode: string, id: string): Promise<ProgrammeRecords | null> {
  const r = await sql<{ records: ProgrammeRecords | null }>`
    SELECT json_build_object(
      'programme', json_build_object('id', p.id, 'name', p.name, 'purpose', p.purpose,
        'budgetPence', p.budget_pence, 'managerName', p.manager_name, 'discountRate', p.discount_rate::float8,
        'startsOn', ${d('p.starts_on')}, 'endsOn', ${d('p.ends_on')}, 'version', p.version,
        'board', coalesce((SELECT json_agg(json_build_object('name', b.name, 'role', b.role) ORDER BY b.position, b.name)
          FROM programme_board_members b WHERE b.programme_id = p.id), '[]')),
      'workstreams', coalesce((SELECT json_agg(json_build_object('id', w.id, 'name', w.name, 'purpose', w.purpose,
          'leadName', w.lead_name, 'team', w.team) ORDER BY w.position, w.name)
        FROM workstreams w WHERE w.programme_id = p.id), '[]'),
      'projects', coalesce((SELECT json_agg(json_build_object('id', x.id, 'workstreamId', x.workstream_id,
          'name', x.name, 'purpose', x.purpose, 'leadName', x.lead_name, 'status', x.status,
          'priority', x.priority, 'rag', x.rag, 'ragReason', x.rag_reason,
          'plannedStart', ${d('x.planned_start')}, 'plannedEnd', ${d('x.planned_end')},
          'actualStart', ${d('x.actual_start')}, 'actualEnd', ${d('x.actual_end')}, 'version', x.version)
          ORDER BY x.priority, x.planned_start, x.name)
        FROM programme_projects x WHERE x.programme_id = p.id), '[]'),
      'workItems', coalesce((SELECT json_agg(json_build_object('id', i.id, 'projectId', i.project_id,
          'title', i.title, 'status', i.status, 'dueOn', ${d('i.due_on')}, 'doneOn', ${d('i.done_on')})
          ORDER BY i.position, i.title)
        FROM programme_work_items i JOIN programme_projects x ON x.id = i.project_id
        WHERE x.programme_id = p.id), '[]'),
      'milestones', coalesce((SELECT json_agg(json_build_object('id', m.id, 'projectId', m.project_id,
          'name', m.name, 'dueOn', ${d('m.due_on')}, 'achievedOn', ${d('m.achieved_on')}) ORDER BY m.due_on, m.name)
        FROM programme_milestones m WHERE m.programme_id = p.id), '[]'),
      'projectLinks', coalesce((SELECT json_agg(json_build_object('beforeId', l.before_id, 'afterId', l.after_id))
        FROM programme_project_dependencies l WHERE l.programme_id = p.id), '[]'),
      'milestoneLinks', coalesce((SELECT json_agg(json_build_object('beforeId', l.before_id, 'afterId', l.after_id))
        FROM programme_milestone_dependencies l WHERE l.programme_id = p.id), '[]')
    ) AS records
    FROM programmes p WHERE p.la_code = ${laCode} AND p.id = ${id}`.execute(tx);
  return r.rows[0]?.records ?? null;
}

export type ProjectValues = Omit<ProjectRow, 'id' | 'version'>;

export async function insertProject(
  tx: Tx,
  laCode: string,
  programmeId: string,
  v: ProjectValues,
  userId: string | null,
): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO programme_projects (la_code, programme_id, workstream_id, name, purpose, lead_name, status,
      priority, rag, rag_reason, planned_start, planned_end, actual_start, actual_end, updated_by)
    VALUES (${laCode}, ${programmeId}, ${v.workstreamId}, ${v.name}, ${v.purpose}, ${v.leadName}, ${v.status},
      ${v.priority}, ${v.rag}, ${v.ragReason}, ${v.plannedStart}, ${v.plannedEnd}, ${v.actualStart},
      ${v.actualEnd}, ${userId})
    RETURNING id`.execute(tx);
  return r.rows[0]?.id as string;
}

/** Changes a project at the version read; false when someone changed it first. */
export async function updateProject(
  tx: Tx,
  laCode: string,
  id: string,
  version: number,
  v: ProjectValues,
  userId: string | null,
): Promise<boolean> {
  const r = await sql`
    UPDATE programme_projects SET workstream_id = ${v.workstreamId}, name = ${v.name}, purpose = ${v.purpose},
      lead_name = ${v.leadName}, status = ${v.status}, priority = ${v.priority}, rag = ${v.rag},
      rag_reason = ${v.ragReason}, planned_start = ${v.plannedStart}, planned_end = ${v.plannedEnd},
      actual_start = ${v.actualStart}, actual_end = ${v.actualEnd}, version = version + 1,
      updated_at = now(), updated_by = ${userId}
    WHERE la_code = ${laCode} AND id = ${id} AND version = ${version}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function insertProjectLink(tx: Tx, laCode: string, programmeId: string, link: Link) {
  await sql`INSERT INTO programme_project_dependencies (la_code, programme_id, before_id, after_id)
    VALUES (${laCode}, ${programmeId}, ${link.beforeId}, ${link.afterId}) ON CONFLICT DO NOTHING`.execute(tx);
}

export async function deleteProjectLink(
  tx: Tx,
  laCode: string,
  programmeId: string,
  link: Link,
): Promise<boolean> {
  const r = await sql`DELETE FROM programme_project_dependencies
    WHERE la_code = ${laCode} AND programme_id = ${programmeId} AND before_id = ${link.beforeId}
      AND after_id = ${link.afterId}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function insertMilestoneLink(tx: Tx, laCode: string, programmeId: string, link: Link) {
  await sql`INSERT INTO programme_milestone_dependencies (la_code, programme_id, before_id, after_id)
    VALUES (${laCode}, ${programmeId}, ${link.beforeId}, ${link.afterId}) ON CONFLICT DO NOTHING`.execute(tx);
}

/** The programme a project is in, or null. */
export async function programmeOfProject(tx: Tx, laCode: string, projectId: string): Promise<string | null> {
  const r = await sql<{ programme_id: string }>`SELECT programme_id FROM programme_projects
    WHERE la_code = ${laCode} AND id = ${projectId}`.execute(tx);
  return r.rows[0]?.programme_id ?? null;
}

/** Locks the programme's row, so two dependencies added at once cannot together close a cycle. */
export async function lockProgramme(tx: Tx, laCode: string, id: string): Promise<boolean> {
  const r = await sql`SELECT 1 FROM programmes WHERE la_code = ${laCode} AND id = ${id} FOR UPDATE`.execute(
    tx,
  );
  return r.rows.length === 1;
}

export async function insertWorkItem(
  tx: Tx,
  laCode: string,
  projectId: string,
  v: { title: string; status: ProjectStatus; dueOn: IsoDate | null },
): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO programme_work_items (la_code, project_id, title, status, due_on, done_on, position)
    VALUES (${laCode}, ${projectId}, ${v.title}, ${v.status}, ${v.dueOn},
      ${v.status === 'complete' ? sql`CURRENT_DATE` : null},
      (SELECT coalesce(max(position) + 1, 0) FROM programme_work_items WHERE project_id = ${projectId}))
    RETURNING id`.execute(tx);
  return r.rows[0]?.id as string;
}

/** A work item's status; done today when it becomes complete, undone when it stops being so. */
export async function setWorkItemStatus(
  tx: Tx,
  laCode: string,
  projectId: string,
  id: string,
  status: ProjectStatus,
  today: IsoDate,
): Promise<boolean> {
  const r = await sql`UPDATE programme_work_items SET status = ${status},
      done_on = CASE WHEN ${status} = 'complete' THEN coalesce(done_on, ${today}::date) ELSE NULL END,
      version = version + 1
    WHERE la_code = ${laCode} AND project_id = ${projectId} AND id = ${id}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function insertMilestone(
  tx: Tx,
  laCode: string,
  programmeId: string,
  projectId: string,
  v: { name: string; dueOn: IsoDate },
): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO programme_milestones (la_code, programme_id, project_id, name, due_on)
    VALUES (${laCode}, ${programmeId}, ${projectId}, ${v.name}, ${v.dueOn}) RETURNING id`.execute(tx);
  return r.rows[0]?.id as string;
}

export async function setMilestoneAchieved(
  tx: Tx,
  laCode: string,
  programmeId: string,
  id: string,
  achievedOn: IsoDate | null,
): Promise<boolean> {
  const r = await sql`UPDATE programme_milestones SET achieved_on = ${achievedOn}, version = version + 1
    WHERE la_code = ${laCode} AND programme_id = ${programmeId} AND id = ${id}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function insertProgramme(
  tx: Tx,
  laCode: string,
  v: {
    name: string;
    purpose: string | null;
    budgetPence: number;
    managerName: string;
    discountRate: number;
    startsOn: IsoDate;
    endsOn: IsoDate | null;
    board: { name: string; role: string }[];
  },
): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO programmes (la_code, name, purpose, budget_pence, manager_name, discount_rate, starts_on, ends_on)
    VALUES (${laCode}, ${v.name}, ${v.purpose}, ${v.budgetPence}, ${v.managerName}, ${v.discountRate}, ${v.startsOn},
      ${v.endsOn})
    RETURNING id`.execute(tx);
  const id = r.rows[0]?.id as string;
  await writeBoard(tx, laCode, id, v.board);
  return id;
}

export async function insertWorkstream(
  tx: Tx,
  laCode: string,
  programmeId: string,
  v: { name: string; purpose: string | null; leadName: string; team: string | null },
): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO workstreams (la_code, programme_id, name, purpose, lead_name, team, position)
    VALUES (${laCode}, ${programmeId}, ${v.name}, ${v.purpose}, ${v.leadName}, ${v.team},
      (SELECT coalesce(max(position) + 1, 0) FROM workstreams WHERE programme_id = ${programmeId}))
    RETURNING id`.execute(tx);
  return r.rows[0]?.id as string;
}

/** Changes the programme's own details and its board, at the version read. */
export async function updateProgramme(
  tx: Tx,
  laCode: string,
  id: string,
  version: number,
  v: {
    name: string;
    purpose: string | null;
    budgetPence: number;
    managerName: string;
    discountRate: number;
    startsOn: IsoDate;
    endsOn: IsoDate | null;
    board: { name: string; role: string }[];
  },
): Promise<boolean> {
  const r =
    await sql`UPDATE programmes SET name = ${v.name}, purpose = ${v.purpose}, budget_pence = ${v.budgetPence},
      manager_name = ${v.managerName}, discount_rate = ${v.discountRate}, starts_on = ${v.startsOn}, ends_on = ${v.endsOn},
      version = version + 1
    WHERE la_code = ${laCode} AND id = ${id} AND version = ${version}`.execute(tx);
  if (Number(r.numAffectedRows ?? 0) !== 1) return false;
  await sql`DELETE FROM programme_board_members WHERE la_code = ${laCode} AND programme_id = ${id}`.execute(
    tx,
  );
  await writeBoard(tx, laCode, id, v.board);
  return true;
}

export async function updateWorkstream(
  tx: Tx,
  laCode: string,
  programmeId: string,
  id: string,
  v: { name: string; purpose: string | null; leadName: string; team: string | null },
): Promise<boolean> {
  const r =
    await sql`UPDATE workstreams SET name = ${v.name}, purpose = ${v.purpose}, lead_name = ${v.leadName},
      team = ${v.team}, version = version + 1
    WHERE la_code = ${laCode} AND programme_id = ${programmeId} AND id = ${id}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** The board's members in the order given. */
async function writeBoard(
  tx: Tx,
  laCode: string,
  programmeId: string,
  board: readonly { name: string; role: string }[],
) {
  for (const [position, b] of board.entries())
    await sql`INSERT INTO programme_board_members (la_code, programme_id, name, role, position)
      VALUES (${laCode}, ${programmeId}, ${b.name}, ${b.role}, ${position})`.execute(tx);
}
