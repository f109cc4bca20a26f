/**
 * Forecasting a KPI's next period, and deciding when that forecast is worth an early warning.
 *
 * The method is Holt's linear trend with a damped trend (Gardner & McKenzie), fitted to the KPI's
 * last few scores: a level and a slope, each smoothed, with the slope shrunk by φ each step so a
 * short run of falling scores is not extrapolated forever. The smoothing weights are picked from a
 * small grid by the one-step errors they would have made on the same scores, and the prediction
 * interval comes from those errors too, so a noisy KPI gets a wide interval and a breach has to be
 * clearly ahead before anyone is told.
 *
 * Pure: values in, numbers out. The caller supplies the series in period order (one value per
 * scored period of the KPI's own cadence, oldest first), so weekly and quarterly KPIs forecast one
 * of their own periods ahead.
 */
import type { Cadence, Direction, KpiKind } from './types';

/** At most this many of the latest scores feed a forecast: older ones describe another situation. */
export const FORECAST_WINDOW = 12;
/** Fewer scores than this leave too few one-step errors to size an interval honestly. */
export const MIN_FORECAST_POINTS = 5;
/** The interval shown beside a forecast: 80 %, what a person reads as "likely between". */
export const FORECAST_INTERVAL_LEVEL = 0.8;
/** A KPI starts to be warned about when a breach next period is at least this likely… */
export const WARN_ENTER_PROBABILITY = 0.5;
/** …and stops only when it falls below this, so a forecast hovering at the line does not flap. */
export const WARN_EXIT_PROBABILITY = 0.25;

/** Damping: each step ahead keeps this share of the slope. */
const PHI = 0.9;
const ALPHAS = [0.2, 0.4, 0.6, 0.8, 1] as const;
const BETAS = [0.05, 0.2, 0.4] as const;

export interface Forecast {
  /** The point forecast for the next period, kept inside the KPI kind's range. */
  value: number;
  /** The prediction interval at `level`, also kept inside the range. */
  low: number;
  high: number;
  level: number;
  /** Standard deviation of the one-step errors the fitted model made on the scores it saw. */
  sigma: number;
  /** How many scores the forecast rests on. */
  points: number;
}

export interface ForecastOptions {
  /** The KPI's kind: forecasts and intervals are clamped to what the kind can take (0–100 for percent). */
  kind?: KpiKind;
  window?: number;
  minPoints?: number;
}

export interface BreachRule {
  direction: Direction;
  breachThreshold: number;
}

interface Fit {
  level: number;
  trend: number;
  sse: number;
  errors: number;
}

/**
 * The next period's forecast from `values` (oldest first), or null when there are fewer than
 * `minPoints` finite values. Non-finite values are skipped rather than trusted.
 */
export function forecastNext(values: readonly number[], options: ForecastOptions = {}): Forecast | null {
  const window = Math.max(3, options.window ?? FORECAST_WINDOW);
  const minPoints = Math.max(3, options.minPoints ?? MIN_FORECAST_POINTS);
  const series = values.filter((value) => Number.isFinite(value)).slice(-window);
  if (series.length < minPoints) return null;

  let best: Fit | null = null;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      const fit = fitDampedHolt(series, alpha, beta);
      if (!best || fit.sse < best.sse - 1e-12) best = fit;
    }
  }
  const fit = best!;
  // Two parameters were fitted, so the errors have that many fewer degrees of freedom; at least one.
  const rawSigma = Math.sqrt(fit.sse / Math.max(1, fit.errors - 2));
  const scale = Math.max(...series.map(Math.abs), Number.MIN_VALUE);
  // Rounding noise from the recursion (1e-14 on a flat 99.5) is not spread; without this a flat KPI
  // sitting exactly on its threshold would read as a coin toss.
  const sigma = rawSigma <= 1e-9 * scale ? 0 : rawSigma;
  // A series that never moved forecasts itself exactly; the recursion would add rounding noise (1e-14).
  const point = series.every((value) => value === series[0]) ? series[0]! : fit.level + PHI * fit.trend;
  const z = normalQuantile(0.5 + FORECAST_INTERVAL_LEVEL / 2);
  const [min, max] = kindBounds(options.kind);
  const clamp = (value: number) => Math.min(max, Math.max(min, value));
  return {
    value: clamp(point),
    low: clamp(point - z * sigma),
    high: clamp(point + z * sigma),
    level: FORECAST_INTERVAL_LEVEL,
    sigma,
    points: series.length,
  };
}

/**
 * How likely the next period is worse than the breach threshold under the forecast's normal error.
 * A value exactly on the threshold is not a breach (see evaluate), so with no spread at all only a
 * forecast strictly past it counts.
 */
export function breachProbability(forecast: Pick<Forecast, 'value' | 'sigma'>, rule: BreachRule): number {
  const shortfall =
    rule.direction === 'higher-is-better'
      ? rule.breachThreshold - forecast.value
      : forecast.value - rule.breachThreshold;
  if (!(forecast.sigma > 0)) return shortfall > 0 ? 1 : 0;
  return normalCdf(shortfall / forecast.sigma);
}

/** Whether `value` is worse than the breach threshold, the way evaluate() paints it red. */
export function isBreach(value: number, rule: BreachRule): boolean {
  return rule.direction === 'higher-is-better' ? value < rule.breachThreshold : value > rule.breachThreshold;
}

export interface OutlookOptions extends ForecastOptions {
  /** Another forecaster (the backtest's naive baseline); Holt's damped trend by default. */
  forecaster?: (values: readonly number[], options: ForecastOptions) => Forecast | null;
  enterProbability?: number;
  exitProbability?: number;
}

export interface OutlookStep {
  /** The forecast made after this value was known, for the period after it; null with too few points. */
  forecast: Forecast | null;
  probability: number;
  /** The KPI is in the "trending to breach" state after this value. */
  warning: boolean;
  /** The state was entered at this value: the moment to tell someone. */
  newWarning: boolean;
}

/**
 * Replays the warning state over a KPI's scores, oldest first, with hysteresis: the state is entered
 * when a breach next period is at least WARN_ENTER_PROBABILITY likely while the KPI is not already
 * red, and left when the probability falls below WARN_EXIT_PROBABILITY or the breach has happened.
 * Because the state is derived from the scores alone, every replica reaches the same answer and no
 * state has to be stored beyond "a warning for this period was already posted".
 */
export function breachOutlook(
  values: readonly number[],
  rule: BreachRule,
  options: OutlookOptions = {},
): OutlookStep[] {
  const forecaster = options.forecaster ?? forecastNext;
  const enter = options.enterProbability ?? WARN_ENTER_PROBABILITY;
  const exit = Math.min(enter, options.exitProbability ?? WARN_EXIT_PROBABILITY);
  const steps: OutlookStep[] = [];
  let warning = false;
  for (let index = 0; index < values.length; index++) {
    const current = values[index]!;
    const forecast = forecaster(values.slice(0, index + 1), options);
    const probability = forecast ? breachProbability(forecast, rule) : 0;
    const wasWarning = warning;
    if (!Number.isFinite(current) || isBreach(current, rule)) warning = false;
    else if (warning) warning = probability >= exit;
    else warning = probability >= enter;
    steps.push({ forecast, probability, warning, newWarning: warning && !wasWarning });
  }
  return steps;
}

/** "next month", "next week", "next quarter", "at the next milestone": how the warning names the period. */
export function nextPeriodWords(cadence: Cadence | Cadence['type']): string {
  const type = typeof cadence === 'string' ? cadence : cadence.type;
  switch (type) {
    case 'weekly':
      return 'next week';
    case 'monthly':
      return 'next month';
    case 'quarterly':
      return 'next quarter';
    default:
      return 'at the next milestone';
  }
}

/**
 * The naive forecast, for comparison only: next period equals the last score, with the interval of a
 * random walk (the spread of period-to-period changes over the same window).
 */
export function forecastLastValue(values: readonly number[], options: ForecastOptions = {}): Forecast | null {
  const window = Math.max(3, options.window ?? FORECAST_WINDOW);
  const minPoints = Math.max(3, options.minPoints ?? MIN_FORECAST_POINTS);
  const series = values.filter((value) => Number.isFinite(value)).slice(-window);
  if (series.length < minPoints) return null;
  let sse = 0;
  for (let t = 1; t < series.length; t++) sse += (series[t]! - series[t - 1]!) ** 2;
  const sigma = Math.sqrt(sse / Math.max(1, series.length - 2));
  const last = series[series.length - 1]!;
  const z = normalQuantile(0.5 + FORECAST_INTERVAL_LEVEL / 2);
  const [min, max] = kindBounds(options.kind);
  const clamp = (value: number) => Math.min(max, Math.max(min, value));
  return {
    value: last,
    low: clamp(last - z * sigma),
    high: clamp(last + z * sigma),
    level: FORECAST_INTERVAL_LEVEL,
    sigma,
    points: series.length,
  };
}

function fitDampedHolt(series: readonly number[], alpha: number, beta: number): Fit {
  let level = series[1]!;
  let trend = series[1]! - series[0]!;
  let sse = 0;
  let errors = 0;
  for (let t = 2; t < series.length; t++) {
    const predicted = level + PHI * trend;
    const error = series[t]! - predicted;
    sse += error * error;
    errors++;
    const nextLevel = alpha * series[t]! + (1 - alpha) * predicted;
    trend = beta * (nextLevel - level) + (1 - beta) * PHI * trend;
    level = nextLevel;
  }
  return { level, trend, sse, errors };
}

function kindBounds(kind: KpiKind | undefined): [number, number] {
  switch (kind) {
    case 'percent':
      return [0, 100];
    case 'rating':
      return [1, 5];
    case 'yes-no':
      return [0, 1];
    case 'duration':
    case 'currency':
      return [0, Number.POSITIVE_INFINITY];
    default:
      return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  }
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 via erf; error below 1.5e-7). */
export function normalCdf(z: number): number {
  if (z === Number.POSITIVE_INFINITY) return 1;
  if (z === Number.NEGATIVE_INFINITY) return 0;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Inverse of normalCdf by bisection: only ever called with a handful of fixed levels. */
function normalQuantile(p: number): number {
  let low = -10;
  let high = 10;
  for (let step = 0; step < 80; step++) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
