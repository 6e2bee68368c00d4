/**
 * A programme's costs against its cashable benefits, year by year: the net position, the year it
 * pays back, and its net present value as HM Treasury's Green Book discounts it. Money is integer
 * pence; years are financial years (2027 is 2027-28). Pure.
 *
 * The Green Book discounts a value t years after the base year by 1 / (1 + r)^t, at r = 3.5% for
 * the first 30 years; the base year itself is not discounted. Only cashable benefits enter: a
 * benefit that frees no money (shorter journeys, say) is tracked by its measure, not priced.
 */

export const greenBookRate = 0.035;

export interface YearFlow {
  year: number;
  costPence: number;
  benefitPence: number;
}

export interface AppraisedYear extends YearFlow {
  netPence: number;
  cumulativePence: number;
  discountFactor: number;
  presentValuePence: number;
}

export interface Appraisal {
  years: AppraisedYear[];
  /** Rounded to the penny once, after summing, so rounding does not build up year by year. */
  npvPence: number;
  /** The first year the cumulative net position is 0 or more after costs began; null if none. */
  paybackYear: number | null;
}

/**
 * Flows for the same year are added together; the years between the first and last with none
 * count as nothing, so the table has no gaps. The base year is the first year unless given.
 */
export function appraise(flows: readonly YearFlow[], rate = greenBookRate, baseYear?: number): Appraisal {
  if (!flows.length) return { years: [], npvPence: 0, paybackYear: null };
  const byYear = new Map<number, YearFlow>();
  for (const f of flows) {
    const y = byYear.get(f.year) ?? { year: f.year, costPence: 0, benefitPence: 0 };
    byYear.set(f.year, {
      year: f.year,
      costPence: y.costPence + f.costPence,
      benefitPence: y.benefitPence + f.benefitPence,
    });
  }
  const first = Math.min(...byYear.keys());
  const last = Math.max(...byYear.keys());
  const base = baseYear ?? first;
  const years: AppraisedYear[] = [];
  let cumulative = 0;
  let npv = 0;
  let paybackYear: number | null = null;
  let spent = false;
  for (let year = first; year <= last; year++) {
    const f = byYear.get(year) ?? { year, costPence: 0, benefitPence: 0 };
    const net = f.benefitPence - f.costPence;
    cumulative += net;
    if (f.costPence > 0) spent = true;
    const discountFactor = 1 / (1 + rate) ** (year - base);
    npv += net * discountFactor;
    if (paybackYear === null && spent && cumulative >= 0 && year > first) paybackYear = year;
    years.push({
      ...f,
      netPence: net,
      cumulativePence: cumulative,
      discountFactor,
      presentValuePence: net * discountFactor,
    });
  }
  return { years, npvPence: Math.round(npv), paybackYear };
}
