import fs from 'node:fs';
import path from 'node:path';
import { type AuditActor, auditAs, recordAuditEvent } from '../audit/index.ts';
import { userNames } from '../auth/directory.ts';
import { can } from '../auth/roles.ts';
import type { Database } from '../db/connect.ts';
import { inTenant } from '../db/tenancy.ts';
import { forbidden, HttpProblem, notFound } from '../http/problem.ts';
import {
  enqueueJob,
  getJob,
  type Job,
  JobFailed,
  type JobHandler,
  type JobStatus,
  notifyJobQueued,
  recentJobs,
} from '../jobs/index.ts';
import { type BackupResult, backupResult, makeBackup, recordForEveryLa } from './backup.ts';
import { BackupError, fileSha256, megabytes } from './file.ts';
import * as repo from './repo.ts';

export const backupJobKind = 'backups.make';

/** What the running service needs to make backups: where they go, which LA's administrators ask. */
export interface BackupSettings {
  dir: string;
  databaseUrl: string | undefined;
  /** BACKUP_LA, when set. */
  la: string | undefined;
}

/** Why the backups are, or are not, in the hands of an LA's administrators. */
export type BackupLa =
  | { la: { code: string; name: string }; because: 'configured' | 'only-la' | 'demo' }
  | { la: null; because: 'unknown-la' | 'shared'; configured?: string };

/**
 * A backup holds every LA in the database, so an LA's administrators may make and download one
 * only where that shows them no other LA's real records: in the database's only LA, or the first
 * of a database of invented demo LAs. Where real LAs share the database, it is the LA named by
 * BACKUP_LA (the one that runs the service), and none until it is set.
 */
export async function backupLa(database: Database, settings: BackupSettings): Promise<BackupLa> {
  const las = await repo.lasHeld(database.db);
  if (settings.la) {
    const la = las.find((l) => l.code === settings.la);
    return la ? { la, because: 'configured' } : { la: null, because: 'unknown-la', configured: settings.la };
  }
  const [first] = las;
  if (first && las.length === 1) return { la: first, because: 'only-la' };
  const generated = await repo.generatedLaCodes(database.db);
  if (first && las.every((l) => generated.has(l.code))) return { la: first, because: 'demo' };
  return { la: null, because: 'shared' };
}

/** One backup as the page lists it. */
export interface BackupRow {
  id: string;
  status: JobStatus;
  requestedAt: Date;
  finishedAt: Date | null;
  requestedBy: string;
  message: string | null;
  made: BackupResult | null;
  /** Whether the file is still in the backup folder to download. */
  fileHere: boolean;
}

export interface BackupsOverview {
  backupLa: BackupLa;
  /** This administrator's LA is the one that makes backups. */
  mayMake: boolean;
  backups: BackupRow[];
  /** A backup waiting or being made, for the page to refresh itself until it is done. */
  inProgress: BackupRow | null;
  dir: string;
}

const listed = 100;
const fileNamePattern = /^opensend-backup-[0-9TZ-]+\.backup$/;

function authorise(actor: AuditActor) {
  if (!can(actor.principal.roles, 'backups:manage')) throw forbidden();
}

async function refuseUnlessBackupLa(database: Database, settings: BackupSettings, actor: AuditActor) {
  const owner = await backupLa(database, settings);
  if (owner.la?.code !== actor.principal.laCode)
    throw forbidden(
      owner.la
        ? `Backups hold every LA’s records, so they are made by the administrators of ${owner.la.name}.`
        : 'Backups hold every LA’s records, so they are made only by the administrators of the LA named by BACKUP_LA.',
    );
}

function fileOf(settings: BackupSettings, made: BackupResult | null): string | null {
  if (!made || !fileNamePattern.test(made.fileName)) return null;
  return path.join(settings.dir, made.fileName);
}

function rowOf(job: Job, names: Map<string, string>, settings: BackupSettings): BackupRow {
  const made = job.status === 'succeeded' ? ((job.result ?? null) as BackupResult | null) : null;
  const file = fileOf(settings, made);
  return {
    id: job.id,
    status: job.status,
    requestedAt: job.createdAt,
    finishedAt: job.finishedAt,
    requestedBy: (job.createdBy && names.get(job.createdBy)) || 'Someone no longer in your LA',
    message: job.message,
    made,
    fileHere: file !== null && fs.existsSync(file),
  };
}

/** The backups page: who makes backups here, and the ones made, newest first. */
export async function backupsOverview(
  database: Database,
  settings: BackupSettings,
  actor: AuditActor,
): Promise<BackupsOverview> {
  authorise(actor);
  const owner = await backupLa(database, settings);
  const mayMake = owner.la?.code === actor.principal.laCode;
  const backups = mayMake
    ? await inTenant(
        database.db,
        { laCode: actor.principal.laCode, userId: actor.principal.userId },
        async (tx) => {
          const jobs = await recentJobs(tx, backupJobKind, listed);
          const names = await userNames(
            tx,
            jobs.map((j) => j.createdBy),
          );
          return jobs.map((j) => rowOf(j, names, settings));
        },
      )
    : [];
  return {
    backupLa: owner,
    mayMake,
    backups,
    inProgress: backups.find((b) => b.status === 'queued' || b.status === 'running') ?? null,
    dir: settings.dir,
  };
}

/** Queues a backup for the worker; one at a time. */
export async function requestBackup(
  database: Database,
  settings: BackupSettings,
  actor: AuditActor,
): Promise<string> {
  authorise(actor);
  await refuseUnlessBackupLa(database, settings, actor);
  const tenant = { laCode: actor.principal.laCode, userId: actor.principal.userId };
  const id = await inTenant(database.db, tenant, async (tx) => {
    const recent = await recentJobs(tx, backupJobKind, 1);
    if (recent[0] && (recent[0].status === 'queued' || recent[0].status === 'running'))
      throw new HttpProblem(
        409,
        'A backup is already being made',
        'A backup is already being made: wait for it to finish.',
        [{ field: 'make-backup', message: 'A backup is already being made: wait for it to finish' }],
      );
    const jobId = await enqueueJob(tx, {
      laCode: actor.principal.laCode,
      kind: backupJobKind,
      createdBy: actor.principal.userId,
      message: 'Waiting to start',
    });
    await auditAs(tx, actor, [
      { action: 'backup.requested', entityType: 'backup', entityId: jobId, childId: null },
    ]);
    return jobId;
  });
  notifyJobQueued();
  return id;
}

/** A backup's file to download; recorded in every LA's audit log, as it holds every LA's records. */
export async function backupDownload(
  database: Database,
  settings: BackupSettings,
  actor: AuditActor,
  id: string,
): Promise<{ file: string; fileName: string; bytes: number }> {
  authorise(actor);
  await refuseUnlessBackupLa(database, settings, actor);
  const job = /^[0-9a-f-]{36}$/i.test(id)
    ? await inTenant(database.db, { laCode: actor.principal.laCode, userId: actor.principal.userId }, (tx) =>
        getJob(tx, id),
      )
    : undefined;
  const made =
    job?.kind === backupJobKind && job.status === 'succeeded' ? (job.result as BackupResult) : null;
  const file = fileOf(settings, made);
  if (!made || !file) throw notFound('There is no such backup.');
  if (!fs.existsSync(file))
    throw notFound(`The file of this backup, ${made.fileName}, is no longer in the backup folder.`);
  await recordForEveryLa(
    database,
    {
      laCode: actor.principal.laCode,
      userId: actor.principal.userId,
      ip: actor.ip,
      requestId: actor.requestId,
    },
    {
      action: 'backup.downloaded',
      entityId: id,
      detail: { file: made.fileName, bytes: made.bytes, sha256: made.sha256, by: actor.principal.email },
    },
  );
  return { file, fileName: made.fileName, bytes: made.bytes };
}

/** `opensend-backup-2026-03-02T14-05-09Z.backup`: sorts by time, and says it in UTC. */
export function backupFileName(at: Date): string {
  return `opensend-backup-${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z.backup`;
}

/** The worker's part: makes the backup, then records it in every LA's log. */
export function backupJob(settings: BackupSettings): JobHandler {
  return {
    kind: backupJobKind,
    async run({ job, database, progress }) {
      const actor = { laCode: job.laCode, userId: job.createdBy, ip: null, requestId: null };
      const fileName = backupFileName(new Date());
      await progress(0, null, 'Making the backup');
      try {
        const made = await makeBackup(database, {
          file: path.join(settings.dir, fileName),
          databaseUrl: settings.databaseUrl,
          jobId: job.id,
        });
        await recordForEveryLa(database, actor, {
          action: 'backup.made',
          entityId: job.id,
          detail: {
            file: fileName,
            bytes: made.bytes,
            sha256: made.sha256,
            schemaVersion: made.schemaVersion,
          },
        });
        const wholeFile = await fileSha256(path.join(settings.dir, fileName));
        return {
          message: `Backup made: ${fileName} (${megabytes(made.bytes)})`,
          result: backupResult(made, fileName, wholeFile),
        };
      } catch (err) {
        await inTenant(database.db, { laCode: job.laCode, userId: job.createdBy }, (tx) =>
          recordAuditEvent(tx, {
            laCode: job.laCode,
            userId: job.createdBy,
            action: 'backup.failed',
            entityType: 'backup',
            entityId: job.id,
            detail: { reason: (err as Error).message },
          }),
        );
        if (err instanceof BackupError) throw new JobFailed(`No backup was made: ${err.message}`);
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC' || code === 'EDQUOT')
          throw new JobFailed(
            `No backup was made: there is no room left in the backup folder, ${settings.dir}.`,
          );
        if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
          throw new JobFailed(
            `No backup was made: OpenSEND may not write to the backup folder, ${settings.dir}.`,
          );
        throw err;
      }
    },
  };
}
