import { recordAuditEvent } from '../../../platform/audit/index.ts';
import { inTenant } from '../../../platform/db/tenancy.ts';
import {
  importJob,
  type RowProblem,
  rowsRejected,
  type SpreadsheetImport,
  wholeRow,
} from '../../../platform/imports/index.ts';
import { provisionsOf } from '../domain/establishment.ts';
import type { PlaceRowValues } from './domain/columns.ts';
import { placeColumns } from './domain/columns.ts';
import { overlapMessage, overlaps, type PlaceLine, placeLineProblems } from './domain/places.ts';
import * as repo from './repo.ts';

/**
 * Designated places from a sufficiency lead's spreadsheet, all or nothing: each row a line at a
 * setting on the register, checked as a line added on the setting's page is (its ages within its
 * phase, the setting's provision and location), then against the lines held and the file's other
 * rows, so no need and phase has two lines in force on one day. A line held just as the file has
 * it is left, so loading the same file again adds nothing.
 */

export const placesImportKind = 'providers.places-import';

export interface PlacesImportSummary {
  rowsRead: number;
  added: number;
  alreadyHeld: number;
  settings: number;
  fileWarnings: string[];
}

interface ImportedLine {
  establishmentId: string;
  line: PlaceLine & { note: string | null };
}

type Setting = Awaited<ReturnType<typeof repo.settingsWithUrns>>[number];

const n = (x: number) => x.toLocaleString('en-GB');

/** The column each of a line's own problems belongs in. */
const columnOf: Record<string, string> = {
  provision: 'provision',
  senType: 'senType',
  phase: 'phase',
  lowAge: 'lowAge',
  highAge: 'highAge',
  places: 'places',
  startsOn: 'startsOn',
  endsOn: 'endsOn',
};

const sameLine = (a: PlaceLine, b: PlaceLine) =>
  a.provision === b.provision &&
  a.senType === b.senType &&
  a.phase === b.phase &&
  a.lowAge === b.lowAge &&
  a.highAge === b.highAge &&
  a.places === b.places &&
  a.startsOn === b.startsOn &&
  a.endsOn === b.endsOn;

export function checkPlaceRow(
  values: PlaceRowValues,
  byUrn: (urn: number) => Setting | undefined,
): { value: ImportedLine } | { problems: { column: string; problem: string }[] } {
  const setting = byUrn(values.urn);
  if (!setting)
    return {
      problems: [
        {
          column: 'urn',
          problem: `URN ${values.urn} is not on your register: import it from GIAS or add the setting first`,
        },
      ],
    };
  const line = {
    provision: values.provision,
    senType: values.senType,
    phase: values.phase,
    lowAge: values.lowAge,
    highAge: values.highAge,
    places: values.places,
    startsOn: values.startsOn,
    endsOn: values.endsOn,
    note: values.note,
  };
  const problems = placeLineProblems(line).map((p) => ({
    column: columnOf[p.field] ?? wholeRow,
    problem: p.message,
  }));
  if (!provisionsOf(setting).includes(line.provision))
    problems.push({
      column: 'provision',
      problem: `${setting.name} is not recorded as ${line.provision === 'special_school' ? 'a special school' : line.provision === 'sen_unit' ? 'having a SEN unit' : 'having resourced provision'}`,
    });
  if (line.places > 0 && !setting.located)
    problems.push({
      column: 'places',
      problem: `${setting.name} has no location, so journeys to its places cannot be worked out: give it a postcode or grid reference first`,
    });
  return problems.length ? { problems } : { value: { establishmentId: setting.id, line } };
}

export const placesImport: SpreadsheetImport<
  PlaceRowValues,
  ImportedLine,
  PlacesImportSummary,
  Map<number, Setting>
> = {
  kind: placesImportKind,
  permission: 'providers:write',
  columns: placeColumns,
  formats: ['csv', 'xlsx'],
  unknownColumns: 'warn',
  // A county's specialist settings have a few hundred lines between them.
  limits: { maxBytes: 5 * 1024 * 1024, maxRows: 20_000 },
  upload: { field: 'file', missing: 'Select a spreadsheet of designated places (Excel or CSV)' },
  queuedAction: 'school.places.import.queued',
  async prepare({ database, actor }) {
    const settings = await inTenant(database.db, { laCode: actor.laCode, userId: actor.userId }, (tx) =>
      repo.settingsWithUrns(tx),
    );
    return new Map(settings.map((s) => [s.urn, s]));
  },
  check: (values, _facts, byUrn) => checkPlaceRow(values, (urn) => byUrn.get(urn)),
  async save(checked, { database, actor, jobId, upload }) {
    const who = { laCode: actor.laCode, userId: actor.userId };
    return inTenant(database.db, who, async (tx) => {
      const ids = [...new Set(checked.rows.map((r) => r.value.establishmentId))];
      const held = await repo.placeLinesOf(tx, ids);
      const problems: RowProblem[] = [];
      const toAdd: { row: number; value: ImportedLine }[] = [];
      let alreadyHeld = 0;
      for (const r of checked.rows) {
        const lines = held.get(r.value.establishmentId) ?? [];
        if (lines.some((l) => sameLine(l, r.value.line))) {
          alreadyHeld++;
          continue;
        }
        const clash = lines.find((l) => overlaps(l, r.value.line));
        const earlier = toAdd.find(
          (o) => o.value.establishmentId === r.value.establishmentId && overlaps(o.value.line, r.value.line),
        );
        if (clash)
          problems.push({ row: r.row, column: checked.headerOf('startsOn'), problem: overlapMessage(clash) });
        else if (earlier)
          problems.push({
            row: r.row,
            column: checked.headerOf('startsOn'),
            problem: `row ${n(earlier.row)} has places for the same need and phase in force on some of the same days: end one the day before the other starts`,
          });
        else toAdd.push(r);
      }
      if (problems.length) throw rowsRejected(problems, checked.rowsRead);
      for (const r of toAdd)
        await repo.insertPlaceLine(tx, actor.laCode, r.value.establishmentId, r.value.line, actor.userId);
      const settings = new Set(toAdd.map((r) => r.value.establishmentId));
      for (const id of settings)
        await recordAuditEvent(tx, {
          laCode: actor.laCode,
          userId: actor.userId,
          action: 'school.places.imported',
          entityType: 'establishment',
          entityId: id,
          ip: actor.ip ?? null,
          requestId: actor.requestId ?? null,
          detail: {
            job: jobId ?? null,
            fileName: upload.fileName,
            lines: toAdd
              .filter((r) => r.value.establishmentId === id)
              .map((r) => ({ row: r.row, ...r.value.line })),
          },
        });
      return {
        rowsRead: checked.rowsRead,
        added: toAdd.length,
        alreadyHeld,
        settings: settings.size,
        fileWarnings: checked.fileWarnings,
      };
    });
  },
  summaryMessage: (s) =>
    `Loaded ${n(s.rowsRead)} ${s.rowsRead === 1 ? 'row' : 'rows'}: ${n(s.added)} ${s.added === 1 ? 'line' : 'lines'} of places added at ${n(s.settings)} ${s.settings === 1 ? 'setting' : 'settings'}${s.alreadyHeld ? `, ${n(s.alreadyHeld)} already held` : ''}`,
};

export const placesImportJob = importJob(placesImport);
