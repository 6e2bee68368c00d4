import type { IsoDate } from '../../../platform/kernel/dates.ts';

/**
 * Risks and issues scored on the usual five-by-five matrix: likelihood times impact, each 1 (very
 * low) to 5 (very high). Those scoring 15 or more go to the board: a likely risk of major impact
 * (3 × 5, 5 × 3) or worse, the line most councils' risk policies draw for escalation. Pure.
 */

export const escalationScore = 15;

export type RiskLevel = 'low' | 'medium' | 'high' | 'very-high';
export const riskLevelLabels: Record<RiskLevel, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  'very-high': 'Very high',
};

export function riskScore(likelihood: number, impact: number): number {
  return likelihood * impact;
}

/** 1–4 low, 5–9 medium, 10–15 high, 16–25 very high. */
export function riskLevel(score: number): RiskLevel {
  return score >= 16 ? 'very-high' : score >= 10 ? 'high' : score >= 5 ? 'medium' : 'low';
}

export interface RiskState {
  likelihood: number;
  impact: number;
  status: 'open' | 'closed';
  reviewOn: IsoDate;
  escalatedOn: IsoDate | null;
}

/** What an open risk asks of its owner today: to be reviewed, or to go to the board. */
export function riskDue(r: RiskState, today: IsoDate): { review: boolean; escalate: boolean } {
  if (r.status === 'closed') return { review: false, escalate: false };
  return {
    review: r.reviewOn < today,
    escalate: !r.escalatedOn && riskScore(r.likelihood, r.impact) >= escalationScore,
  };
}
