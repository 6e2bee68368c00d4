import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import pg from 'pg';
import { toProblem } from './errors.ts';
import { databaseUnavailable } from './unavailable.ts';

/** A port on this machine that nothing listens on, as a database server mid-restart. */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const pgError = (code: string, message: string) =>
  Object.assign(new Error(message), { code, severity: 'FATAL' });

test('a database that cannot be reached is a 503 with Retry-After, not a 500', async () => {
  const client = new pg.Client({ host: '127.0.0.1', port: await closedPort(), user: 'opensend' });
  const refused = await client.connect().then(
    () => undefined,
    (err: unknown) => err,
  );
  const problem = toProblem(refused as Error);
  assert.equal(problem.status, 503);
  assert.equal(problem.headers['Retry-After'], '5');
  assert.match(String(problem.detail), /cannot reach its database/);
});

test('a server shutting down, starting up or cutting the connection is unavailable too', () => {
  for (const error of [
    pgError('57P01', 'terminating connection due to administrator command'),
    pgError('57P03', 'the database system is starting up'),
    pgError('08006', 'connection failure'),
    new Error('Connection terminated unexpectedly'),
    new Error('Client has encountered a connection error and is not queryable'),
    new Error('Connection terminated due to connection timeout', { cause: new Error('timeout') }),
    Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
  ])
    assert.equal(databaseUnavailable(error)?.status, 503, error.message);
});

test('a database whose disk is full is a 507 that says so', () => {
  const problem = toProblem(
    pgError('53100', 'could not extend file "base/5/18236": No space left on device'),
  );
  assert.equal(problem.status, 507);
  assert.match(String(problem.detail), /run out of disk space/);
});

test('other database errors and our own faults are not mistaken for an outage', () => {
  assert.equal(
    databaseUnavailable(pgError('23505', 'duplicate key value violates unique constraint')),
    undefined,
  );
  assert.equal(databaseUnavailable(new TypeError('cannot read properties of undefined')), undefined);
  assert.equal(toProblem(pgError('42P01', 'relation "childs" does not exist')).status, 500);
});

test('a change that collided with another made at the same moment is a 409 saying nothing was saved', () => {
  for (const code of ['23505', '23P01', '40001', '40P01']) {
    const problem = toProblem(pgError(code, 'conflicting key value violates exclusion constraint'));
    assert.equal(problem.status, 409, code);
    assert.match(String(problem.detail), /nothing you sent was saved/);
  }
  // Any other database error is still the server's fault.
  assert.equal(toProblem(pgError('42703', 'column "x" does not exist')).status, 500);
});
