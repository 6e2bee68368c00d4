import { isCode, type SenType, senTypeCodes, senTypes } from './codes.ts';
import type { FieldProblem } from './problems.ts';

/** The schema holds up to 5 ranked needs; SEN2 reports them in rank order, rank 1 the primary need. */
export const maxSenNeeds = 5;

export interface RankedSenNeed {
  rank: number;
  senType: SenType;
  label: string;
}

export const unknownSenTypeMessage = `SEN need must be an SEN2 type of need: ${senTypeCodes.join(', ')}`;

/** Problems with a list of needs in rank order, each named `senNeeds.<index>` (0 is the primary need). */
export function senNeedsProblems(codes: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (codes.length > maxSenNeeds)
    problems.push({ field: 'senNeeds', message: `Give at most ${maxSenNeeds} SEN needs` });
  const seen = new Set<string>();
  codes.forEach((code, i) => {
    const field = `senNeeds.${i}`;
    if (!isCode(senTypeCodes, code)) problems.push({ field, message: unknownSenTypeMessage });
    else if (seen.has(code))
      problems.push({ field, message: `${senTypes[code]} is already given as a higher-ranked need` });
    seen.add(code);
  });
  return problems;
}

export function rankSenNeeds(codes: readonly SenType[]): RankedSenNeed[] {
  return codes.map((senType, i) => ({ rank: i + 1, senType, label: senTypes[senType] }));
}

export const rankNames = ['Primary need', 'Secondary need', 'Third need', 'Fourth need', 'Fifth need'];

/**
 * Needs chosen on a page, one select per rank, some left empty. A need may not follow an empty
 * rank: the primary need must be chosen before a secondary one.
 */
export function senNeedsFromRankSlots(
  slots: readonly string[],
): { ok: true; codes: string[] } | { ok: false; problems: FieldProblem[] } {
  const lastFilled = slots.reduce((last, s, i) => (s ? i : last), -1);
  const problems: FieldProblem[] = [];
  for (let i = 0; i < lastFilled; i++) {
    if (!slots[i])
      problems.push({
        field: `senNeeds.${i}`,
        message: `Select the ${(rankNames[i] ?? '').toLowerCase()}, or move the needs below it up`,
      });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, codes: slots.slice(0, lastFilled + 1) as string[] };
}
