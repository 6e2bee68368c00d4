import fs from 'node:fs';
import path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AuthError } from './platform/auth/errors.ts';
import { isRole, roles } from './platform/auth/roles.ts';
import { BackupError } from './platform/backups/file.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import type { Database } from './platform/db/connect.ts';
import { DataDirBusy } from './platform/db/data-dir-lock.ts';
import { ImportRejected } from './platform/imports/report.ts';
import { LaExistsError, laSchema } from './platform/las/index.ts';
import type { SeedProgress } from './seed/index.ts';
import { readLaFigures, SeedError } from './seed/la-figures.ts';

// Each command loads what it uses only once its arguments have been checked: the whole app takes
// seconds to load, and a mistyped option should be answered at once.

const usage = `Usage: opensend <command> [options]

Commands:
  migrate                                   apply database migrations
  la add --code CODE --name NAME            add a local authority (3-digit DfE LA code)
  user add --la CODE --email EMAIL --name NAME --role ROLE [--role ROLE…] --password-stdin
                                            add a user; the password is read from standard input
  user password --email EMAIL --password-stdin
                                            set a user's password, sign them out everywhere and
                                            revoke their API tokens
  seed --la CODE [--name NAME] [--children N] [--seed N]
                                            generate a demo LA at Norfolk's scale (invented data)
  seed --scale national [--seed N]          generate 153 demo LAs: 700,000 children, 24,000 schools
  token create --email EMAIL [--days N] [--name NAME]
                                            create a personal API token (printed once; default 90 days)
  import gias FILE [--la CODE] [--links FILE]
                                            import an LA's schools from a GIAS establishment CSV (all or
                                            nothing); --links follows URN changes; --la may be left out
                                            when the database holds one LA
  audit verify [--la CODE] [--head SEQ:HASH]
                                            check each LA's audit log against its hash chain (all LAs
                                            unless --la); --head checks the chain still passes through
                                            a head recorded earlier. On the embedded database, run it
                                            while the server is stopped. Exit code 1 if a chain is broken
  backup FILE                               back up the whole database to a new file (on the embedded
                                            database, while OpenSEND is stopped)
  restore FILE [--force]                    replace the database with a backup, then migrate it to this
                                            version; --force replaces a database that holds records

Roles: ${roles.join(', ')}
The database is the embedded one in DATA_DIR (default ./data), or PostgreSQL when DATABASE_URL is set.
`;

/** One line, redrawn in place: how far a long seed has got. */
function progressBar(p: SeedProgress) {
  const width = 30;
  const filled = Math.round((p.children / Math.max(1, p.childrenTotal)) * width);
  const doing =
    p.stage === 'writing' ? `, writing LA ${p.la}` : p.stage === 'kept' ? `, kept LA ${p.la}` : '';
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.lasDone}/${p.lasTotal} LAs, ${p.children.toLocaleString('en-GB')} of ${p.childrenTotal.toLocaleString('en-GB')} children${doing}\x1b[K`,
  );
}

/** A mistake in how the command was called: exit code 2 and the usage. */
class UsageError extends Error {}
/** Something wrong with what the command was given to work on (a file, an LA): exit code 1. */
class InputError extends Error {}
/** A check found an audit chain broken: exit code 1, after the report. */
class ChainBroken extends Error {}

function readInputFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new InputError(
      `cannot read ${file}: ${code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message}`,
    );
  }
}

const count = (n: number) => n.toLocaleString('en-GB');

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError('--password-stdin reads the password from standard input; pipe it in');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function args(argv: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function importArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { la: { type: 'string' }, links: { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** A command that takes one file and some options: `backup FILE`, `restore FILE --force`. */
function oneFile(argv: string[], options: NonNullable<ParseArgsConfig['options']>, command: string) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file?.trim()) throw new UsageError(`${command} needs the backup file: opensend ${command} FILE`);
  if (extra.length) throw new UsageError(`${command} takes one file; unexpected: ${extra.join(' ')}`);
  return { file, values: parsed.values };
}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** Opens the database; on the embedded one, only if no other process has its data directory. */
async function openDatabase(command: string): Promise<Database> {
  const config = loadConfig();
  const { connect } = await import('./platform/db/connect.ts');
  return connect({
    databaseUrl: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
    lock: {
      command: `opensend ${command}`,
      onStaleLock: (message) => process.stderr.write(`opensend: ${message}\n`),
    },
  });
}

async function withDatabase<T>(command: string, work: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(command);
  try {
    const { migrate } = await import('./platform/db/migrate.ts');
    await migrate(database);
    return await work(database);
  } finally {
    await database.close();
  }
}

export async function run(argv: string[], out: (s: string) => void): Promise<void> {
  const [command, sub, ...rest] = argv;
  // Commands of one word take their options straight after the word; the others after a sub-command.
  const single = ['migrate', 'seed', 'backup', 'restore', 'help'].includes(command ?? '');
  const key = single ? (command ?? '') : `${command ?? ''} ${sub ?? ''}`.trim();
  const restArgs = single ? argv.slice(1) : rest;
  const withDb = <T>(work: (db: Database) => Promise<T>) => withDatabase(key, work);
  switch (key) {
    case 'migrate': {
      args(restArgs, {});
      const { migrate } = await import('./platform/db/migrate.ts');
      const database = await openDatabase(key);
      try {
        const r = await migrate(database);
        out(
          r.applied.length
            ? `Applied migrations ${r.applied.join(', ')}; schema version ${r.version}`
            : `Schema is up to date (version ${r.version})`,
        );
      } finally {
        await database.close();
      }
      return;
    }
    case 'la add': {
      const v = args(restArgs, { code: { type: 'string' }, name: { type: 'string' } });
      const parsed = laSchema.safeParse({ code: required(v, 'code'), name: required(v, 'name') });
      if (!parsed.success)
        throw new UsageError(
          `--${String(parsed.error.issues[0]?.path[0])}: ${parsed.error.issues[0]?.message}`,
        );
      const { addLa } = await import('./platform/las/index.ts');
      await withDb((db) => addLa(db, parsed.data));
      out(`Added LA ${parsed.data.code} ${parsed.data.name}`);
      return;
    }
    case 'user add': {
      const v = args(restArgs, {
        la: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', multiple: true },
        'password-stdin': { type: 'boolean' },
      });
      const la = required(v, 'la');
      const email = required(v, 'email');
      const name = required(v, 'name');
      const userRoles = (v.role as string[] | undefined) ?? [];
      if (!userRoles.length) throw new UsageError('--role is required (one or more)');
      const bad = userRoles.find((r) => !isRole(r));
      if (bad) throw new UsageError(`--role ${bad} is not a role; use one of: ${roles.join(', ')}`);
      if (!v['password-stdin']) throw new UsageError('--password-stdin is required: pipe the password in');
      const password = await readStdin();
      const { createUser } = await import('./platform/auth/service.ts');
      const id = await withDb((db) =>
        createUser(db, { laCode: la, email, name, roles: userRoles, password }),
      );
      out(`Added user ${email.trim().toLowerCase()} (${id}) to LA ${la}`);
      return;
    }
    case 'user password': {
      const v = args(restArgs, { email: { type: 'string' }, 'password-stdin': { type: 'boolean' } });
      const email = required(v, 'email');
      if (!v['password-stdin']) throw new UsageError('--password-stdin is required: pipe the password in');
      const password = await readStdin();
      const { setPassword } = await import('./platform/auth/service.ts');
      const { apiTokensRevoked } = await withDb((db) => setPassword(db, email, password, new Date()));
      out(
        `Password set for ${email.trim().toLowerCase()}; their other sessions have ended${apiTokensRevoked ? ` and their ${apiTokensRevoked} API token${apiTokensRevoked === 1 ? ' was' : 's were'} revoked` : ''}`,
      );
      return;
    }
    case 'token create': {
      const v = args(restArgs, {
        email: { type: 'string' },
        days: { type: 'string' },
        name: { type: 'string' },
      });
      const email = required(v, 'email');
      const days = v.days === undefined ? 90 : Number(v.days);
      if (!Number.isInteger(days) || days < 1 || days > 365)
        throw new UsageError('--days must be a whole number from 1 to 365');
      const name = typeof v.name === 'string' ? v.name.trim() : 'Created with the opensend command';
      if (!name || name.length > 100) throw new UsageError('--name must be 1 to 100 characters');
      const { createApiToken, findUserByEmail } = await import('./platform/auth/service.ts');
      const created = await withDb(async (db) => {
        const user = await findUserByEmail(db, email);
        if (!user) throw new AuthError('email', `There is no user with email ${email.trim().toLowerCase()}`);
        return createApiToken(
          db,
          { userId: user.id, laCode: user.laCode },
          { name, days },
          {
            ip: null,
            requestId: 'cli',
            now: new Date(),
          },
        );
      });
      out(created.token);
      process.stderr.write(
        `Token for ${email.trim().toLowerCase()}, expires ${created.expiresAt.toISOString().slice(0, 10)}. It is shown only once.\n`,
      );
      return;
    }
    case 'seed': {
      const v = args(restArgs, {
        la: { type: 'string' },
        name: { type: 'string' },
        scale: { type: 'string' },
        seed: { type: 'string' },
        children: { type: 'string' },
      });
      const scale = v.scale ?? 'norfolk';
      if (scale !== 'norfolk' && scale !== 'national')
        throw new UsageError('--scale must be norfolk or national');
      const seedNumber = v.seed === undefined ? 1 : Number(v.seed);
      if (!Number.isInteger(seedNumber) || seedNumber < 0 || seedNumber > 2 ** 31)
        throw new UsageError('--seed must be a whole number from 0 to 2147483648');
      const children = v.children === undefined ? undefined : Number(v.children);
      if (children !== undefined && (!Number.isInteger(children) || children < 1 || children > 200_000))
        throw new UsageError('--children must be a whole number from 1 to 200,000');
      let la: { code: string; name: string } | undefined;
      if (scale === 'national') {
        if (v.la !== undefined || v.name !== undefined || children !== undefined)
          throw new UsageError(
            '--la, --name and --children go with --scale norfolk; national seeds all 153 LAs',
          );
      } else {
        const code = required(v, 'la');
        const known = readLaFigures().find((f) => f.code === code);
        const parsed = laSchema.safeParse({ code, name: v.name ?? (known ? `${known.name} (demo)` : '') });
        if (!parsed.success)
          throw new UsageError(
            `--${parsed.error.issues[0]?.path[0] === 'code' ? 'la' : 'name'}: ${parsed.error.issues[0]?.message}`,
          );
        la = parsed.data;
      }
      const { seed } = await import('./seed/index.ts');
      const started = performance.now();
      let kept = 0;
      const seeded = await withDb((db) =>
        seed(db, {
          scale,
          seed: seedNumber,
          ...(la ? { la } : {}),
          ...(children ? { children } : {}),
          onProgress: (p) => {
            if (p.stage === 'kept') kept++;
            progressBar(p);
          },
        }),
      );
      process.stderr.write('\n');
      out(
        `Seeded ${seeded.length} LA${seeded.length === 1 ? '' : 's'} in ${((performance.now() - started) / 1000).toFixed(1)} s${kept ? `; ${kept} made by an earlier run of this seed were kept` : ''}`,
      );
      return;
    }
    case 'backup': {
      const file = oneFile(restArgs, {}, 'backup').file;
      if (fs.existsSync(file))
        throw new InputError(
          `${file} already exists: give the backup a new name, so that no backup is overwritten`,
        );
      const config = loadConfig();
      const { makeBackup, recordForEveryLa } = await import('./platform/backups/index.ts');
      const started = performance.now();
      const database = await openDatabase(key);
      try {
        const made = await makeBackup(database, { file, databaseUrl: config.databaseUrl });
        await recordForEveryLa(database, null, {
          action: 'backup.made',
          detail: {
            file: path.basename(file),
            bytes: made.bytes,
            sha256: made.sha256,
            schemaVersion: made.schemaVersion,
            by: 'opensend backup',
          },
        });
        out(
          `Backed up ${made.las.length === 1 ? 'LA' : `${made.las.length} LAs:`} ${made.las.join(', ')} (schema version ${made.schemaVersion}) to ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
        out(`${count(made.bytes)} bytes of data, SHA-256 ${made.sha256}`);
      } finally {
        await database.close();
      }
      return;
    }
    case 'restore': {
      const { file, values } = oneFile(restArgs, { force: { type: 'boolean' } }, 'restore');
      const config = loadConfig();
      const { restoreBackup } = await import('./platform/backups/index.ts');
      const restored = await restoreBackup({
        file,
        force: values.force === true,
        databaseUrl: config.databaseUrl,
        dataDir: path.join(config.dataDir, 'pglite'),
        lock: {
          command: `opensend ${key}`,
          onStaleLock: (message) => process.stderr.write(`opensend: ${message}\n`),
        },
        onStep: (message) => process.stderr.write(`${message}\n`),
      });
      const m = restored.manifest;
      out(
        `Restored the backup made at ${m.createdAt} by OpenSEND ${m.opensendVersion}: ${m.las.length === 1 ? 'LA' : `${m.las.length} LAs:`} ${m.las.join(', ')}`,
      );
      out(
        restored.migrated.applied.length
          ? `Schema version ${m.schemaVersion} migrated to ${restored.migrated.version} (applied ${restored.migrated.applied.join(', ')})`
          : `Schema version ${restored.migrated.version}, as this OpenSEND's`,
      );
      if (restored.replaced.length)
        out(
          `It replaced what the database held: ${restored.replaced.map((la) => `${la.code} ${la.name}`).join(', ')}`,
        );
      return;
    }
    case 'import gias': {
      const parsed = importArgs(restArgs);
      const [file, ...extra] = parsed.positionals;
      if (!file)
        throw new UsageError('import gias needs the GIAS establishment file: opensend import gias FILE');
      if (extra.length) throw new UsageError(`import gias takes one file; unexpected: ${extra.join(' ')}`);
      const la = parsed.values.la;
      if (la !== undefined && !/^[0-9]{3}$/.test(la))
        throw new UsageError('--la must be the 3-digit DfE LA number, like 926');
      if (parsed.values.links === '') throw new UsageError('--links needs the GIAS links file');
      const gias = readInputFile(file);
      const links = parsed.values.links ? readInputFile(parsed.values.links) : null;
      const { findLa, listLaCodes } = await import('./platform/las/index.ts');
      const { importGiasNow, summaryMessage } = await import('./modules/providers/index.ts');
      const summary = await withDb(async (db) => {
        const codes = await listLaCodes(db);
        const laCode = la ?? (codes.length === 1 ? codes[0] : undefined);
        if (!laCode)
          throw new UsageError(
            `--la is required: the database holds ${codes.length ? codes.length : 'no'} LAs`,
          );
        if (!(await findLa(db, laCode))) throw new InputError(`--la: there is no LA with code ${laCode}`);
        // The operator at the command line imports with an administrator's rights, as for `la add`.
        return importGiasNow(
          db,
          { laCode, userId: null, roles: ['administrator'], requestId: 'cli' },
          { gias, links, fileName: path.basename(file) },
          (stage, done, total) => {
            if (done === 0) return;
            process.stderr.write(
              `${stage === 'checking' ? 'Checked' : 'Imported'} ${count(done)} of ${count(total)} rows\n`,
            );
          },
        );
      });
      out(summaryMessage(summary));
      out(
        `${count(summary.rowsRead)} rows read (${summary.encoding}); ${count(summary.otherLaRows)} for other LAs' schools not imported; ${count(summary.superseded)} for former URNs`,
      );
      for (const r of summary.replaced) out(`URN ${r.fromUrn} is now ${r.toUrn}: ${r.name}`);
      for (const w of summary.warnings) out(`row ${w.row}, ${w.column}: ${w.problem}`);
      return;
    }
    case 'audit verify': {
      const { recordCheck, recordedHeadSchema, reportLines, verifyChain } = await import(
        './platform/audit/index.ts'
      );
      const v = args(restArgs, { la: { type: 'string' }, head: { type: 'string' } });
      const laCode = typeof v.la === 'string' ? v.la : undefined;
      if (laCode !== undefined && !/^[0-9]{3}$/.test(laCode))
        throw new UsageError('--la must be the 3-digit DfE LA number, like 926');
      let recorded: { seq: number; hash: string } | undefined;
      if (typeof v.head === 'string') {
        if (laCode === undefined)
          throw new UsageError('--head goes with --la: a chain head belongs to one LA');
        const [headSeq = '', headHash = '', ...extra] = v.head.split(':');
        const parsed = recordedHeadSchema.safeParse({ headSeq, headHash });
        if (extra.length || !headSeq || !headHash || !parsed.success)
          throw new UsageError(
            `--head must be the seal number and hash as the chain head shows them, like 1234:${'0'.repeat(64)}${parsed.success ? '' : ` (${parsed.error.issues[0]?.message})`}`,
          );
        recorded = parsed.data;
      }
      const { findLa, listLaCodes } = await import('./platform/las/index.ts');
      const broken = await withDb(async (db) => {
        const codes = laCode === undefined ? await listLaCodes(db) : [laCode];
        const found: string[] = [];
        for (const code of codes) {
          const la = await findLa(db, code);
          if (!la) throw new InputError(`--la: there is no LA with code ${code}`);
          const report = await verifyChain(db, code, { recorded });
          await recordCheck(db, report, { userId: null, requestId: 'cli' });
          for (const line of reportLines(report, la.name)) out(line);
          if (!report.verdict.intact) found.push(`LA ${code} at seal ${report.verdict.break.seq}`);
        }
        return found;
      });
      if (broken.length)
        throw new ChainBroken(
          `the audit chain is broken (${broken.join('; ')}): report it to your information governance lead`,
        );
      return;
    }
    case 'help':
    case '':
      out(usage);
      return;
    default:
      throw new UsageError(`Unknown command: ${argv.slice(0, 2).join(' ')}`);
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    await run(argv, (s) => process.stdout.write(`${s}\n`));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`opensend: ${err.message}\n\n${usage}`);
      return 2;
    }
    if (err instanceof AuthError) {
      process.stderr.write(
        `opensend: --${err.field === 'laCode' ? 'la' : err.field === 'roles' ? 'role' : err.field}: ${err.message}\n`,
      );
      return 1;
    }
    if (err instanceof ImportRejected) {
      const r = err.report;
      const lines = r.problems.map((p) => `  row ${p.row}, ${p.column}: ${p.problem}`);
      if (r.problemCount > r.problems.length)
        lines.push(`  … and ${count(r.problemCount - r.problems.length)} more`);
      process.stderr.write(`opensend: ${err.message}\n${lines.length ? `${lines.join('\n')}\n` : ''}`);
      return 1;
    }
    if (
      err instanceof LaExistsError ||
      err instanceof ConfigError ||
      err instanceof DataDirBusy ||
      err instanceof BackupError ||
      err instanceof SeedError ||
      err instanceof InputError ||
      err instanceof ChainBroken
    ) {
      process.stderr.write(`opensend: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`opensend: failed: ${(err as Error).message}\n`);
    return 1;
  }
}

// Stopped by Ctrl+C or a service manager: exit at once. Each command's writes are one transaction,
// so none is left half-done, and the exit releases the data directory's lock.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
process.exitCode = await main(process.argv.slice(2));
