/**
 * Vega-Lite spec → SVG (Vega, in Node, no browser or canvas) → PNG (resvg, a Rust rasterizer, in its
 * WebAssembly build from the npm package), with the fonts of chart-fonts.ts.
 *
 * WebAssembly rather than the native @resvg/resvg-js: the native 2.6.2 (and 2.7.0-alpha.2) never
 * frees a rendered image, about 1.3 MB a chart here, so a server's memory grows with every chart
 * (thx/resvg-js#216); the WebAssembly build frees on `free()`, and was as fast here (bench/).
 *
 * Vega lays text out by measuring it; without a canvas it guesses 0.8 em per character, which clips
 * or crowds labels in a font as wide as DejaVu. It is given the real advance widths of the fonts
 * resvg draws with instead (vega-scenegraph allows a user-defined `textMetrics.width`).
 */
import { readFileSync } from 'node:fs';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CHART_FONT_FAMILY, type ChartFonts, chartFonts, missingCharacters } from './chart-fonts';

export const CHART_PALETTE = {
  green: '#2e8540',
  amber: '#d98200',
  red: '#c9372c',
  /** A period with no score. */
  none: '#d0d4d9',
  /** Opaque, so the chart reads the same on the light and dark themes of Slack and Teams. */
  background: '#ffffff',
  text: '#1f2328',
  muted: '#59636e',
  grid: '#e6e8eb',
  line: '#3d4650',
} as const;

/**
 * Sizes chosen to stay legible when Slack and Teams show the image inline at about 400 px wide (see
 * the `-chat-size` screenshots the chart tests write): charts stay narrow and their text large.
 */
export const CHART_CONFIG = {
  background: CHART_PALETTE.background,
  padding: 16,
  font: CHART_FONT_FAMILY,
  view: { stroke: null },
  title: {
    fontSize: 22,
    fontWeight: 'bold',
    color: CHART_PALETTE.text,
    anchor: 'start',
    subtitleFontSize: 16,
    subtitleColor: CHART_PALETTE.muted,
    offset: 12,
  },
  axis: {
    labelFontSize: 17,
    titleFontSize: 16,
    labelColor: CHART_PALETTE.muted,
    titleColor: CHART_PALETTE.text,
    gridColor: CHART_PALETTE.grid,
    domainColor: CHART_PALETTE.muted,
    tickColor: CHART_PALETTE.muted,
    titleFontWeight: 'normal',
  },
  legend: {
    labelFontSize: 17,
    titleFontSize: 16,
    labelColor: CHART_PALETTE.text,
    titleColor: CHART_PALETTE.text,
    symbolSize: 200,
  },
  text: { fontSize: 15, color: CHART_PALETTE.text },
} as const;

/**
 * The PNG is drawn at 80% of the layout's size. Chat clients show a chart inline about 400 px wide
 * whatever its size, so the text is as large there as before; opened full size, axis labels are
 * about 14 px and titles 18 px. Every pixel costs resvg time to draw and to encode as PNG: at 80%
 * there are a third fewer (bench/README.md).
 */
export const CHART_ZOOM = 0.8;

/**
 * An axis label expression that writes a period key such as 2026-01, 2026-Q1 or 2026-W09 over two
 * lines ("2026" above "01"), so a column need only be as wide as a year; other keys (milestones)
 * stay on one line.
 */
export const PERIOD_LABEL_EXPR =
  'test(/^\\d{4}-[^-]+$/, datum.label) ? [slice(datum.label, 0, 4), slice(datum.label, 5)] : datum.label';

export interface RenderedChart {
  png: Buffer;
  /** What the chart shows, in words, for people who cannot see it (Slack `alt_text`, Teams `altText`). */
  altText: string;
  /** Characters of the chart's text that no chart font has; empty when everything is drawn. */
  missingCharacters: string[];
}

export interface RenderOptions {
  /** Fonts for characters the bundled DejaVu lacks (CHART_FONT_FILES). */
  fallbackFonts?: readonly string[];
}

/** Title lines wider than this wrap; a title of more than two lines ends in an ellipsis. */
export const TITLE_WIDTH = 620;

/**
 * A title as lines of at most `width` pixels in the title font, broken between words: a long KPI,
 * contract and vendor name wraps onto a second line rather than being cut.
 */
export function titleLines(text: string, width = TITLE_WIDTH, options: RenderOptions = {}): string[] {
  const fonts = chartFonts(options.fallbackFonts);
  const size = CHART_CONFIG.title.fontSize;
  if (fonts.measure(text, size, true) <= width) return [text];
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && fonts.measure(candidate, size, true) > width && lines.length < 1) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  lines.push(line);
  return lines;
}

let measuredWith: ChartFonts | undefined;
let wasmReady: Promise<void> | undefined;

/** Loads resvg's WebAssembly module from the package, once per process. */
function resvgReady(): Promise<void> {
  // initWasm refuses a second load ("Already initialized"), which another module of the process may have done.
  wasmReady ??= Promise.resolve()
    .then(() => initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm'))))
    .catch((error: unknown) => {
      if (!/already initialized/i.test(String(error))) throw error;
    });
  return wasmReady;
}

/** Sets Vega's text measure to `fonts`; Vega keeps one measure per process, so it is swapped only on change. */
function measureWith(fonts: ChartFonts): void {
  if (measuredWith === fonts) return;
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } })
    .textMetrics;
  metrics.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const value = text == null ? '' : String(text).trim();
    return fonts.measure(value, size, item.fontWeight === 'bold' || Number(item.fontWeight) >= 600);
  };
  measuredWith = fonts;
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: string | number;
}

/**
 * A chart's Vega-Lite spec with its data left out: named data sources and params (signals) stand for
 * what changes from one chart to the next. Compiled and parsed once per process (about a third of a
 * chart's time), then each chart is a new Vega view over the same parsed dataflow.
 */
export interface ChartTemplate {
  spec: TopLevelSpec;
  /**
   * Every shape is an axis-aligned rectangle or rule (heat maps, bars): drawn without anti-aliasing
   * (SVG `shape-rendering: crispEdges`), which looks the same on whole pixels and took resvg about 40%
   * less time; text is anti-aliased either way. Lines and dots at an angle need anti-aliasing.
   */
  crispEdges?: boolean;
}

export interface ChartValues {
  /** Rows for each named data source of the template. */
  data: Record<string, readonly object[]>;
  /** Values for the template's params, such as the title. */
  signals?: Record<string, unknown>;
}

/**
 * One Vega view per template, kept for the life of the process: building a view from the parsed
 * dataflow compiles every expression of the spec again (vega-runtime's `expression`), which was a
 * third of a chart's Vega time and most of its garbage. Each chart sets all of the view's data and
 * params (params it does not give go back to the template's own values), so nothing of the chart
 * before shows through; charts of one template are drawn one after the other, as a view runs one
 * dataflow at a time.
 */
interface TemplateView {
  view: vega.View;
  defaults: Record<string, unknown>;
  /** The chart being drawn with this view; the next one waits for it. */
  queue: Promise<unknown>;
}

const views = new WeakMap<ChartTemplate, TemplateView>();

function viewOf(template: ChartTemplate): TemplateView {
  let entry = views.get(template);
  if (!entry) {
    const compiled = compile({ config: CHART_CONFIG, ...template.spec } as TopLevelSpec).spec;
    const params = ((template.spec as { params?: Array<{ name: string; value?: unknown }> }).params ?? []).filter(
      (param) => 'value' in param,
    );
    entry = {
      view: new vega.View(vega.parse(compiled), { renderer: 'none' }),
      defaults: Object.fromEntries(params.map((param) => [param.name, param.value])),
      queue: Promise.resolve(),
    };
    views.set(template, entry);
  }
  return entry;
}

/** The SVG of a template with its values, text measured with the chart fonts. */
export function chartSvg(template: ChartTemplate, values: ChartValues, options: RenderOptions = {}): Promise<string> {
  const entry = viewOf(template);
  const drawn = entry.queue.then(async () => {
    measureWith(chartFonts(options.fallbackFonts));
    const { view } = entry;
    for (const [name, rows] of Object.entries(values.data)) view.data(name, rows as object[]);
    for (const [name, value] of Object.entries({ ...entry.defaults, ...values.signals })) view.signal(name, value);
    return view.toSVG();
  });
  // A chart that failed does not stop the next one.
  entry.queue = drawn.catch(() => undefined);
  return drawn;
}

/**
 * Renders a chart to PNG. `texts` are the strings of people's data drawn on the chart (titles, KPI
 * and vendor names), checked against the fonts so a missing character is reported, never boxed.
 */
export async function renderChart(
  template: ChartTemplate,
  values: ChartValues,
  altText: string,
  texts: readonly string[],
  options: RenderOptions = {},
): Promise<RenderedChart> {
  const fonts = chartFonts(options.fallbackFonts);
  const [svg] = await Promise.all([chartSvg(template, values, options), resvgReady()]);
  const resvg = new Resvg(svg, {
    font: { fontBuffers: [...fonts.buffers], loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
    background: CHART_PALETTE.background,
    ...(template.crispEdges ? { shapeRendering: 1 as const } : {}),
    fitTo: { mode: 'zoom', value: CHART_ZOOM },
  });
  try {
    const image = resvg.render();
    try {
      return { png: Buffer.from(image.asPng()), altText, missingCharacters: missingCharacters(fonts, texts) };
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
