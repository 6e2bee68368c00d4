import { sql } from 'kysely';

/** A `date` column as ISO text (2026-01-05): the two drivers would otherwise return a Date at local midnight. */
export const iso = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
export const isoOrNull = (column: string) => sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
