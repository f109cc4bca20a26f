import { renderRagHeatMap } from '../../src/reports/charts';
import { chartFile } from '../../src/services/file-delivery';

function recordingLogger() {
  const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
  return {
    warnings,
    logger: { warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }) },
  };
}

describe('chartFile', () => {
  it('carries the chart and its alt text, and says nothing more when every character is drawn', async () => {
    const { warnings, logger } = recordingLogger();
    const chart = await renderRagHeatMap({
      kpis: ['Kundenzufriedenheit (Ø)'],
      periods: ['2026-01'],
      cells: [['green']],
    });
    const file = chartFile({ logger } as never, chart, { filename: 'x.png', title: 'X', comment: 'The chart.' });
    expect(file).toMatchObject({ mimeType: 'image/png', comment: 'The chart.', altText: chart.altText });
    expect(file.content).toBe(chart.png);
    expect(warnings).toEqual([]);
  });

  it('names characters no chart font has, in the message and the log, with the setting that fixes it', async () => {
    const { warnings, logger } = recordingLogger();
    const chart = await renderRagHeatMap({
      title: '東京 office',
      kpis: ['Uptime'],
      periods: ['2026-01'],
      cells: [['red']],
    });
    const file = chartFile({ logger } as never, chart, { filename: 'x.png', title: 'X', comment: 'The chart.' });
    expect(file.comment).toBe(
      'The chart. Some characters (東 京) cannot be drawn in the chart with the fonts installed; an administrator can add a font that has them (CHART_FONT_FILES).',
    );
    expect(warnings).toEqual([
      { fields: { file: 'x.png', characters: '東 京' }, message: expect.stringContaining('CHART_FONT_FILES') },
    ]);
    // The alt text, read by the chat client in its own fonts, keeps the name whole.
    expect(file.altText).toContain('東京 office');
  });
});
