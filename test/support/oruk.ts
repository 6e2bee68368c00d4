import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Checks answers against the Open Referral UK 3.0 profile's own schemas (copied into
 * test/fixtures/oruk with their licence): the compiled service and service-at-location schemas,
 * and the taxonomy and taxonomy term schemas, which have no compiled form. The schemas carry
 * keywords of their tabular form (`constraints`, `core`, `datapackage_type`), which Ajv is told to
 * pass over; formats (uuid, uri, email, date-time) are checked.
 */

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/oruk');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
// ajv-formats is CommonJS: under ESM its default export arrives wrapped in another.
type AddFormats = (ajv: Ajv) => Ajv;
const wrapped = addFormatsModule as unknown as { default?: AddFormats } & AddFormats;
const addFormats: AddFormats = wrapped.default ?? wrapped;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(read('schema/taxonomy_term.json'), 'taxonomy_term.json');

const compiled = (file: string) => ajv.compile(read(file));
export const orukSchemas: Record<string, ValidateFunction> = {
  service: compiled('schema/compiled/service.json'),
  serviceList: compiled('schema/compiled/service_list.json'),
  serviceAtLocation: compiled('schema/compiled/service_at_location.json'),
  serviceAtLocationList: compiled('schema/compiled/service_at_location_list.json'),
  taxonomy: compiled('schema/taxonomy.json'),
  taxonomyTerm: ajv.getSchema('taxonomy_term.json') as ValidateFunction,
};

/** The problems Ajv finds, as one line each; none for a valid answer. */
export function orukProblems(schema: keyof typeof orukSchemas, value: unknown): string[] {
  const validate = orukSchemas[schema];
  if (!validate) throw new Error(`no schema ${schema}`);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

export const pageFields = [
  'total_items',
  'total_pages',
  'page_number',
  'size',
  'first_page',
  'last_page',
  'empty',
];

export const orukMock = (set: 'V3.0-UK-Default' | 'V3.0-UK-Fail', file: string) =>
  read(`mocks/${set}/${file}`);
