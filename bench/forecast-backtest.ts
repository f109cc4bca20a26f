import {
  type BreachRule,
  breachOutlook,
  type ForecastOptions,
  forecastLastValue,
  forecastNext,
  isBreach,
  MIN_FORECAST_POINTS,
  type OutlookOptions,
  WARN_ENTER_PROBABILITY,
  WARN_EXIT_PROBABILITY,
} from '../src/domain/forecast';

/**
 * Backtest of the early warning (src/domain/forecast.ts) on synthetic KPI series whose breaches are known
 * because we made them: drifts, steps, pure noise, seasonality, and drifts that recover before the line.
 * Each series is replayed period by period exactly as Steward sees it (a forecast after each score, the
 * warning state with its hysteresis), and every warning is checked against what happened next.
 *
 * - A warning (entering the state while not red) is right when the KPI breaches within HORIZON periods.
 * - A breach (a red period after a non-red one) was caught when the KPI was in the warning state the
 *   period before; its lead time is how many periods before the breach that warning was first posted.
 */
export const HORIZON = 3;
const LENGTH = 36;

export type SeriesKind = 'drift' | 'step' | 'noise' | 'seasonal' | 'seasonal-drift' | 'recovering-drift';
const KINDS: SeriesKind[] = ['drift', 'step', 'noise', 'seasonal', 'seasonal-drift', 'recovering-drift'];

export interface SyntheticSeries {
  kind: SeriesKind;
  values: number[];
  rule: BreachRule;
}

/** Mulberry32: a seeded generator so every run backtests the same series. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/**
 * `count` series, evenly over the kinds. Values are in "percent availability" terms around a 99 % breach
 * line; half are mirrored into lower-is-better KPIs (a response time rising toward its limit) so the
 * direction is exercised too.
 */
export function syntheticSeries(count: number, seed = 15): SyntheticSeries[] {
  const next = random(seed);
  const between = (low: number, high: number) => low + (high - low) * next();
  const out: SyntheticSeries[] = [];
  for (let index = 0; index < count; index++) {
    const kind = KINDS[index % KINDS.length]!;
    const breach = 99;
    const start = breach + between(0.4, 1.2);
    const noise = between(0.02, 0.25);
    const onset = Math.floor(between(6, 26));
    const slope = between(0.04, 0.25);
    const amplitude = between(0.1, 0.5);
    const drop = between(0.6, 1.8);
    const values: number[] = [];
    for (let t = 0; t < LENGTH; t++) {
      let value = start + noise * gaussian(next);
      const since = Math.max(0, t - onset);
      if (kind === 'drift' || kind === 'seasonal-drift') value -= slope * since;
      if (kind === 'recovering-drift') value -= slope * Math.min(since, Math.max(1, (start - breach) / slope - 2));
      if (kind === 'step' && t >= onset) value -= drop;
      if (kind === 'seasonal' || kind === 'seasonal-drift') value += amplitude * Math.sin((2 * Math.PI * t) / 12);
      values.push(value);
    }
    const mirrored = index % 2 === 1;
    out.push(
      mirrored
        ? {
            kind,
            values: values.map((value) => 200 - value),
            rule: { direction: 'lower-is-better', breachThreshold: 200 - breach },
          }
        : { kind, values, rule: { direction: 'higher-is-better', breachThreshold: breach } },
    );
  }
  return out;
}

export interface BacktestScore {
  method: string;
  enter: number;
  exit: number;
  warnings: number;
  rightWarnings: number;
  breaches: number;
  caught: number;
  precision: number;
  recall: number;
  /** Median periods between the warning and the breach it caught; null when nothing was caught. */
  medianLead: number | null;
  /** Warnings on series of kind `noise`/`seasonal` whose values never breached: pure false alarms. */
  warningsOnQuietSeries: number;
  byKind: Record<string, { breaches: number; caught: number; warnings: number; right: number }>;
}

export function scoreMethod(
  method: string,
  series: SyntheticSeries[],
  options: OutlookOptions & { forecaster: (values: readonly number[], options: ForecastOptions) => unknown },
): BacktestScore {
  let warnings = 0;
  let rightWarnings = 0;
  let breaches = 0;
  let caught = 0;
  let warningsOnQuietSeries = 0;
  const leads: number[] = [];
  const byKind: BacktestScore['byKind'] = {};
  for (const item of series) {
    byKind[item.kind] ??= { breaches: 0, caught: 0, warnings: 0, right: 0 };
    const kind = byKind[item.kind]!;
    const steps = breachOutlook(item.values, item.rule, options as OutlookOptions);
    const red = item.values.map((value) => isBreach(value, item.rule));
    // Breaches the method could have seen coming: a forecast needs MIN_FORECAST_POINTS scores first.
    // The designed breach is the first red period; what follows it (re-crossings while the KPI sits at the
    // line, already escalated) is not what an early warning is for, so the replay stops there.
    const first = red.findIndex(Boolean);
    const breachAt = first >= MIN_FORECAST_POINTS ? [first] : [];
    const end = first >= 0 ? first : steps.length;
    const quiet = first < 0;
    for (let t = 0; t < end; t++) {
      const step = steps[t]!;
      if (step.newWarning) {
        warnings++;
        kind.warnings++;
        if (quiet) warningsOnQuietSeries++;
        if (breachAt.some((b) => b > t && b - t <= HORIZON)) {
          rightWarnings++;
          kind.right++;
        }
      }
    }
    for (const b of breachAt) {
      breaches++;
      kind.breaches++;
      if (steps[b - 1]?.warning) {
        caught++;
        kind.caught++;
        let start = b - 1;
        while (start > 0 && steps[start - 1]!.warning) start--;
        leads.push(b - start);
      }
    }
  }
  leads.sort((a, b) => a - b);
  const median =
    leads.length === 0
      ? null
      : leads.length % 2 === 1
        ? leads[(leads.length - 1) / 2]!
        : (leads[leads.length / 2 - 1]! + leads[leads.length / 2]!) / 2;
  return {
    method,
    enter: options.enterProbability ?? WARN_ENTER_PROBABILITY,
    exit: options.exitProbability ?? WARN_EXIT_PROBABILITY,
    warnings,
    rightWarnings,
    breaches,
    caught,
    precision: warnings === 0 ? 0 : rightWarnings / warnings,
    recall: breaches === 0 ? 0 : caught / breaches,
    medianLead: median,
    warningsOnQuietSeries,
    byKind,
  };
}

export interface BacktestResult {
  series: number;
  periods: number;
  ms: number;
  rows: BacktestScore[];
}

/** Steward's forecaster at its shipped thresholds and two others, against the naive last value at the same ones. */
export function forecastBacktest(count: number): BacktestResult {
  const started = performance.now();
  const series = syntheticSeries(count);
  const rows: BacktestScore[] = [];
  const settings: Array<{ enter: number; exit: number }> = [
    { enter: WARN_ENTER_PROBABILITY, exit: WARN_EXIT_PROBABILITY },
    { enter: 0.3, exit: 0.15 },
    { enter: 0.7, exit: 0.4 },
  ];
  for (const { enter, exit } of settings) {
    rows.push(
      scoreMethod('damped Holt (Steward)', series, {
        forecaster: forecastNext,
        enterProbability: enter,
        exitProbability: exit,
      }),
    );
    rows.push(
      scoreMethod('naive last value', series, {
        forecaster: forecastLastValue,
        enterProbability: enter,
        exitProbability: exit,
      }),
    );
  }
  return { series: series.length, periods: LENGTH, ms: performance.now() - started, rows };
}
