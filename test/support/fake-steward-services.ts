import type { CheckinItemView, EscalationView } from '../../src/chat/chat-surface';
import type { Contract, Kpi } from '../../src/domain/types';
import type {
  Actor,
  ContractSummary,
  EscalationSummary,
  HomeView,
  ScorecardView,
  ScoreFormView,
  ScoreResult,
  StewardServices,
} from '../../src/services/service-api';
import { notFaked } from './not-faked';

/**
 * A stand-in for the service layer, for surface tests: canned views, every call recorded with its
 * arguments, and any method made to fail on demand (`fake.failNext('checkins.submitScore', error)`).
 * It validates nothing; the real services do, and surface tests only check what the surface does with answers.
 */
export interface ServiceCall {
  method: string;
  actor: Actor;
  args: unknown[];
}

export const CANNED_CONTRACT: Contract = {
  reference: 'ACME-2026-001',
  title: 'Managed network services',
  vendor: { name: 'Acme Networks', contacts: [] },
  value: { amount: 1_200_000, currency: 'EUR' },
  startDate: '2026-01-01',
  endDate: '2028-12-31',
  status: 'active',
  timezone: 'Europe/Berlin',
  governance: { owner: [{ name: 'Alex Wilber', teamsUserId: '00000000-0000-0000-0000-0000000000020' }] },
  escalationPath: [],
  channels: [],
  holidays: { buyer: [], vendor: [] },
};

export const CANNED_KPI: Kpi = {
  contractRef: 'ACME-2026-001',
  key: 'uptime',
  version: 1,
  name: 'Network uptime',
  unit: '%',
  kind: 'percent',
  direction: 'higher-is-better',
  baseline: 99,
  target: 99.9,
  warningThreshold: 99.5,
  breachThreshold: 99,
  weight: 1,
  cadence: { type: 'monthly' },
  respondent: 'owner',
  evidenceRequired: false,
  vendorVisible: true,
};

export function cannedCheckin(overrides: Partial<CheckinItemView> = {}): CheckinItemView {
  return {
    checkinId: 'chk-1',
    contractRef: CANNED_CONTRACT.reference,
    contractTitle: CANNED_CONTRACT.title,
    kpi: CANNED_KPI,
    periodKey: '2026-11',
    periodLabel: 'November 2026',
    dueAt: new Date('2026-12-05T17:00:00Z'),
    state: { status: 'open' },
    ...overrides,
  };
}

export function cannedEscalation(overrides: Partial<EscalationView> = {}): EscalationView {
  return {
    escalationId: 'esc-1',
    contractRef: CANNED_CONTRACT.reference,
    contractTitle: CANNED_CONTRACT.title,
    trigger: 'red-score',
    headline: 'Network uptime is red: 98.2% in November 2026',
    facts: [
      { label: 'KPI', value: 'Network uptime' },
      { label: 'Score', value: '98.2%' },
    ],
    trend: [
      { periodKey: '2026-10', displayValue: '99.6%', rag: 'amber' },
      { periodKey: '2026-11', displayValue: '98.2%', rag: 'red' },
    ],
    level: 1,
    levelCount: 3,
    mention: [{ name: 'Alex Wilber', teamsUserId: '00000000-0000-0000-0000-0000000000020' }],
    ackDueAt: new Date('2026-12-02T09:00:00Z'),
    status: 'open',
    ...overrides,
  };
}

export const CANNED_SCORECARD: ScorecardView = {
  contractRef: CANNED_CONTRACT.reference,
  contractTitle: CANNED_CONTRACT.title,
  vendorName: CANNED_CONTRACT.vendor.name,
  status: 'active',
  overallScore: 87.5,
  overallRag: 'amber',
  trend: 'declining',
  lines: [
    {
      kpiKey: 'uptime',
      kpiName: 'Network uptime',
      unit: '%',
      target: 99.9,
      latest: { periodKey: '2026-11', value: 99.6, displayValue: '99.6%', rag: 'amber' },
      trend: 'declining',
      series: [],
      vendorVisible: true,
    },
  ],
  vendorView: false,
};

const SUMMARY: ContractSummary = {
  reference: CANNED_CONTRACT.reference,
  title: CANNED_CONTRACT.title,
  vendorName: CANNED_CONTRACT.vendor.name,
  status: 'active',
  owner: CANNED_CONTRACT.governance.owner ?? [],
  endDate: CANNED_CONTRACT.endDate,
  overallRag: 'amber',
  overallScore: 87.5,
  trend: 'declining',
};

export class FakeStewardServices implements StewardServices {
  readonly calls: ServiceCall[] = [];
  private readonly failures = new Map<string, unknown[]>();

  /** The next call to `method` (e.g. 'checkins.submitScore') throws `error` instead of answering. */
  failNext(method: string, error: unknown): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  callsTo(method: string): ServiceCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  private async record<T>(method: string, actor: Actor, args: unknown[], answer: () => T): Promise<T> {
    this.calls.push({ method, actor, args });
    const queued = this.failures.get(method);
    if (queued && queued.length > 0) throw queued.shift();
    return answer();
  }

  readonly contracts: StewardServices['contracts'] = {
    create: (actor, input) => this.record('contracts.create', actor, [input], () => CANNED_CONTRACT),
    list: (actor, filter) =>
      this.record('contracts.list', actor, [filter], () => ({
        contracts: [SUMMARY],
        total: 1,
        offset: 0,
        pageSize: 20,
      })),
    scorecard: (actor, reference) => this.record('contracts.scorecard', actor, [reference], () => CANNED_SCORECARD),
    setGovernance: (actor, reference, input) =>
      this.record('contracts.setGovernance', actor, [reference, input], () => CANNED_CONTRACT),
    setEscalationPath: (actor, reference, input) =>
      this.record('contracts.setEscalationPath', actor, [reference, input], () => CANNED_CONTRACT),
    linkChannel: (actor, reference, input) =>
      this.record('contracts.linkChannel', actor, [reference, input], () => ({
        ...CANNED_CONTRACT,
        channels: [{ surface: input.surface, channelId: input.channelId, purpose: input.purpose }],
      })),
    changeStatus: (actor, reference, to, reason) =>
      this.record('contracts.changeStatus', actor, [reference, to, reason], () => ({ ...CANNED_CONTRACT, status: to })),
    upsertKpi: (actor, reference, input) =>
      this.record('contracts.upsertKpi', actor, [reference, input], () => CANNED_KPI),
    kpis: (actor, reference) => this.record('contracts.kpis', actor, [reference], () => [CANNED_KPI]),
    requireManager: (actor, reference) => this.record('contracts.requireManager', actor, [reference], () => undefined),
  };

  readonly checkins: StewardServices['checkins'] = {
    sendNow: (actor, reference, kpiKey) =>
      this.record('checkins.sendNow', actor, [reference, kpiKey], () => ({ prompted: 1, alreadyOut: [] })),
    openScoreForm: (actor, checkinId) =>
      this.record('checkins.openScoreForm', actor, [checkinId], () => scoreForm(checkinId)),
    submitScore: (actor, checkinId, input) =>
      this.record('checkins.submitScore', actor, [checkinId, input], (): ScoreResult => {
        const value = Number((input as { value?: unknown }).value);
        const rag = value >= 99.5 ? 'green' : value >= 99 ? 'amber' : 'red';
        return {
          scoreId: 'score-1',
          rag,
          displayValue: `${value}%`,
          escalationOpened: rag === 'red',
          item: cannedCheckin({
            checkinId,
            state: {
              status: 'answered',
              value,
              displayValue: `${value}%`,
              rag,
              answeredBy: actor.person,
              answeredAt: new Date('2026-12-01T10:02:00Z'),
            },
          }),
        };
      }),
    openCorrectionForm: (actor, scoreId) =>
      this.record('checkins.openCorrectionForm', actor, [scoreId], () => scoreForm('chk-1')),
    correctScore: (actor, scoreId, input) =>
      this.record('checkins.correctScore', actor, [scoreId, input], (): ScoreResult => {
        throw new Error('not canned');
      }),
    markNotApplicable: (actor, checkinId, input) =>
      this.record('checkins.markNotApplicable', actor, [checkinId, input], () =>
        cannedCheckin({
          checkinId,
          state: {
            status: 'not-applicable',
            reason: String((input as { reason?: unknown }).reason),
            answeredBy: actor.person,
            answeredAt: new Date('2026-12-01T10:02:00Z'),
          },
        }),
      ),
    snooze: (actor, checkinId) =>
      this.record('checkins.snooze', actor, [checkinId], () =>
        cannedCheckin({ checkinId, state: { status: 'snoozed', until: new Date('2026-12-02T09:00:00Z') } }),
      ),
  };

  readonly escalations: StewardServices['escalations'] = {
    listOpen: (actor, reference) =>
      this.record('escalations.listOpen', actor, [reference], (): EscalationSummary[] => [
        {
          id: 'esc-1',
          contractRef: CANNED_CONTRACT.reference,
          contractTitle: CANNED_CONTRACT.title,
          kpiKey: 'uptime',
          trigger: 'red-score',
          level: 1,
          status: 'open',
          openedAt: new Date('2026-12-01T09:00:00Z'),
        },
      ]),
    acknowledge: (actor, escalationId) =>
      this.record('escalations.acknowledge', actor, [escalationId], () =>
        cannedEscalation({ escalationId, status: 'acknowledged', statusLine: `Acknowledged by ${actor.person.name}` }),
      ),
    addCorrectiveAction: (actor, escalationId, input) =>
      this.record('escalations.addCorrectiveAction', actor, [escalationId, input], () =>
        cannedEscalation({ escalationId, statusLine: 'Corrective action added' }),
      ),
    resolve: (actor, escalationId, input) =>
      this.record('escalations.resolve', actor, [escalationId, input], () =>
        cannedEscalation({ escalationId, status: 'resolved', statusLine: 'Resolved' }),
      ),
  };

  readonly dashboard: StewardServices['dashboard'] = {
    home: (actor) =>
      this.record(
        'dashboard.home',
        actor,
        [],
        (): HomeView => ({
          person: actor.person,
          pendingCheckins: [cannedCheckin()],
          ownedContracts: [SUMMARY],
          openEscalations: [],
          unreachable: [],
        }),
      ),
  };

  readonly audit: StewardServices['audit'] = {
    recordRefusal: (actor, what, contractRef) =>
      this.record('audit.recordRefusal', actor, [what, contractRef], () => undefined),
  };

  // Not faked yet: a call fails naming the method.
  readonly kickoff = notFaked<StewardServices['kickoff']>('kickoff');
  readonly obligations = notFaked<StewardServices['obligations']>('obligations');
  readonly risks = notFaked<StewardServices['risks']>('risks');
  readonly correctiveActions = notFaked<StewardServices['correctiveActions']>('correctiveActions');
  readonly serviceCredits = notFaked<StewardServices['serviceCredits']>('serviceCredits');
  readonly value = notFaked<StewardServices['value']>('value');
  readonly closeout = notFaked<StewardServices['closeout']>('closeout');
  readonly auditTrail = notFaked<StewardServices['auditTrail']>('auditTrail');
  readonly reports = notFaked<StewardServices['reports']>('reports');
  readonly imports = notFaked<StewardServices['imports']>('imports');
  readonly forecasts = notFaked<StewardServices['forecasts']>('forecasts');
  readonly reviewPacks = notFaked<StewardServices['reviewPacks']>('reviewPacks');
}

function scoreForm(checkinId: string): ScoreFormView {
  const { kpi, contractRef, contractTitle, periodKey, periodLabel } = cannedCheckin();
  return { checkinId, contractRef, contractTitle, kpi, periodKey, periodLabel };
}
