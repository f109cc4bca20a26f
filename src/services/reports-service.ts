import type { ChatDestination, ChatFile } from '../chat/chat-surface';
import { isManager } from '../domain/access-policy';
import { StewardError } from '../domain/errors';
import { forecastNext } from '../domain/forecast';
import type { Person, Rag } from '../domain/types';
import { type KpiTrendChartInput, renderKpiTrendChart, renderRagHeatMap, type TrendPoint } from '../reports/charts';
import {
  contractsCsv,
  type ExportKind,
  escalationsCsv,
  exportJson,
  exportXlsx,
  kpisCsv,
  scoresCsv,
} from '../reports/exports';
import { portfolioOf, renderPortfolioChart } from '../reports/portfolio-chart';
import type { ContractRecord, EscalationRecord, KpiRecord, ScoreRecord, ScoreSummary } from '../store/records';
import { authorizeInternal } from './access-checks';
import { authorize, needsVendorView, recordRefusal } from './authorization';
import type { ServiceDeps } from './deps';
import { chartFile, deliverFile, deliverFiles } from './file-delivery';
import { withName, withNameIfAny, withNames } from './people';
import { requestPlace } from './places';
import type { Actor, ExportFormat, FileResult, ReportsApi } from './service-api';

/** As far back as the scorecard looks. */
const CHART_MONTHS = 18;
/** Months of the portfolio picture, the current one last. */
const PORTFOLIO_MONTHS = 6;
/** Columns of the heat map: the latest periods, so the image stays readable in chat. */
const HEAT_MAP_PERIODS = 12;
const EXPORT_KINDS: readonly ExportKind[] = ['contracts', 'kpis', 'scores', 'escalations'];
const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'json'];
const MIME_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Reports: scorecard charts as PNG images for chat, and exports of contracts, KPIs, scores and
 * escalations as CSV or Excel workbooks for spreadsheets, or JSON for other systems.
 */
export class ReportsService implements ReportsApi {
  constructor(private readonly deps: ServiceDeps) {}

  async scorecardCharts(actor: Actor, reference: string, destination?: ChatDestination): Promise<FileResult[]> {
    const { store, clock } = this.deps;
    const contract = await store.contracts.require(reference);
    const place = destination ?? requestPlace(actor, contract);
    // Charts posted where the vendor reads show only what the vendor may see.
    const vendorView = needsVendorView(actor, contract) || place?.purpose === 'vendor';
    await authorize(this.deps, actor, contract, vendorView ? 'view-vendor' : 'view-internal');
    const since = new Date(clock());
    since.setUTCMonth(since.getUTCMonth() - CHART_MONTHS);
    const [allKpis, scores] = await Promise.all([
      store.kpis.listForContract(reference),
      store.scores.forContracts([reference], since),
    ]);
    const kpis = vendorView ? allKpis.filter((kpi) => kpi.vendorVisible) : allKpis;
    if (kpis.length === 0) {
      throw new StewardError(
        'validation',
        `${reference} has no KPIs${vendorView ? ' shared with the vendor' : ''} to chart yet.`,
      );
    }

    const fonts = { fallbackFonts: this.deps.settings.chartFontFiles ?? [] };
    const files: ChatFile[] = [];
    for (const kpi of kpis) {
      const chart = await renderKpiTrendChart(
        {
          title: `${kpi.name} — ${reference}`,
          kpiName: kpi.name,
          unit: kpi.unit,
          series: seriesOf(kpi, scores),
          target: kpi.target,
          warning: kpi.warningThreshold,
          breach: kpi.breachThreshold,
          direction: kpi.direction,
          kind: kpi.kind,
          ...chartForecast(kpi, seriesOf(kpi, scores)),
        },
        fonts,
      );
      files.push(
        chartFile(this.deps, chart, {
          filename: `${reference}-${kpi.key}-trend.png`,
          title: `${kpi.name} trend, ${reference}`,
          comment: `${kpi.name}: values per period against target ${kpi.target}, warning ${kpi.warningThreshold} and breach ${kpi.breachThreshold}.`,
        }),
      );
    }
    const { periods, cells } = heatMapOf(kpis, scores);
    const heatMap = await renderRagHeatMap(
      { title: `${reference} by period`, kpis: kpis.map((kpi) => kpi.name), periods, cells },
      fonts,
    );
    files.push(
      chartFile(this.deps, heatMap, {
        filename: `${reference}-heat-map.png`,
        title: `Green, amber and red by period, ${reference}`,
        comment: `${reference}: each KPI's rating per period (G green, A amber, R red, – no score).`,
      }),
    );
    return deliverFiles(this.deps, actor, files, {
      destination: place,
      contract,
      internalOnly: false,
      heading: `${files.length} charts of ${reference}${vendorView ? ' (the KPIs shared with the vendor)' : ''}`,
    });
  }

  /**
   * The portfolio picture for a manager: contracts by their worst KPI in each of the last months, and
   * the vendors with the most red, across every contract the actor manages. Internal only: it sets
   * vendors side by side.
   */
  async portfolioChart(actor: Actor, destination?: ChatDestination): Promise<FileResult> {
    const { store, clock } = this.deps;
    const contracts = actor.external
      ? []
      : (await store.contracts.forPerson(actor.person)).filter((contract) => isManager(contract, actor.person));
    if (contracts.length === 0) {
      await recordRefusal(this.deps, actor, 'portfolio-chart');
      throw new StewardError(
        'forbidden',
        actor.external
          ? 'The portfolio is for the contract team.'
          : 'The portfolio is for contract managers, and you hold no governance role on any contract.',
      );
    }
    const now = clock();
    const months = Array.from({ length: PORTFOLIO_MONTHS }, (_, index) => {
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (PORTFOLIO_MONTHS - 1 - index), 1));
      return month.toISOString().slice(0, 7);
    });
    const since = new Date(`${months[0]}-01T00:00:00Z`);
    const scores = await store.scores.forContracts(
      contracts.map((contract) => contract.reference),
      since,
    );
    const portfolio = portfolioOf(
      contracts.map((contract) => ({ reference: contract.reference, vendor: contract.vendor.name })),
      scores,
      months,
    );
    const title = `Portfolio — ${contracts.length} contract${contracts.length === 1 ? '' : 's'}`;
    const chart = await renderPortfolioChart(
      { title, ...portfolio },
      { fallbackFonts: this.deps.settings.chartFontFiles ?? [] },
    );
    return deliverFile(
      this.deps,
      actor,
      chartFile(this.deps, chart, {
        filename: `steward-portfolio-${now.toISOString().slice(0, 10)}.png`,
        title,
        comment: `${title}: each contract in its worst KPI's colour per month, ${months[0]} to ${months.at(-1)}, and the vendors with the most red.`,
      }),
      { destination, internalOnly: true },
    );
  }

  async exportData(
    actor: Actor,
    kind: ExportKind,
    format: ExportFormat,
    options: { reference?: string; destination?: ChatDestination } = {},
  ): Promise<FileResult & { count: number }> {
    const { store, clock } = this.deps;
    const problems: Record<string, string> = {};
    if (!EXPORT_KINDS.includes(kind)) problems.kind = `Choose what to export: ${EXPORT_KINDS.join(', ')}.`;
    if (!EXPORT_FORMATS.includes(format)) problems.format = 'Choose csv, xlsx or json.';
    const messages = Object.values(problems);
    if (messages.length > 0) throw new StewardError('validation', messages.join(' '), { fieldErrors: problems });

    let contracts: ContractRecord[];
    if (options.reference) {
      const contract = await store.contracts.require(options.reference);
      await authorizeInternal(this.deps, actor, contract, 'manage', 'exports');
      contracts = [contract];
    } else {
      contracts = actor.external
        ? []
        : (await store.contracts.forPerson(actor.person)).filter((contract) => isManager(contract, actor.person));
      if (contracts.length === 0) {
        await recordRefusal(this.deps, actor, `export:${kind}`);
        throw new StewardError(
          'forbidden',
          actor.external
            ? 'Exports are for the contract team.'
            : 'Exports are for contract managers, and you hold no governance role on any contract.',
        );
      }
    }

    const refs = contracts.map((contract) => contract.reference);
    const records = await this.recordsOf(kind, contracts, refs);
    const now = clock();
    const content =
      format === 'xlsx'
        ? await exportXlsx(kind, records, now)
        : Buffer.from(
            format === 'json'
              ? exportJson(kind, records as never, now)
              : kind === 'contracts'
                ? contractsCsv(records as ContractRecord[])
                : kind === 'kpis'
                  ? kpisCsv(records as KpiRecord[])
                  : kind === 'scores'
                    ? scoresCsv(records as ScoreRecord[])
                    : escalationsCsv(records as EscalationRecord[]),
            'utf8',
          );
    const scope = options.reference ?? 'my-contracts';
    const result = await deliverFile(
      this.deps,
      actor,
      {
        filename: `steward-${kind}-${scope}-${now.toISOString().slice(0, 10)}.${format}`,
        title: `Export of ${kind}${options.reference ? ` of ${options.reference}` : ''}`,
        content,
        mimeType: MIME_TYPES[format],
        comment: `${records.length} ${kind} from ${contracts.length} contract${contracts.length === 1 ? '' : 's'}.`,
      },
      {
        destination: options.destination,
        contract: contracts.length === 1 ? contracts[0] : undefined,
        internalOnly: true,
      },
    );
    return { ...result, count: records.length };
  }

  private async recordsOf(kind: ExportKind, contracts: ContractRecord[], refs: string[]) {
    const { store } = this.deps;
    // The people in an export by display name (people.ts): a file is read by people too, never as bare ids.
    const named = (person: Person | undefined) => withNameIfAny(this.deps.surfaces, person, this.deps.logger);
    switch (kind) {
      case 'contracts':
        return Promise.all(
          contracts.map(async (contract) => ({
            ...contract,
            governance: {
              ...contract.governance,
              owner: await withNames(this.deps.surfaces, contract.governance.owner ?? [], this.deps.logger),
            },
          })),
        );
      case 'kpis':
        return store.kpis.listForContracts(refs);
      case 'scores': {
        const scores = (await Promise.all(refs.map((ref) => store.scores.listForContract(ref)))).flat();
        return Promise.all(
          scores.map(
            async (score): Promise<ScoreRecord> => ({
              ...score,
              answeredBy: await withName(this.deps.surfaces, score.answeredBy, this.deps.logger),
            }),
          ),
        );
      }
      case 'escalations': {
        const escalations = (await Promise.all(refs.map((ref) => store.escalations.listForContract(ref)))).flat();
        return Promise.all(
          escalations.map(
            async (escalation): Promise<EscalationRecord> => ({
              ...escalation,
              ...(escalation.acknowledgedBy ? { acknowledgedBy: await named(escalation.acknowledgedBy) } : {}),
              ...(escalation.resolvedBy ? { resolvedBy: await named(escalation.resolvedBy) } : {}),
            }),
          ),
        );
      }
    }
  }
}

/** A KPI's scores oldest first, as chart points. */
function seriesOf(kpi: KpiRecord, scores: ScoreSummary[]): TrendPoint[] {
  return scores
    .filter((score) => score.kpiKey === kpi.key)
    .sort((a, b) => a.periodStart.getTime() - b.periodStart.getTime())
    .map((score) => ({ periodKey: score.periodKey, value: score.value, rag: score.rag }));
}

/** The latest periods with any score, oldest first, and each KPI's rag in each. */
function heatMapOf(kpis: KpiRecord[], scores: ScoreSummary[]): { periods: string[]; cells: Array<Array<Rag | null>> } {
  const shown = new Set(kpis.map((kpi) => kpi.key));
  const starts = new Map<string, number>();
  const rags = new Map<string, Rag>();
  for (const score of scores) {
    if (!shown.has(score.kpiKey)) continue;
    starts.set(score.periodKey, score.periodStart.getTime());
    rags.set(`${score.kpiKey}|${score.periodKey}`, score.rag);
  }
  const periods = [...starts.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([key]) => key)
    .slice(-HEAT_MAP_PERIODS);
  return {
    periods,
    cells: kpis.map((kpi) => periods.map((period) => rags.get(`${kpi.key}|${period}`) ?? null)),
  };
}

/** The next period's forecast for the trend chart, from the points it shows; none with too few scores. */
function chartForecast(kpi: KpiRecord, series: TrendPoint[]): Pick<KpiTrendChartInput, 'forecast'> {
  const forecast = forecastNext(
    series.flatMap((point) => (point.value === null ? [] : [point.value])),
    { kind: kpi.kind },
  );
  // Two decimals are finer than any axis tick and keep the alt text readable.
  const round = (value: number) => Math.round(value * 100) / 100;
  return forecast
    ? {
        forecast: { label: 'next', value: round(forecast.value), low: round(forecast.low), high: round(forecast.high) },
      }
    : {};
}
