import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { placementsImport } from '../../src/modules/placements/imports/definition.ts';
import { placementImportColumns } from '../../src/modules/placements/imports/domain/columns.ts';
import { ImportRejected, type ImportReport, runImport } from '../../src/platform/imports/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addChild, addSchool, addUser, listingEvents, upnFor } from '../support/children.ts';

/**
 * The placements import through its service, as its job runs it: a finance team's sheet (CSV or
 * a workbook) made into placements and cost lines all or nothing, and each kind of bad input
 * refused with its row, column and message while nothing is written. The import is dated 2 March
 * 2026, in financial year 2025-26, so costs are worked out to 31 March 2028 (2027-28).
 */

const headers = placementImportColumns.map((c) => c.header);
type Row = Partial<Record<(typeof headers)[number], string>>;

const csvOf = (rows: readonly Row[], columns: readonly string[] = headers) =>
  Buffer.from(
    stringify([columns, ...rows.map((r) => columns.map((h) => r[h as keyof Row] ?? ''))], {
      record_delimiter: 'windows',
    }),
  );

/** A workbook with the template's columns (or these), each row's cells as exceljs takes them, formats by column. */
async function workbookOf(
  rows: readonly Record<string, unknown>[],
  options: { columns?: readonly string[]; formats?: Record<string, string> } = {},
): Promise<Buffer> {
  const columns = options.columns ?? headers;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Placements');
  ws.addRow(columns);
  for (const r of rows) {
    const row = ws.addRow(columns.map((h) => r[h] ?? null));
    for (const [h, numFmt] of Object.entries(options.formats ?? {}))
      row.getCell(columns.indexOf(h) + 1).numFmt = numFmt;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const utcDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('importing placements from a spreadsheet', () => {
  let t: TestApp;
  let officer: { id: string; email: string };
  let ada: string;
  let ben: string;
  let cara: string;
  let dan: string;
  const suffolkUpn = upnFor('935', 1);
  const upn = {
    ada: upnFor('926', 701),
    ben: upnFor('926', 702),
    cara: upnFor('926', 703),
    dan: upnFor('926', 704),
  };

  const count = async (table: 'placements' | 'placement_cost_lines' | 'placement_costs') =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db))
      .rows[0]?.n;

  async function importFile(file: Buffer, fileName = 'placements.csv') {
    return runImport(
      placementsImport,
      {
        database: t.database,
        actor: { laCode: '926', userId: officer.id, roles: ['finance_officer'] },
        upload: { file, fileName, attachments: {} },
        today: '2026-03-02',
      },
      () => undefined,
    );
  }

  /** What the import refused, having written nothing. */
  async function refusal(file: Buffer): Promise<ImportReport> {
    const before = [await count('placements'), await count('placement_cost_lines')];
    try {
      await importFile(file);
    } catch (err) {
      assert.ok(err instanceof ImportRejected, String(err));
      assert.deepEqual([await count('placements'), await count('placement_cost_lines')], before);
      return err.report;
    }
    assert.fail('the file was imported');
  }
  /** Each problem's row, column and words; which child it is about is checked where it matters. */
  const problems = async (file: Buffer) => (await refusal(file)).problems.map(({ childId: _, ...p }) => p);

  // Ada at the maintained special school on the register, on the S2 band, with transport.
  const adaRow: Row = {
    UPN: upn.ada,
    Surname: 'Placed',
    Forename: 'Ada',
    'Date of birth': '27/03/2015',
    URN: '145678',
    'Setting name': 'Chapel Green School',
    'Placement type': 'Maintained special school',
    'Start date': '01/04/2026',
    'Top-up band': 'S2',
    'Transport a year': '3,650.00',
  };
  // Ben at an independent school without a URN, on an interim basis, at a weekly fee health shares.
  const benRow: Row = {
    UPN: upn.ben,
    Surname: 'Interim',
    Forename: 'Ben',
    'Date of birth': '27/03/2015',
    'Setting name': 'Horizon Independent School',
    'Placement type': 'independent',
    'Start date': '01/04/2026',
    'EHC plan or interim': 'Interim',
    Fee: '£1,500',
    'Fee per': 'a week',
    'Fee weeks or days a year': '38',
    'Health share %': '25%',
  };
  // Cara part time at a mainstream school, on the lowest band (by its label), until the summer.
  const caraRow: Row = {
    UPN: upn.cara,
    Surname: 'Part',
    Forename: 'Cara',
    'Date of birth': '27/03/2015',
    URN: '121234',
    'Setting name': 'Acle Fen Primary School',
    'Placement type': 'Mainstream',
    'Start date': '02/03/2026',
    'End date': '31/07/2026',
    'Days a week': '2.5',
    'Top-up band': 'band 1',
  };

  before(async () => {
    t = await startTestApp();
    officer = await addUser(t, '926', 'finance', ['finance_officer']);
    const special = await addSchool(t, '926', 'Chapel Green School', 145678);
    await addSchool(t, '926', 'Acle Fen Primary School', 121234);
    ada = await addChild(t, '926', { forename: 'Ada', surname: 'Placed', upn: upn.ada });
    ben = await addChild(t, '926', { forename: 'Ben', surname: 'Interim', upn: upn.ben });
    cara = await addChild(t, '926', { forename: 'Cara', surname: 'Part', upn: upn.cara });
    dan = await addChild(t, '926', { forename: 'Dan', surname: 'Held', upn: upn.dan });
    await addChild(t, '935', { forename: 'Dan', surname: 'Held', upn: suffolkUpn });
    for (const child of [ada, cara, dan])
      await sql`INSERT INTO ehc_plans (la_code, child_id, status, drafted_on, issued_on, establishment_id, setting_name, provision)
        VALUES ('926', ${child}, 'active', '2026-01-05', '2026-02-02', ${special}, 'Chapel Green School', 'special')`.execute(
        t.database.db,
      );
    const scheme = await sql<{
      id: string;
    }>`INSERT INTO top_up_schemes (la_code, name, effective_from, status, adopted_at)
      VALUES ('926', 'Bands from April 2025', '2025-04-01', 'adopted', now()) RETURNING id`.execute(
      t.database.db,
    );
    await sql`INSERT INTO top_up_bands (la_code, scheme_id, setting_group, band, label, annual_pence) VALUES
      ('926', ${scheme.rows[0]?.id}, 'special', 'S1', 'Moderate needs', 800000),
      ('926', ${scheme.rows[0]?.id}, 'special', 'S2', 'Complex needs', 1200000),
      ('926', ${scheme.rows[0]?.id}, 'mainstream', 'B1', 'Band 1', 135000)`.execute(t.database.db);
  });
  after(() => t.close());

  const costsOf = async (childId: string) =>
    (
      await sql<{ fy: number; budget_line: string; payer: string; pence: number }>`
        SELECT c.fy, c.budget_line, c.payer, c.committed_pence::int AS pence FROM placement_costs c
        JOIN placements p ON p.id = c.placement_id WHERE p.child_id = ${childId}
        ORDER BY c.fy, c.budget_line, c.payer`.execute(t.database.db)
    ).rows.map((r) => [r.fy, r.budget_line, r.payer, r.pence]);

  const firstFile = () =>
    csvOf([
      adaRow,
      benRow,
      // From September Ben's fee rises to £1,600 a week, still 38 weeks.
      { ...benRow, Fee: '1600', 'Costs effective from': '01/09/2026' },
      caraRow,
    ]);

  test('a file adds its placements with their cost lines, worked-out costs and approval, in one go', async () => {
    const summary = await importFile(firstFile());
    assert.deepEqual(
      { ...summary, byType: summary.byType.map((b) => [b.type, b.created, b.awaitingApproval]) },
      {
        rowsRead: 4,
        placements: 3,
        created: 3,
        // Ben's fee comes to £1,600 × 38 = £60,800 a year at its highest, over the £50,000 threshold.
        awaitingApproval: 1,
        alreadyHeld: 0,
        // Ada: place funding, the S2 top-up and transport; Ben: two fees; Cara: her top-up.
        costLines: 6,
        children: 3,
        byType: [
          ['maintained_special', 1, 0],
          ['independent_special', 1, 1],
          ['mainstream', 1, 0],
        ],
        fy: 2025,
        // Only Cara's starts in 2025-26: the B1 band, £1,350 a year, from 2 March (day 336 of
        // 365) to 31 March (day 365): 135,000 − round(135,000 × 335 / 365 = 123,904.1) = 11,096p.
        thisYearPence: 11_096,
        approvalThresholdPence: 5_000_000,
        fileWarnings: [],
      },
    );
    const rows = (
      await sql<{
        child_id: string;
        establishment_id: string | null;
        provider_name: string | null;
        placement_type: string;
        fte: number;
        basis: string;
        plan_id: string | null;
        approval: string;
        entered_by: string;
        costs_through_fy: number;
      }>`SELECT child_id, establishment_id, provider_name, placement_type, fte::float8 AS fte, basis, plan_id,
          approval, entered_by, costs_through_fy FROM placements ORDER BY placement_type`.execute(
        t.database.db,
      )
    ).rows;
    assert.deepEqual(
      rows.map((r) => [
        r.child_id,
        r.provider_name,
        r.placement_type,
        r.fte,
        r.basis,
        r.approval,
        r.costs_through_fy,
      ]),
      [
        [ben, 'Horizon Independent School', 'independent_special', 1, 'interim', 'awaiting', 2027],
        // 2.5 days of a 5-day week is 0.5 of full time.
        [cara, null, 'mainstream', 0.5, 'ehc_plan', 'not_needed', 2027],
        [ada, null, 'maintained_special', 1, 'ehc_plan', 'not_needed', 2027],
      ],
    );
    assert.ok(rows.every((r) => r.entered_by === officer.id));
    assert.ok(rows.filter((r) => r.basis === 'ehc_plan').every((r) => r.plan_id));

    const lines = (
      await sql<{
        kind: string;
        amount: number | null;
        per: string | null;
        band: string | null;
        from: string;
        to: string | null;
        health: number;
      }>`
        SELECT l.kind, l.amount_pence::int AS amount, l.per, l.top_up_band AS band,
          to_char(l.effective_from, 'YYYY-MM-DD') AS from, to_char(l.effective_to, 'YYYY-MM-DD') AS to,
          l.health_share_bp AS health
        FROM placement_cost_lines l JOIN placements p ON p.id = l.placement_id
        WHERE p.child_id = ${ben} ORDER BY l.effective_from`.execute(t.database.db)
    ).rows;
    assert.deepEqual(lines, [
      // The first fee ends the day before the second starts.
      {
        kind: 'fee',
        amount: 150_000,
        per: 'week',
        band: null,
        from: '2026-04-01',
        to: '2026-08-31',
        health: 2500,
      },
      { kind: 'fee', amount: 160_000, per: 'week', band: null, from: '2026-09-01', to: null, health: 2500 },
    ]);

    // Ada, from 1 April 2026 with no end: whole financial years, each line's annual amount exactly.
    assert.deepEqual(await costsOf(ada), [
      [2026, 'special_schools', 'high_needs', 1_000_000 + 1_200_000],
      [2026, 'transport', 'transport', 365_000],
      [2027, 'special_schools', 'high_needs', 1_000_000 + 1_200_000],
      [2027, 'transport', 'transport', 365_000],
    ]);
    // Ben in 2026-27 (365 days): £1,500 × 38 = 5,700,000p a year for days 1 to 153 (to 31 August):
    // round(5,700,000 × 153 / 365 = 2,389,315.07) = 2,389,315; then £1,600 × 38 = 6,080,000p for
    // days 154 to 365: 6,080,000 − round(6,080,000 × 153 / 365 = 2,548,602.74) = 3,531,397. Each
    // split 75% education, 25% health by largest remainder: 1,791,986.25 / 597,328.75 gives health
    // the spare penny (1,791,986 / 597,329); 2,648,547.75 / 882,849.25 gives it to education
    // (2,648,548 / 882,849). Education 4,440,534p, health 1,480,178p. In 2027-28, the second fee
    // alone all year: 4,560,000p and 1,520,000p.
    assert.deepEqual(await costsOf(ben), [
      [2026, 'independent', 'health', 1_480_178],
      [2026, 'independent', 'high_needs', 4_440_534],
      [2027, 'independent', 'health', 1_520_000],
      [2027, 'independent', 'high_needs', 4_560_000],
    ]);
    // Cara: 11,096p in 2025-26 (above); in 2026-27 days 1 to 122 (to 31 July):
    // round(135,000 × 122 / 365 = 45,123.29) = 45,123p.
    assert.deepEqual(await costsOf(cara), [
      [2025, 'mainstream_top_ups', 'high_needs', 11_096],
      [2026, 'mainstream_top_ups', 'high_needs', 45_123],
    ]);

    const [event] = await listingEvents(t, '926', 'placement.imported');
    assert.ok(event);
    assert.deepEqual([...(event.child_ids ?? [])].sort(), [ada, ben, cara].sort());
    assert.equal(event.user_id, officer.id);
    assert.deepEqual(event.detail, {
      job: null,
      fileName: 'placements.csv',
      created: 3,
      awaitingApproval: 1,
      alreadyHeld: 0,
      costLines: 6,
    });
  });

  test('importing the same file again adds nothing: each placement already held just so is left as it is', async () => {
    const before = [
      await count('placements'),
      await count('placement_cost_lines'),
      await count('placement_costs'),
    ];
    const summary = await importFile(firstFile());
    assert.equal(summary.created, 0);
    assert.equal(summary.alreadyHeld, 3);
    assert.equal(
      placementsImport.summaryMessage(summary),
      'Imported 4 rows: 0 placements added, 3 already held',
    );
    assert.deepEqual(
      [await count('placements'), await count('placement_cost_lines'), await count('placement_costs')],
      before,
    );
  });

  test('a row for a placement already held with other details is refused: an import adds, it does not change', async () => {
    assert.deepEqual(await problems(csvOf([{ ...adaRow, 'Transport a year': '4000' }])), [
      {
        row: 2,
        column: '(whole row)',
        problem:
          'The child already has this placement (at Chapel Green School from 1 April 2026) with its cost lines, where this has different ones: placements are added here, not changed, so change it on its page, or leave it out',
      },
    ]);
    assert.deepEqual(await problems(csvOf([{ ...caraRow, 'End date': '24/07/2026' }])), [
      {
        row: 2,
        column: 'End date',
        problem:
          'The child already has this placement (at Acle Fen Primary School from 2 March 2026) with end date 31 July 2026, where this has end date 24 July 2026: placements are added here, not changed, so change it on its page, or leave it out',
      },
    ]);
  });
  // Dan, with a plan in force and no placement yet: the row the bad files below start from.
  const danRow: Row = {
    UPN: upn.dan,
    Surname: 'Held',
    Forename: 'Dan',
    'Date of birth': '27/03/2015',
    URN: '145678',
    'Setting name': 'Chapel Green School',
    'Placement type': 'Maintained special school',
    'Start date': '01/09/2026',
    'Top-up band': 'S1',
  };

  test('a file missing a column, or with none of the columns, is refused naming what it must have', async () => {
    assert.equal(
      (
        await refusal(
          csvOf(
            [danRow],
            headers.filter((h) => h !== 'Start date'),
          ),
        )
      ).fileProblem,
      'The file is missing this column: Start date. The columns it must have are UPN, Surname, Forename, Date of birth, Setting name, Placement type, Start date; the template has them all',
    );
    assert.equal(
      (
        await refusal(
          csvOf(
            [danRow],
            headers.filter((h) => h !== 'Surname' && h !== 'Placement type'),
          ),
        )
      ).fileProblem,
      'The file is missing these columns: Surname, Placement type. The columns it must have are UPN, Surname, Forename, Date of birth, Setting name, Placement type, Start date; the template has them all',
    );
    assert.equal(
      (await refusal(Buffer.from('Child,Cost\r\nDan,1200\r\n'))).fileProblem,
      "The file's first line has none of the column names (such as UPN, Surname, Forename), so it is not a file this import takes: download the template to see the columns it needs",
    );
  });

  test('dates written more than one way in a column, month first or as bare numbers are refused with their rows', async () => {
    assert.deepEqual(
      await problems(
        csvOf([
          danRow,
          { ...danRow, 'Top-up band': 'S2', 'Start date': '2026-09-01' },
          // 46,266 days from Excel's epoch is 1 September 2026, but a CSV cannot say it is a date.
          { ...danRow, 'Top-up band': 'Moderate needs', 'Start date': '46266' },
          { ...danRow, 'Top-up band': 'complex needs', 'Start date': '09/13/2026' },
        ]),
      ),
      [
        {
          row: 3,
          column: 'Start date',
          problem:
            'dates are written in more than one way (01/09/2026 on row 2, 2026-09-01 on row 3); write every date the same way, like 01/09/2026',
        },
        { row: 4, column: 'Start date', problem: '“46266” is not a date; use a date like 01/09/2026' },
        {
          row: 5,
          column: 'Start date',
          problem:
            "09/13/2026 is not a real date: dates are read day first, and there is no month 13. If this file's dates are month first, as in the US, write them all day first, like 01/09/2026",
        },
      ],
    );
    const base = { ...danRow, 'Date of birth': utcDate('2015-03-27'), 'Start date': utcDate('2026-09-01') };
    assert.deepEqual(
      await problems(
        await workbookOf(
          [
            base,
            { ...base, 'Top-up band': 'S2', 'Start date': 46_266 },
            { ...base, 'Top-up band': 'Moderate needs', 'Start date': '01/09/2026' },
          ],
          { formats: { 'Date of birth': 'dd/mm/yyyy' } },
        ),
      ),
      [
        {
          row: 3,
          column: 'Start date',
          problem: '46266 is a number, not a date; format the cell as a date, or write it like 01/09/2026',
        },
        {
          row: 4,
          column: 'Start date',
          problem:
            'dates are written in more than one way (01/09/2026 as a date cell on row 2, 01/09/2026 on row 4); write every date the same way, like 01/09/2026',
        },
      ],
    );
  });

  test('a row repeated exactly is refused naming the row it repeats', async () => {
    assert.deepEqual(await problems(csvOf([danRow, caraRow, danRow])), [
      { row: 4, column: '(whole row)', problem: 'is the same as row 2; remove one of them' },
    ]);
  });

  test('a formula in a workbook is refused naming its cell, and so is text a spreadsheet would run as one', async () => {
    const independent = {
      ...danRow,
      URN: '',
      'Top-up band': '',
      'Placement type': 'Independent special school',
    };
    assert.deepEqual(
      await problems(
        await workbookOf([
          {
            ...independent,
            'Fee per': 'Week',
            'Fee weeks or days a year': 38,
            Fee: { formula: 'T2*40', result: 1520 },
          },
        ]),
      ),
      [
        {
          row: 2,
          column: 'Fee',
          problem:
            'has a formula (“=T2*40”) in cell R2; put its value in instead (copy the cells, then Paste Special, Values)',
        },
      ],
    );
    assert.deepEqual(
      await problems(
        csvOf([{ ...independent, 'Setting name': '=HYPERLINK("http://evil.example","Click")' }]),
      ),
      [
        {
          row: 2,
          column: 'Setting name',
          problem:
            '“=HYPERLINK("http://evil.example","Click")” would be run as a formula by a spreadsheet, because it starts with =; take the = away, or write it another way',
        },
      ],
    );
  });

  test('an end before the start, and costs that take effect outside the placement, are refused', async () => {
    assert.deepEqual(
      await problems(
        csvOf([
          { ...danRow, 'End date': '31/08/2026' },
          { ...danRow, 'Top-up band': 'S2', 'Expected end date': '01/08/2026' },
          { ...danRow, 'Top-up band': 'Moderate needs', 'Costs effective from': '31/08/2026' },
        ]),
      ),
      [
        {
          row: 2,
          column: 'End date',
          problem: '31/08/2026 is before the start date, 01/09/2026: it must be the same day or later',
        },
        {
          row: 3,
          column: 'Expected end date',
          problem: '01/08/2026 is before the start date, 01/09/2026: it must be the same day or later',
        },
        {
          row: 4,
          column: 'Costs effective from',
          problem:
            '31/08/2026 is before the placement starts, 01/09/2026: costs take effect on or after its start',
        },
      ],
    );
  });

  test('full-time placements that overlap, in the file or with one held, are refused on the later one', async () => {
    const mainstream = {
      ...danRow,
      URN: '121234',
      'Placement type': 'Mainstream school',
      'Top-up band': 'B1',
    };
    assert.deepEqual(await problems(csvOf([danRow, { ...mainstream, 'Start date': '01/01/2027' }])), [
      {
        row: 3,
        column: 'Start date',
        problem:
          'overlaps the full-time placement on row 2 (at Chapel Green School from 01/09/2026 with no end date): a child is in one full-time placement on any day, so give that one an end date, or record this one as part time',
      },
    ]);
    // Ada's placement at Chapel Green School, imported above, runs from 1 April 2026 with no end.
    assert.deepEqual(
      await problems(
        csvOf([
          { ...mainstream, UPN: upn.ada, Surname: 'Placed', Forename: 'Ada', 'Start date': '01/09/2026' },
        ]),
      ),
      [
        {
          row: 2,
          column: 'Start date',
          problem:
            'The child already has a full-time placement at Chapel Green School from 2026-04-01 with no end date: end that placement first, or record this one as part time',
        },
      ],
    );
  });

  test('negative amounts, and more than £500,000 a year unconfirmed, are refused', async () => {
    const independent = {
      ...danRow,
      URN: '',
      'Setting name': 'Costly Residential School',
      'Top-up band': '',
      'Placement type': 'Independent special school',
    };
    assert.deepEqual(
      await problems(
        csvOf([
          { ...danRow, 'Transport a year': '-500' },
          { ...independent, Fee: '-£1,000', 'Fee per': 'Term' },
          // £12,000 a week for 52 weeks is £624,000 a year.
          { ...independent, Fee: '12000', 'Fee per': 'Week', 'Fee weeks or days a year': '52' },
          { ...independent, 'Top-up a year': '500,000.01' },
        ]),
      ),
      [
        {
          row: 2,
          column: 'Transport a year',
          problem: '-£500.00 is less than £0; amounts here cannot be negative',
        },
        { row: 3, column: 'Fee', problem: '-£1,000.00 is less than £0; amounts here cannot be negative' },
        {
          row: 4,
          column: 'Fee',
          problem:
            'comes to £624,000 a year, more than £500,000: check the amount, and write Yes in Confirm large amount if it is right',
        },
        {
          row: 5,
          column: 'Top-up a year',
          problem:
            '£500,000.01 a year, more than £500,000: check the amount, and write Yes in Confirm large amount if it is right',
        },
      ],
    );
  });

  test('a problem on a row that names a child of the LA is about that child, so seeing it is recorded against them', async () => {
    const report = await refusal(
      csvOf([
        { ...danRow, Surname: 'Hold' },
        { ...danRow, UPN: upnFor('926', 999), 'Top-up band': 'S2' },
        danRow,
        { ...danRow, 'Top-up band': 'S2', 'Costs effective from': '01/09/2026' },
      ]),
    );
    assert.deepEqual(
      report.problems.map((p) => [p.row, p.childId]),
      [
        [2, dan],
        [3, undefined],
      ],
    );
    const grouped = await refusal(
      csvOf([danRow, { ...danRow, 'Top-up band': 'S2', 'Costs effective from': '01/09/2026' }]),
    );
    assert.deepEqual(
      grouped.problems.map((p) => [p.row, p.column, p.childId]),
      [[3, 'Top-up band', dan]],
    );
  });

  test('a child or setting the LA does not have, or a name that is not the child’s, is refused', async () => {
    assert.deepEqual(
      await problems(
        csvOf([
          { ...danRow, URN: '199999' },
          { ...danRow, UPN: upnFor('926', 999) },
          { ...danRow, UPN: suffolkUpn },
          { ...danRow, UPN: 'A12' },
          { ...danRow, Surname: 'Hold', 'Date of birth': '28/03/2015' },
          { ...danRow, 'OpenSEND child ID': ada },
          { ...benRow, 'EHC plan or interim': '' },
          { ...danRow, 'Top-up band': 'S9' },
          { ...danRow, UPN: '', 'OpenSEND child ID': 'dan' },
        ]),
      ),
      [
        {
          row: 2,
          column: 'URN',
          problem:
            'There is no school or setting with URN 199999 on your LA’s register: check the URN, or leave it blank and give the name of a provider without one in Setting name',
        },
        {
          row: 3,
          column: 'UPN',
          problem: `There is no child with UPN ${upnFor('926', 999)} in your LA: check the UPN`,
        },
        {
          row: 4,
          column: 'UPN',
          problem: `There is no child with UPN ${suffolkUpn} in your LA: check the UPN`,
        },
        {
          row: 5,
          column: 'UPN',
          problem: '“A12” is not a UPN: UPN must be 13 characters, like D926123401001',
        },
        {
          row: 6,
          column: 'Surname',
          problem: `“Hold” is not the surname of the child with UPN ${upn.dan}, recorded as Dan Held: check the child and the name`,
        },
        {
          row: 6,
          column: 'Date of birth',
          problem: `28/03/2015 is not the date of birth of the child with UPN ${upn.dan}, recorded as born on 27/03/2015: check the child and the date`,
        },
        {
          row: 7,
          column: 'OpenSEND child ID',
          problem: `is another child’s, not that of the child with UPN ${upn.dan}: check both`,
        },
        {
          row: 8,
          column: 'EHC plan or interim',
          problem:
            'is blank, which means named in the EHC plan, but the child has no EHC plan in force: write Interim, or issue the plan first',
        },
        {
          row: 9,
          column: 'Top-up band',
          problem:
            'The top-up scheme in force on 01/09/2026 has no band “S9” for special school settings: use one of S1, S2, or give the agreed amount in Top-up a year',
        },
        {
          row: 10,
          column: 'OpenSEND child ID',
          problem:
            '“dan” is not an OpenSEND child ID: copy it from the address of the child’s record, like 1b4e28ba-2fa1-41d2-883f-0016d3cca427',
        },
      ],
    );
  });

  test('a later row of a placement must say when its costs take effect, and agree with the first row', async () => {
    assert.deepEqual(
      await problems(
        csvOf([
          danRow,
          { ...danRow, 'Top-up band': 'S2' },
          {
            ...danRow,
            'Top-up band': 'Complex needs',
            'Costs effective from': '01/01/2027',
            'End date': '31/07/2027',
          },
          { ...danRow, 'Top-up band': 'S2', 'Costs effective from': '01/09/2026' },
          { ...danRow, 'Top-up band': '', 'Transport a year': '', 'Days a week': '5' },
        ]),
      ),
      [
        {
          row: 3,
          column: 'Costs effective from',
          problem:
            'is blank: row 2 is this placement’s first row, so the costs on a later row need the day they take effect',
        },
        {
          row: 4,
          column: 'End date',
          problem:
            'is 31/07/2027 here but blank on row 2, this placement’s first row: give the same, or leave it blank',
        },
        {
          row: 5,
          column: 'Top-up band',
          problem:
            'gives a top-up from 01/09/2026, which row 2 gives this placement already: a change needs a later date in Costs effective from',
        },
        {
          row: 6,
          column: '(whole row)',
          problem: 'adds no costs to the placement on row 2: give the costs it adds, or remove the row',
        },
      ],
    );
  });

  test('an empty file, a file that is not a spreadsheet, a header alone and a file too large are refused whole', async () => {
    const fileProblem = async (file: Buffer) => (await refusal(file)).fileProblem;
    assert.equal(await fileProblem(Buffer.alloc(0)), 'The file is empty');
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    assert.equal(await fileProblem(png), 'The file is neither a CSV file nor an Excel workbook (.xlsx)');
    assert.equal(await fileProblem(Buffer.from('%PDF-1.7\n%âãÏÓ\n')), 'The file is a PDF, not a CSV file');
    assert.equal(await fileProblem(csvOf([])), 'The file has a header but no rows');
    const big = Buffer.concat([csvOf([danRow]), Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    assert.equal(await fileProblem(big), 'The file is larger than 10 MB, the most this import takes');
  });

  test('a workbook with date cells, a percentage cell and a confirmed large fee imports, its extra column left aside', async () => {
    const columns = [...headers, 'Notes'];
    const summary = await importFile(
      await workbookOf(
        [
          {
            ...danRow,
            URN: null,
            'Top-up band': null,
            'Setting name': 'Costly Residential School',
            'Placement type': 'Independent special school',
            'Date of birth': utcDate('2015-03-27'),
            'Start date': utcDate('2026-09-01'),
            'Residential weeks': 52,
            Fee: 12_000,
            'Fee per': 'Week',
            'Fee weeks or days a year': 52,
            'Health share %': 0.25,
            'Confirm large amount': true,
            Notes: 'Agreed at panel',
          },
        ],
        { columns, formats: { 'Health share %': '0%' } },
      ),
      'placements.xlsx',
    );
    assert.equal(summary.created, 1);
    assert.equal(summary.awaitingApproval, 1);
    assert.deepEqual(summary.fileWarnings, [
      'The file has a column this import does not read: Notes; it was left out',
    ]);
    const [line] = (
      await sql<{ amount: number; units: number; health: number }>`
        SELECT l.amount_pence::int AS amount, l.units_per_year::float8 AS units, l.health_share_bp AS health
        FROM placement_cost_lines l JOIN placements p ON p.id = l.placement_id WHERE p.child_id = ${dan}`.execute(
        t.database.db,
      )
    ).rows;
    // The cell shown as 25% holds 0.25: health's share is 25%, 2,500 basis points.
    assert.deepEqual(line, { amount: 1_200_000, units: 52, health: 2500 });
  });
  test('a full-time placement added elsewhere while the import writes is named on its row, nothing written', {
    skip: process.env.DATABASE_URL ? false : 'PGlite has one connection, so nothing can come between',
  }, async () => {
    const eve = await addChild(t, '926', { forename: 'Eve', surname: 'Raced', upn: upnFor('926', 705) });
    const eveRow: Row = {
      ...benRow,
      UPN: upnFor('926', 705),
      Surname: 'Raced',
      Forename: 'Eve',
      'Start date': '01/10/2026',
    };
    const waiting = async () =>
      Number(
        (
          await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`.execute(
            t.database.db,
          )
        ).rows[0]?.n,
      );
    let importing: Promise<ImportReport> | undefined;
    // Another transaction adds Eve a full-time placement and holds it uncommitted: the import's
    // check cannot see it, and its write waits on the constraint until the other commits.
    await t.database.db.transaction().execute(async (tx) => {
      await sql`INSERT INTO placements (la_code, child_id, provider_name, placement_type, start_on, basis)
          VALUES ('926', ${eve}, 'Elsewhere School', 'independent_special', '2026-09-01', 'interim')`.execute(
        tx,
      );
      importing = importFile(csvOf([eveRow])).then(
        () => assert.fail('the file was imported'),
        (err: unknown) => {
          assert.ok(err instanceof ImportRejected, String(err));
          return err.report;
        },
      );
      for (let i = 0; i < 200 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok((await waiting()) > 0, 'the import waits on the other transaction');
    });
    const report = await (importing as Promise<ImportReport>);
    assert.deepEqual(
      report.problems.map(({ childId: _, ...p }) => p),
      [
        {
          row: 2,
          column: 'Start date',
          problem:
            'The child already has a full-time placement at Elsewhere School from 2026-09-01 with no end date: end that placement first, or record this one as part time',
        },
      ],
    );
    const held = await sql<{ provider: string }>`SELECT provider_name AS provider FROM placements
      WHERE child_id = ${eve}`.execute(t.database.db);
    assert.deepEqual(
      held.rows.map((r) => r.provider),
      ['Elsewhere School'],
      'only the other placement was written',
    );
  });
});
