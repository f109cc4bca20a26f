import type { Contract, Kpi } from '../../src/domain/types';
import type { Actor, StewardServices } from '../../src/services/service-api';
import { notFakedApis } from '../support/not-faked';
import { answered, checkinItem, escalation, scorecard, scoreForm } from './fixtures';

export interface RecordedCall {
  method: string;
  args: unknown[];
}

/**
 * A small in-test StewardServices: canned answers, every call recorded. Tests override one method with
 * `fake.services.checkins.submitScore = async () => { throw … }` when they need something else; `reset()` undoes it.
 */
export function fakeServices(): { services: StewardServices; calls: RecordedCall[]; reset(): void } {
  const calls: RecordedCall[] = [];
  const contract: Contract = {
    reference: 'ACME-2026-001',
    title: 'Facilities management',
    vendor: { name: 'Acme Services', contacts: [] },
    value: { amount: 1_200_000, currency: 'EUR' },
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    status: 'active',
    timezone: 'Europe/Berlin',
    governance: {},
    escalationPath: [],
    channels: [],
    holidays: { buyer: [], vendor: [] },
  };
  const kpi: Kpi = {
    ...checkinItem().kpi,
    contractRef: contract.reference,
    weight: 1,
    cadence: { type: 'monthly' },
    respondent: 'owner',
    vendorVisible: true,
    version: 1,
  };
  const record =
    <A extends unknown[], R>(method: string, answer: (...args: A) => R) =>
    async (...args: A): Promise<Awaited<R>> => {
      calls.push({ method, args });
      return await answer(...args);
    };

  const services: StewardServices = {
    contracts: {
      create: record('contracts.create', () => contract),
      list: record('contracts.list', () => ({ contracts: [], total: 0, offset: 0, pageSize: 20 })),
      scorecard: record('contracts.scorecard', () => scorecard()),
      setGovernance: record('contracts.setGovernance', () => contract),
      setEscalationPath: record('contracts.setEscalationPath', () => contract),
      linkChannel: record('contracts.linkChannel', () => contract),
      changeStatus: record('contracts.changeStatus', (_a: Actor, _r: string, to: Contract['status']) => ({
        ...contract,
        status: to,
      })),
      upsertKpi: record('contracts.upsertKpi', () => kpi),
      kpis: record('contracts.kpis', () => [kpi]),
      requireManager: record('contracts.requireManager', () => undefined),
    },
    checkins: {
      sendNow: record('checkins.sendNow', () => ({ prompted: 2, alreadyOut: [] })),
      openScoreForm: record('checkins.openScoreForm', (_a: Actor, checkinId: string) => scoreForm({ checkinId })),
      submitScore: record('checkins.submitScore', (actor: Actor, checkinId: string) => ({
        scoreId: 'score-1',
        rag: 'green' as const,
        displayValue: '3.5 h',
        item: checkinItem({ checkinId, state: answered({ answeredBy: actor.person }) }),
        escalationOpened: false,
      })),
      openCorrectionForm: record('checkins.openCorrectionForm', () => scoreForm()),
      correctScore: record('checkins.correctScore', () => ({
        scoreId: 'score-1',
        rag: 'amber' as const,
        displayValue: '5 h',
        item: checkinItem({ state: answered({ rag: 'amber', displayValue: '5 h', value: 5, corrected: true }) }),
        escalationOpened: false,
      })),
      markNotApplicable: record('checkins.markNotApplicable', () => checkinItem()),
      snooze: record('checkins.snooze', () =>
        checkinItem({ state: { status: 'snoozed', until: new Date('2026-04-02T09:00:00Z') } }),
      ),
    },
    escalations: {
      listOpen: record('escalations.listOpen', () => []),
      acknowledge: record('escalations.acknowledge', () => escalation({ status: 'acknowledged' })),
      addCorrectiveAction: record('escalations.addCorrectiveAction', () => escalation({ status: 'acknowledged' })),
      resolve: record('escalations.resolve', () => escalation({ status: 'resolved' })),
    },
    dashboard: {
      home: record('dashboard.home', (actor: Actor) => ({
        person: actor.person,
        pendingCheckins: [checkinItem()],
        ownedContracts: [],
        openEscalations: [],
        unreachable: [],
      })),
    },
    audit: {
      recordRefusal: record('audit.recordRefusal', () => undefined),
    },
    ...notFakedApis(),
  };
  const originals = Object.fromEntries(Object.entries(services).map(([name, api]) => [name, { ...api }]));
  return {
    services,
    calls,
    /** Forgets calls and puts back every method a test replaced. */
    reset() {
      calls.length = 0;
      for (const [name, api] of Object.entries(services)) Object.assign(api, originals[name]);
    },
  };
}
