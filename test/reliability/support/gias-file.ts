import { giasCsv, giasRow } from '../../support/gias.ts';

const towns = ['Acle', 'Aylsham', 'Cromer', 'Diss', 'Holt', 'Loddon', 'Swaffham', 'Watton', 'Wymondham'];

/**
 * A GIAS establishment file of `rows` new schools in Norfolk (LA 926), with URNs from `firstUrn`
 * (the demo's schools have URNs from 900001), in the real columns and encoding.
 */
export function giasFileOf(rows: number, firstUrn: number): Buffer {
  return giasCsv(
    Array.from({ length: rows }, (_, i) => {
      const town = towns[i % towns.length] as string;
      return giasRow({
        URN: String(firstUrn + i),
        EstablishmentNumber: String(2000 + (i % 7000)),
        EstablishmentName: `${town} Primary School ${i + 1}`,
        Town: town,
        Easting: String(600000 + (i % 500) * 100),
        Northing: String(290000 + (i % 400) * 100),
      });
    }),
  );
}
