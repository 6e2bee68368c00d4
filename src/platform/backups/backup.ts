import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordAuditEvent } from '../audit/index.ts';
import { connect, type Database } from '../db/connect.ts';
import { buildingDirOf, replaceDataDir } from '../db/data-dir.ts';
import { type LockRequest, lockDataDir } from '../db/data-dir-lock.ts';
import { type MigrateResult, type Migration, migrate, readMigrations, schemaVersion } from '../db/migrate.ts';
import { inTenant } from '../db/tenancy.ts';
import {
  BackupError,
  type BackupManifest,
  backupFormat,
  fileSha256,
  megabytes,
  type OpenedBackup,
  payloadStream,
  readBackupHeader,
  verifyPayload,
  writeBackup,
} from './file.ts';
import { connectionFor, findPostgresTools, runTool } from './postgres-tools.ts';
import * as repo from './repo.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const opensendVersion: string = JSON.parse(
  fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
).version;

const pad = (version: number) => String(version).padStart(4, '0');

export interface MakeBackupOptions {
  file: string;
  /** The database's own URL, for pg_dump (PostgreSQL only). */
  databaseUrl?: string | undefined;
  /** The job making it, when the running service does. */
  jobId?: string | null;
  now?: Date;
}

/**
 * Writes a backup of the whole database to a file. On PGlite it is the data directory as PGlite
 * dumps it, through the one connection; on PostgreSQL, pg_dump's custom format, from one snapshot
 * while the service carries on.
 */
export async function makeBackup(database: Database, options: MakeBackupOptions): Promise<BackupManifest> {
  const described = {
    format: backupFormat,
    kind: database.kind,
    payload: database.kind === 'pglite' ? 'pglite-data-dir.tar.gz' : 'pg_dump-custom',
    schemaVersion: await schemaVersion(database),
    migrations: await repo.appliedMigrations(database.db),
    opensendVersion,
    createdAt: (options.now ?? new Date()).toISOString(),
    las: (await repo.lasHeld(database.db)).map((la) => la.code),
    jobId: options.jobId ?? null,
  } as const;
  fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true, mode: 0o700 });
  if (database.kind === 'pglite') {
    if (!database.dumpDataDir) throw new BackupError('this database cannot be dumped');
    const tarball = await database.dumpDataDir();
    return writeBackup(options.file, described, tarball.stream());
  }
  if (!options.databaseUrl) throw new BackupError('a backup of PostgreSQL needs the database’s URL');
  const { pg_dump } = findPostgresTools(['pg_dump']);
  const { url, env } = connectionFor(options.databaseUrl);
  const dump = runTool(pg_dump, ['--format=custom', '--no-password', `--dbname=${url}`], env, [
    'ignore',
    'pipe',
  ]);
  if (!dump.child.stdout) throw new BackupError('pg_dump gave no output');
  return writeBackup(options.file, described, dump.child.stdout, dump.done);
}

/**
 * Refuses a backup this OpenSEND cannot bring up to date: one from a newer OpenSEND (its schema
 * is ahead of these migrations), or one whose migrations are not these (another line of code).
 */
export function checkCompatible(manifest: BackupManifest, migrations: readonly Migration[]): void {
  const newest = migrations.at(-1);
  const latest = newest?.version ?? 0;
  if (manifest.schemaVersion > latest) {
    const theirs = manifest.migrations.at(-1);
    throw new BackupError(
      `This backup's schema is version ${manifest.schemaVersion}${theirs ? ` (up to migration ${pad(theirs.version)}_${theirs.name})` : ''}, made by OpenSEND ${manifest.opensendVersion}; this OpenSEND (${opensendVersion}) has migrations up to version ${latest}${newest ? ` (${pad(latest)}_${newest.name})` : ''}. Restore it with OpenSEND ${manifest.opensendVersion} or later. Nothing was changed.`,
    );
  }
  for (const m of manifest.migrations) {
    const ours = migrations.find((o) => o.version === m.version);
    if (ours && ours.checksum !== m.checksum)
      throw new BackupError(
        `Migration ${pad(m.version)}_${m.name} in this backup is not this OpenSEND's ${pad(ours.version)}_${ours.name}: the backup was made by a different OpenSEND (${manifest.opensendVersion}). Restore it with that version. Nothing was changed.`,
      );
  }
}

export interface RestoreOptions {
  file: string;
  /** Replace a database that already holds records. */
  force: boolean;
  /** PostgreSQL: the database to restore into. */
  databaseUrl?: string | undefined;
  /** PGlite: the data directory to replace, and who is replacing it (for its lock). */
  dataDir?: string | undefined;
  lock?: LockRequest;
  onStep?: (message: string) => void;
}

export interface RestoreOutcome {
  manifest: BackupManifest;
  migrated: MigrateResult;
  /** The LAs the database held before, now replaced. */
  replaced: { code: string; name: string }[];
}

/**
 * Restores a backup into the configured database, replacing what is there. Checked first, and
 * nothing changed if any check fails: the file is a whole backup of this kind of database, its
 * checksum matches, its schema is not newer than this code's, and the target is empty (or
 * `force`). The restored database is then migrated to this code's schema, and the restore is
 * recorded in each LA's audit log.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreOutcome> {
  const opened = await readBackupHeader(options.file);
  const { manifest } = opened;
  const kind = options.databaseUrl ? 'postgresql' : 'pglite';
  if (manifest.kind !== kind)
    throw new BackupError(
      manifest.kind === 'pglite'
        ? 'This is a backup of the embedded database (PGlite). Restore it without DATABASE_URL, into DATA_DIR.'
        : 'This is a backup of a PostgreSQL database. Restore it with DATABASE_URL set to the database to restore into.',
    );
  checkCompatible(manifest, readMigrations());
  options.onStep?.(`Checking the backup (${megabytes(manifest.bytes)}, made ${manifest.createdAt})`);
  if (kind === 'pglite') {
    const payload = await verifyPayload(options.file, opened, true);
    return restorePglite(options, manifest, payload ?? Buffer.alloc(0));
  }
  await verifyPayload(options.file, opened, false);
  return restorePostgres(options, opened);
}

interface Target {
  las: { code: string; name: string }[];
  tables: number;
  opensend: boolean;
}

async function inspect(database: Database): Promise<Target> {
  return { las: await repo.lasHeld(database.db), ...(await repo.schemaFound(database.db)) };
}

function refuseUnlessForced(target: Target, force: boolean, where: string, instead: string) {
  if (force) return;
  if (target.las.length)
    throw new BackupError(
      `${where} already holds ${target.las.length === 1 ? 'an LA' : `${target.las.length} LAs`}: ${target.las.map((la) => `${la.code} ${la.name}`).join(', ')}. A restore replaces the whole database, so everything recorded there would be lost. Run the command again with --force to replace it, or restore into ${instead}. Nothing was changed.`,
    );
  if (target.tables && !target.opensend)
    throw new BackupError(
      `${where} holds ${target.tables} tables that are not OpenSEND's. A restore would drop them. Run the command again with --force to replace them, or restore into ${instead}. Nothing was changed.`,
    );
}

async function restorePglite(options: RestoreOptions, manifest: BackupManifest, payload: Buffer) {
  if (!options.dataDir)
    throw new BackupError('a restore into the embedded database needs its data directory');
  const dataDir = path.resolve(options.dataDir);
  const request = options.lock ?? { command: 'opensend restore' };
  const lock = lockDataDir(dataDir, request);
  try {
    let replaced: Target = { las: [], tables: 0, opensend: false };
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length) {
      const current = await connect({ dataDir, lock }).catch((err: Error) => {
        if (options.force) return null;
        throw new BackupError(
          `The data directory ${dataDir} holds files that cannot be opened as a database (${err.message}). Run the command again with --force to replace them with the backup. Nothing was changed.`,
        );
      });
      if (current)
        try {
          replaced = await inspect(current);
        } finally {
          await current.close();
        }
      refuseUnlessForced(replaced, options.force, `The data directory ${dataDir}`, 'an empty DATA_DIR');
    }
    // Built beside the current directory and swapped in only once whole: a restore stopped part-way
    // leaves the database as it was.
    const building = buildingDirOf(dataDir);
    fs.rmSync(building, { recursive: true, force: true });
    options.onStep?.('Loading the backup into a new data directory');
    const restored = await connect({
      dataDir: building,
      loadDataDir: new Blob([new Uint8Array(payload)]),
      lock: { command: request.command },
    });
    let migrated: MigrateResult;
    try {
      migrated = await afterRestore(restored, manifest, options.file);
    } finally {
      await restored.close();
    }
    replaceDataDir(dataDir);
    return { manifest, migrated, replaced: replaced.las };
  } finally {
    lock.release();
  }
}

/** The roles the migrations create: they belong to the server, not the database, so a dump has none. */
function migrationRoles(): string[] {
  const names = new Set<string>();
  for (const m of readMigrations())
    for (const r of m.script.matchAll(/CREATE ROLE (\w+)/g)) if (r[1]) names.add(r[1]);
  return [...names];
}

async function restorePostgres(options: RestoreOptions, opened: OpenedBackup) {
  const databaseUrl = options.databaseUrl ?? '';
  const tools = findPostgresTools(['pg_restore', 'psql']);
  const where = `The database ${new URL(databaseUrl).pathname.slice(1) || '(default)'}`;
  const current = await connect({ databaseUrl, poolSize: 1 });
  let replaced: Target;
  try {
    const others = await repo.otherSessions(current.db);
    if (others.length)
      throw new BackupError(
        `${others.length} other ${others.length === 1 ? 'program is' : 'programs are'} connected to this database (${[...new Set(others)].join(', ')}). Stop OpenSEND first: a restore replaces every table under it. Nothing was changed.`,
      );
    replaced = await inspect(current);
  } finally {
    await current.close();
  }
  refuseUnlessForced(replaced, options.force, where, 'an empty database');

  options.onStep?.('Restoring with pg_restore and psql, in one transaction');
  const { url, env } = connectionFor(databaseUrl);
  const psql = runTool(
    tools.psql,
    ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', `--dbname=${url}`],
    { ...env, PGOPTIONS: '--client-min-messages=warning' },
    ['pipe', 'ignore'],
  );
  const restore = runTool(tools.pg_restore, ['--format=custom', '--no-owner', '--file=-'], env, [
    'pipe',
    'pipe',
  ]);
  const sqlIn = psql.child.stdin;
  const archiveIn = restore.child.stdin;
  const script = restore.child.stdout;
  if (!sqlIn || !archiveIn || !script) throw new BackupError('pg_restore and psql could not be connected');
  // One transaction: the old schema is dropped and the backup's made in its place, or, if anything
  // fails (psql stops at the first error; pg_restore ending badly means no COMMIT is sent), neither.
  sqlIn.write(
    [
      'BEGIN;',
      ...migrationRoles().map(
        (role) => `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
    CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT pg_has_role(current_user, '${role}', 'MEMBER') THEN
    EXECUTE format('GRANT ${role} TO %I', current_user);
  END IF;
END $$;`,
      ),
      'DROP SCHEMA IF EXISTS public CASCADE;',
      // As PostgreSQL makes it: the database owner's, usable by all; the dump adds its grants.
      'CREATE SCHEMA public AUTHORIZATION pg_database_owner;',
      'GRANT USAGE ON SCHEMA public TO PUBLIC;',
      '',
    ].join('\n'),
  );
  // A program that stops early closes its input: that shows in how it exits, not as a write error here.
  sqlIn.on('error', () => undefined);
  archiveIn.on('error', () => undefined);
  script.pipe(sqlIn, { end: false });
  payloadStream(options.file, opened).pipe(archiveIn);
  const restored = restore.done.then(
    () => {
      sqlIn.end('COMMIT;\n');
    },
    (err: unknown) => {
      sqlIn.end();
      throw err;
    },
  );
  const [fromArchive, fromSql] = await Promise.allSettled([restored, psql.done]);
  // psql's is the error that says what went wrong; pg_restore's then is only that psql stopped reading.
  if (fromSql.status === 'rejected') throw fromSql.reason;
  if (fromArchive.status === 'rejected') throw fromArchive.reason;

  const database = await connect({ databaseUrl, poolSize: 2 });
  try {
    const migrated = await afterRestore(database, opened.manifest, options.file);
    return { manifest: opened.manifest, migrated, replaced: replaced.las };
  } finally {
    await database.close();
  }
}

/**
 * pg_trgm's operators are marked LEAKPROOF by a migration so that name search keeps its index
 * under row-level security; a dump does not carry marks on an extension's functions, so that
 * migration's statements run again after a restore on PostgreSQL.
 */
const rerunAfterPostgresRestore = ['children_name_search_leakproof'];

async function afterRestore(
  database: Database,
  manifest: BackupManifest,
  file: string,
): Promise<MigrateResult> {
  const migrated = await migrate(database);
  if (database.kind === 'postgresql')
    for (const m of readMigrations().filter((x) => rerunAfterPostgresRestore.includes(x.name)))
      await database.execScript(m.script);
  if (manifest.jobId)
    await repo.finishBackupJob(database.db, manifest.jobId, {
      message: `Backup made: ${path.basename(file)} (${megabytes(manifest.bytes)})`,
      result: backupResult(manifest, path.basename(file), await fileSha256(file)),
    });
  await recordForEveryLa(database, null, {
    action: 'backup.restored',
    detail: {
      file: path.basename(file),
      madeAt: manifest.createdAt,
      sha256: manifest.sha256,
      schemaVersion: manifest.schemaVersion,
      migratedTo: migrated.version,
      by: 'opensend restore',
    },
  });
  return migrated;
}

/** What a backup job keeps as its result, for the list of backups. */
export interface BackupResult {
  fileName: string;
  bytes: number;
  /** Of the data (as the header has it), and of the whole file (as sha256sum gives it). */
  sha256: string;
  fileSha256: string;
  schemaVersion: number;
  kind: string;
  createdAt: string;
  las: string[];
}

export function backupResult(manifest: BackupManifest, fileName: string, fileSha256: string): BackupResult {
  return {
    fileName,
    bytes: manifest.bytes,
    sha256: manifest.sha256,
    fileSha256,
    schemaVersion: manifest.schemaVersion,
    kind: manifest.kind,
    createdAt: manifest.createdAt,
    las: manifest.las,
  };
}

/**
 * A backup holds every LA's records, so its making, download and restore go in every LA's audit
 * log: the person's own LA names them; the others, which cannot see that person, say who in `by`.
 */
export async function recordForEveryLa(
  database: Database,
  actor: { laCode: string; userId: string | null; ip: string | null; requestId: string | null } | null,
  event: { action: string; entityId?: string | null; detail: Record<string, unknown> },
): Promise<void> {
  for (const la of await repo.lasHeld(database.db)) {
    const own = actor?.laCode === la.code;
    await inTenant(database.db, { laCode: la.code, userId: own ? (actor?.userId ?? null) : null }, (tx) =>
      recordAuditEvent(tx, {
        laCode: la.code,
        userId: own ? (actor?.userId ?? null) : null,
        action: event.action,
        entityType: 'backup',
        entityId: event.entityId ?? null,
        ip: own ? (actor?.ip ?? null) : null,
        requestId: actor?.requestId ?? null,
        detail: event.detail,
      }),
    );
  }
}
