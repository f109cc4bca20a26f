/**
 * The portfolio picture for managers: how many contracts were green, amber or red in each month, and
 * the vendors with the most red. A Vega-Lite template rendered by chart-render.ts, like the others.
 *
 * A contract's colour in a month is its worst KPI's in that month (said on the chart): a rule a
 * manager can check against the scorecard without knowing the weights.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Rag } from '../domain/types';
import {
  CHART_PALETTE,
  type ChartTemplate,
  type ChartValues,
  chartSvg,
  PERIOD_LABEL_EXPR,
  type RenderedChart,
  type RenderOptions,
  renderChart,
  TITLE_WIDTH,
  titleLines,
} from './chart-render';
import { plural, RAG_COLORS } from './charts';

export interface PortfolioMonth {
  /** YYYY-MM. */
  month: string;
  /** Contracts by their worst KPI in the month; `none` had no score. */
  counts: Record<Rag | 'none', number>;
}

export interface PortfolioVendor {
  vendor: string;
  /** KPI scores in the window, by colour. */
  red: number;
  amber: number;
  contracts: number;
}

export interface PortfolioChartInput {
  title: string;
  months: PortfolioMonth[];
  /** Worst first; the chart shows the first 8. */
  worstVendors: PortfolioVendor[];
}

const SHOWN_VENDORS = 8;
const STACK = ['red', 'amber', 'green', 'none'] as const;
const LABELS: Record<(typeof STACK)[number], string> = {
  red: 'Red',
  amber: 'Amber',
  green: 'Green',
  none: 'No score',
};

export const PORTFOLIO: ChartTemplate = {
  crispEdges: true,
  spec: {
    params: [
      { name: 'chartTitle', value: '' },
      { name: 'vendorTitle', value: '' },
    ],
    title: {
      text: { expr: 'chartTitle' },
      subtitle: 'Contracts by their worst KPI in each month',
      limit: TITLE_WIDTH,
    },
    vconcat: [
      {
        width: 480,
        height: 240,
        data: { name: 'months' },
        mark: { type: 'bar', stroke: CHART_PALETTE.background, strokeWidth: 1 },
        encoding: {
          x: {
            field: 'month',
            type: 'ordinal',
            title: null,
            // Each month over two lines ("2026" above "07"), so all six fit under their bars.
            axis: { labelAngle: 0, labelOverlap: 'greedy', labelSeparation: 10, labelExpr: PERIOD_LABEL_EXPR },
          },
          y: { field: 'contracts', type: 'quantitative', title: 'Contracts', axis: { tickMinStep: 1, format: 'd' } },
          color: {
            field: 'label',
            type: 'nominal',
            title: null,
            scale: { domain: STACK.map((rag) => LABELS[rag]), range: STACK.map((rag) => RAG_COLORS[rag]) },
            legend: { orient: 'top', direction: 'horizontal' },
          },
          order: { field: 'order', type: 'quantitative' },
        },
      },
      {
        // As wide as the months above, so the two line up.
        width: 480,
        height: { step: 30 },
        title: { text: { expr: 'vendorTitle' }, anchor: 'start', fontSize: 16 },
        data: { name: 'vendors' },
        mark: { type: 'bar', stroke: CHART_PALETTE.background, strokeWidth: 1 },
        encoding: {
          y: {
            field: 'vendor',
            type: 'nominal',
            title: null,
            sort: { field: 'rank', op: 'min' },
            axis: { labelLimit: 260 },
          },
          x: {
            field: 'scores',
            type: 'quantitative',
            title: 'Red and amber scores',
            axis: { tickMinStep: 1, format: 'd' },
          },
          color: {
            field: 'label',
            type: 'nominal',
            scale: { domain: ['Red', 'Amber'], range: [RAG_COLORS.red, RAG_COLORS.amber] },
            legend: null,
          },
          order: { field: 'order', type: 'quantitative' },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  } as unknown as TopLevelSpec,
};

export function portfolioValues(input: PortfolioChartInput): ChartValues {
  const vendors = input.worstVendors.slice(0, SHOWN_VENDORS);
  return {
    signals: {
      chartTitle: titleLines(input.title),
      vendorTitle: vendors.length > 0 ? 'Vendors with the most red' : 'No vendor had a red or amber score',
    },
    data: {
      months: input.months.flatMap((month) =>
        STACK.map((rag, order) => ({ month: month.month, label: LABELS[rag], order, contracts: month.counts[rag] })),
      ),
      vendors: vendors.flatMap((vendor, rank) => [
        { vendor: vendor.vendor, rank, label: 'Red', order: 0, scores: vendor.red },
        { vendor: vendor.vendor, rank, label: 'Amber', order: 1, scores: vendor.amber },
      ]),
    },
  };
}

export function portfolioAltText(input: PortfolioChartInput): string {
  if (input.months.length === 0) return `${input.title}: no contracts with scores yet.`;
  const first = input.months[0]!;
  const last = input.months.at(-1)!;
  const count = (month: PortfolioMonth) =>
    (['green', 'amber', 'red'] as const)
      .map((rag) => `${month.counts[rag]} ${rag}`)
      .concat(month.counts.none > 0 ? [`${month.counts.none} without a score`] : [])
      .join(', ');
  const parts = [
    `${input.title}: stacked bars of contracts by their worst KPI per month, ${first.month} to ${last.month}.`,
    `In ${last.month}: ${count(last)}.`,
  ];
  if (input.months.length > 1) parts.push(`In ${first.month}: ${count(first)}.`);
  const reddest = input.months.reduce((best, month) => (month.counts.red > best.counts.red ? month : best), first);
  if (reddest.counts.red > 0) parts.push(`Most contracts red in ${reddest.month}: ${reddest.counts.red}.`);
  const vendors = input.worstVendors.slice(0, 3);
  if (vendors.length > 0) {
    parts.push(
      `Most red: ${vendors.map((vendor) => `${vendor.vendor} (${vendor.red} red, ${vendor.amber} amber over ${plural(vendor.contracts, 'contract')})`).join('; ')}.`,
    );
  }
  return parts.join(' ');
}

export function portfolioSvg(input: PortfolioChartInput, options: RenderOptions = {}): Promise<string> {
  return chartSvg(PORTFOLIO, portfolioValues(input), options);
}

export async function renderPortfolioChart(
  input: PortfolioChartInput,
  options: RenderOptions = {},
): Promise<RenderedChart> {
  return renderChart(
    PORTFOLIO,
    portfolioValues(input),
    portfolioAltText(input),
    [input.title, ...input.worstVendors.slice(0, SHOWN_VENDORS).map((vendor) => vendor.vendor)],
    options,
  );
}

/**
 * The portfolio from KPI scores: per month (of each score's period start, UTC), each contract's worst
 * colour; per vendor, red and amber scores over the window. Pure, so the service only fetches.
 */
export function portfolioOf(
  contracts: ReadonlyArray<{ reference: string; vendor: string }>,
  scores: ReadonlyArray<{ contractRef: string; periodStart: Date; rag: Rag }>,
  months: readonly string[],
): Pick<PortfolioChartInput, 'months' | 'worstVendors'> {
  const rank: Record<Rag, number> = { green: 0, amber: 1, red: 2 };
  const worst = new Map<string, Rag>();
  const vendorOf = new Map(contracts.map((contract) => [contract.reference, contract.vendor]));
  const vendors = new Map<string, PortfolioVendor>();
  const wanted = new Set(months);
  for (const score of scores) {
    const month = score.periodStart.toISOString().slice(0, 7);
    const vendor = vendorOf.get(score.contractRef);
    if (!wanted.has(month) || vendor === undefined) continue;
    const key = `${score.contractRef}|${month}`;
    const before = worst.get(key);
    if (!before || rank[score.rag] > rank[before]) worst.set(key, score.rag);
    if (score.rag === 'green') continue;
    const entry = vendors.get(vendor) ?? { vendor, red: 0, amber: 0, contracts: 0 };
    entry[score.rag]++;
    vendors.set(vendor, entry);
  }
  for (const entry of vendors.values()) {
    entry.contracts = contracts.filter((contract) => contract.vendor === entry.vendor).length;
  }
  return {
    months: months.map((month) => {
      const counts: Record<Rag | 'none', number> = { green: 0, amber: 0, red: 0, none: 0 };
      for (const contract of contracts) counts[worst.get(`${contract.reference}|${month}`) ?? 'none']++;
      return { month, counts };
    }),
    worstVendors: [...vendors.values()].sort(
      (a, b) => b.red - a.red || b.amber - a.amber || a.vendor.localeCompare(b.vendor),
    ),
  };
}
