const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checked before a query, so a malformed ID is not found rather than a database error. */
export const isUuid = (s: string) => uuid.test(s);
