/**
 * Pages post forms; the API takes JSON. These turn one into the other, so a page is checked by
 * the same schema as the API and shows the same messages.
 */

export type FormValues = Record<string, string>;

/** The named fields of a posted form, each as text ('' when missing or not text). */
export function formValues<Name extends string>(body: unknown, names: readonly Name[]): Record<Name, string> {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    names.map((n) => [n, typeof b[n] === 'string' ? (b[n] as string).slice(0, 1000) : '']),
  ) as Record<Name, string>;
}

/** The date from the three boxes of a GOV.UK date input, with its messages for a box left empty. */
export function dateFromParts(
  label: string,
  day: string,
  month: string,
  year: string,
): { ok: true; value: string | undefined } | { ok: false; message: string } {
  const parts = { day: day.trim(), month: month.trim(), year: year.trim() };
  if (!parts.day && !parts.month && !parts.year) return { ok: true, value: undefined };
  const missing = (['day', 'month', 'year'] as const).filter((p) => !parts[p]);
  if (missing.length) return { ok: false, message: `${label} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year))
    return { ok: false, message: `${label} must be a real date` };
  return { ok: true, value: `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}` };
}
