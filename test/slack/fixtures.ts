import type { CheckinItemView, CheckinPromptView, EscalationView } from '../../src/chat/chat-surface';
import type { ScorecardView, ScoreFormView } from '../../src/services/service-api';

/** View models with defaults, after the starter template's buildArguments: each test states what matters to it. */

export const ALICE = { slackUserId: 'U0ALICE', slackTeamId: 'T0STEWARD', name: 'Alice Example' };

export function checkinItem(overrides: Partial<CheckinItemView> = {}): CheckinItemView {
  return {
    checkinId: 'chk-1',
    contractRef: 'ACME-2026-001',
    contractTitle: 'Facilities management',
    kpi: {
      key: 'response-time',
      name: 'First response time',
      unit: 'h',
      kind: 'duration',
      direction: 'lower-is-better',
      baseline: 5,
      target: 4,
      warningThreshold: 6,
      breachThreshold: 8,
      evidenceRequired: false,
    },
    periodKey: '2026-03',
    periodLabel: 'March 2026',
    dueAt: new Date('2026-04-03T09:00:00Z'),
    state: { status: 'open' },
    ...overrides,
  };
}

export function prompt(
  items: CheckinItemView[] = [checkinItem()],
  overrides: Partial<CheckinPromptView> = {},
): CheckinPromptView {
  return { items, addressees: [ALICE], ...overrides };
}

export function answered(overrides: Partial<Extract<CheckinItemView['state'], { status: 'answered' }>> = {}) {
  return {
    status: 'answered' as const,
    value: 3.5,
    displayValue: '3.5 h',
    rag: 'green' as const,
    answeredBy: ALICE,
    answeredAt: new Date('2026-04-01T10:30:00Z'),
    ...overrides,
  };
}

export function scoreForm(overrides: Partial<ScoreFormView> = {}): ScoreFormView {
  const item = checkinItem();
  return {
    checkinId: item.checkinId,
    contractRef: item.contractRef,
    contractTitle: item.contractTitle,
    kpi: item.kpi,
    periodKey: item.periodKey,
    periodLabel: item.periodLabel,
    ...overrides,
  };
}

export function scorecard(overrides: Partial<ScorecardView> = {}): ScorecardView {
  return {
    contractRef: 'ACME-2026-001',
    contractTitle: 'Facilities management',
    vendorName: 'Acme Services',
    status: 'active',
    overallScore: 82.5,
    overallRag: 'amber',
    trend: 'improving',
    vendorView: false,
    lines: [
      {
        kpiKey: 'availability',
        kpiName: 'Service availability',
        unit: '%',
        target: 99.5,
        latest: { periodKey: '2026-03', value: 99.7, displayValue: '99.7%', rag: 'green' },
        trend: 'stable',
        series: [{ periodKey: '2026-03', displayValue: '99.7%', rag: 'green' }],
        vendorVisible: true,
      },
      {
        kpiKey: 'margin-leakage',
        kpiName: 'Internal margin leakage',
        unit: 'EUR',
        target: 0,
        latest: null,
        trend: 'insufficient-data',
        series: [],
        vendorVisible: false,
      },
    ],
    ...overrides,
  };
}

export function escalation(overrides: Partial<EscalationView> = {}): EscalationView {
  return {
    escalationId: 'esc-1',
    contractRef: 'ACME-2026-001',
    contractTitle: 'Facilities management',
    trigger: 'red-score',
    headline: 'First response time breached: 9 h against a target of 4 h',
    facts: [
      { label: 'Value', value: '9 h' },
      { label: 'Target', value: '4 h' },
      { label: 'Breach at', value: '8 h' },
    ],
    trend: [
      { periodKey: '2026-01', displayValue: '4 h', rag: 'green' },
      { periodKey: '2026-02', displayValue: '7 h', rag: 'amber' },
      { periodKey: '2026-03', displayValue: '9 h', rag: 'red' },
    ],
    level: 1,
    levelCount: 3,
    mention: [{ slackUserId: 'U0BOB', name: 'Bob' }],
    ackDueAt: new Date('2026-04-02T09:00:00Z'),
    status: 'open',
    ...overrides,
  };
}

/** All text a set of blocks would show, for assertions that do not care about structure. */
export function textOf(value: unknown): string {
  return JSON.stringify(value);
}

export function actionIdsOf(blocks: unknown[]): string[] {
  const ids: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.action_id === 'string' && record.type === 'button') ids.push(record.action_id);
      Object.values(record).forEach(visit);
    }
  };
  visit(blocks);
  return ids;
}
