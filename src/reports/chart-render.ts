/**
 * Vega-Lite spec → SVG (Vega, in Node, no browser or canvas) → PNG (resvg, a Rust rasterizer whose
 * prebuilt binary is an npm package), with the fonts of chart-fonts.ts.
 *
 * Vega lays text out by measuring it; without a canvas it guesses 0.8 em per character, which clips
 * or crowds labels in a font as wide as DejaVu. It is given the real advance widths of the fonts
 * resvg draws with instead (vega-scenegraph allows a user-defined `textMetrics.width`).
 */
import { Resvg } from '@resvg/resvg-js';
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

/** Sizes chosen to stay legible when Slack and Teams show the image at about 360–500 px wide. */
export const CHART_CONFIG = {
  background: CHART_PALETTE.background,
  padding: 16,
  font: CHART_FONT_FAMILY,
  view: { stroke: null },
  title: {
    fontSize: 20,
    fontWeight: 'bold',
    color: CHART_PALETTE.text,
    anchor: 'start',
    subtitleFontSize: 15,
    subtitleColor: CHART_PALETTE.muted,
    offset: 12,
  },
  axis: {
    labelFontSize: 15,
    titleFontSize: 15,
    labelColor: CHART_PALETTE.muted,
    titleColor: CHART_PALETTE.text,
    gridColor: CHART_PALETTE.grid,
    domainColor: CHART_PALETTE.muted,
    tickColor: CHART_PALETTE.muted,
    titleFontWeight: 'normal',
  },
  legend: {
    labelFontSize: 15,
    titleFontSize: 15,
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

let measuredWith: ChartFonts | undefined;

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

/** The SVG of a Vega-Lite spec, text measured with the chart fonts. */
export async function vegaLiteToSvg(spec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  measureWith(chartFonts(options.fallbackFonts));
  const compiled = compile({ config: CHART_CONFIG, ...spec } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Renders `spec` to PNG. `texts` are the strings of people's data drawn on the chart (titles, KPI
 * and vendor names), checked against the fonts so a missing character is reported, never boxed.
 */
export async function renderChart(
  spec: TopLevelSpec,
  altText: string,
  texts: readonly string[],
  options: RenderOptions = {},
): Promise<RenderedChart> {
  const fonts = chartFonts(options.fallbackFonts);
  const svg = await vegaLiteToSvg(spec, options);
  const png = new Resvg(svg, {
    font: { fontFiles: [...fonts.files], loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
    background: CHART_PALETTE.background,
  })
    .render()
    .asPng();
  return { png, altText, missingCharacters: missingCharacters(fonts, texts) };
}
