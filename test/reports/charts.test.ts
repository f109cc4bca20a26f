import {
  CHART_COLORS,
  type KpiTrendChartInput,
  kpiTrendChartLayout,
  niceScale,
  RAG_COLORS,
  type RagHeatMapInput,
  ragHeatMapLayout,
  renderKpiTrendChart,
  renderRagHeatMap,
} from '../../src/reports/charts';
import { decodePng } from './decode-png';

const HEAT_MAP: RagHeatMapInput = {
  title: 'CT-2026-014',
  kpis: ['Availability', 'First response time', 'Customer satisfaction'],
  periods: ['2026-10', '2026-11', '2026-12'],
  cells: [
    ['green', 'amber', 'red'],
    [null, 'green', 'green'],
    ['red', 'red', 'amber'],
  ],
};

const TREND: KpiTrendChartInput = {
  title: 'Availability',
  series: [
    { periodKey: '2026-10', value: 99.95, rag: 'green' },
    { periodKey: '2026-11', value: 99.2, rag: 'amber' },
    { periodKey: '2026-12', value: null, rag: null },
    { periodKey: '2027-01', value: 98.6, rag: 'red' },
  ],
  target: 99.9,
  warning: 99.5,
  breach: 99,
  direction: 'higher-is-better',
};

describe('renderRagHeatMap', () => {
  const png = renderRagHeatMap(HEAT_MAP);
  const image = decodePng(png);
  const layout = ragHeatMapLayout(HEAT_MAP);

  it('is a valid PNG of the laid-out size', () => {
    expect(image.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([image.width, image.height]).toEqual([layout.width, layout.height]);
    expect(image.raw.length).toBe(image.width * image.height * 4 + image.height);
  });

  it('paints each cell in its rag colour and a period without a score grey', () => {
    const colourAt = (row: number, column: number) => {
      const cell = layout.cell(row, column);
      // Near the corner, away from the letter in the middle.
      return image.pixel(cell.x + 3, cell.y + 3);
    };
    expect(colourAt(0, 0)).toEqual(RAG_COLORS.green);
    expect(colourAt(0, 1)).toEqual(RAG_COLORS.amber);
    expect(colourAt(0, 2)).toEqual(RAG_COLORS.red);
    expect(colourAt(1, 0)).toEqual(RAG_COLORS.none);
    expect(colourAt(2, 2)).toEqual(RAG_COLORS.amber);
  });

  it('writes a letter in each cell so colour is not the only signal', () => {
    const cell = layout.cell(0, 0);
    const inked = [];
    for (let y = cell.y; y < cell.y + cell.height; y++) {
      for (let x = cell.x; x < cell.x + cell.width; x++) {
        if (image.pixel(x, y).join() === CHART_COLORS.background.join()) inked.push([x, y]);
      }
    }
    expect(inked.length).toBeGreaterThan(20);
  });

  it('leaves a white gap between cells', () => {
    const first = layout.cell(0, 0);
    expect(image.pixel(first.x + first.width + 1, first.y + 3)).toEqual(CHART_COLORS.background);
  });

  it('refuses cells that do not match the KPIs and periods', () => {
    expect(() => renderRagHeatMap({ ...HEAT_MAP, cells: [['green']] })).toThrow(/one row of cells per KPI/);
  });
});

describe('renderKpiTrendChart', () => {
  const image = decodePng(renderKpiTrendChart(TREND));
  const layout = kpiTrendChartLayout(TREND);

  it('is an 800×400 PNG by default', () => {
    expect([image.width, image.height]).toEqual([800, 400]);
    expect(image.raw.length).toBe(800 * 400 * 4 + 400);
  });

  it('colours each point by its rag', () => {
    const at = (index: number, value: number) =>
      image.pixel(Math.round(layout.xOf(index)), Math.round(layout.yOf(value)));
    expect(at(0, 99.95)).toEqual(RAG_COLORS.green);
    expect(at(1, 99.2)).toEqual(RAG_COLORS.amber);
    expect(at(3, 98.6)).toEqual(RAG_COLORS.red);
  });

  it('draws the target solid green and the breach dashed red across the plot', () => {
    const row = (value: number) => {
      const y = Math.round(layout.yOf(value));
      const colours = [];
      for (let x = Math.ceil(layout.plot.left) + 4; x < layout.plot.right - 4; x++)
        colours.push(image.pixel(x, y).join());
      return colours;
    };
    const target = row(99.9);
    expect(target.filter((colour) => colour === RAG_COLORS.green.join()).length / target.length).toBeGreaterThan(0.9);
    const breach = row(99);
    const red = breach.filter((colour) => colour === RAG_COLORS.red.join()).length / breach.length;
    expect(red).toBeGreaterThan(0.4);
    expect(red).toBeLessThan(0.8);
  });

  it('keeps every value and threshold inside the plot', () => {
    for (const value of [99.95, 98.6, 99.9, 99]) {
      const y = layout.yOf(value);
      expect(y).toBeGreaterThan(layout.plot.top);
      expect(y).toBeLessThan(layout.plot.bottom);
    }
  });

  it('keeps a percentage axis within 0–100', () => {
    expect(kpiTrendChartLayout({ ...TREND, kind: 'percent' }).scale.max).toBe(100);
    expect(kpiTrendChartLayout(TREND).scale.max).toBeGreaterThan(100);
  });

  it('draws a chart with no scores yet', () => {
    expect(decodePng(renderKpiTrendChart({ ...TREND, series: [] })).width).toBe(800);
  });
});

describe('niceScale', () => {
  it('picks round steps around the data', () => {
    expect(niceScale(98.6, 99.95)).toMatchObject({ min: 98.5, max: 100, step: 0.5, ticks: [98.5, 99, 99.5, 100] });
    expect(niceScale(0, 97)).toMatchObject({ min: 0, max: 100, step: 20 });
  });

  it('widens a range of one value', () => {
    expect(niceScale(5, 5).ticks.length).toBeGreaterThan(2);
  });
});
