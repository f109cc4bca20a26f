/**
 * A contract's risk register: each risk is rated by likelihood and impact on the usual 5×5 matrix,
 * scored as their product, and looked at again on its review date.
 */
import { StewardError } from './errors';
import { assertIsoDate, DAY_MS, isValidIsoDate, localDate } from './local-time';
import type { IsoDate } from './types';

export const RISK_SCALE_MIN = 1;
export const RISK_SCALE_MAX = 5;

export const RISK_RATINGS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskRating = (typeof RISK_RATINGS)[number];

/**
 * Rating bands by score, lowest first. Products of two numbers from 1 to 5 never fall on 17–19,
 * so "high" ends at 16 (4 × 4) and "critical" starts at 20 (4 × 5): a risk is critical only when one
 * side is at the top of its scale and the other nearly so.
 */
export const RISK_RATING_BANDS: ReadonlyArray<{ rating: RiskRating; from: number; to: number }> = [
  { rating: 'low', from: 1, to: 4 },
  { rating: 'medium', from: 5, to: 9 },
  { rating: 'high', from: 10, to: 16 },
  { rating: 'critical', from: 20, to: 25 },
];

/**
 * Risks still being worked on. An accepted risk is a decision already taken and a closed one is
 * over, so neither is put in front of its owner again; the store's `dueForReview` uses the same set.
 */
const REVIEWED_STATUSES = new Set(['open', 'mitigating']);

export interface RiskAssessment {
  /** 1 (rare) to 5 (almost certain). */
  likelihood: number;
  /** 1 (minor) to 5 (severe). */
  impact: number;
}

/** Problems keyed by field, for inline errors; empty when the assessment is usable. */
export function validateRiskAssessment(input: RiskAssessment & { reviewDate?: unknown }): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!isOnScale(input.likelihood)) {
    problems.likelihood = 'Rate the likelihood as a whole number from 1 (rare) to 5 (almost certain).';
  }
  if (!isOnScale(input.impact)) {
    problems.impact = 'Rate the impact as a whole number from 1 (minor) to 5 (severe).';
  }
  if (input.reviewDate !== undefined && !isValidIsoDate(input.reviewDate)) {
    problems.reviewDate = `"${String(input.reviewDate)}" is not a date; write the review date as YYYY-MM-DD, e.g. 2026-11-30.`;
  }
  return problems;
}

export function riskScore(likelihood: number, impact: number): number {
  const problems = validateRiskAssessment({ likelihood, impact });
  const messages = Object.values(problems);
  if (messages.length > 0) throw new StewardError('validation', messages.join(' '), { fieldErrors: problems });
  return likelihood * impact;
}

export function riskRating(score: number): RiskRating {
  if (!Number.isInteger(score) || score < 1 || score > 25) {
    throw new StewardError('validation', `A risk score runs from 1 to 25 (likelihood × impact), not ${score}.`);
  }
  // 17–19 cannot occur (see RISK_RATING_BANDS); counting them as critical keeps the function total.
  return RISK_RATING_BANDS.find((band) => score <= band.to)?.rating ?? 'critical';
}

export type HeatMapRisk = RiskAssessment & { title: string; id?: string };

export interface HeatMapCell {
  likelihood: number;
  impact: number;
  score: number;
  rating: RiskRating;
  count: number;
  titles: string[];
}

export interface RiskHeatMap {
  /** `counts[likelihood - 1][impact - 1]`: row 0 is likelihood 1, so draw it bottom-up for the usual picture. */
  counts: number[][];
  /** Same layout as `counts`, with the titles of the risks in each cell in the order given. */
  cells: HeatMapCell[][];
  total: number;
}

/**
 * Places every risk given on the 5×5 matrix; the caller chooses which risks to show (usually the
 * ones not closed). A risk off the scale is refused rather than dropped, so the counts always add
 * up to the risks passed in.
 */
export function riskHeatMap(risks: HeatMapRisk[]): RiskHeatMap {
  const cells: HeatMapCell[][] = [];
  for (let likelihood = RISK_SCALE_MIN; likelihood <= RISK_SCALE_MAX; likelihood++) {
    const row: HeatMapCell[] = [];
    for (let impact = RISK_SCALE_MIN; impact <= RISK_SCALE_MAX; impact++) {
      const score = likelihood * impact;
      row.push({ likelihood, impact, score, rating: riskRating(score), count: 0, titles: [] });
    }
    cells.push(row);
  }
  for (const risk of risks) {
    if (!isOnScale(risk.likelihood) || !isOnScale(risk.impact)) {
      throw new StewardError(
        'validation',
        `The risk "${risk.title}" has likelihood ${risk.likelihood} and impact ${risk.impact}; both must be whole numbers from 1 to 5.`,
      );
    }
    const cell = cells[risk.likelihood - 1]![risk.impact - 1]!;
    cell.count++;
    cell.titles.push(risk.title);
  }
  return { counts: cells.map((row) => row.map((cell) => cell.count)), cells, total: risks.length };
}

export interface ReviewableRisk {
  reviewDate: IsoDate;
  status: string;
  likelihood: number;
  impact: number;
}

export interface RiskDueForReview<T extends ReviewableRisk> {
  risk: T;
  /** 0 when the review is due today, in the contract's timezone. */
  daysOverdue: number;
}

/**
 * Risks whose review date has come, by the local day in `timezone` (a review due on 30 November is
 * due from local midnight, not from midnight UTC), among open and mitigating risks. Most overdue first,
 * then highest score, so the list opens with what has waited longest and matters most.
 */
export function risksDueForReview<T extends ReviewableRisk>(
  risks: T[],
  now: Date,
  timezone: string,
): Array<RiskDueForReview<T>> {
  const today = localDate(now, timezone);
  const due: Array<RiskDueForReview<T>> = [];
  for (const risk of risks) {
    assertIsoDate(risk.reviewDate, 'review date');
    if (!REVIEWED_STATUSES.has(risk.status) || risk.reviewDate > today) continue;
    due.push({ risk, daysOverdue: Math.round((Date.parse(today) - Date.parse(risk.reviewDate)) / DAY_MS) });
  }
  return due.sort(
    (a, b) => b.daysOverdue - a.daysOverdue || b.risk.likelihood * b.risk.impact - a.risk.likelihood * a.risk.impact,
  );
}

function isOnScale(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= RISK_SCALE_MIN && (value as number) <= RISK_SCALE_MAX;
}
