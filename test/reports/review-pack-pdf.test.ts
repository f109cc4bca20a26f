import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReviewPack } from '../../src/domain/review-pack';
import { renderKpiTrendChart } from '../../src/reports/charts';
import { pdfPageCount, renderReviewPackPdf } from '../../src/reports/review-pack-pdf';

const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'packs');

function pack(lines: number): ReviewPack {
  return {
    title: 'Q1 2026 review pack · ZÜRICH-2026-001',
    subtitle: 'Café Crème Sàrl · Ελληνικά · Кириллица · review on 2026-04-10',
    forVendor: false,
    decisionsCalledFor: [],
    sections: [
      {
        heading: 'Scorecard, trends and forecasts',
        lines: Array.from({ length: lines }, (_, i) => `KPI ${i}: 99.${i % 10}% · green · stable`),
      },
    ],
  };
}

/** The page tree's own `/Count`, to check pdfPageCount (which counts page objects) against something else. */
function pageTreeCount(pdf: Buffer): number {
  const counts = [
    ...pdf.toString('latin1').matchAll(/\/Type\s*\/Pages[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages/g),
  ];
  return Math.max(...counts.map((match) => Number(match[1] ?? match[2])));
}

describe('the review pack PDF', () => {
  it('is a PDF with one page for a short pack', async () => {
    const pdf = await renderReviewPackPdf(pack(5));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(pdfPageCount(pdf)).toBe(1);
  });

  it('flows a long pack onto more pages, and adds a page per chart', async () => {
    const long = await renderReviewPackPdf(pack(150));
    expect(pdfPageCount(long)).toBeGreaterThan(1);
    expect(pdfPageCount(long)).toBe(pageTreeCount(long));
    const chart = await renderKpiTrendChart({
      title: 'Availability',
      series: [{ periodKey: '2026-01', value: 99.5, rag: 'green' }],
      target: 99.9,
      warning: 99.5,
      breach: 99,
      direction: 'higher-is-better',
      kind: 'percent',
    });
    const withChart = await renderReviewPackPdf(pack(150), [{ title: 'Availability', png: chart.png }]);
    expect(pdfPageCount(withChart)).toBe(pdfPageCount(long) + 1);
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, 'review-pack.pdf'), withChart);
  });
});
