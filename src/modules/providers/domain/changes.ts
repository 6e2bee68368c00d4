/** A field someone else changed while a person was editing. */
export interface FieldChange {
  field: string;
  label: string;
  from: string;
  to: string;
}

/**
 * The fields whose saved value is no longer what the person started editing from: what to
 * show them when their edit is refused as stale, so they can decide what to keep.
 */
export function changedSince(
  base: Readonly<Record<string, string>>,
  current: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): FieldChange[] {
  return Object.keys(labels)
    .filter((field) => field in base && (base[field] ?? '') !== (current[field] ?? ''))
    .map((field) => ({
      field,
      label: labels[field] ?? field,
      from: base[field] || '(blank)',
      to: current[field] || '(blank)',
    }));
}
