import { cellText } from '../../../platform/imports/cells.ts';
import type { RowFacts, RowOutcome } from '../../../platform/imports/check.ts';
import type { ImportColumn } from '../../../platform/imports/columns.ts';
import {
  type GiasEstablishment,
  giasColumns,
  giasOfstedColumns,
  giasRowToEstablishment,
  requiredGiasColumns,
} from './gias-row.ts';

/** A GIAS row's values, by column name: as GIAS wrote them, trimmed. */
export type GiasValues = Record<string, string>;

// An open community primary school, as GIAS would list it: the template's example row.
const examples: Record<string, string> = {
  [giasColumns.urn]: '100000',
  [giasColumns.laCode]: '926',
  [giasColumns.name]: 'Acle Fen Primary School',
  [giasColumns.typeCode]: '1',
  [giasColumns.typeName]: 'Community school',
  [giasColumns.typeGroup]: 'Local authority maintained schools',
  [giasColumns.status]: 'Open',
  [giasColumns.openDate]: '01-09-1975',
  [giasColumns.phase]: 'Primary',
  [giasColumns.lowAge]: '4',
  [giasColumns.highAge]: '11',
  [giasColumns.capacity]: '210',
  [giasColumns.pupils]: '198',
  [giasColumns.ukprn]: '10012345',
  [giasColumns.street]: 'Fen Lane',
  [giasColumns.town]: 'Acle',
  [giasColumns.postcode]: 'NR13 3AA',
  [giasColumns.district]: 'Broadland',
  [giasColumns.easting]: '640000',
  [giasColumns.northing]: '310000',
  [giasColumns.resourcedProvision]: 'Not applicable',
  'SEN1 (name)': 'Not Applicable',
};

/**
 * GIAS columns are read as the text GIAS wrote: what each means, and whether it is right, is
 * decided for the row as a whole by giasRowToEstablishment, which knows how the columns relate.
 */
function giasColumn(name: string, required: boolean): ImportColumn<string, string> {
  const example = examples[name] ?? '';
  return {
    key: name,
    header: name,
    required,
    example: { csv: example, xlsx: example },
    parse: (cell) => ({ value: cellText(cell).trim() }),
  };
}

/** The columns of GIAS's establishment file the import reads; the file's others are left alone. */
export const giasImportColumns: readonly ImportColumn<string, string>[] = [
  ...requiredGiasColumns.map((c) => giasColumn(c, true)),
  giasColumn(giasOfstedColumns.rating, false),
  giasColumn(giasOfstedColumns.date, false),
];

/**
 * Whether a row concerns the LA: GIAS gives it to the LA, or it is for a URN the LA holds or whose
 * predecessors it holds. Only those are checked, so a fault in another LA's row never stops an import.
 */
export function concernsLa(
  text: (column: string) => string,
  laCode: string,
  urnsOfInterest: ReadonlySet<number>,
): boolean {
  return (
    text(giasColumns.laCode).trim() === laCode || urnsOfInterest.has(Number(text(giasColumns.urn).trim()))
  );
}

/** Checks and maps one GIAS row, reading Ofsted's columns only when the file has them. */
export function checkGiasRow(values: GiasValues, facts: RowFacts): RowOutcome<GiasEstablishment> {
  const hasOfsted = facts.has(giasOfstedColumns.rating) && facts.has(giasOfstedColumns.date);
  const result = giasRowToEstablishment((column) => values[column] ?? '', facts.row, { hasOfsted });
  return result.ok
    ? { value: result.value, warnings: result.warnings }
    : { problems: result.problems.map(({ column, problem }) => ({ column, problem })) };
}
