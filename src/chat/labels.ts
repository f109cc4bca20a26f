import { formatValue, periodLabel } from '../domain/format';
import type {
  Direction,
  GovernanceRole,
  Kpi,
  KpiKind,
  ObligationKind,
  Respondent,
  ReviewCadence,
  ValueKind,
} from '../domain/types';

/** The words people see for the domain's keys, once for both surfaces (forms, lists, cards). */

export const KPI_KIND_LABELS: Record<KpiKind, string> = {
  percent: 'Percent',
  number: 'Number',
  currency: 'Currency amount',
  duration: 'Duration',
  'yes-no': 'Yes / no',
  rating: 'Rating 1–5',
};

export const DIRECTION_LABELS: Record<Direction, string> = {
  'higher-is-better': 'Higher is better',
  'lower-is-better': 'Lower is better',
};

export const CADENCE_TYPES = ['weekly', 'monthly', 'quarterly', 'milestones'] as const;
export type CadenceType = (typeof CADENCE_TYPES)[number];
export const CADENCE_LABELS: Record<CadenceType, string> = {
  weekly: 'Weekly',
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  milestones: 'On milestone dates',
};

export const REVIEW_CADENCE_LABELS: Record<ReviewCadence, string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  'half-yearly': 'Half-yearly',
  yearly: 'Yearly',
};

export const RESPONDENT_LABELS: Record<Respondent, string> = {
  owner: 'Contract owner',
  vendor: 'Vendor',
};

export const ROLE_LABELS: Record<GovernanceRole, string> = {
  owner: 'Owner',
  procurement: 'Procurement',
  legal: 'Legal',
  finance: 'Finance',
  operations: 'Operations',
};

export const OBLIGATION_KIND_LABELS: Record<ObligationKind, string> = {
  report: 'Report',
  insurance: 'Insurance certificate',
  audit: 'Audit',
  payment: 'Payment',
  certification: 'Certification',
  regulatory: 'Regulatory filing',
  other: 'Other',
};

export const VALUE_KIND_LABELS: Record<ValueKind, string> = {
  savings: 'Savings',
  'cost-avoidance': 'Cost avoidance',
  quality: 'Quality',
};

/** Where a risk stands in the register. */
export const RISK_STATUSES = ['open', 'mitigating', 'accepted', 'closed'] as const;
export const RISK_STATUS_LABELS: Record<(typeof RISK_STATUSES)[number], string> = {
  open: 'Open',
  mitigating: 'Mitigating',
  accepted: 'Accepted',
  closed: 'Closed',
};

/** A risk's likelihood and impact, 1 to 5. */
export const LIKELIHOOD_LABELS = ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'] as const;
export const IMPACT_LABELS = ['Minor', 'Moderate', 'Significant', 'Major', 'Severe'] as const;

/** One line under a KPI's name in a list: its target, baseline, direction, cadence and who answers it. */
export function kpiSummary(kpi: Kpi): string {
  const show = (value: number) => formatValue(value, kpi.kind, kpi.unit);
  return [
    `target ${show(kpi.target)}`,
    `baseline ${show(kpi.baseline)}`,
    DIRECTION_LABELS[kpi.direction].toLowerCase(),
    CADENCE_LABELS[kpi.cadence.type].toLowerCase(),
    `answered by the ${RESPONDENT_LABELS[kpi.respondent].toLowerCase()}`,
    ...(kpi.vendorVisible ? [] : ['internal only']),
  ].join(' · ');
}

/** Why an escalation was opened, in words (the escalation's `trigger`). */
export const TRIGGER_LABELS: Readonly<Record<string, string>> = {
  'red-score': 'Red score',
  'missed-checkin': 'Missed check-in',
  'overdue-action': 'Corrective action overdue',
  'overdue-obligation': 'Obligation overdue',
  'repeated-breach': 'Repeated breach',
};

/** An escalation's trigger in words; an unknown one (a newer version's) with its dashes as spaces. */
export function triggerLabel(trigger: string): string {
  return TRIGGER_LABELS[trigger] ?? trigger.replace(/-/g, ' ');
}

/**
 * What a closeout's term score rests on, said next to it: a score of 0 after one scored month of a four-year
 * term reads as a verdict on the vendor unless the reader sees how little was scored.
 */
export function closeoutBasis(view: {
  series: ReadonlyArray<{ periodKey: string; score: number | null }>;
  startDate: string;
  endDate: string;
}): string {
  const scored = view.series.filter((period) => period.score !== null).map((period) => period.periodKey);
  const term = `the term ${view.startDate} to ${view.endDate}`;
  if (scored.length === 0) return `Nothing has been scored yet over ${term}.`;
  const first = periodLabel(scored[0] as string);
  const last = periodLabel(scored.at(-1) as string);
  const when = scored.length === 1 ? first : `${first} to ${last}`;
  return `Based on ${scored.length} scored period${scored.length === 1 ? '' : 's'} (${when}) of ${term}; periods without scores do not count.`;
}

/** A file's size as people read it: "812 bytes", "14 KB", "2.3 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** An instant to the minute in UTC, as download links state their expiry: "2026-12-14 21:53". */
export function utcMinute(at: Date): string {
  return at.toISOString().slice(0, 16).replace('T', ' ');
}
