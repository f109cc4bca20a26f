import { periodContaining, previousPeriod } from '../src/domain/periods';
import type { Contract, Governance, Person, Respondent } from '../src/domain/types';
import type { NewCheckin, NewKpi, Store } from '../src/store';

/**
 * Seeds many contracts whose check-ins are all due, straight through the store (no chat, no services):
 * for the fan-out tests (replicas, crash recovery) and the benchmarks. Contract `i` is linked to its own
 * Slack channel, unless `channelOf` maps several contracts onto one channel.
 */
export interface SeedOptions {
  contracts: number;
  kpisPerContract: number;
  /**
   * When every check-in is due. They ask about the last month complete by then, the period the service's
   * own createDueCheckins would pick, so a running service finds them instead of creating others.
   */
  dueAt: Date;
  prefix?: string;
  /** The Slack channel of contract `i` (0-based); `C{prefix}{i}` by default. */
  channelOf?: (index: number) => string;
  respondent?: Respondent;
  timezone?: string;
  /** Who holds the roles; the owner alone (Olivia Owner, U0OWNER) by default. */
  governance?: Governance;
}

export interface SeededCheckins {
  checkinIds: string[];
  /** Channel id → ids of the check-ins prompted there. */
  byChannel: Map<string, string[]>;
}

const vendorContact = (index: number): Person => ({
  name: `Vendor contact ${index}`,
  slackUserId: `U0VENDOR${index}`,
  slackTeamId: 'T0VENDOR',
});
const owner: Person = { name: 'Olivia Owner', slackUserId: 'U0OWNER', slackTeamId: 'T0STEWARD' };

export async function seedDueCheckins(store: Store, options: SeedOptions): Promise<SeededCheckins> {
  const prefix = options.prefix ?? 'SEED';
  const respondent = options.respondent ?? 'vendor';
  const timezone = options.timezone ?? 'UTC';
  const channelOf = options.channelOf ?? ((i: number) => `C${prefix.toUpperCase()}${String(i).padStart(6, '0')}`);
  const dueAt = options.dueAt;
  const monthly = { type: 'monthly' as const };
  const period = previousPeriod(monthly, periodContaining(monthly, dueAt, timezone), timezone);
  const byChannel = new Map<string, string[]>();
  const checkins: Array<{ channelId: string; input: NewCheckin }> = [];

  const items: Array<{ contract: Contract; kpis: NewKpi[] }> = [];
  for (let index = 0; index < options.contracts; index += 1) {
    const reference = `${prefix}-${String(index).padStart(6, '0')}`;
    const channelId = channelOf(index);
    const contact = vendorContact(index);
    const contract: Contract = {
      reference,
      title: `Seeded contract ${index}`,
      vendor: { name: `Vendor ${index}`, contacts: [contact] },
      value: { amount: 100_000, currency: 'EUR' },
      startDate: '2020-01-01',
      endDate: '2035-12-31',
      status: 'active',
      timezone,
      governance: options.governance ?? { owner: [owner] },
      escalationPath: [{ level: 1, role: 'owner', people: [], ackWithinHours: 24 }],
      channels: [{ surface: 'slack', channelId, purpose: respondent === 'vendor' ? 'vendor' : 'internal' }],
      holidays: { buyer: [], vendor: [] },
    };
    const kpis = Array.from({ length: options.kpisPerContract }, (_, k) => ({
      key: `kpi${k + 1}`,
      definition: {
        name: `KPI ${k + 1}`,
        unit: '%',
        kind: 'percent' as const,
        direction: 'higher-is-better' as const,
        baseline: 98,
        target: 99.5,
        warningThreshold: 99,
        breachThreshold: 98,
        weight: 1,
        cadence: { type: 'monthly' as const },
        respondent,
        evidenceRequired: false,
        vendorVisible: true,
      },
    }));
    items.push({ contract, kpis });
    for (const kpi of kpis) {
      checkins.push({
        channelId,
        input: {
          contractRef: reference,
          kpiKey: kpi.key,
          kpiVersion: 1,
          periodKey: period.key,
          periodStart: period.start,
          periodEnd: period.end,
          dueAt,
          graceEndsAt: new Date(dueAt.getTime() + 72 * 3_600_000),
          respondent: { role: respondent, people: respondent === 'vendor' ? [contact] : [owner] },
        },
      });
    }
  }

  // A few hundred contracts per insert: one command per collection instead of one per document.
  for (let i = 0; i < items.length; i += 250) await store.contracts.createMany(items.slice(i, i + 250), { by: owner });
  for (let i = 0; i < checkins.length; i += 1_000) {
    await store.checkins.insertMany(checkins.slice(i, i + 1_000).map((c) => c.input));
  }
  // Read back for the ids: one query for everything due.
  const checkinIds: string[] = [];
  const channelOfContract = new Map(checkins.map((c) => [c.input.contractRef, c.channelId]));
  for (const checkin of await store.checkins.due(dueAt, checkins.length + 10_000)) {
    const channelId = channelOfContract.get(checkin.contractRef);
    if (!channelId || checkin.periodKey !== period.key) continue;
    checkinIds.push(checkin.id);
    byChannel.set(channelId, [...(byChannel.get(channelId) ?? []), checkin.id]);
  }
  return { checkinIds, byChannel };
}
