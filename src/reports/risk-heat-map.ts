/**
 * The risk register's 5×5 matrix as a chart: impact across, likelihood up, each cell in its rating's
 * colour with the number of risks in it. A Vega-Lite spec rendered by chart-render.ts, like the
 * scorecard charts.
 *
 * As there, colour is never the only signal: every cell carries its count, each rating has its own
 * letter (L, M, H, C) in the cell's corner, and the legend names the ratings with their score bands.
 */
import type { TopLevelSpec } from 'vega-lite';
import { RISK_RATING_BANDS, type RiskHeatMap, type RiskRating } from '../domain/risk-register';
import {
  CHART_PALETTE,
  type ChartTemplate,
  type ChartValues,
  chartSvg,
  type RenderedChart,
  type RenderOptions,
  renderChart,
  TITLE_WIDTH,
  titleLines,
} from './chart-render';
import { plural } from './charts';

export const RISK_RATING_COLORS: Record<RiskRating, string> = {
  low: '#2e8540',
  medium: '#e6c200',
  high: '#d98200',
  critical: '#c9372c',
};
const RATING_LETTER: Record<RiskRating, string> = { low: 'L', medium: 'M', high: 'H', critical: 'C' };
/** White on yellow is hard to read; the medium cells take dark ink. */
const RATING_INK: Record<RiskRating, string> = {
  low: '#ffffff',
  medium: CHART_PALETTE.text,
  high: '#ffffff',
  critical: '#ffffff',
};
const LEGEND_ORDER: RiskRating[] = ['critical', 'high', 'medium', 'low'];

/** Impact across, likelihood up, each cell in its rating's colour with its count and letter. */
export const RISK_HEAT_MAP: ChartTemplate = {
  crispEdges: true,
  spec: (() => {
    const axis = {
      labelAngle: 0,
      domain: false,
      ticks: false,
      labelFontSize: 16,
      titleFontSize: 16,
      titleFontWeight: 'bold',
    };
    const band = { paddingInner: 0.04, paddingOuter: 0 };
    const x = {
      field: 'impact',
      type: 'ordinal',
      title: 'Impact →',
      scale: { domain: [1, 2, 3, 4, 5], ...band },
      axis,
    };
    const y = {
      field: 'likelihood',
      type: 'ordinal',
      title: 'Likelihood →',
      scale: { domain: [5, 4, 3, 2, 1], ...band },
      axis,
    };
    const ink = { field: 'ink', type: 'nominal', scale: null };
    return {
      params: [{ name: 'chartTitle', value: '' }],
      title: { text: { expr: 'chartTitle' }, limit: TITLE_WIDTH },
      width: 5 * 76,
      height: 5 * 76,
      data: { name: 'cells' },
      layer: [
        {
          // Cells apart by the scales' padding rather than a white outline: one shape each to draw, not two.
          mark: { type: 'rect' },
          encoding: {
            x,
            y,
            color: {
              field: 'rating',
              type: 'nominal',
              title: 'Rating (score)',
              scale: {
                domain: LEGEND_ORDER.map(legendLabel),
                range: LEGEND_ORDER.map((rating) => RISK_RATING_COLORS[rating]),
              },
              legend: { orient: 'right', symbolType: 'square', symbolSize: 300 },
            },
          },
        },
        {
          mark: { type: 'text', fontSize: 24, fontWeight: 'bold' },
          encoding: { x, y, text: { field: 'count' }, color: ink },
        },
        {
          mark: { type: 'text', fontSize: 13, fontWeight: 'bold', xOffset: -26, yOffset: -24, align: 'left' },
          encoding: { x, y, text: { field: 'letter' }, color: ink },
        },
      ],
    } as unknown as TopLevelSpec;
  })(),
};

export function riskHeatMapValues(map: Pick<RiskHeatMap, 'cells' | 'total'>, title?: string): ChartValues {
  return {
    signals: { chartTitle: titleLines(title ?? '') },
    data: {
      cells: map.cells.flat().map((cell) => ({
        likelihood: cell.likelihood,
        impact: cell.impact,
        rating: legendLabel(cell.rating),
        letter: RATING_LETTER[cell.rating],
        count: cell.count === 0 ? '–' : String(cell.count),
        ink: RATING_INK[cell.rating],
      })),
    },
  };
}

export function riskHeatMapSvg(map: Pick<RiskHeatMap, 'cells' | 'total'>, title?: string): Promise<string> {
  return chartSvg(RISK_HEAT_MAP, riskHeatMapValues(map, title));
}

function legendLabel(rating: RiskRating): string {
  const band = RISK_RATING_BANDS.find((candidate) => candidate.rating === rating)!;
  return `${RATING_LETTER[rating]} ${rating} ${band.from}–${band.to}`;
}

export function riskHeatMapAltText(map: Pick<RiskHeatMap, 'cells' | 'total'>, title?: string): string {
  const lead = `${title ? `${title}: ` : ''}5 by 5 risk matrix, likelihood up and impact across`;
  if (map.total === 0) return `${lead}, with no open risks.`;
  const byRating = new Map<RiskRating, number>();
  for (const cell of map.cells.flat()) byRating.set(cell.rating, (byRating.get(cell.rating) ?? 0) + cell.count);
  const counts = LEGEND_ORDER.filter((rating) => (byRating.get(rating) ?? 0) > 0)
    .map((rating) => `${byRating.get(rating)} ${rating}`)
    .join(', ');
  const worst = map.cells
    .flat()
    .filter((cell) => cell.count > 0)
    .sort((a, b) => b.score - a.score || b.likelihood - a.likelihood)[0]!;
  return `${lead}, holding ${plural(map.total, 'risk')}: ${counts}. The highest: ${plural(worst.count, 'risk')} at likelihood ${worst.likelihood} and impact ${worst.impact} (score ${worst.score}, ${worst.rating}).`;
}

export async function renderRiskHeatMap(
  map: Pick<RiskHeatMap, 'cells' | 'total'>,
  title?: string,
  options: RenderOptions = {},
): Promise<RenderedChart> {
  return renderChart(
    RISK_HEAT_MAP,
    riskHeatMapValues(map, title),
    riskHeatMapAltText(map, title),
    [title ?? ''],
    options,
  );
}
