/**
 * Closing a contract out: the steps that lead up to its end date, and the final evaluation of the
 * whole term that informs the renewal decision.
 *
 * Sixty days before the end leaves time to renegotiate or re-tender before the contract lapses;
 * thirty days before is the last point to arrange handover or an extension; on the end date the
 * term is evaluated.
 */
import { StewardError } from './errors';
import { attainment } from './evaluation';
import { addDays, assertIsoDate, DAY_MS, isValidTimezone, localDate, startOfLocalDay } from './local-time';
import {
  buildScorecard,
  OVERALL_AMBER_FROM,
  OVERALL_GREEN_FROM,
  overallRag,
  RAG_POINTS,
  type ScorecardKpi,
  type ScorecardScore,
} from './scorecard';
import type { Contract, IsoDate, ObligationOutcome, Rag } from './types';
import type { ValueSummary } from './value-realization';

export const CLOSEOUT_STEPS = ['t-60', 't-30', 't-0'] as const;
export type CloseoutStep = (typeof CLOSEOUT_STEPS)[number];

export const CLOSEOUT_DAYS_BEFORE_END: Readonly<Record<CloseoutStep, number>> = { 't-60': 60, 't-30': 30, 't-0': 0 };

/** Contracts still running; a draft never started and a closed or terminated one needs no closeout. */
const RUNNING_STATUSES = new Set<Contract['status']>(['active', 'at-risk', 'in-remediation', 'closing']);

export interface CloseoutMilestone {
  step: CloseoutStep;
  /** The local day the step falls due. */
  date: IsoDate;
  /** Local midnight of that day in the contract's timezone. */
  dueAt: Date;
}

/**
 * Counted in calendar days, so the steps land on days that exist: 60 days before 2026-04-30 is
 * 2026-03-01 (February is short), never a "2026-02-29".
 */
export function closeoutMilestones(endDate: IsoDate, timezone: string): CloseoutMilestone[] {
  assertIsoDate(endDate, 'end date');
  if (!isValidTimezone(timezone)) {
    throw new StewardError(
      'validation',
      `"${timezone}" is not a timezone I know; use an IANA name such as Europe/Berlin.`,
    );
  }
  return CLOSEOUT_STEPS.map((step) => {
    const date = addDays(endDate, -CLOSEOUT_DAYS_BEFORE_END[step]);
    return { step, date, dueAt: startOfLocalDay(date, timezone) };
  });
}

export interface DueCloseoutStep extends CloseoutMilestone {
  /** Local days since the step fell due; 0 on the day. */
  daysLate: number;
}

/**
 * The earliest step that has fallen due and is not done yet, or null. Steps run in order even when
 * the scheduler falls behind or a contract is added with less than 60 days to run: each step asks
 * for work (a renewal decision, a handover plan) that a later step builds on, so none is skipped.
 */
export function dueCloseoutStep(
  contract: Pick<Contract, 'endDate' | 'timezone' | 'status'>,
  now: Date,
  alreadyDone: ReadonlySet<CloseoutStep>,
): DueCloseoutStep | null {
  if (!RUNNING_STATUSES.has(contract.status)) return null;
  const today = localDate(now, contract.timezone);
  const milestone = closeoutMilestones(contract.endDate, contract.timezone).find(
    (candidate) => !alreadyDone.has(candidate.step) && candidate.date <= today,
  );
  if (!milestone) return null;
  return { ...milestone, daysLate: Math.round((Date.parse(today) - Date.parse(milestone.date)) / DAY_MS) };
}

export const RECOMMENDATIONS = ['renew', 'renew-with-conditions', 'do-not-renew'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

/**
 * The renewal rule. Do not renew when the term score is red (below 50: worse than every KPI amber)
 * or fewer than 75% of the obligations that fell due were fulfilled at all. Otherwise renew with
 * conditions when any of these holds, each a weakness a renewal should address in writing:
 * the term score is amber (below 80); a KPI was red in more than a quarter of its scored periods;
 * fewer than 90% of obligations were fulfilled on time; there was more than one escalation per four
 * periods; a kind of value realized less than 80% of what was planned; or nothing was scored, so
 * performance cannot be shown. Otherwise renew.
 */
export const FINAL_EVALUATION_RULES = {
  doNotRenewBelowScore: OVERALL_AMBER_FROM,
  doNotRenewBelowFulfilledPercent: 75,
  conditionsBelowScore: OVERALL_GREEN_FROM,
  conditionsAboveRedPercent: 25,
  conditionsBelowOnTimePercent: 90,
  conditionsAboveEscalationsPerPeriod: 0.25,
  conditionsBelowValueRatio: 0.8,
} as const;

export interface FinalEvaluationInput {
  /** Every KPI version the scores refer to. */
  kpis: ScorecardKpi[];
  /** Scores over the whole term; a re-answered period counts once, with its latest answer. */
  scores: ScorecardScore[];
  /** The term's periods; defaults to those that have scores. */
  periods?: string[];
  obligations: Array<{ outcome: ObligationOutcome }>;
  escalations: number;
  value: ValueSummary;
}

export interface KpiTermResult {
  key: string;
  name: string;
  weight: number;
  scoredPeriods: number;
  /** Term periods in which this KPI had no score. */
  unscoredPeriods: number;
  /** Mean attainment over scored periods, each against the KPI version in force then; null when unscored. */
  averageAttainment: number | null;
  /** Share of scored periods with each rag, 0–100; all 0 when unscored. */
  percentOfPeriods: Record<Rag, number>;
}

export interface ObligationFulfilment {
  total: number;
  onTime: number;
  late: number;
  notFulfilled: number;
  waived: number;
  /** Still open at evaluation; not counted in the rates, since they may not be due yet. */
  open: number;
  /** Of obligations fulfilled, late or not fulfilled (waived ones owed nothing), 0–100; null when none. */
  onTimePercent: number | null;
  fulfilledPercent: number | null;
}

export interface FinalEvaluation {
  /** 0–100, see finalEvaluation; null when nothing was scored. */
  termScore: number | null;
  termRag: Rag | null;
  /** Overall score per period, oldest first, as on the scorecard. */
  series: Array<{ periodKey: string; score: number | null }>;
  kpis: KpiTermResult[];
  obligations: ObligationFulfilment;
  escalations: number;
  value: ValueSummary;
  recommendation: Recommendation;
  /** Why, in sentences for the people deciding on renewal. */
  reasons: string[];
}

/**
 * The term score is the weighted mean, by KPI weight, of each KPI's mean rag points (green 100,
 * amber 50, red 0) over the periods it was scored in. Averaging per KPI first keeps a weekly KPI's
 * 52 periods from outweighing a quarterly KPI's 4 when a contract mixes cadences.
 */
export function finalEvaluation(input: FinalEvaluationInput): FinalEvaluation {
  if (!Number.isInteger(input.escalations) || input.escalations < 0) {
    throw new StewardError('validation', 'The number of escalations must be a whole number of zero or more.');
  }
  const periods = input.periods ?? [...new Set(input.scores.map((score) => score.periodKey))].sort();
  const card = buildScorecard({ kpis: input.kpis, scores: input.scores, periods });
  const versions = new Map(input.kpis.map((kpi) => [`${kpi.key}|${kpi.version}`, kpi]));
  const answers = latestAnswers(input.scores);

  const kpis = card.kpis.map((line): KpiTermResult => {
    const scored = line.series.filter((point) => point.rag !== null);
    const attainments = periods.flatMap((periodKey) => {
      const score = answers.get(`${line.key}|${periodKey}`);
      const version = score && versions.get(`${line.key}|${score.kpiVersion}`);
      return score && version ? [attainment(score.value, version)] : [];
    });
    const percent = (rag: Rag) =>
      scored.length === 0 ? 0 : (100 * scored.filter((point) => point.rag === rag).length) / scored.length;
    return {
      key: line.key,
      name: line.name,
      weight: line.weight,
      scoredPeriods: scored.length,
      unscoredPeriods: periods.length - scored.length,
      averageAttainment: attainments.length === 0 ? null : mean(attainments),
      percentOfPeriods: { green: percent('green'), amber: percent('amber'), red: percent('red') },
    };
  });

  let points = 0;
  let weights = 0;
  for (const line of card.kpis) {
    const scored = line.series.filter((point) => point.rag !== null);
    if (scored.length === 0) continue;
    points += line.weight * mean(scored.map((point) => RAG_POINTS[point.rag!]));
    weights += line.weight;
  }
  const termScore = weights > 0 ? points / weights : null;
  const obligations = obligationFulfilment(input.obligations);
  const { recommendation, reasons } = recommend({
    termScore,
    kpis,
    obligations,
    escalations: input.escalations,
    periods: periods.length,
    value: input.value,
  });
  return {
    termScore,
    termRag: termScore === null ? null : overallRag(termScore),
    series: card.overall.series,
    kpis,
    obligations,
    escalations: input.escalations,
    value: input.value,
    recommendation,
    reasons,
  };
}

export function obligationFulfilment(obligations: Array<{ outcome: ObligationOutcome }>): ObligationFulfilment {
  const count = (outcome: ObligationOutcome) => obligations.filter((item) => item.outcome === outcome).length;
  const onTime = count('fulfilled-on-time');
  const late = count('fulfilled-late');
  const notFulfilled = count('not-fulfilled');
  const owed = onTime + late + notFulfilled;
  return {
    total: obligations.length,
    onTime,
    late,
    notFulfilled,
    waived: count('waived'),
    open: count('open'),
    onTimePercent: owed === 0 ? null : (100 * onTime) / owed,
    fulfilledPercent: owed === 0 ? null : (100 * (onTime + late)) / owed,
  };
}

interface RecommendationFacts {
  termScore: number | null;
  kpis: KpiTermResult[];
  obligations: ObligationFulfilment;
  escalations: number;
  periods: number;
  value: ValueSummary;
}

function recommend(facts: RecommendationFacts): { recommendation: Recommendation; reasons: string[] } {
  const rules = FINAL_EVALUATION_RULES;
  const blockers: string[] = [];
  const conditions: string[] = [];
  const { termScore, obligations } = facts;

  if (termScore === null) {
    conditions.push('No KPI was scored over the term, so performance cannot be shown; make it measurable first.');
  } else if (termScore < rules.doNotRenewBelowScore) {
    blockers.push(`The term score is ${round(termScore)} of 100 (red, below ${rules.doNotRenewBelowScore}).`);
  } else if (termScore < rules.conditionsBelowScore) {
    conditions.push(`The term score is ${round(termScore)} of 100 (amber, below ${rules.conditionsBelowScore}).`);
  }

  if (obligations.fulfilledPercent !== null && obligations.fulfilledPercent < rules.doNotRenewBelowFulfilledPercent) {
    blockers.push(
      `Only ${round(obligations.fulfilledPercent)}% of obligations due were fulfilled (${obligations.notFulfilled} not fulfilled).`,
    );
  } else if (obligations.onTimePercent !== null && obligations.onTimePercent < rules.conditionsBelowOnTimePercent) {
    conditions.push(
      `Only ${round(obligations.onTimePercent)}% of obligations due were fulfilled on time (${obligations.late} late, ${obligations.notFulfilled} not fulfilled).`,
    );
  }

  for (const kpi of facts.kpis) {
    if (kpi.percentOfPeriods.red > rules.conditionsAboveRedPercent) {
      conditions.push(`${kpi.name} was red in ${round(kpi.percentOfPeriods.red)}% of its scored periods.`);
    }
  }

  if (facts.periods > 0 && facts.escalations / facts.periods > rules.conditionsAboveEscalationsPerPeriod) {
    conditions.push(`There were ${facts.escalations} escalations over ${facts.periods} periods.`);
  }

  for (const total of facts.value.totals) {
    if (total.ratio !== null && total.ratio < rules.conditionsBelowValueRatio) {
      conditions.push(`Only ${round(100 * total.ratio)}% of planned ${total.kind} (${total.currency}) was realized.`);
    }
  }

  if (blockers.length > 0) return { recommendation: 'do-not-renew', reasons: [...blockers, ...conditions] };
  if (conditions.length > 0) return { recommendation: 'renew-with-conditions', reasons: conditions };
  const reasons = [`The term score is ${round(termScore!)} of 100 (green).`];
  if (obligations.onTimePercent !== null) {
    reasons.push(`${round(obligations.onTimePercent)}% of obligations due were fulfilled on time.`);
  }
  return { recommendation: 'renew', reasons };
}

/** The latest answer per KPI and period, as the scorecard picks it. */
function latestAnswers(scores: ScorecardScore[]): Map<string, ScorecardScore> {
  const answers = new Map<string, ScorecardScore>();
  for (const score of scores) {
    const key = `${score.kpiKey}|${score.periodKey}`;
    const existing = answers.get(key);
    if (!existing || score.answeredAt >= existing.answeredAt) answers.set(key, score);
  }
  return answers;
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function round(value: number): number {
  return Math.round(value);
}
