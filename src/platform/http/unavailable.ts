import { HttpProblem } from './problem.ts';

/**
 * When PostgreSQL restarts, fails over or is out of reach, a request cannot be served, but
 * nothing is wrong with the request or with OpenSEND: the answer is 503 with Retry-After, so a
 * person is told to try again shortly and a program knows it may, rather than a 500 that says
 * the service is broken. The pool opens new connections by itself once the server is back.
 * A database whose disk is full (the embedded one's DATA_DIR, or the server's) is a 507 that
 * says so, for whoever looks after the machine.
 */

/** SQLSTATEs of a connection lost or refused: class 08, and the server shutting down or starting up. */
const shutdownStates = new Set(['57P01', '57P02', '57P03']);
/** What Node reports when the socket to the server cannot be opened or is cut. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
/**
 * pg's own words for a connection that ended under a query, while waiting for one, or before the
 * next statement of a transaction it was in the middle of.
 */
const lostConnection =
  /^Connection terminated\b|^timeout exceeded when trying to connect$|^Client has encountered a connection error and is not queryable$/;

export const retryAfterSeconds = 5;

function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (code.startsWith('08') || shutdownStates.has(code) || socketCodes.has(code))
  )
    return true;
  if (lostConnection.test(error.message)) return true;
  // A connection to a name with several addresses fails with each, together.
  if (error instanceof AggregateError && error.errors.some((e) => isConnectionFailure(e, depth + 1)))
    return true;
  return isConnectionFailure(error.cause, depth + 1);
}

/** PostgreSQL's SQLSTATE for "could not extend file …: No space left on device". */
const diskFull = '53100';

/**
 * Errors the database raises when two requests race past a use case's own checks: a unique or
 * exclusion constraint one of them met only at commit (two full-time placements for one child
 * made at the same moment), or a serialisation failure or deadlock between them.
 */
const raceCodes = new Set(['23505', '23P01', '40001', '40P01']);

export function isConcurrentChange(error: unknown): boolean {
  return error instanceof Error && raceCodes.has(String((error as { code?: unknown }).code));
}

/** The 409 for a change that collided with another made at the same moment: nothing was saved. */
export function concurrentChange(error: unknown): HttpProblem | undefined {
  if (!isConcurrentChange(error)) return undefined;
  return new HttpProblem(
    409,
    'Conflict',
    'Someone else changed the same records at the same moment, so nothing you sent was saved. Reload the page to see what is there now, then try again.',
  );
}

/**
 * The 503 for an error that means the database is out of reach, the 507 for one that means its
 * disk is full; undefined for any other error.
 */
export function databaseUnavailable(error: unknown): HttpProblem | undefined {
  if (error instanceof Error && (error as { code?: unknown }).code === diskFull)
    return new HttpProblem(
      507,
      'Insufficient storage',
      'OpenSEND’s database has run out of disk space, so nothing you sent was saved. Tell whoever looks after OpenSEND: the database’s disk needs more space.',
    );
  if (!isConnectionFailure(error)) return undefined;
  return new HttpProblem(
    503,
    'Service unavailable',
    'OpenSEND cannot reach its database just now. Wait a few seconds and try again. If you were saving something, check whether it was saved before you send it again.',
    [],
    { 'Retry-After': String(retryAfterSeconds) },
  );
}
