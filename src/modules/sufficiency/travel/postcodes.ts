import { sql } from 'kysely';
import { recordAuditEvent } from '../../../platform/audit/index.ts';
import { bulkInsert } from '../../../platform/db/bulk-insert.ts';
import { inTenant } from '../../../platform/db/tenancy.ts';
import {
  column,
  decimal,
  importJob,
  type SpreadsheetImport,
  text,
  type ValuesOf,
} from '../../../platform/imports/index.ts';
import { normalisePostcode } from '../../../platform/kernel/postcode.ts';

/**
 * Postcode centroids from the ONS Postcode Directory (ONSPD), for homes recorded with a postcode
 * and no location: the LA loads the extract for its area (the whole directory has 2.7 million
 * rows; a county's is tens of thousands). The columns are the directory's own, so the file is
 * loaded as ONS publishes it; its other columns are left. A postcode the ONS could not place
 * (latitude 99.999999) is counted and left out. Each load replaces the one before, all or nothing.
 */

export const postcodesImportKind = 'sufficiency.postcodes-import';

const columns = [
  column({
    key: 'postcode',
    header: 'pcds',
    aliases: ['postcode'],
    required: true,
    description: 'The postcode, as the directory writes it in pcds (its pcd and pcd2 are left).',
    ...text({ max: 10, example: 'NR1 2DH' }),
  }),
  column({
    key: 'latitude',
    header: 'lat',
    aliases: ['latitude'],
    required: true,
    description: 'The postcode’s latitude (WGS84), to 6 decimal places.',
    ...decimal({ min: 49, max: 61, places: 6, example: 52.628 }),
  }),
  column({
    key: 'longitude',
    header: 'long',
    aliases: ['longitude', 'lon'],
    required: true,
    description: 'The postcode’s longitude (WGS84), to 6 decimal places.',
    ...decimal({ min: -9, max: 2.5, places: 6, example: 1.2974 }),
  }),
  column({
    key: 'district',
    header: 'oslaua',
    aliases: ['district', 'lad'],
    required: false,
    description: 'The local authority district’s code (oslaua), or its name.',
    ...text({ max: 100, optional: true, example: 'E07000148' }),
  }),
] as const;

type Values = ValuesOf<typeof columns>;

export interface PostcodesSummary {
  rowsRead: number;
  loaded: number;
  unplaced: number;
  fileWarnings: string[];
}

const n = (x: number) => x.toLocaleString('en-GB');

export const postcodesImport: SpreadsheetImport<
  Values,
  { postcode: string; latitude: number; longitude: number; district: string | null },
  PostcodesSummary,
  null
> = {
  kind: postcodesImportKind,
  permission: 'sufficiency:plan',
  columns,
  formats: ['csv'],
  unknownColumns: 'ignore',
  keyColumns: ['postcode'],
  // A county's extract is under 100,000 rows and about 60 MB with every ONSPD column.
  limits: { maxBytes: 200 * 1024 * 1024, maxRows: 300_000 },
  upload: { field: 'file', missing: 'Select the ONS Postcode Directory extract for your area (CSV)' },
  queuedAction: 'sufficiency.postcodes.import.queued',
  async prepare() {
    return null;
  },
  select: (cell) => cell('latitude').trim() !== '99.999999',
  check(values) {
    const postcode = normalisePostcode(values.postcode);
    if (!postcode)
      return { problems: [{ column: 'postcode', problem: `${values.postcode} is not a UK postcode` }] };
    return {
      value: {
        postcode: postcode.replace(' ', ''),
        latitude: values.latitude,
        longitude: values.longitude,
        district: values.district,
      },
    };
  },
  async save(checked, { database, actor, jobId, upload }) {
    const rows = checked.rows.map((r) => ({ la_code: actor.laCode, ...r.value }));
    await inTenant(database.db, { laCode: actor.laCode, userId: actor.userId }, async (tx) => {
      await sql`DELETE FROM postcode_centroids WHERE la_code = ${actor.laCode}`.execute(tx);
      await bulkInsert(
        tx,
        'postcode_centroids',
        { la_code: 'text', postcode: 'text', latitude: 'float8', longitude: 'float8', district: 'text' },
        rows,
      );
      await recordAuditEvent(tx, {
        laCode: actor.laCode,
        userId: actor.userId,
        action: 'sufficiency.postcodes.loaded',
        entityType: 'sufficiency',
        entityId: jobId ?? null,
        ip: actor.ip ?? null,
        requestId: actor.requestId ?? null,
        detail: { fileName: upload.fileName, loaded: rows.length, unplaced: checked.skipped },
      });
    });
    return {
      rowsRead: checked.rowsRead,
      loaded: rows.length,
      unplaced: checked.skipped,
      fileWarnings: checked.fileWarnings,
    };
  },
  summaryMessage: (s) =>
    `Loaded ${n(s.loaded)} postcode ${s.loaded === 1 ? 'centroid' : 'centroids'}${s.unplaced ? `; ${n(s.unplaced)} the ONS could not place were left out` : ''}`,
};

export const postcodesImportJob = importJob(postcodesImport);
