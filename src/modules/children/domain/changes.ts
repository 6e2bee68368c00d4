/**
 * Optimistic versioning. Each saved change bumps the record's version and records which
 * fields it changed, so an edit made from an older version can be refused with the fields
 * someone else changed since, instead of silently overwriting them.
 */

export interface RecordedChange {
  version: number;
  fields: readonly string[];
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return a === b;
}

/** The fields, in the order given, whose values differ between two versions of a record. */
export function changedFields<T extends object>(
  before: T,
  after: T,
  fields: readonly (keyof T)[],
): (keyof T)[] {
  return fields.filter((f) => !same(before[f], after[f]));
}

export type StaleCheck = { stale: false } | { stale: true; currentVersion: number; changedFields: string[] };

/**
 * Compares the version a form was loaded at with the current record. When they differ, lists
 * every field changed by the versions since, in the order of `fieldOrder`; an empty list means
 * the history does not say (a change made before history was kept).
 */
export function staleEdit(
  loadedVersion: number,
  current: { version: number; changes: readonly RecordedChange[] },
  fieldOrder: readonly string[],
): StaleCheck {
  if (loadedVersion === current.version) return { stale: false };
  const since = new Set(current.changes.filter((c) => c.version > loadedVersion).flatMap((c) => c.fields));
  return {
    stale: true,
    currentVersion: current.version,
    changedFields: fieldOrder.filter((f) => since.has(f)),
  };
}

export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** What a person is told when their edit is refused, naming what changed under them. */
export function staleEditMessage(
  changed: readonly string[],
  labels: Readonly<Record<string, string>>,
): string {
  const what = changed.length
    ? `changed the ${listInWords(changed.map((f) => labels[f] ?? f))}`
    : 'changed it';
  return `Someone else ${what} after you opened this record, so your changes have not been saved. Check the record as it is now and make your changes again`;
}

/**
 * The form to show after a stale edit: what the other person changed, as it is now, and the
 * rest as this person typed it, so nothing of theirs is lost and nothing of the other's is undone.
 */
export function mergeAfterStaleEdit<T extends object>(
  submitted: T,
  current: T,
  changed: readonly string[],
): T {
  const merged = { ...submitted };
  for (const f of changed) if (f in current) merged[f as keyof T] = current[f as keyof T];
  return merged;
}

/** One message per changed field, for the API's problem and beside each field on the page. */
export function staleFieldProblems(
  changed: readonly string[],
  labels: Readonly<Record<string, string>>,
  loadedVersion: number,
): { field: string; message: string }[] {
  return changed.map((field) => ({
    field,
    message: `Someone else changed the ${labels[field] ?? field} since version ${loadedVersion}`,
  }));
}
