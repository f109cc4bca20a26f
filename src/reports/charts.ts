/**
 * Charts as PNG images for chat: a KPI's trend against its thresholds, and a heat map of green /
 * amber / red across KPIs and periods. Drawn on the Raster in png.ts.
 *
 * Colour is never the only signal, for readers who cannot tell red from green: threshold lines are
 * labelled, and heat-map cells carry the letter G, A or R.
 */
import type { Direction, KpiKind, Rag } from '../domain/types';
import { fitText, GLYPH_HEIGHT, hexColor, Raster, type Rgba, textWidth } from './png';

export const CHART_COLORS = {
  green: hexColor('#2e9e4f'),
  amber: hexColor('#e69500'),
  red: hexColor('#d64545'),
  /** A period with no score. */
  none: hexColor('#c9ccd1'),
  background: hexColor('#ffffff'),
  text: hexColor('#1f2328'),
  muted: hexColor('#59636e'),
  axis: hexColor('#59636e'),
  grid: hexColor('#e6e8eb'),
  line: hexColor('#3d4650'),
} as const satisfies Record<string, Rgba>;

export const RAG_COLORS: Record<Rag | 'none', Rgba> = {
  green: CHART_COLORS.green,
  amber: CHART_COLORS.amber,
  red: CHART_COLORS.red,
  none: CHART_COLORS.none,
};

export interface TrendPoint {
  periodKey: string;
  value: number | null;
  rag: Rag | null;
}

export interface KpiTrendChartInput {
  title: string;
  series: TrendPoint[];
  target: number;
  warning: number;
  breach: number;
  direction: Direction;
  /** Keeps the axis within what the kind allows, so a percentage axis never reads 100.5. */
  kind?: KpiKind;
  width?: number;
  height?: number;
}

const TITLE_SCALE = 2;
const LABEL_SCALE = 2;
const LINE_HEIGHT = (GLYPH_HEIGHT + 3) * LABEL_SCALE;

/**
 * Values as a line with a dot per period in its rag colour; target as a solid green line, warning
 * and breach as dashed amber and red lines, each labelled at the right. Periods without a score
 * leave a gap in the line rather than joining across it, so a missing answer is visible.
 */
export function renderKpiTrendChart(input: KpiTrendChartInput): Buffer {
  const layout = kpiTrendChartLayout(input);
  const { plot, scale, xOf, yOf, slot, width, height } = layout;
  const image = new Raster(width, height, CHART_COLORS.background);

  image.drawText(fitText(input.title, width - 32, TITLE_SCALE), 16, 14, CHART_COLORS.text, TITLE_SCALE);
  const subtitle = input.direction === 'higher-is-better' ? 'Higher is better' : 'Lower is better';
  image.drawText(subtitle, 16, 14 + LINE_HEIGHT + 4, CHART_COLORS.muted, LABEL_SCALE);

  const thresholds = [
    { value: input.target, color: CHART_COLORS.green, dash: undefined },
    { value: input.warning, color: CHART_COLORS.amber, dash: [8, 6] as const },
    { value: input.breach, color: CHART_COLORS.red, dash: [8, 6] as const },
  ];
  const tickLabels = scale.ticks.map((tick) => formatTick(tick, scale.step));

  // Grid and y-axis labels.
  scale.ticks.forEach((tick, index) => {
    const y = Math.round(yOf(tick));
    image.drawLine(plot.left, y, plot.right, y, CHART_COLORS.grid);
    const label = tickLabels[index]!;
    image.drawText(
      label,
      plot.left - 10 - textWidth(label, LABEL_SCALE),
      y - (GLYPH_HEIGHT * LABEL_SCALE) / 2,
      CHART_COLORS.muted,
      LABEL_SCALE,
    );
  });
  image.drawLine(plot.left, plot.top, plot.left, plot.bottom, CHART_COLORS.axis, { thickness: 2 });
  image.drawLine(plot.left, plot.bottom, plot.right, plot.bottom, CHART_COLORS.axis, { thickness: 2 });

  // Threshold lines, labels nudged apart when thresholds lie close together.
  const labelYs = spreadApart(
    thresholds.map((line) => yOf(line.value) - (GLYPH_HEIGHT * LABEL_SCALE) / 2),
    LINE_HEIGHT,
  );
  thresholds.forEach((line, index) => {
    const y = Math.round(yOf(line.value));
    image.drawLine(plot.left, y, plot.right, y, line.color, { thickness: 2, dash: line.dash });
    image.drawText(layout.thresholdLabels[index]!, plot.right + 8, labelYs[index]!, line.color, LABEL_SCALE);
  });

  // The value line, broken at periods without a score.
  input.series.forEach((point, index) => {
    const previous = input.series[index - 1];
    if (point.value === null || !previous || previous.value === null) return;
    image.drawLine(xOf(index - 1), yOf(previous.value), xOf(index), yOf(point.value), CHART_COLORS.line, {
      thickness: 3,
    });
  });
  input.series.forEach((point, index) => {
    if (point.value === null) return;
    const x = Math.round(xOf(index));
    const y = Math.round(yOf(point.value));
    image.fillCircle(x, y, 8, CHART_COLORS.background);
    image.fillCircle(x, y, 6, RAG_COLORS[point.rag ?? 'none']);
  });

  // Period labels: every n-th, n chosen so neighbours do not touch, plus the latest when it has room.
  const labelWidth = Math.max(0, ...input.series.map((point) => textWidth(point.periodKey, LABEL_SCALE)));
  const every = Math.max(1, Math.ceil((labelWidth + 16) / slot));
  const labelled = input.series.map((_, index) => index).filter((index) => index % every === 0);
  const last = input.series.length - 1;
  if (last > 0 && !labelled.includes(last)) {
    if ((last - labelled.at(-1)!) * slot < labelWidth + 16) labelled.pop();
    labelled.push(last);
  }
  for (const index of labelled) {
    const key = input.series[index]!.periodKey;
    const x = Math.min(
      width - 4 - textWidth(key, LABEL_SCALE),
      Math.max(4, xOf(index) - textWidth(key, LABEL_SCALE) / 2),
    );
    image.drawText(key, x, plot.bottom + 12, CHART_COLORS.muted, LABEL_SCALE);
  }
  if (input.series.length === 0) {
    const message = 'No scores yet';
    image.drawText(
      message,
      (plot.left + plot.right - textWidth(message, LABEL_SCALE)) / 2,
      (plot.top + plot.bottom) / 2,
      CHART_COLORS.muted,
      LABEL_SCALE,
    );
  }
  return image.toPng();
}

export interface TrendChartLayout {
  width: number;
  height: number;
  /** The plotting area in pixels; labels sit outside it. */
  plot: { left: number; top: number; right: number; bottom: number };
  scale: { min: number; max: number; step: number; ticks: number[] };
  /** Horizontal space per period. */
  slot: number;
  /** Centre of period `index`'s column. */
  xOf(index: number): number;
  yOf(value: number): number;
  thresholdLabels: string[];
}

const KIND_AXIS_LIMITS: Partial<Record<KpiKind, readonly [number, number]>> = {
  percent: [0, 100],
  rating: [1, 5],
  'yes-no': [0, 1],
};

/** The trend chart's geometry, exported so tests and callers can find a point without drawing. */
export function kpiTrendChartLayout(input: KpiTrendChartInput): TrendChartLayout {
  const width = input.width ?? 800;
  const height = input.height ?? 400;
  const values = input.series.flatMap((point) => (point.value === null ? [] : [point.value]));
  const levels = [input.target, input.warning, input.breach];
  const low = Math.min(...values, ...levels);
  const high = Math.max(...values, ...levels);
  // A little room beyond the data, so a value or threshold at the extreme does not sit on the axis.
  const [floor, ceiling] = (input.kind && KIND_AXIS_LIMITS[input.kind]) ?? [-Infinity, Infinity];
  const pad = (high - low) * 0.05;
  const scale = niceScale(Math.max(floor, low - pad), Math.min(ceiling, high + pad));
  const tickLabels = scale.ticks.map((tick) => formatTick(tick, scale.step));
  const thresholdLabels = [
    `Target ${formatNumber(input.target)}`,
    `Warning ${formatNumber(input.warning)}`,
    `Breach ${formatNumber(input.breach)}`,
  ];
  const plot = {
    left: 24 + Math.max(...tickLabels.map((label) => textWidth(label, LABEL_SCALE))),
    top: 14 + 2 * LINE_HEIGHT + 24,
    right: width - 20 - Math.max(...thresholdLabels.map((label) => textWidth(label, LABEL_SCALE))),
    bottom: height - 16 - LINE_HEIGHT - 8,
  };
  const slot = (plot.right - plot.left) / Math.max(1, input.series.length);
  return {
    width,
    height,
    plot,
    scale,
    slot,
    xOf: (index) => plot.left + slot * (index + 0.5),
    yOf: (value) => plot.bottom - ((value - scale.min) / (scale.max - scale.min)) * (plot.bottom - plot.top),
    thresholdLabels,
  };
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

export interface HeatMapLayout {
  width: number;
  height: number;
  /** Where the cell of KPI `row` and period `column` is drawn, gap excluded. */
  cell(row: number, column: number): { x: number; y: number; width: number; height: number };
}

const HEAT_SCALE = 2;
const HEAT_CELL_HEIGHT = 36;
const HEAT_GAP = 3;
const HEAT_MARGIN = 16;
const KPI_LABEL_MAX = 320;
const RAG_LETTER: Record<Rag | 'none', string> = { green: 'G', amber: 'A', red: 'R', none: '-' };

/** The heat map's geometry, exported so tests and callers can find a cell without drawing. */
export function ragHeatMapLayout(input: RagHeatMapInput): HeatMapLayout {
  const labelColumn = Math.min(KPI_LABEL_MAX, Math.max(0, ...input.kpis.map((name) => textWidth(name, HEAT_SCALE))));
  const cellWidth = Math.max(48, ...input.periods.map((key) => textWidth(key, HEAT_SCALE) + 12));
  const top = HEAT_MARGIN + (input.title ? LINE_HEIGHT + 12 : 0) + LINE_HEIGHT + 4;
  const left = HEAT_MARGIN + labelColumn + 12;
  return {
    width: left + input.periods.length * (cellWidth + HEAT_GAP) + HEAT_MARGIN,
    height: top + input.kpis.length * (HEAT_CELL_HEIGHT + HEAT_GAP) + HEAT_MARGIN,
    cell: (row, column) => ({
      x: left + column * (cellWidth + HEAT_GAP),
      y: top + row * (HEAT_CELL_HEIGHT + HEAT_GAP),
      width: cellWidth,
      height: HEAT_CELL_HEIGHT,
    }),
  };
}

export function renderRagHeatMap(input: RagHeatMapInput): Buffer {
  if (input.cells.length !== input.kpis.length || input.cells.some((row) => row.length !== input.periods.length)) {
    throw new Error('The heat map needs one row of cells per KPI and one cell per period in each row.');
  }
  const layout = ragHeatMapLayout(input);
  const image = new Raster(layout.width, layout.height, CHART_COLORS.background);
  let y = HEAT_MARGIN;
  if (input.title) {
    image.drawText(
      fitText(input.title, layout.width - 2 * HEAT_MARGIN, HEAT_SCALE),
      HEAT_MARGIN,
      y,
      CHART_COLORS.text,
      HEAT_SCALE,
    );
    y += LINE_HEIGHT + 12;
  }
  input.periods.forEach((key, column) => {
    const box = layout.cell(0, column);
    image.drawText(key, box.x + (box.width - textWidth(key, HEAT_SCALE)) / 2, y, CHART_COLORS.muted, HEAT_SCALE);
  });
  input.kpis.forEach((name, row) => {
    const box = layout.cell(row, 0);
    const label = fitText(name, KPI_LABEL_MAX, HEAT_SCALE);
    image.drawText(
      label,
      HEAT_MARGIN,
      box.y + (box.height - GLYPH_HEIGHT * HEAT_SCALE) / 2,
      CHART_COLORS.text,
      HEAT_SCALE,
    );
    input.periods.forEach((_, column) => {
      const rag = input.cells[row]![column] ?? 'none';
      const cell = layout.cell(row, column);
      image.fillRect(cell.x, cell.y, cell.width, cell.height, RAG_COLORS[rag]);
      const letter = RAG_LETTER[rag];
      const ink = rag === 'none' ? CHART_COLORS.muted : CHART_COLORS.background;
      image.drawText(
        letter,
        cell.x + (cell.width - textWidth(letter, HEAT_SCALE)) / 2,
        cell.y + (cell.height - GLYPH_HEIGHT * HEAT_SCALE) / 2,
        ink,
        HEAT_SCALE,
      );
    });
  });
  return image.toPng();
}

/**
 * A y axis from round numbers: the step is 1, 2, 2.5 or 5 times a power of ten, chosen to give
 * about five intervals, and the ends are the multiples of the step around the data.
 */
export function niceScale(
  low: number,
  high: number,
  intervals = 5,
): { min: number; max: number; step: number; ticks: number[] } {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return niceScale(0, 1, intervals);
  if (low === high) {
    const pad = Math.abs(low) * 0.1 || 1;
    return niceScale(low - pad, high + pad, intervals);
  }
  const rough = (high - low) / intervals;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
  const min = Math.floor(low / step + 1e-9) * step;
  const max = Math.ceil(high / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let tick = min; tick <= max + step / 2; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return { min, max, step, ticks };
}

/** As many decimals as the step has: steps of 2.5 print 97.5, steps of 10 print 90. */
function formatTick(value: number, step: number): string {
  const decimals = (formatNumber(step).split('.')[1] ?? '').length;
  return Number(value.toFixed(decimals)).toString();
}

/** Without binary noise: 0.1 + 0.2 prints 0.3. */
function formatNumber(value: number): string {
  return Number(value.toPrecision(10)).toString();
}

/** Moves label tops (sorted or not) apart so no two are closer than `gap`, keeping their order. */
function spreadApart(ys: number[], gap: number): number[] {
  const order = ys.map((y, index) => ({ y, index })).sort((a, b) => a.y - b.y);
  for (let i = 1; i < order.length; i++) {
    if (order[i]!.y - order[i - 1]!.y < gap) order[i]!.y = order[i - 1]!.y + gap;
  }
  const result = new Array<number>(ys.length);
  for (const { y, index } of order) result[index] = y;
  return result;
}
