import ExcelJS from 'exceljs';
import { riskHeatMap } from '../src/domain/risk-register';
import type { Rag } from '../src/domain/types';
import type { RenderedChart } from '../src/reports/chart-render';
import { renderKpiTrendChart, renderRagHeatMap } from '../src/reports/charts';
import { CONTRACT_IMPORT_COLUMNS } from '../src/reports/contract-import';
import { renderPortfolioChart } from '../src/reports/portfolio-chart';
import { renderRiskHeatMap } from '../src/reports/risk-heat-map';
import { DEFAULT_SERVICE_SETTINGS, type ServiceDeps } from '../src/services/deps';
import { ImportsService } from '../src/services/imports-service';
import { percentile } from './support';

export type ChartName = 'kpi-trend' | 'rag-heat-map' | 'risk-heat-map' | 'portfolio';

export interface ChartResult {
  chart: ChartName;
  renders: number;
  p50: number;
  p95: number;
  max: number;
  /** CPU time (user + system) per render, median: what the chart costs whatever else the machine runs. */
  cpuP50: number;
  /** The first render, which loads the fonts and compiles Vega's code paths. */
  firstMs: number;
  /** Peak resident memory of the process that rendered only this chart. */
  peakRssMb: number;
  /** Resident memory before the first render (Node, Vega, resvg loaded). */
  baseRssMb: number;
  pngKb: number;
}

const PERIODS = Array.from({ length: 12 }, (_, index) => `2026-${String(index + 1).padStart(2, '0')}`);
const RAGS: Array<Rag | null> = ['green', 'green', 'amber', 'red', null, 'green'];

/**
 * The chart as the scorecard shows it: 12 periods of a KPI, 8 KPIs × 12 periods, a 5×5 risk matrix; and
 * the managers' portfolio of six months with its eight worst vendors.
 */
function render(chart: ChartName, index: number): Promise<RenderedChart> {
  switch (chart) {
    case 'kpi-trend':
      return renderKpiTrendChart({
        title: `Kundenzufriedenheit (Ø) — Café Crème Sàrl, Zürich ${index}`,
        kpiName: 'Kundenzufriedenheit (Ø)',
        unit: '%',
        series: PERIODS.map((periodKey, period) => ({
          periodKey,
          value: period === 4 ? null : 90 + ((period * 7 + index) % 10),
          rag: RAGS[(period + index) % RAGS.length] ?? null,
        })),
        target: 95,
        warning: 92,
        breach: 90,
        direction: 'higher-is-better',
        kind: 'percent',
      });
    case 'rag-heat-map': {
      const kpis = ['Availability — HQ campus', 'Réactivité ≥ 90 %', 'Время реакции', 'Müşteri memnuniyeti'];
      const all = [...kpis, ...kpis.map((kpi) => `${kpi} (2)`)];
      return renderRagHeatMap({
        title: `CT-2026-${index} by period`,
        kpis: all,
        periods: PERIODS,
        cells: all.map((_, row) => PERIODS.map((_, column) => RAGS[(row + column + index) % RAGS.length] ?? null)),
      });
    }
    case 'risk-heat-map': {
      const risks = Array.from({ length: 12 }, (_, n) => ({
        title: `risk ${n}`,
        likelihood: 1 + ((n + index) % 5),
        impact: 1 + ((n * 3) % 5),
      }));
      return renderRiskHeatMap(riskHeatMap(risks), `Risk heat map of CT-2026-${index} (12 open)`);
    }
    case 'portfolio': {
      const vendors = ['Café Crème Sàrl', 'Müşteri Hizmetleri A.Ş.', 'Ηλεκτρική Αθηνών ΑΕ', 'ООО «Северный поток»'];
      return renderPortfolioChart({
        title: `Portfolio — ${40 + index} contracts`,
        months: PERIODS.slice(6).map((month, m) => ({
          month,
          counts: { green: 20 + ((m + index) % 7), amber: 10 - m, red: 3 + ((m + index) % 4), none: 2 },
        })),
        worstVendors: [...vendors, ...vendors.map((vendor) => `${vendor} (2)`)].map((vendor, v) => ({
          vendor,
          red: 12 - v,
          amber: 2 + ((v + index) % 5),
          contracts: 3,
        })),
      });
    }
  }
}

/** Renders one kind of chart `renders` times; run in a fresh process so its peak memory is its own. */
export async function chartBench(options: { chart: ChartName; renders: number }): Promise<ChartResult> {
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;
  let started = performance.now();
  const first = await render(options.chart, 0);
  const firstMs = performance.now() - started;
  // A few more to warm up before measuring.
  for (let index = 1; index <= 5; index++) await render(options.chart, index);
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let index = 0; index < options.renders; index++) {
    const cpuBefore = process.cpuUsage();
    started = performance.now();
    await render(options.chart, index);
    samples.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  return {
    chart: options.chart,
    renders: options.renders,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    cpuP50: percentile(cpu, 50),
    firstMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    baseRssMb,
    pngKb: first.png.length / 1024,
  };
}

export interface ImportResult {
  format: 'CSV (semicolon, decimal comma, Windows-1252)' | '.xlsx';
  contracts: number;
  rows: number;
  fileKb: number;
  /** Dry runs of the whole file: read, check every row, the chat forms' rules. */
  seconds: number[];
  ok: boolean;
  peakRssMb: number;
}

function importRows(contracts: number): string[][] {
  const header = CONTRACT_IMPORT_COLUMNS.map((column) => column.name).filter((name) => name !== 'owner_slack_id');
  const rows: string[][] = [header];
  for (let n = 0; n < contracts; n++) {
    const reference = `BEN-2026-${String(n).padStart(4, '0')}`;
    const contract = {
      contract_ref: reference,
      title: `Reinigung Büro Zürich — Los ${n}`,
      vendor: `Café Crème Sàrl ${n % 50}`,
      value: '1250000,50',
      currency: 'EUR',
      start_date: '2026-01-01',
      end_date: '2027-12-31',
      timezone: 'Europe/Zurich',
      category: 'Facilities',
      owner_email: `owner${n % 20}@example.com`,
    };
    const kpis = [
      {
        kpi_key: 'satisfaction',
        kpi_name: 'Kundenzufriedenheit (Ø)',
        unit: '%',
        kind: 'percent',
        direction: 'higher-is-better',
        baseline: '88,5',
        target: '95',
        warning: '92,25',
        breach: '90',
        weight: '2,5',
        cadence: 'monthly',
        respondent: 'owner',
        evidence_required: 'no',
        vendor_visible: 'yes',
      },
      {
        kpi_key: 'response',
        kpi_name: 'Réactivité — Genève',
        unit: 'h',
        kind: 'duration',
        direction: 'lower-is-better',
        baseline: '12',
        target: '4',
        warning: '8',
        breach: '24',
        weight: '1',
        cadence: 'quarterly',
        respondent: 'vendor',
        evidence_required: 'yes',
        vendor_visible: 'yes',
      },
    ];
    for (const kpi of kpis) {
      const row: Record<string, string> = { ...contract, ...kpi };
      rows.push(header.map((name) => row[name] ?? ''));
    }
  }
  return rows;
}

/** Windows-1252 bytes of text that is Latin-1 apart from — (0x97). */
function windows1252(text: string): Buffer {
  return Buffer.from([...text].map((char) => (char === '—' ? 0x97 : char.charCodeAt(0))));
}

async function importFile(format: ImportResult['format'], contracts: number): Promise<Buffer> {
  const rows = importRows(contracts);
  if (format === '.xlsx') {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Verträge');
    rows.forEach((row, index) => {
      // As a person's workbook holds them: numbers typed as numbers, dates as dates.
      sheet.addRow(
        index === 0
          ? row
          : row.map((cell, column) => {
              const name = rows[0]![column]!;
              if (/_date$/.test(name)) return new Date(`${cell}T00:00:00Z`);
              if (['value', 'baseline', 'target', 'warning', 'breach', 'weight'].includes(name)) {
                return Number(cell.replace(',', '.'));
              }
              return cell;
            }),
      );
    });
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
  return windows1252(`${rows.map((row) => row.join(';')).join('\r\n')}\r\n`);
}

/** Dry runs of a 2,000-contract import through the imports service, as the chat command runs it. */
export async function importBench(options: {
  format: ImportResult['format'];
  contracts: number;
  runs: number;
}): Promise<ImportResult> {
  const file = await importFile(options.format, options.contracts);
  const deps = {
    store: { contracts: { references: async () => [] } },
    settings: DEFAULT_SERVICE_SETTINGS,
    logger: { error: () => undefined, warn: () => undefined },
  } as unknown as ServiceDeps;
  const imports = new ImportsService(deps);
  const actor = { surface: 'slack', person: { slackUserId: 'U0BENCH' }, external: false } as never;
  const seconds: number[] = [];
  let ok = false;
  for (let run = 0; run < options.runs; run++) {
    const started = performance.now();
    const report = await imports.importContracts(actor, file, { dryRun: true });
    seconds.push((performance.now() - started) / 1000);
    ok = report.ok && report.contracts.length === options.contracts;
    if (!ok) throw new Error(`the bench file did not plan: ${JSON.stringify(report.errors.slice(0, 3))}`);
  }
  return {
    format: options.format,
    contracts: options.contracts,
    rows: options.contracts * 2,
    fileKb: file.length / 1024,
    seconds,
    ok,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
