import type { ChatDestination, PostedMessage } from '../chat/chat-surface';
import { StewardError } from '../domain/errors';
import { breachOutlook, type Forecast, forecastNext, nextPeriodWords } from '../domain/forecast';
import { formatValue } from '../domain/format';
import type { Kpi } from '../domain/types';
import type { ContractRecord, KpiRecord } from '../store/records';
import { authorize } from './authorization';
import type { ServiceDeps } from './deps';
import { channelDestinations, internalPlaces, postNotices } from './places';
import type { Actor } from './service-api';

/** Enough scores for the warning state to settle: FORECAST_WINDOW for the forecast, and as many again to replay. */
const HISTORY = 24;

export type ForecastKpi = Pick<
  Kpi,
  'key' | 'name' | 'unit' | 'kind' | 'direction' | 'breachThreshold' | 'cadence' | 'vendorVisible'
>;

/** A KPI's next-period forecast as chat shows it beside the trend. */
export interface ForecastLine {
  displayValue: string;
  displayLow: string;
  displayHigh: string;
  /** "next month", "next week"… */
  when: string;
  /** The interval's level in percent, e.g. 80. */
  level: number;
  /** The forecast point is past the breach threshold. */
  breachAhead: boolean;
  /** "forecast 98.73% next month (80% between 98.59% and 98.87%)", for any surface to show beside the trend. */
  summary: string;
}

export interface EarlyWarningResult {
  periodKey: string;
  text: string;
  posted: PostedMessage[];
}

export interface WarningSwitchResult {
  contractRef: string;
  kpiKey: string;
  kpiName: string;
  on: boolean;
}

/** The forecast line for a KPI's scores (oldest first), or null when there are too few to forecast. */
export function forecastLine(kpi: ForecastKpi, values: readonly number[]): ForecastLine | null {
  const forecast = forecastNext(values, { kind: kpi.kind });
  return forecast && describeForecast(kpi, forecast, values.slice(-1));
}

/**
 * A forecast is shown one decimal finer than the figures it is compared with (99.4 and 99 → 98.73), so a
 * forecast just past the line never rounds onto it, and 98.95341 does not pretend to four decimals.
 */
function forecastFormat(kpi: ForecastKpi, figures: readonly number[]): (value: number) => string {
  const decimals = (value: number) => (Number.isInteger(value) ? 0 : (String(value).split('.')[1]?.length ?? 0));
  const digits = Math.min(3, Math.max(0, ...figures.map(decimals)) + 1);
  const factor = 10 ** digits;
  return (value: number) => formatValue(Math.round(value * factor) / factor, kpi.kind, kpi.unit);
}

function describeForecast(kpi: ForecastKpi, forecast: Forecast, figures: readonly number[] = []): ForecastLine {
  const format = forecastFormat(kpi, [kpi.breachThreshold, ...figures]);
  const past =
    kpi.direction === 'higher-is-better' ? forecast.value < kpi.breachThreshold : forecast.value > kpi.breachThreshold;
  const when = nextPeriodWords(kpi.cadence);
  const level = Math.round(forecast.level * 100);
  return {
    displayValue: format(forecast.value),
    displayLow: format(forecast.low),
    displayHigh: format(forecast.high),
    when,
    level,
    breachAhead: past,
    summary:
      `forecast ${format(forecast.value)} ${when} (${level}% between ${format(forecast.low)} and ${format(forecast.high)})` +
      (past ? `, past the breach threshold of ${formatValue(kpi.breachThreshold, kpi.kind, kpi.unit)}` : ''),
  };
}

/**
 * Early warnings: after each score, the KPI's next period is forecast (src/domain/forecast.ts), and when
 * a breach becomes likely while the KPI is still green or amber, its owner is told in the contract's
 * internal channel, and the vendor in the shared one when the KPI is vendor-visible.
 *
 * Once across replicas: the warning is a row with a unique (contract, KPI, period) index, and only the
 * replica whose insert succeeds posts it. The warning state itself is replayed from the scores each
 * time, so nothing else needs to be kept in step between replicas.
 */
export class ForecastsService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Called after a score for `periodKey` was saved. Safe to call again for the same score (a resumed
   * submission): the second call finds the warning taken and posts nothing.
   */
  async afterScore(contract: ContractRecord, kpi: KpiRecord, periodKey: string): Promise<EarlyWarningResult | null> {
    const { store, logger, instanceId } = this.deps;
    if ((await store.forecastWarnings.warningsOff(contract.reference)).has(kpi.key)) return null;
    const history = (await store.scores.history(contract.reference, kpi.key, { limit: HISTORY })).reverse();
    // A late answer for an older period does not speak for what comes next.
    if (history.at(-1)?.periodKey !== periodKey) return null;
    const values = history.map((score) => score.value);
    const rule = { direction: kpi.direction, breachThreshold: kpi.breachThreshold };
    const step = breachOutlook(values, rule, { kind: kpi.kind }).at(-1);
    if (!step?.newWarning || !step.forecast) return null;

    const latest = values[values.length - 1]!;
    const won = await store.forecastWarnings.claim({
      contractRef: contract.reference,
      kpiKey: kpi.key,
      periodKey,
      latest,
      forecast: step.forecast.value,
      low: step.forecast.low,
      high: step.forecast.high,
      breachThreshold: kpi.breachThreshold,
      probability: step.probability,
      postedBy: instanceId,
    });
    if (!won) return null;

    const text = warningText(contract, kpi, latest, step.forecast);
    const owners = contract.governance.owner ?? [];
    const destinations: ChatDestination[] = await internalPlaces(this.deps, contract, owners);
    const context = { contractRef: contract.reference, kpiKey: kpi.key, periodKey };
    const posted = await postNotices(
      this.deps,
      destinations,
      { text, mention: owners, about: `${contract.reference} · ${kpi.name} forecast` },
      context,
    );
    // Internal-only KPIs never reach a shared channel.
    if (kpi.vendorVisible) {
      posted.push(
        ...(await postNotices(this.deps, channelDestinations(this.deps, contract, 'vendor'), { text }, context)),
      );
    }
    if (posted.length === 0) {
      // Nobody was told: give the period back so the next score (or a resumed submission) tries again.
      await store.forecastWarnings.release(contract.reference, kpi.key, periodKey).catch((error: unknown) => {
        logger.warn({ err: error, ...context }, 'could not give back an early warning nobody received');
      });
      return null;
    }
    await store.audit
      .append({
        contractRef: contract.reference,
        actor: { name: 'Steward' },
        surface: 'system',
        action: 'forecast.warned',
        entityType: 'kpi',
        entityId: kpi.key,
        after: { periodKey, latest, forecast: step.forecast.value, probability: step.probability },
      })
      .catch((error: unknown) => logger.warn({ err: error, ...context }, 'could not audit an early warning'));
    return { periodKey, text, posted };
  }

  /** `warnings REF KPI on|off`: a contract manager turns a KPI's early warnings off or back on; audited. */
  async setWarnings(actor: Actor, reference: string, kpiKey: string, on: boolean): Promise<WarningSwitchResult> {
    const { store } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorize(this.deps, actor, contract, 'manage');
    const kpi = await store.kpis.get(contract.reference, kpiKey);
    if (!kpi) {
      const keys = (await store.kpis.listForContract(contract.reference)).map((each) => each.key);
      throw new StewardError(
        'not_found',
        `${contract.reference} has no KPI \`${kpiKey}\`.${keys.length > 0 ? ` Its KPIs: ${keys.join(', ')}.` : ''}`,
      );
    }
    const wasOff = (await store.forecastWarnings.warningsOff(contract.reference)).has(kpi.key);
    await store.forecastWarnings.setWarningsOff(contract.reference, kpi.key, !on, actor.person);
    await store.audit.append({
      contractRef: contract.reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'forecast.settings-changed',
      entityType: 'kpi',
      entityId: kpi.key,
      before: { warnings: wasOff ? 'off' : 'on' },
      after: { warnings: on ? 'on' : 'off' },
    });
    return { contractRef: contract.reference, kpiKey: kpi.key, kpiName: kpi.name, on };
  }
}

/** "Availability is trending to breach: 99.4% → forecast 98.7% next month (breach 99%)", and what to do next. */
export function warningText(
  contract: Pick<ContractRecord, 'reference'>,
  kpi: ForecastKpi,
  latest: number,
  forecast: Forecast,
): string {
  const format = (value: number) => formatValue(value, kpi.kind, kpi.unit);
  const line = describeForecast(kpi, forecast, [latest]);
  return (
    `${kpi.name} is trending to breach: ${format(latest)} → forecast ${line.displayValue} ${line.when} ` +
    `(breach ${format(kpi.breachThreshold)}). ${contract.reference}; ${line.level}% likely between ` +
    `${line.displayLow} and ${line.displayHigh}. To stop these for this KPI: steward warnings ${contract.reference} ${kpi.key} off`
  );
}
