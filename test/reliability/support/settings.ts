import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * How hard the reliability suite pushes. The short form fits in CI beside the other tests; the
 * full form uses the figures asked of the service: 100 connections for a minute, and faults at
 * a larger scale. RELIABILITY chooses; without it CI runs the short form and a person the full one.
 */
export type ReliabilityForm = 'short' | 'full';

function chosenForm(): ReliabilityForm {
  const value = process.env.RELIABILITY ?? (process.env.CI === 'true' ? 'short' : 'full');
  if (value !== 'short' && value !== 'full')
    throw new Error(`RELIABILITY must be short or full, not ${JSON.stringify(value)}`);
  return value;
}

export const form = chosenForm();

export type DatabaseKind = 'pglite' | 'postgresql';
export const databaseKind: DatabaseKind = process.env.DATABASE_URL ? 'postgresql' : 'pglite';

const forms = {
  short: {
    load: { connections: 20, seconds: 10 },
    /** Writers recording EHC steps when the server is killed, and how many answers to wait for first. */
    ehcBurst: { writers: 8, killAfterAcknowledged: 30 },
    /** Rows of the generated GIAS file imported while the importer is killed. */
    giasRows: 3_000,
    /** How long a job left running by a killed server is given to be taken up on its own (0: not waited for). */
    jobTakeUpWaitSeconds: 0,
    /** Clients sending requests for this long, while PostgreSQL restarts this many times. */
    outage: { clients: 4, seconds: 16, restarts: 3 },
    /** GIAS imports queued across two app processes. */
    sharedJobs: 4,
  },
  full: {
    load: { connections: 100, seconds: 60 },
    ehcBurst: { writers: 50, killAfterAcknowledged: 300 },
    giasRows: 20_000,
    jobTakeUpWaitSeconds: 30,
    outage: { clients: 20, seconds: 40, restarts: 5 },
    sharedJobs: 12,
  },
} as const;

export const plan = forms[form];

/**
 * Where this run keeps what its test files share (the seeded demo database they each start
 * from). The suite's runner makes it and removes it; a file run on its own makes its own.
 */
export function workDir(): string {
  const given = process.env.RELIABILITY_WORK_DIR;
  if (given) {
    fs.mkdirSync(given, { recursive: true });
    return given;
  }
  ownWorkDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-reliability-'));
  return ownWorkDir;
}
let ownWorkDir: string | undefined;

/** True when this process made its own work directory and must clear it up itself. */
export const ownsWorkDir = () => ownWorkDir !== undefined;
