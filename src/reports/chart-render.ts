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
}

export interface ChartValues {
  /** Rows for each named data source of the template. */
  data: Record<string, readonly object[]>;
  /** Values for the template's params, such as the title. */
  signals?: Record<string, unknown>;
}

const runtimes = new WeakMap<ChartTemplate, vega.Runtime>();

function runtimeOf(template: ChartTemplate): vega.Runtime {
  let runtime = runtimes.get(template);
  if (!runtime) {
    const compiled = compile({ config: CHART_CONFIG, ...template.spec } as TopLevelSpec).spec;
    runtime = vega.parse(compiled);
    runtimes.set(template, runtime);
  }
  return runtime;
}

/** The SVG of a template with its values, text measured with the chart fonts. */
export async function chartSvg(
  template: ChartTemplate,
  values: ChartValues,
  options: RenderOptions = {},
): Promise<string> {
  measureWith(chartFonts(options.fallbackFonts));
  const view = new vega.View(runtimeOf(template), { renderer: 'none' });
  try {
    for (const [name, rows] of Object.entries(values.data)) view.data(name, rows as object[]);
    for (const [name, value] of Object.entries(values.signals ?? {})) view.signal(name, value);
    return await view.toSVG();
  } finally {
    view.finalize();
  }
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
