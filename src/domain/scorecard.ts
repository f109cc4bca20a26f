/**
 * A contract's scorecard over a run of periods, built from scores alone: every score already
 * carries the rag it was given under the KPI version in force at the time, so a later threshold
 * change never repaints history.
 */
import { attainment } from './evaluation';
import type { Direction, Kpi, Rag, Score } from './types';

/**
 * One KPI version. Pass every version the scores refer to (a Kpi record fits): the highest version
 * of a key supplies its name, weight, direction and visibility, and a score's own version supplies
 * the baseline and target its attainment is measured against.
 */
export type ScorecardKpi = Pick<
  Kpi,
  'key' | 'version' | 'name' | 'weight' | 'direction' | 'vendorVisible' | 'baseline' | 'target' | 'breachThreshold'
>;

export type ScorecardScore = Pick<Score, 'kpiKey' | 'kpiVersion' | 'periodKey' | 'value' | 'rag' | 'answeredAt'>;

export interface ScorecardInput {
  kpis: ScorecardKpi[];
  scores: ScorecardScore[];
  /**
   * The periods to report on, oldest first; the last is the "latest period". Scores for other
   * periods are ignored. Keys are matched exactly, so KPIs of another cadence show as missing:
   * build one scorecard per cadence when a contract mixes them.
   */
  periods: string[];
}

export interface ScorecardOptions {
  /** Keep only vendor-visible KPIs, before anything is computed, so the overall score leaks nothing internal. */
  forVendor?: boolean;
  /** How many of the latest periods a trend looks at. */
  trendWindow?: number;
}

export type Trend = 'improving' | 'declining' | 'stable' | 'insufficient-data';

export interface SeriesPoint {
  periodKey: string;
  value: number | null;
  rag: Rag | null;
}

export interface KpiScorecard {
  key: string;
  name: string;
  weight: number;
  direction: Direction;
  vendorVisible: boolean;
  /** The most recent score within the periods, which may be older than the latest period. */
  latest: { periodKey: string; value: number; rag: Rag; attainment: number | null } | null;
  /** No score for the latest period, so the KPI is left out of the overall score. */
  missingLatest: boolean;
  trend: Trend;
  /** Red periods in a row ending at the most recent scored period; a period without a score breaks the run. */
  consecutiveReds: number;
  series: SeriesPoint[];
}

export interface Scorecard {
  latestPeriodKey: string | null;
  kpis: KpiScorecard[];
  /** Keys of KPIs with no score for the latest period. */
  missing: string[];
  overall: {
    /** 0–100: green 100, amber 50, red 0, weighted by KPI weight over the KPIs scored in the period. */
    score: number | null;
    rag: Rag | null;
    trend: Trend;
    series: Array<{ periodKey: string; score: number | null }>;
  };
}

export const DEFAULT_TREND_WINDOW = 6;
/** Fewer points than this make any slope noise. */
export const MIN_TREND_POINTS = 3;
/**
 * A trend must move the value by more than this share of the KPI's scale (target to breach) across
 * the window to count; smaller drifts are "stable".
 */
export const TREND_TOLERANCE = 0.05;

export const RAG_POINTS: Record<Rag, number> = { green: 100, amber: 50, red: 0 };
/**
 * Overall green from 80 and red below 50, i.e. worse than every KPI amber. With five equally
 * weighted KPIs, four green and one amber (90) or one red (80) is still green; two reds (60) is amber.
 */
export const OVERALL_GREEN_FROM = 80;
export const OVERALL_AMBER_FROM = 50;

/** How far back a scorecard looks. */
export const SCORECARD_MONTHS = 18;

export function overallRag(score: number): Rag {
  if (score >= OVERALL_GREEN_FROM) return 'green';
  if (score >= OVERALL_AMBER_FROM) return 'amber';
  return 'red';
}

export function buildScorecard(input: ScorecardInput, options: ScorecardOptions = {}): Scorecard {
  const trendWindow = Math.max(MIN_TREND_POINTS, options.trendWindow ?? DEFAULT_TREND_WINDOW);
  const periodIndex = new Map(input.periods.map((key, index) => [key, index]));
  const latestIndex = input.periods.length - 1;

  const versionsByKey = new Map<string, Map<number, ScorecardKpi>>();
  const currentByKey = new Map<string, ScorecardKpi>();
  for (const kpi of input.kpis) {
    const versions = versionsByKey.get(kpi.key) ?? new Map<number, ScorecardKpi>();
    versions.set(kpi.version, kpi);
    versionsByKey.set(kpi.key, versions);
    const current = currentByKey.get(kpi.key);
    if (!current || kpi.version > current.version) currentByKey.set(kpi.key, kpi);
  }
  const kpis = [...currentByKey.values()].filter((kpi) => !options.forVendor || kpi.vendorVisible);

  // One slot per KPI and period; a corrected score replaces the earlier answer for the same period.
  const slots = new Map<string, Array<ScorecardScore | undefined>>();
  for (const kpi of kpis) slots.set(kpi.key, new Array(input.periods.length));
  for (const score of input.scores) {
    const index = periodIndex.get(score.periodKey);
    const row = slots.get(score.kpiKey);
    if (index === undefined || !row) continue;
    const existing = row[index];
    if (!existing || score.answeredAt >= existing.answeredAt) row[index] = score;
  }

  const lines = kpis.map((kpi): KpiScorecard => {
    const row = slots.get(kpi.key)!;
    const series = input.periods.map((periodKey, index) => ({
      periodKey,
      value: row[index]?.value ?? null,
      rag: row[index]?.rag ?? null,
    }));
    let latestScored = latestIndex;
    while (latestScored >= 0 && !row[latestScored]) latestScored--;
    const latestScore = row[latestScored];
    const version = latestScore && versionsByKey.get(kpi.key)?.get(latestScore.kpiVersion);
    return {
      key: kpi.key,
      name: kpi.name,
      weight: kpi.weight,
      direction: kpi.direction,
      vendorVisible: kpi.vendorVisible,
      latest: latestScore
        ? {
            periodKey: latestScore.periodKey,
            value: latestScore.value,
            rag: latestScore.rag,
            attainment: version ? attainment(latestScore.value, version) : null,
          }
        : null,
      missingLatest: latestIndex < 0 || !row[latestIndex],
      trend: trendOf(series, trendWindow, kpi.direction, trendScale(kpi)),
      consecutiveReds: redRunEndingAt(row, latestScored),
      series,
    };
  });

  const overallSeries = input.periods.map((periodKey, index) => ({
    periodKey,
    score: weightedScore(kpis, (kpi) => slots.get(kpi.key)![index]),
  }));
  const latestOverall = overallSeries[latestIndex]?.score ?? null;
  return {
    latestPeriodKey: input.periods[latestIndex] ?? null,
    kpis: lines,
    missing: lines.filter((line) => line.missingLatest).map((line) => line.key),
    overall: {
      score: latestOverall,
      rag: latestOverall === null ? null : overallRag(latestOverall),
      trend: trendOf(
        overallSeries.map((point) => ({ value: point.score })),
        trendWindow,
        'higher-is-better',
        100,
      ),
      series: overallSeries,
    },
  };
}

/** Weighted mean of rag points over the KPIs that have a score; null when none do or their weights sum to 0. */
function weightedScore(
  kpis: ScorecardKpi[],
  scoreOf: (kpi: ScorecardKpi) => ScorecardScore | undefined,
): number | null {
  let points = 0;
  let weights = 0;
  for (const kpi of kpis) {
    const score = scoreOf(kpi);
    if (!score) continue;
    points += kpi.weight * RAG_POINTS[score.rag];
    weights += kpi.weight;
  }
  return weights > 0 ? points / weights : null;
}

function redRunEndingAt(row: Array<ScorecardScore | undefined>, index: number): number {
  let run = 0;
  for (let at = index; at >= 0 && row[at]?.rag === 'red'; at--) run++;
  return run;
}

/** The distance from breach to target is what the KPI's owner considers a meaningful move. */
function trendScale(kpi: ScorecardKpi): number {
  const scale = Math.abs(kpi.target - kpi.breachThreshold) || Math.abs(kpi.target - kpi.baseline);
  return scale || Math.max(Math.abs(kpi.target), 1);
}

/**
 * Least-squares slope over the scored points among the last `window` periods (gaps keep their
 * place on the x axis), projected across the window and compared with a tolerance, so one noisy
 * period does not flip the trend the way comparing first and last values would.
 */
function trendOf(series: Array<{ value: number | null }>, window: number, direction: Direction, scale: number): Trend {
  const points: Array<{ x: number; y: number }> = [];
  for (let x = Math.max(0, series.length - window); x < series.length; x++) {
    const y = series[x]!.value;
    if (y !== null) points.push({ x, y });
  }
  if (points.length < MIN_TREND_POINTS) return 'insufficient-data';
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / points.length;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / points.length;
  let covariance = 0;
  let variance = 0;
  for (const point of points) {
    covariance += (point.x - meanX) * (point.y - meanY);
    variance += (point.x - meanX) ** 2;
  }
  const change = (covariance / variance) * (points[points.length - 1]!.x - points[0]!.x);
  const gain = direction === 'higher-is-better' ? change : -change;
  if (gain > TREND_TOLERANCE * scale) return 'improving';
  if (gain < -TREND_TOLERANCE * scale) return 'declining';
  return 'stable';
}
