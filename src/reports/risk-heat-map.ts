/**
 * The risk register's 5×5 matrix as a PNG: impact across, likelihood up, each cell in its rating's
 * colour with the number of risks in it. Drawn on the Raster in png.ts, like the scorecard charts.
 *
 * As there, colour is never the only signal: every cell carries its count and the legend names the
 * ratings, and each rating has its own letter (L, M, H, C) in the cell's corner.
 */
import type { RiskHeatMap, RiskRating } from '../domain/risk-register';
import { CHART_COLORS } from './charts';
import { fitText, GLYPH_HEIGHT, hexColor, Raster, type Rgba, textWidth } from './png';

export const RISK_RATING_COLORS: Record<RiskRating, Rgba> = {
  low: hexColor('#2e9e4f'),
  medium: hexColor('#e6c200'),
  high: hexColor('#e69500'),
  critical: hexColor('#d64545'),
};

const RATING_LETTER: Record<RiskRating, string> = { low: 'L', medium: 'M', high: 'H', critical: 'C' };
const SCALE = 2;
const CELL = 72;
const GAP = 3;
const MARGIN = 16;
const LINE = (GLYPH_HEIGHT + 3) * SCALE;

export interface RiskHeatMapLayout {
  width: number;
  height: number;
  /** The cell for a likelihood and impact from 1 to 5; likelihood 5 is the top row. */
  cell(likelihood: number, impact: number): { x: number; y: number; width: number; height: number };
}

export function riskHeatMapLayout(title: string | undefined): RiskHeatMapLayout {
  const axisLabel = textWidth('Likelihood', SCALE);
  const left = MARGIN + LINE + 8 + textWidth('5', SCALE) + 10;
  const top = MARGIN + (title ? LINE + 12 : 0);
  const grid = 5 * CELL + 4 * GAP;
  const legendWidth = textWidth('critical 20-25', SCALE) + 40;
  return {
    width: Math.max(left + grid + MARGIN + legendWidth, axisLabel + 2 * MARGIN),
    height: top + grid + 10 + LINE + 8 + LINE + MARGIN,
    cell: (likelihood, impact) => ({
      x: left + (impact - 1) * (CELL + GAP),
      y: top + (5 - likelihood) * (CELL + GAP),
      width: CELL,
      height: CELL,
    }),
  };
}

export function renderRiskHeatMap(map: Pick<RiskHeatMap, 'cells' | 'total'>, title?: string): Buffer {
  const layout = riskHeatMapLayout(title);
  const image = new Raster(layout.width, layout.height, CHART_COLORS.background);
  if (title) {
    image.drawText(fitText(title, layout.width - 2 * MARGIN, SCALE), MARGIN, MARGIN, CHART_COLORS.text, SCALE);
  }
  for (const row of map.cells) {
    for (const cell of row) {
      const box = layout.cell(cell.likelihood, cell.impact);
      image.fillRect(box.x, box.y, box.width, box.height, RISK_RATING_COLORS[cell.rating]);
      // White on yellow is hard to read; the medium cells take dark ink.
      const ink = cell.rating === 'medium' ? CHART_COLORS.text : CHART_COLORS.background;
      image.drawText(RATING_LETTER[cell.rating], box.x + 5, box.y + 5, ink, SCALE);
      const count = cell.count === 0 ? '-' : String(cell.count);
      const scale = cell.count === 0 ? SCALE : SCALE + 1;
      image.drawText(
        count,
        box.x + (box.width - textWidth(count, scale)) / 2,
        box.y + (box.height - GLYPH_HEIGHT * scale) / 2,
        ink,
        scale,
      );
    }
  }
  // Axes: scale numbers beside the rows and under the columns, and the axis names.
  for (let value = 1; value <= 5; value++) {
    const row = layout.cell(value, 1);
    image.drawText(
      String(value),
      row.x - 10 - textWidth(String(value), SCALE),
      row.y + (row.height - GLYPH_HEIGHT * SCALE) / 2,
      CHART_COLORS.muted,
      SCALE,
    );
    const column = layout.cell(1, value);
    image.drawText(
      String(value),
      column.x + (column.width - textWidth(String(value), SCALE)) / 2,
      column.y + column.height + 10,
      CHART_COLORS.muted,
      SCALE,
    );
  }
  const bottomLeft = layout.cell(1, 1);
  const bottomRight = layout.cell(1, 5);
  const impactLabel = 'Impact';
  image.drawText(
    impactLabel,
    (bottomLeft.x + bottomRight.x + bottomRight.width - textWidth(impactLabel, SCALE)) / 2,
    bottomLeft.y + bottomLeft.height + 10 + LINE + 4,
    CHART_COLORS.text,
    SCALE,
  );
  // The font has no rotated glyphs, so the likelihood axis is named letter by letter, top to bottom.
  const topLeft = layout.cell(5, 1);
  const letters = [...'Likelihood'];
  const startY = topLeft.y + (5 * CELL + 4 * GAP - letters.length * LINE) / 2;
  letters.forEach((letter, index) => {
    image.drawText(letter, MARGIN, startY + index * LINE, CHART_COLORS.text, SCALE);
  });

  // Legend.
  const legendX = bottomRight.x + bottomRight.width + 24;
  const bands: Array<[RiskRating, string]> = [
    ['critical', 'critical 20-25'],
    ['high', 'high 10-16'],
    ['medium', 'medium 5-9'],
    ['low', 'low 1-4'],
  ];
  bands.forEach(([rating, label], index) => {
    const y = topLeft.y + index * (LINE + 10);
    image.fillRect(legendX, y, LINE, LINE, RISK_RATING_COLORS[rating]);
    image.drawText(label, legendX + LINE + 8, y + (LINE - GLYPH_HEIGHT * SCALE) / 2, CHART_COLORS.text, SCALE);
  });
  const total = `${map.total} risk${map.total === 1 ? '' : 's'}`;
  image.drawText(total, legendX, topLeft.y + bands.length * (LINE + 10) + 6, CHART_COLORS.muted, SCALE);
  return image.toPng();
}
