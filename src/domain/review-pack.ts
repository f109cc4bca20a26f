/**
 * The quarterly review pack: what a governance review needs on one page set, built from figures the
 * services gathered, and the schedule that says when it is due. Pure: no store, no chat, no clock.
 *
 * Two versions come from the same input: the internal one, and the vendor one, which leaves out
 * internal-only KPIs, escalations and corrective actions about them, the risk register, value figures,
 * the decisions the triggers call for and the decisions the buyer recorded.
 */
import { addDays, addMonths } from './local-time';
import type { CorrectiveActionStatus, EscalationStatus, EscalationTrigger, IsoDate, Rag, ReviewCadence } from './types';

export interface PackKpi {
  key: string;
  name: string;
  vendorVisible: boolean;
  /** "99.1% (2026-06)", or null without a score. */
  latest: string | null;
  rag: Rag | null;
  trend: string;
  /** "forecast 98.95% next month (80% between …)". */
  forecast?: string;
  breachAhead?: boolean;
  consecutiveReds: number;
}

export interface PackEscalation {
  summary: string;
  trigger: EscalationTrigger;
  kpiKey?: string;
  status: EscalationStatus;
  opened: IsoDate;
  /** How it ended: "resolved on 2026-05-02 by Olivia: replaced the router", or "open, level 2". */
  outcome: string;
}

export interface PackAction {
  action: string;
  status: CorrectiveActionStatus;
  owner: string;
  dueDate: IsoDate;
  kpiKey?: string;
}

export interface PackRisk {
  title: string;
  likelihood: number;
  impact: number;
  owner: string;
  mitigation?: string;
}

export interface PackDecision {
  text: string;
  owner: string;
  dueDate: IsoDate;
  recordedBy: string;
  /** The review it was taken at, e.g. `2026-Q1`. */
  quarterKey: string;
}

export interface ReviewPackInput {
  contractRef: string;
  contractTitle: string;
  vendorName: string;
  /** The quarter reviewed, e.g. `2026-Q1`, and its label, "Q1 2026". */
  quarterKey: string;
  quarterLabel: string;
  reviewDate: IsoDate;
  overall: string;
  kpis: PackKpi[];
  escalations: PackEscalation[];
  /** Service credits due for the quarter's periods, one line each; empty when the contract has no credit rules. */
  credits: string[];
  risks: PackRisk[];
  actions: PackAction[];
  /** "Savings: 120,000.00 EUR realized of 150,000.00 EUR planned (80%)". */
  value: string[];
  /** Decisions taken at earlier reviews, to report on. */
  decisions: PackDecision[];
  /** Consecutive red periods that call for a renegotiation review; twice as many, a termination review. */
  repeatedBreachCount: number;
}

export type DecisionKind = 'intervention' | 'renegotiation' | 'termination-review';

export interface CalledForDecision {
  kind: DecisionKind;
  title: string;
  evidence: string[];
}

export interface ReviewPackSection {
  heading: string;
  lines: string[];
}

export interface ReviewPack {
  title: string;
  subtitle: string;
  forVendor: boolean;
  sections: ReviewPackSection[];
  decisionsCalledFor: CalledForDecision[];
}

const DECISION_TITLES: Record<DecisionKind, string> = {
  intervention: 'Intervention',
  renegotiation: 'Renegotiation review',
  'termination-review': 'Termination review',
};

/**
 * The decisions the CPM triggers call for, with the evidence for each: a termination review when a KPI
 * has been red for twice the repeated-breach count, a renegotiation review from the count, and an
 * intervention for any KPI red now, forecast to breach, or with an escalation still open.
 */
export function decisionsCalledFor(input: ReviewPackInput): CalledForDecision[] {
  const count = Math.max(1, input.repeatedBreachCount);
  const decisions: CalledForDecision[] = [];
  const termination = input.kpis.filter((kpi) => kpi.consecutiveReds >= 2 * count);
  const renegotiation = input.kpis.filter((kpi) => kpi.consecutiveReds >= count && kpi.consecutiveReds < 2 * count);
  if (termination.length > 0) {
    decisions.push({
      kind: 'termination-review',
      title: DECISION_TITLES['termination-review'],
      evidence: termination.map(
        (kpi) => `${kpi.name}: red for ${kpi.consecutiveReds} periods in a row (latest ${kpi.latest}).`,
      ),
    });
  }
  if (renegotiation.length > 0) {
    decisions.push({
      kind: 'renegotiation',
      title: DECISION_TITLES.renegotiation,
      evidence: renegotiation.map(
        (kpi) => `${kpi.name}: red for ${kpi.consecutiveReds} periods in a row (latest ${kpi.latest}).`,
      ),
    });
  }
  const evidence: string[] = [];
  for (const kpi of input.kpis) {
    if (kpi.consecutiveReds > 0 && kpi.consecutiveReds < count) evidence.push(`${kpi.name} is red: ${kpi.latest}.`);
    else if (kpi.rag !== 'red' && kpi.breachAhead) evidence.push(`${kpi.name} is trending to breach: ${kpi.forecast}.`);
  }
  for (const escalation of input.escalations) {
    if (escalation.status !== 'resolved')
      evidence.push(`Escalation still ${escalation.outcome}: ${escalation.summary}`);
  }
  if (evidence.length > 0) decisions.push({ kind: 'intervention', title: DECISION_TITLES.intervention, evidence });
  return decisions;
}

export function buildReviewPack(input: ReviewPackInput, options: { forVendor?: boolean } = {}): ReviewPack {
  const forVendor = options.forVendor ?? false;
  const kpis = input.kpis.filter((kpi) => !forVendor || kpi.vendorVisible);
  const visibleKeys = new Set(kpis.map((kpi) => kpi.key));
  // An escalation or action about an internal-only KPI is internal; one about no KPI (an obligation) is shared.
  const shared = (kpiKey: string | undefined) => !forVendor || kpiKey === undefined || visibleKeys.has(kpiKey);
  const escalations = input.escalations.filter((escalation) => shared(escalation.kpiKey));
  const actions = input.actions.filter((action) => shared(action.kpiKey));
  const sections: ReviewPackSection[] = [];

  sections.push({
    heading: 'Scorecard, trends and forecasts',
    lines: [
      `Overall: ${input.overall}`,
      ...(kpis.length === 0
        ? ['No KPIs yet.']
        : kpis.map(
            (kpi) =>
              `${kpi.name}: ${kpi.latest ?? 'no score yet'}${kpi.rag ? ` · ${kpi.rag}` : ''} · ${kpi.trend}${kpi.forecast ? ` · ${kpi.forecast}` : ''}`,
          )),
    ],
  });
  sections.push({
    heading: 'Breaches and escalations, and how each ended',
    lines:
      escalations.length === 0
        ? ['None in the period reviewed.']
        : escalations.map((escalation) => `${escalation.opened} · ${escalation.summary} → ${escalation.outcome}`),
  });
  sections.push({
    heading: 'Service credits due',
    lines: input.credits.length === 0 ? ['No service credit rules, or nothing due.'] : input.credits,
  });
  if (!forVendor) {
    const risks = [...input.risks].sort((a, b) => b.likelihood * b.impact - a.likelihood * a.impact);
    sections.push({
      heading: 'Open risks (likelihood × impact)',
      lines:
        risks.length === 0
          ? ['No open risks.']
          : risks.map(
              (risk) =>
                `${risk.likelihood} × ${risk.impact} = ${risk.likelihood * risk.impact} · ${risk.title} · owner ${risk.owner}${risk.mitigation ? ` · mitigation: ${risk.mitigation}` : ''}`,
            ),
    });
  }
  sections.push({ heading: 'Corrective actions by status', lines: actionLines(actions) });
  if (!forVendor) {
    sections.push({
      heading: 'Value realized against plan',
      lines: input.value.length === 0 ? ['No value recorded yet.'] : input.value,
    });
  }
  const called = forVendor ? [] : decisionsCalledFor(input);
  if (!forVendor) {
    sections.push({
      heading: 'Decisions the triggers call for',
      lines:
        called.length === 0
          ? ['None: no KPI is red or trending to breach, and no escalation is open.']
          : called.flatMap((decision) => [`${decision.title}:`, ...decision.evidence.map((line) => `  • ${line}`)]),
    });
    sections.push({
      heading: 'Decisions from earlier reviews',
      lines:
        input.decisions.length === 0
          ? ['None recorded. Record one with: steward decision REF YYYY-MM-DD @owner what was decided']
          : input.decisions.map(
              (decision) =>
                `${decision.quarterKey} review: ${decision.text} · owner ${decision.owner} · due ${decision.dueDate} (recorded by ${decision.recordedBy})`,
            ),
    });
  }
  return {
    title: `${input.quarterLabel} review pack · ${input.contractRef}`,
    subtitle: `${input.contractTitle} · ${input.vendorName} · review on ${input.reviewDate}${forVendor ? ' · vendor version' : ''}`,
    forVendor,
    sections,
    decisionsCalledFor: called,
  };
}

function actionLines(actions: PackAction[]): string[] {
  if (actions.length === 0) return ['No corrective actions.'];
  const byStatus = new Map<CorrectiveActionStatus, PackAction[]>();
  for (const action of actions) byStatus.set(action.status, [...(byStatus.get(action.status) ?? []), action]);
  return [...byStatus.entries()].flatMap(([status, list]) => [
    `${status} (${list.length}):`,
    ...list.map((action) => `  • ${action.action} · owner ${action.owner} · due ${action.dueDate}`),
  ]);
}

export interface ReviewScheduleSettings {
  /** The day of the month after each quarter on which the governance review meets (1–28). */
  reviewDay: number;
  /** How many days before the review the pack is posted. */
  daysBefore: number;
}

export const DEFAULT_REVIEW_SCHEDULE: ReviewScheduleSettings = { reviewDay: 10, daysBefore: 3 };

export const DEFAULT_REVIEW_CADENCE: ReviewCadence = 'quarterly';

/**
 * A reviewed period's key: `2026-03` (monthly), `2026-Q1` (quarterly), `2026-H1` (half-yearly), `2026`
 * (yearly). Each starts on the first of a month, so a key says its cadence, first day and length.
 */
export function reviewPeriodOf(key: string): { cadence: ReviewCadence; firstDay: IsoDate; months: number } {
  let match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (match) return { cadence: 'monthly', firstDay: `${match[1]}-${match[2]}-01`, months: 1 };
  match = /^(\d{4})-Q([1-4])$/.exec(key);
  if (match)
    return { cadence: 'quarterly', firstDay: monthStart(match[1]!, (Number(match[2]) - 1) * 3 + 1), months: 3 };
  match = /^(\d{4})-H([12])$/.exec(key);
  if (match) {
    return { cadence: 'half-yearly', firstDay: monthStart(match[1]!, (Number(match[2]) - 1) * 6 + 1), months: 6 };
  }
  match = /^(\d{4})$/.exec(key);
  if (match) return { cadence: 'yearly', firstDay: `${match[1]}-01-01`, months: 12 };
  throw new Error(`not a review period key: ${key}`);
}

function monthStart(year: string, month: number): IsoDate {
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/** The key of the review period of `cadence` that contains the local day `date`. */
export function reviewPeriodKey(cadence: ReviewCadence, date: IsoDate): string {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  switch (cadence) {
    case 'monthly':
      return date.slice(0, 7);
    case 'quarterly':
      return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
    case 'half-yearly':
      return `${year}-H${month <= 6 ? 1 : 2}`;
    case 'yearly':
      return year;
  }
}

/** The review period `steps` periods after (or, negative, before) `key`, of the same cadence. */
export function shiftReviewPeriod(key: string, steps: number): string {
  const { cadence, firstDay, months } = reviewPeriodOf(key);
  return reviewPeriodKey(cadence, addMonths(firstDay, steps * months));
}

/** The month keys (`2026-01`) a review period covers, for the figures kept per month. */
export function reviewPeriodMonths(key: string): string[] {
  const { firstDay, months } = reviewPeriodOf(key);
  return Array.from({ length: months }, (_, offset) => addMonths(firstDay, offset).slice(0, 7));
}

/** The contract's review cadence: quarterly unless the contract says otherwise. */
export function reviewCadenceOf(contract: { reviewCadence?: ReviewCadence }): ReviewCadence {
  return contract.reviewCadence ?? DEFAULT_REVIEW_CADENCE;
}

/**
 * The review of period `key` (`2026-Q1`, `2026-03`, `2026-H1`, `2026`) meets on `reviewDay` of the month
 * after it; its pack is due `daysBefore` days earlier, never before the period has ended.
 */
export function reviewDates(key: string, schedule: ReviewScheduleSettings): { reviewDate: IsoDate; packDay: IsoDate } {
  const { firstDay, months } = reviewPeriodOf(key);
  const monthAfter = addMonths(firstDay, months);
  const day = Math.min(28, Math.max(1, Math.trunc(schedule.reviewDay)));
  const reviewDate = `${monthAfter.slice(0, 8)}${String(day).padStart(2, '0')}`;
  // Never before the period has ended: ISO dates sort as days do, so the later one is the last.
  const packDay = [addDays(reviewDate, -Math.max(0, Math.trunc(schedule.daysBefore))), monthAfter].sort()[1]!;
  return { reviewDate, packDay };
}
