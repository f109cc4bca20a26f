import type { CheckinItemView, EscalationView } from '../chat/chat-surface';
import { formatValue, periodLabel } from '../domain/format';
import type { Contract, KpiDefinition, Person } from '../domain/types';
import type { CheckinRecord, EscalationRecord, KpiRecord, ScoreRecord, ScoreSummary } from '../store/records';

type KpiShown = Pick<KpiRecord, 'key' | 'name'> & KpiDefinition;

/** What a prompt shows for one check-in, in whatever state it is now. */
export function checkinItemView(
  contract: Pick<Contract, 'reference' | 'title'>,
  kpi: KpiShown,
  checkin: CheckinRecord,
  score: ScoreRecord | null,
  now: Date,
): CheckinItemView {
  return {
    checkinId: checkin.id,
    contractRef: contract.reference,
    contractTitle: contract.title,
    kpi: {
      key: kpi.key,
      name: kpi.name,
      unit: kpi.unit,
      kind: kpi.kind,
      direction: kpi.direction,
      baseline: kpi.baseline,
      target: kpi.target,
      warningThreshold: kpi.warningThreshold,
      breachThreshold: kpi.breachThreshold,
      evidenceRequired: kpi.evidenceRequired,
    },
    periodKey: checkin.periodKey,
    periodLabel: periodLabel(checkin.periodKey),
    dueAt: checkin.dueAt,
    state: checkinState(kpi, checkin, score, now),
  };
}

function checkinState(
  kpi: KpiShown,
  checkin: CheckinRecord,
  score: ScoreRecord | null,
  now: Date,
): CheckinItemView['state'] {
  if (checkin.status === 'answered' && score) {
    return {
      status: 'answered',
      scoreId: score.id,
      value: score.value,
      displayValue: formatValue(score.value, kpi.kind, kpi.unit),
      rag: score.rag,
      answeredBy: score.answeredBy,
      answeredAt: score.answeredAt,
      corrected: score.corrections.length > 0,
    };
  }
  if (checkin.status === 'not-applicable') {
    return {
      status: 'not-applicable',
      reason: checkin.notApplicableReason ?? '',
      answeredBy: checkin.notApplicableBy ?? {},
      answeredAt: checkin.updatedAt,
    };
  }
  if (checkin.status === 'missed') return { status: 'missed' };
  if (checkin.snoozedUntil && checkin.snoozedUntil > now) return { status: 'snoozed', until: checkin.snoozedUntil };
  return { status: 'open' };
}

/** The people a level of the path stands for: named people plus whoever holds its governance role. */
export function levelPeople(contract: Pick<Contract, 'escalationPath' | 'governance'>, level: number): Person[] {
  const step = contract.escalationPath.find((entry) => entry.level === level);
  if (!step) return contract.governance.owner ?? [];
  const fromRole = step.role ? (contract.governance[step.role] ?? []) : [];
  return [...step.people, ...fromRole];
}

export function escalationView(
  contract: Pick<Contract, 'reference' | 'title' | 'escalationPath' | 'governance'>,
  escalation: EscalationRecord,
  facts: Array<{ label: string; value: string }>,
  trend: EscalationView['trend'],
): EscalationView {
  const statusLine =
    escalation.status === 'resolved'
      ? `Resolved${escalation.resolutionNote ? `: ${escalation.resolutionNote}` : ''}`
      : escalation.status === 'acknowledged'
        ? 'Acknowledged'
        : undefined;
  return {
    escalationId: escalation.id,
    contractRef: contract.reference,
    contractTitle: contract.title,
    trigger: escalation.trigger,
    headline: escalation.summary,
    facts,
    trend,
    level: escalation.level,
    levelCount: Math.max(contract.escalationPath.length, 1),
    mention: levelPeople(contract, escalation.level),
    ackDueAt: escalation.status === 'open' ? escalation.ackDueAt : undefined,
    status: escalation.status,
    statusLine,
  };
}

export function trendOf(kpi: KpiShown, scores: ScoreSummary[]): EscalationView['trend'] {
  return [...scores]
    .sort((a, b) => a.periodStart.getTime() - b.periodStart.getTime())
    .map((score) => ({
      periodKey: score.periodKey,
      displayValue: formatValue(score.value, kpi.kind, kpi.unit),
      rag: score.rag,
    }));
}
