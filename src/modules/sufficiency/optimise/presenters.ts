import { escapeHtml } from '../../../platform/http/html.ts';
import { needLabel } from '../places/presenters.ts';
import { bothPlacedOf, type OptimiseResult, type ProposalRowOut } from './service.ts';

/**
 * A proposal as the page shows it: what it saves, like for like when it places children the
 * baseline leaves waiting; the two side by side; and each child's place and journey in both, with
 * the change.
 */

export interface NamedRow extends ProposalRowOut {
  name: string;
}

const n = (x: number) => x.toLocaleString('en-GB');
const mins = (x: number | null) =>
  x === null ? '' : x.toLocaleString('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const signedMins = (x: number) => (x > 0 ? `+${mins(x)}` : mins(x));
const percent = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;

export function runView(result: OptimiseResult, rows: readonly NamedRow[]) {
  const both = bothPlacedOf(result);
  const savedBoth = both.baselineMinutes - both.proposedMinutes;
  const savedTotal = result.baseline.totalTravelMinutes - result.optimal.totalTravelMinutes;
  const morePlaced = result.optimal.placed - result.baseline.placed;
  const name = (id: string | null) => (id ? (result.settingNames[id] ?? '') : 'No place');
  const saved = morePlaced > 0 ? savedBoth : savedTotal;
  const against = morePlaced > 0 ? both.baselineMinutes : result.baseline.totalTravelMinutes;
  return {
    // When the proposal places more children, its total counts their journeys too: the saving that
    // means something is on the children both place.
    summary: {
      morePlaced,
      savedMinutes: n(Math.abs(Math.round(saved))),
      savedPercent: against > 0 ? Math.abs(percent(saved, against)) : null,
      less: saved >= 0,
      bothChildren: both.children,
      // Least travel is blind to how long a child has waited: the panel should see whom it passes over.
      passedOver: rows.filter(
        (x) =>
          x.proposedMinutes === null &&
          x.baselineMinutes !== null &&
          rows.some(
            (y) =>
              y.proposedMinutes !== null && y.baselineMinutes === null && y.waitingSince > x.waitingSince,
          ),
      ).length,
    },
    compareRows: (
      [
        ['Children placed', n(result.optimal.placed), n(result.baseline.placed)],
        ['Children left without a place', n(result.optimal.unplaced), n(result.baseline.unplaced)],
        [
          'Total journey (minutes)',
          mins(result.optimal.totalTravelMinutes),
          mins(result.baseline.totalTravelMinutes),
        ],
        ['Average journey (minutes)', mins(result.optimal.meanMinutes), mins(result.baseline.meanMinutes)],
        ['Over the time limit', n(result.optimal.overLimit), n(result.baseline.overLimit)],
        ['Children only this one places', n(both.onlyProposed), n(both.onlyBaseline)],
        [
          `Total journey of children both place, ${n(both.children)} ${both.children === 1 ? 'child' : 'children'} (minutes)`,
          mins(both.proposedMinutes),
          mins(both.baselineMinutes),
        ],
      ] as const
    ).map(([k, a, b]) => [{ text: k }, { text: a, format: 'numeric' }, { text: b, format: 'numeric' }]),
    childRows: rows.map((x) => {
      const change =
        x.proposedMinutes !== null && x.baselineMinutes !== null
          ? x.proposedMinutes - x.baselineMinutes
          : null;
      return [
        { html: `<a class="govuk-link" href="/children/${x.childId}">${escapeHtml(x.name)}</a>` },
        { text: needLabel(x.senType as never) },
        { text: name(x.proposedSettingId) },
        { text: mins(x.proposedMinutes), format: 'numeric' },
        { text: name(x.baselineSettingId) },
        { text: mins(x.baselineMinutes), format: 'numeric' },
        {
          text:
            change !== null
              ? signedMins(Math.round(change * 10) / 10)
              : x.proposedMinutes !== null
                ? 'Placed only here'
                : x.baselineMinutes !== null
                  ? 'Placed only there'
                  : '',
          format: 'numeric',
        },
      ];
    }),
  };
}
