import { type FormValues, formValues } from '../../../platform/http/forms.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { firstPerField, parse } from '../../../platform/http/validation.ts';
import { parsePounds, penceText } from '../../../platform/kernel/money.ts';
import { type Budget, type BudgetInput, budgetSchema, standardBudgetLines } from '../service.ts';

/**
 * The budget form: the block's allocation and the ESFA's direct part in pounds, and a line per
 * row. Rows left blank are not lines; more blank rows come from a button, with no script needed.
 * Amounts are read as people type money; the rest is checked by the API's own schema, so the page
 * and the API refuse the same things in the same words.
 */

/** As many lines as the API takes. */
export const maxLines = 50;
/** Blank rows under the lines, and how many more each press of "Add more lines" gives. */
export const blankRows = 3;

export interface LineValues {
  code: string;
  name: string;
  budget: string;
  otherCommitted: string;
}

export interface BudgetFormValues {
  version: string;
  allocation: string;
  esfaDirect: string;
  lines: LineValues[];
}

export const lineFields = ['code', 'name', 'budget', 'otherCommitted'] as const;
export const lineFieldId = (row: number, field: (typeof lineFields)[number]) => `line-${row}-${field}`;

/** Pence as the money box shows them: "1,350", "1,350.50". */
export const poundsValue = (pence: number) => penceText(pence).replace('£', '');

const blankLine = (): LineValues => ({ code: '', name: '', budget: '', otherCommitted: '' });
const blanks = (n: number) => Array.from({ length: n }, blankLine);

/** The form as it first shows: the year's budget, or the standard lines for a year without one. */
export function budgetFormValues(budget: Budget | null): BudgetFormValues {
  if (!budget)
    return {
      version: '0',
      allocation: '',
      esfaDirect: '',
      lines: [
        ...Object.entries(standardBudgetLines).map(([code, name]) => ({ ...blankLine(), code, name })),
        ...blanks(blankRows),
      ],
    };
  return {
    version: String(budget.version),
    allocation: poundsValue(budget.allocationPence),
    esfaDirect: poundsValue(budget.esfaDirectPence),
    lines: [
      ...budget.lines.map((l) => ({
        code: l.code,
        name: l.name,
        budget: poundsValue(l.budgetPence),
        otherCommitted: poundsValue(l.otherCommittedPence),
      })),
      ...blanks(Math.min(blankRows, maxLines - budget.lines.length)),
    ],
  };
}

/** The form as sent: as many rows as it showed (`rows`), each field's text as typed. */
export function readBudgetForm(body: unknown): BudgetFormValues {
  const shown = Number(formValues(body, ['rows']).rows);
  const rows = Number.isInteger(shown) ? Math.min(Math.max(shown, 0), maxLines) : 0;
  const names = ['version', 'allocation', 'esfaDirect'];
  for (let i = 0; i < rows; i++) for (const f of lineFields) names.push(lineFieldId(i, f));
  const v: FormValues = formValues(body, names);
  return {
    version: v.version ?? '',
    allocation: v.allocation ?? '',
    esfaDirect: v.esfaDirect ?? '',
    lines: Array.from({ length: rows }, (_, i) => ({
      code: v[lineFieldId(i, 'code')] ?? '',
      name: v[lineFieldId(i, 'name')] ?? '',
      budget: v[lineFieldId(i, 'budget')] ?? '',
      otherCommitted: v[lineFieldId(i, 'otherCommitted')] ?? '',
    })),
  };
}

/** The same form with more blank rows, up to as many lines as a budget may have. */
export function withMoreRows(v: BudgetFormValues): BudgetFormValues {
  return { ...v, lines: [...v.lines, ...blanks(Math.min(blankRows, maxLines - v.lines.length))] };
}

const isBlank = (l: LineValues) => lineFields.every((f) => l[f].trim() === '');
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const about = (what: string, message: string) => `${what}: ${lowerFirst(message)}`;

export type BudgetFromForm = { ok: true; input: BudgetInput } | { ok: false; errors: FieldError[] };

/** The API's body from the form, or every mistake in the order the form asks, each linked to its box. */
export function budgetFromForm(v: BudgetFormValues): BudgetFromForm {
  const typing: FieldError[] = [];
  const amount = (field: string, text: string, what: string, blankIsNothing: boolean) => {
    if (blankIsNothing && text.trim() === '') return 0;
    const read = parsePounds(text);
    if ('pence' in read) return read.pence;
    typing.push({ field, message: about(what, read.error) });
    return 0;
  };
  const rows: number[] = [];
  const labels: string[] = [];
  const lines = v.lines.flatMap((l, i) => {
    if (isBlank(l)) return [];
    const what = l.name.trim() || `Line ${i + 1}`;
    rows.push(i);
    labels.push(what);
    return [
      {
        code: l.code.trim(),
        name: l.name,
        budgetPence: amount(lineFieldId(i, 'budget'), l.budget, `${what} budget`, false),
        otherCommittedPence: amount(
          lineFieldId(i, 'otherCommitted'),
          l.otherCommitted,
          `${what} other commitments`,
          true,
        ),
      },
    ];
  });
  const body = {
    version: /^\d{1,9}$/.test(v.version) ? Number(v.version) : undefined,
    allocationPence: amount('allocation', v.allocation, 'The allocation', false),
    esfaDirectPence: amount('esfaDirect', v.esfaDirect, 'What the ESFA pays directly', true),
    lines,
  };
  const parsed = parse(budgetSchema, body);
  if (parsed.ok && !typing.length) return { ok: true, input: parsed.data };
  const checked = (parsed.ok ? [] : parsed.errors).flatMap((e): FieldError[] => {
    const [top, index, field] = e.field.split('.');
    if (top === 'lines' && index !== undefined && field !== undefined) {
      const row = rows[Number(index)] ?? 0;
      // Amounts mistyped were sent as 0: only the code and name are the schema's to judge then.
      if (typing.length && field !== 'code' && field !== 'name') return [];
      const id =
        field === 'budgetPence' ? 'budget' : field === 'otherCommittedPence' ? 'otherCommitted' : field;
      return [
        { field: `line-${row}-${id}`, message: about(labels[Number(index)] ?? `Line ${row + 1}`, e.message) },
      ];
    }
    // The sums across fields mean nothing while an amount is mistyped.
    if (typing.length) return [];
    if (top === 'allocationPence') return [{ field: 'allocation', message: e.message }];
    if (top === 'esfaDirectPence') return [{ field: 'esfaDirect', message: e.message }];
    if (top === 'version') return [{ field: 'allocation', message: e.message }];
    return [{ field: 'lines', message: e.message }];
  });
  const order = [
    'allocation',
    'esfaDirect',
    'lines',
    ...v.lines.flatMap((_, i) => lineFields.map((f) => lineFieldId(i, f))),
  ];
  const errors = firstPerField([...typing, ...checked]).sort(
    (a, b) => order.indexOf(a.field) - order.indexOf(b.field),
  );
  return { ok: false, errors };
}
