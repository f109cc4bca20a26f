/**
 * Scorecard charts for chat: a KPI's trend against its thresholds, and a heat map of green / amber /
 * red across KPIs and periods. Each is a Vega-Lite spec rendered by chart-render.ts, with alt text
 * that says in words what the picture shows.
 *
 * Colour is never the only signal, for readers who cannot tell red from green: threshold lines are
 * labelled, and heat-map cells carry the letter G, A or R.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Direction, KpiKind, Rag } from '../domain/types';
import {
  CHART_PALETTE,
  type ChartTemplate,
  type ChartValues,
  chartSvg,
  PERIOD_LABEL_EXPR,
  type RenderedChart,
  type RenderOptions,
  renderChart,
  TITLE_WIDTH,
  titleLines,
} from './chart-render';

export const RAG_COLORS: Record<Rag | 'none', string> = {
  green: CHART_PALETTE.green,
  amber: CHART_PALETTE.amber,
  red: CHART_PALETTE.red,
  none: CHART_PALETTE.none,
};
export const RAG_LETTER: Record<Rag | 'none', string> = { green: 'G', amber: 'A', red: 'R', none: '–' };
const RAG_ORDER = ['green', 'amber', 'red', 'none'] as const;

export interface TrendPoint {
  periodKey: string;
  value: number | null;
  rag: Rag | null;
}

export interface KpiTrendChartInput {
  title: string;
  /** The KPI's name, for the alt text. */
  kpiName?: string;
  unit?: string;
  series: TrendPoint[];
  target: number;
  warning: number;
  breach: number;
  direction: Direction;
  /** Keeps the axis within what the kind allows, so a percentage axis never reads 100.5. */
  kind?: KpiKind;
  /** The next period's forecast: a hollow diamond with its interval as a bar, one place right of the last period. */
  forecast?: { label: string; value: number; low: number; high: number };
  width?: number;
  height?: number;
}

const KIND_AXIS_LIMITS: Partial<Record<KpiKind, readonly [number, number]>> = {
  percent: [0, 100],
  rating: [1, 5],
  'yes-no': [0, 1],
};

const TREND_WIDTH = 520;
const RAG_SCALE = { domain: [...RAG_ORDER], range: RAG_ORDER.map((rag) => RAG_COLORS[rag]) };

/**
 * Values as a line with a dot per period in its rag colour; target as a solid green line, warning
 * and breach as dashed amber and red lines, each labelled at the right. Periods without a score
 * leave a gap in the line rather than joining across it, so a missing answer is visible.
 */
export const KPI_TREND: ChartTemplate = {
  spec: (() => {
    const x = {
      field: 'period',
      type: 'ordinal',
      title: null,
      sort: { field: 'index', op: 'min' },
      axis: { labelAngle: 0, labelOverlap: 'greedy', labelSeparation: 10, labelPadding: 6 },
    };
    const y = {
      field: 'value',
      type: 'quantitative',
      title: null,
      scale: { domain: { expr: '[yMin, yMax]' }, nice: false, zero: false },
      axis: { tickCount: 5 },
    };
    return {
      params: [
        { name: 'chartTitle', value: '' },
        { name: 'chartSubtitle', value: '' },
        { name: 'yMin', value: 0 },
        { name: 'yMax', value: 1 },
      ],
      width: TREND_WIDTH,
      height: 280,
      title: { text: { expr: 'chartTitle' }, subtitle: { expr: 'chartSubtitle' }, limit: TITLE_WIDTH },
      layer: [
        {
          data: { name: 'thresholds' },
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            y,
            color: { field: 'color', type: 'nominal', scale: null },
            strokeDash: { field: 'dash', type: 'nominal', scale: null, legend: null },
          },
        },
        {
          data: { name: 'thresholds' },
          mark: { type: 'text', align: 'left', dx: 6, fontWeight: 'bold', fontSize: 16 },
          encoding: {
            y,
            x: { value: TREND_WIDTH },
            text: { field: 'label' },
            color: { field: 'color', type: 'nominal', scale: null },
          },
        },
        {
          data: { name: 'points' },
          layer: [
            { mark: { type: 'line', color: CHART_PALETTE.line, strokeWidth: 3 }, encoding: { x, y } },
            {
              mark: {
                type: 'point',
                filled: true,
                size: 160,
                opacity: 1,
                stroke: CHART_PALETTE.background,
                strokeWidth: 2,
              },
              encoding: { x, y, color: { field: 'rag', type: 'nominal', scale: RAG_SCALE, legend: null } },
            },
          ],
        },
        {
          data: { name: 'forecast' },
          layer: [
            {
              mark: { type: 'rule', strokeWidth: 10, opacity: 0.35, color: CHART_PALETTE.line },
              encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } },
            },
            {
              mark: {
                type: 'point',
                shape: 'diamond',
                filled: false,
                size: 200,
                strokeWidth: 3,
                color: CHART_PALETTE.line,
              },
              encoding: { x, y },
            },
          ],
        },
        {
          data: { name: 'empty' },
          mark: { type: 'text', fontSize: 18, color: CHART_PALETTE.muted },
          encoding: { text: { field: 'message' } },
        },
      ],
      resolve: { scale: { color: 'independent' } },
    } as unknown as TopLevelSpec;
  })(),
};

/** What changes from one trend chart to the next: the data, the title and the axis. */
export function kpiTrendValues(input: KpiTrendChartInput): ChartValues {
  const scale = trendScale(input);
  const direction = input.direction === 'higher-is-better' ? 'Higher is better' : 'Lower is better';
  return {
    signals: {
      chartTitle: titleLines(input.title),
      chartSubtitle: input.unit ? `${direction} · ${input.unit}` : direction,
      yMin: scale.min,
      yMax: scale.max,
    },
    data: {
      thresholds: [
        { label: `Target ${formatNumber(input.target)}`, value: input.target, color: RAG_COLORS.green, dash: [1, 0] },
        {
          label: `Warning ${formatNumber(input.warning)}`,
          value: input.warning,
          color: RAG_COLORS.amber,
          dash: [8, 6],
        },
        { label: `Breach ${formatNumber(input.breach)}`, value: input.breach, color: RAG_COLORS.red, dash: [8, 6] },
      ],
      points: input.series.map((point, index) => ({
        index,
        period: point.periodKey,
        value: point.value,
        rag: point.value === null ? 'none' : (point.rag ?? 'none'),
      })),
      forecast: input.forecast
        ? [
            {
              index: input.series.length,
              period: input.forecast.label,
              value: input.forecast.value,
              low: input.forecast.low,
              high: input.forecast.high,
            },
          ]
        : [],
      empty: input.series.length === 0 ? [{ message: 'No scores yet' }] : [],
    },
  };
}

export function kpiTrendSvg(input: KpiTrendChartInput, options: RenderOptions = {}): Promise<string> {
  return chartSvg(KPI_TREND, kpiTrendValues(input), options);
}

export function kpiTrendAltText(input: KpiTrendChartInput): string {
  const name = input.kpiName ?? input.title;
  const direction = input.direction === 'higher-is-better' ? 'higher is better' : 'lower is better';
  const unit = input.unit ? ` ${input.unit}` : '';
  const thresholds = `Target ${formatNumber(input.target)}${unit}, warning at ${formatNumber(input.warning)}, breach at ${formatNumber(input.breach)}; ${direction}.`;
  const scored = input.series.filter((point) => point.value !== null);
  if (scored.length === 0) return `Line chart of ${name}: no scores yet. ${thresholds}`;
  const first = input.series[0]!.periodKey;
  const last = input.series.at(-1)!.periodKey;
  const latest = scored.at(-1)!;
  const counts = countRags(input.series.map((point) => (point.value === null ? null : point.rag)));
  return [
    `Line chart of ${name} over ${plural(input.series.length, 'period')} from ${first} to ${last}.`,
    thresholds,
    `Latest ${latest.periodKey}: ${formatNumber(latest.value!)}${unit}${latest.rag ? ` (${latest.rag})` : ''}.`,
    `${ragCountText(counts)}.`,
    ...(input.forecast
      ? [
          `Forecast for the next period (${input.forecast.label}): ${formatNumber(input.forecast.value)}${unit}, likely between ${formatNumber(input.forecast.low)} and ${formatNumber(input.forecast.high)}.`,
        ]
      : []),
  ].join(' ');
}

export async function renderKpiTrendChart(
  input: KpiTrendChartInput,
  options: RenderOptions = {},
): Promise<RenderedChart> {
  return renderChart(
    KPI_TREND,
    kpiTrendValues(input),
    kpiTrendAltText(input),
    [input.title, input.unit ?? ''],
    options,
  );
}

/** A y axis over the data and thresholds with some room, kept within what the KPI's kind allows. */
export function trendScale(
  input: Pick<KpiTrendChartInput, 'series' | 'target' | 'warning' | 'breach' | 'kind' | 'forecast'>,
): {
  min: number;
  max: number;
} {
  const values = input.series.flatMap((point) => (point.value === null ? [] : [point.value]));
  if (input.forecast) values.push(input.forecast.low, input.forecast.high);
  const levels = [input.target, input.warning, input.breach];
  const low = Math.min(...values, ...levels);
  const high = Math.max(...values, ...levels);
  const [floor, ceiling] = (input.kind && KIND_AXIS_LIMITS[input.kind]) ?? [-Infinity, Infinity];
  const pad = (high - low) * 0.1 || Math.abs(high) * 0.1 || 1;
  const step = niceStep((high - low + 2 * pad) / 5);
  return {
    min: Math.max(floor, Math.floor((low - pad) / step) * step),
    max: Math.min(ceiling, Math.ceil((high + pad) / step) * step),
  };
}

/** 1, 2, 2.5 or 5 times a power of ten, at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  return ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
}

export interface RagHeatMapInput {
  title?: string;
  /** KPI names, one per row. */
  kpis: string[];
  /** Period keys, one per column, oldest first. */
  periods: string[];
  /** `cells[row][column]`; null where a KPI has no score for the period. */
  cells: Array<Array<Rag | null>>;
}

/** KPIs down, periods across, each cell in its rag colour with its letter; sized by the number of each. */
export const RAG_HEAT_MAP: ChartTemplate = {
  crispEdges: true,
  spec: (() => {
    const x = {
      field: 'period',
      type: 'ordinal',
      title: null,
      sort: { field: 'column', op: 'min' },
      scale: { paddingInner: 0.06, paddingOuter: 0 },
      // Twelve periods fit at chat size with each key over two lines.
      axis: {
        orient: 'top',
        labelAngle: 0,
        labelOverlap: 'greedy',
        domain: false,
        ticks: false,
        labelExpr: PERIOD_LABEL_EXPR,
        // Vega stacks a label's second line below its first, into the cells: a line's height of padding
        // keeps both above them.
        labelPadding: 24,
      },
    };
    const y = {
      field: 'kpi',
      type: 'nominal',
      title: null,
      sort: { field: 'row', op: 'min' },
      scale: { paddingInner: 0.075, paddingOuter: 0 },
      axis: { labelLimit: 320, labelPadding: 8, domain: false, ticks: false },
    };
    return {
      params: [{ name: 'chartTitle', value: '' }],
      title: { text: { expr: 'chartTitle' }, limit: TITLE_WIDTH },
      width: { step: 50 },
      height: { step: 40 },
      data: { name: 'cells' },
      layer: [
        {
          // Cells apart by the scales' padding rather than a white outline: one shape each to draw, not two.
          mark: { type: 'rect' },
          encoding: { x, y, color: { field: 'rag', type: 'nominal', scale: RAG_SCALE, legend: null } },
        },
        {
          mark: { type: 'text', fontSize: 18, fontWeight: 'bold' },
          encoding: {
            x,
            y,
            text: { field: 'letter' },
            color: {
              field: 'rag',
              type: 'nominal',
              scale: {
                domain: [...RAG_ORDER],
                range: ['#ffffff', CHART_PALETTE.text, '#ffffff', CHART_PALETTE.muted],
              },
              legend: null,
            },
          },
        },
      ],
      resolve: { scale: { color: 'independent' } },
    } as unknown as TopLevelSpec;
  })(),
};

export function ragHeatMapValues(input: RagHeatMapInput): ChartValues {
  checkCells(input);
  return {
    signals: { chartTitle: titleLines(input.title ?? '') },
    data: {
      cells: input.kpis.flatMap((kpi, row) =>
        input.periods.map((period, column) => {
          const rag = input.cells[row]![column] ?? 'none';
          return { kpi, period, row, column, rag, letter: RAG_LETTER[rag] };
        }),
      ),
    },
  };
}

export async function ragHeatMapSvg(input: RagHeatMapInput, options: RenderOptions = {}): Promise<string> {
  return chartSvg(RAG_HEAT_MAP, ragHeatMapValues(input), options);
}

export function ragHeatMapAltText(input: RagHeatMapInput): string {
  checkCells(input);
  const title = input.title ? `${input.title}: ` : '';
  if (input.periods.length === 0) return `${title}heat map of ${plural(input.kpis.length, 'KPI')}, with no scores yet.`;
  const first = input.periods[0]!;
  const last = input.periods.at(-1)!;
  const latest = input.cells.map((row) => row.at(-1) ?? null);
  const red = input.kpis.filter((_, row) => latest[row] === 'red');
  const amber = input.kpis.filter((_, row) => latest[row] === 'amber');
  const parts = [
    `${title}heat map of ${plural(input.kpis.length, 'KPI')} by period from ${first} to ${last}, each cell green, amber or red.`,
    `In ${last}: ${ragCountText(countRags(latest))}.`,
  ];
  if (red.length > 0) parts.push(`Red: ${red.join(', ')}.`);
  if (amber.length > 0) parts.push(`Amber: ${amber.join(', ')}.`);
  const all = countRags(input.cells.flat());
  parts.push(`Over all periods: ${ragCountText(all)}.`);
  return parts.join(' ');
}

export async function renderRagHeatMap(input: RagHeatMapInput, options: RenderOptions = {}): Promise<RenderedChart> {
  return renderChart(
    RAG_HEAT_MAP,
    ragHeatMapValues(input),
    ragHeatMapAltText(input),
    [input.title ?? '', ...input.kpis, ...input.periods],
    options,
  );
}

function checkCells(input: RagHeatMapInput): void {
  if (input.cells.length !== input.kpis.length || input.cells.some((row) => row.length !== input.periods.length)) {
    throw new Error('The heat map needs one row of cells per KPI and one cell per period in each row.');
  }
}

type RagCounts = Record<Rag | 'none', number>;

function countRags(rags: ReadonlyArray<Rag | null>): RagCounts {
  const counts: RagCounts = { green: 0, amber: 0, red: 0, none: 0 };
  for (const rag of rags) counts[rag ?? 'none']++;
  return counts;
}

function ragCountText(counts: RagCounts): string {
  const parts = (['green', 'amber', 'red'] as const)
    .filter((rag) => counts[rag] > 0)
    .map((rag) => `${counts[rag]} ${rag}`);
  if (counts.none > 0) parts.push(`${counts.none} without a score`);
  return parts.length > 0 ? parts.join(', ') : 'no scores';
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Without binary noise: 0.1 + 0.2 prints 0.3. */
export function formatNumber(value: number): string {
  return Number(value.toPrecision(10)).toString();
}
