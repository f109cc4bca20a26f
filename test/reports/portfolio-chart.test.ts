import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rag } from '../../src/domain/types';
import { portfolioOf, portfolioSvg, renderPortfolioChart } from '../../src/reports/portfolio-chart';
import { PNG_SIGNATURE, scaledPng } from '../support/png';

const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'charts');
const MONTHS = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'];
const CONTRACTS = [
  { reference: 'CT-1', vendor: 'Café Crème Sàrl' },
  { reference: 'CT-2', vendor: 'Café Crème Sàrl' },
  { reference: 'CT-3', vendor: 'Ηλεκτρική Αθηνών ΑΕ' },
  { reference: 'CT-4', vendor: 'ООО «Северный поток»' },
  { reference: 'CT-5', vendor: 'Müşteri Hizmetleri A.Ş.' },
];

function score(contractRef: string, month: string, rag: Rag) {
  return { contractRef, periodStart: new Date(`${month}-01T00:00:00Z`), rag };
}

describe('portfolioOf', () => {
  it('colours each contract by its worst KPI in the month and ranks vendors by red, then amber', () => {
    const portfolio = portfolioOf(
      CONTRACTS,
      [
        score('CT-1', '2026-11', 'green'),
        score('CT-1', '2026-11', 'red'),
        score('CT-2', '2026-11', 'amber'),
        score('CT-3', '2026-11', 'amber'),
        score('CT-3', '2026-11', 'amber'),
        score('CT-4', '2026-12', 'green'),
        // Outside the months shown: not counted.
        score('CT-5', '2026-01', 'red'),
      ],
      ['2026-11', '2026-12'],
    );
    expect(portfolio.months).toEqual([
      { month: '2026-11', counts: { green: 0, amber: 2, red: 1, none: 2 } },
      { month: '2026-12', counts: { green: 1, amber: 0, red: 0, none: 4 } },
    ]);
    expect(portfolio.worstVendors).toEqual([
      { vendor: 'Café Crème Sàrl', red: 1, amber: 1, contracts: 2 },
      { vendor: 'Ηλεκτρική Αθηνών ΑΕ', red: 0, amber: 2, contracts: 1 },
    ]);
  });
});

describe('renderPortfolioChart', () => {
  const rags: Rag[] = ['green', 'green', 'amber', 'red', 'green', 'amber'];
  const scores = CONTRACTS.flatMap((contract, row) =>
    MONTHS.flatMap((month, column) => [score(contract.reference, month, rags[(row + column) % rags.length]!)]),
  );
  const input = { title: 'Portfolio of Ana Ruiz — 5 contracts', ...portfolioOf(CONTRACTS, scores, MONTHS) };

  it('draws every vendor name in full and says in words what it shows', async () => {
    const chart = await renderPortfolioChart(input);
    expect(chart.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(chart.missingCharacters).toEqual([]);
    const svg = (await portfolioSvg(input)).replaceAll('&amp;', '&').replaceAll('&quot;', '"');
    for (const vendor of input.worstVendors.map((entry) => entry.vendor)) expect(svg).toContain(vendor);
    expect(chart.altText).toMatch(
      /^Portfolio of Ana Ruiz — 5 contracts: stacked bars of contracts by their worst KPI per month, 2026-07 to 2026-12\. In 2026-12: \d+ green, \d+ amber, \d+ red\./,
    );
    expect(chart.altText).toContain('Most red: ');
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, 'portfolio.png'), chart.png);
    writeFileSync(join(SCREENSHOTS, 'portfolio-chat-size.png'), await scaledPng(chart.png, 400));
    writeFileSync(join(SCREENSHOTS, 'portfolio.txt'), `${chart.altText}\n`);
  });

  it('draws a portfolio with no scores yet', async () => {
    const empty = { title: 'Portfolio', months: [], worstVendors: [] };
    const chart = await renderPortfolioChart(empty);
    expect(chart.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(chart.altText).toBe('Portfolio: no contracts with scores yet.');
  });
});
