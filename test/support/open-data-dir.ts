/**
 * A small program that opens an embedded data directory as a benchmark or a script would
 * (`connect` with no more said), holds it until its standard input closes, then closes it.
 * Refused, it says why and exits 1, as they do.
 */
import { connect } from '../../src/platform/db/connect.ts';
import { DataDirBusy } from '../../src/platform/db/data-dir-lock.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: open-data-dir.ts DIR');
try {
  const database = await connect({ dataDir });
  process.stdout.write(`opened ${dataDir}\n`);
  for await (const _ of process.stdin);
  await database.close();
} catch (err) {
  if (!(err instanceof DataDirBusy)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
}
