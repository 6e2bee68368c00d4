import path from 'node:path';
import { z } from 'zod';

/**
 * Everything the app reads from its environment, validated once at start-up so a
 * mistyped variable stops the app with a message instead of misbehaving later.
 */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  SIGN_IN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(100000).default(50),
  SIGN_IN_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_LA: z
    .string()
    .regex(/^[0-9]{3}$/, 'must be the 3-digit DfE LA number, like 926')
    .optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Cookies are marked Secure when the public address is HTTPS. */
  secureCookies: boolean;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  cookieSecret: string | undefined;
  trustProxy: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  signIn: { maxFailures: number; ipMaxFailures: number; windowMinutes: number };
  seedDemo: boolean;
  backups: {
    /** Where backups made from /admin/backups are written (default DATA_DIR/backups). */
    dir: string;
    /**
     * The LA whose administrators make and download backups, each of which holds every LA's
     * records; unset, the database's only LA (or, in a database of invented demo LAs, the first).
     */
    la: string | undefined;
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    secureCookies: c.PUBLIC_URL?.startsWith('https://') ?? false,
    logLevel: c.LOG_LEVEL,
    cookieSecret: c.COOKIE_SECRET,
    trustProxy: c.TRUST_PROXY === 'true',
    session: { idleMinutes: c.SESSION_IDLE_MINUTES, absoluteHours: c.SESSION_ABSOLUTE_HOURS },
    signIn: {
      maxFailures: c.SIGN_IN_MAX_FAILURES,
      ipMaxFailures: c.SIGN_IN_IP_MAX_FAILURES,
      windowMinutes: c.SIGN_IN_WINDOW_MINUTES,
    },
    seedDemo: c.SEED_DEMO === 'true',
    backups: {
      dir: path.resolve(c.BACKUP_DIR ?? path.join(c.DATA_DIR, 'backups')),
      la: c.BACKUP_LA,
    },
  };
}
