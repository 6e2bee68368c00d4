import type { FastifyInstance } from 'fastify';
import { importPages, type OutcomeView } from '../../../platform/imports/index.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type PostcodesSummary, postcodesImport } from './postcodes.ts';

const n = (x: number) => x.toLocaleString('en-GB');

export function presentPostcodes(s: PostcodesSummary): OutcomeView {
  return {
    rows: [
      { key: 'Rows in the file', value: n(s.rowsRead) },
      { key: 'Postcodes loaded', value: n(s.loaded) },
      { key: 'Left out: the ONS could not place them', value: n(s.unplaced) },
    ],
    notes: [
      'Homes recorded with a postcode and no location now take their postcode’s centroid in the journeys. Those whose postcode is not in the file are still listed on the journeys page.',
      ...s.fileWarnings.map((w) => `${w}.`),
    ],
    next: { text: 'Go to journeys', href: '/sufficiency/travel' },
  };
}

/** Loading the ONS Postcode Directory extract for the LA's area: /sufficiency/postcodes. */
export async function postcodePages(app: FastifyInstance, deps: ModuleDeps) {
  await importPages<PostcodesSummary>(app, deps, {
    definition: postcodesImport,
    basePath: '/sufficiency/postcodes',
    title: 'Load postcode locations',
    intro: [
      'Upload the ONS Postcode Directory (ONSPD) for your area as a CSV file, as the ONS publishes it: OpenSEND reads its pcds, lat and long columns (and oslaua, the district, when it is there) and leaves the rest. Homes recorded with a postcode and no location then take their postcode’s centroid in the journeys.',
      'Each load replaces the one before. Every row is checked first; if any has a problem, nothing is loaded and you get each row, column and problem. Postcodes the ONS could not place (latitude 99.999999) are counted and left out.',
    ],
    file: {
      label: 'ONS Postcode Directory extract (CSV)',
      hint: 'A CSV file with a header row, as the ONS publishes it.',
    },
    backLinkText: 'Postcode loads',
    running: 'Loading postcode locations',
    succeeded: 'Postcode locations loaded',
    fileNameFallback: 'Postcode directory file',
    fixAdvice: 'Fix the file, or download the extract again, and',
    fileStem: 'postcode-locations',
    templateSheet: 'Postcodes',
    problemsExportedAction: 'sufficiency.postcodes.import.problems.exported',
    present: presentPostcodes,
  });
}
