import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { forecastNext } from '../../src/domain/forecast';
import { kpiTrendSvg, renderKpiTrendChart, trendScale } from '../../src/reports/charts';
import { PNG_SIGNATURE } from '../support/png';

/** Where the chart is written for a person to look at (git-ignored). */
const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'charts');

const values = [99.9, 99.8, 99.7, 99.5, 99.3, 99.1];
const series = values.map((value, index) => ({
  periodKey: `2026-0${index + 1}`,
  value,
  rag: value < 99.5 ? ('amber' as const) : ('green' as const),
}));
const forecast = forecastNext(values, { kind: 'percent' })!;
const round = (value: number) => Math.round(value * 100) / 100;
const input = {
  title: 'Availability — WARN-2026-015',
  kpiName: 'Availability',
  unit: '%',
  series,
  target: 99.9,
  warning: 99.5,
  breach: 99,
  direction: 'higher-is-better' as const,
  kind: 'percent' as const,
  forecast: { label: 'next', value: round(forecast.value), low: round(forecast.low), high: round(forecast.high) },
};

describe('the trend chart with a forecast', () => {
  it('draws the forecast one place right of the last period, with its interval inside the axis', async () => {
    const scale = trendScale(input);
    expect(scale.min).toBeLessThanOrEqual(forecast.low);
    expect(scale.max).toBeGreaterThanOrEqual(forecast.high);
    const svg = await kpiTrendSvg(input);
    expect(svg).toContain('>next<');
    const without = await kpiTrendSvg({ ...input, forecast: undefined });
    expect(without).not.toContain('>next<');
  });

  it('says the forecast in the alt text and renders a PNG', async () => {
    const chart = await renderKpiTrendChart(input);
    expect(chart.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(chart.altText).toMatch(
      /Forecast for the next period \(next\): 98\.\d{1,2} %, likely between 98\.\d{1,2} and 9\d\.\d{1,2}\./,
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, 'kpi-trend-forecast.png'), chart.png);
  });
});
