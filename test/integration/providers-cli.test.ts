import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CliWorkspace, cliWorkspace } from '../support/cli.ts';
import { fixturePath } from '../support/providers.ts';

/** `opensend import gias`, run as an operator would, in a child process. */
describe('opensend import gias', () => {
  let cli: CliWorkspace;
  before(async () => {
    cli = await cliWorkspace('gias');
  });
  after(() => cli.remove());

  const opensend = (args: string[], input?: string) => cli.run(args, input);

  test('bad arguments get exit code 2 and the usage', () => {
    for (const args of [
      ['import', 'gias'],
      ['import', 'gias', 'a.csv', 'b.csv'],
      ['import', 'gias', 'a.csv', '--la', 'Norfolk'],
      ['import', 'gias', 'a.csv', '--colour', 'red'],
    ]) {
      const r = opensend(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /Usage: opensend/);
    }
    assert.match(
      opensend(['import', 'gias', 'a.csv', '--la', 'Norfolk']).err,
      /--la must be the 3-digit DfE LA number/,
    );
  });

  test('with no LA in the database --la is needed; an unknown LA or a missing file is exit code 1', () => {
    const none = opensend(['import', 'gias', fixturePath('edubasealldata-sample.csv')]);
    assert.equal(none.code, 2);
    assert.match(none.err, /--la is required: the database holds no LAs/);
    assert.equal(opensend(['la', 'add', '--code', '926', '--name', 'Norfolk']).code, 0);
    const unknown = opensend(['import', 'gias', fixturePath('edubasealldata-sample.csv'), '--la', '935']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /there is no LA with code 935/);
    const missing = opensend(['import', 'gias', 'no-such-file.csv', '--la', '926']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot read no-such-file\.csv: there is no such file/);
  });

  test('a file with bad rows is exit code 1, lists each row, and imports nothing', () => {
    const r = opensend(['import', 'gias', fixturePath('edubasealldata-bad-rows.csv'), '--la', '926']);
    assert.equal(r.code, 1);
    assert.match(r.err, /Nothing was imported: 7 problems in the file/);
    assert.match(r.err, /row 3, URN: "90002X" is not a URN \(6 digits\)/);
    assert.match(r.err, /row 9, URN: 900001 is also on row 2/);
    const missing = opensend(['import', 'gias', fixturePath('edubasealldata-missing-columns.csv')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /The file is missing these GIAS columns: Postcode, SEN13 \(name\)/);
  });

  test('a good file imports, printing progress on standard error and a summary on standard output', () => {
    const r = opensend(['import', 'gias', fixturePath('edubasealldata-sample.csv')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^Checked 10 of 10 rows$/m);
    assert.match(r.err, /^Imported 8 of 8 rows$/m);
    assert.match(r.out, /Imported 8 rows: 8 added, 0 updated, 0 unchanged/);
    assert.match(r.out, /10 rows read \(Windows-1252\); 2 for other LAs' schools not imported/);
    assert.match(r.out, /row 7, StatutoryHighAge: 99 is older than SEND covers/);
    const later = opensend([
      'import',
      'gias',
      fixturePath('edubasealldata-later.csv'),
      '--la',
      '926',
      '--links',
      fixturePath('links-sample.csv'),
    ]);
    assert.equal(later.code, 0, later.err);
    assert.match(later.out, /URN 900008 is now 900009: Yare Valley Academy/);
  });
});
