import type { CheckinItemView, SurfaceName } from '../chat/chat-surface';
import { isManager, isOnEscalationPath } from '../domain/access-policy';
import { GOVERNANCE_ROLES, type Person } from '../domain/types';
import type { ContractRecord } from '../store/records';
import type { ContractsService } from './contracts-service';
import type { ServiceDeps } from './deps';
import type { EscalationsService } from './escalations-service';
import { personTarget, reachabilityKey, reasonText, unreachableWhat } from './reachability';
import type { Actor, DashboardApi, HomeView, UnreachableView } from './service-api';
import { checkinItemView } from './views';

const HOME_LIMIT = 20;
/** Home counts the contracts a manager owns that end within this many days. */
export const ENDING_SOON_DAYS = 90;

/** The App Home / personal dashboard: what is waiting for me, what I own, what is escalated to me. */
export class DashboardService implements DashboardApi {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly contracts: ContractsService,
    private readonly escalations: EscalationsService,
  ) {}

  async home(actor: Actor): Promise<HomeView> {
    const { store, clock } = this.deps;
    const now = clock();
    const [openCheckins, mine] = await Promise.all([
      store.checkins.openForPerson(actor.person),
      store.contracts.forPerson(actor.person),
    ]);
    const byRef = new Map(mine.map((contract) => [contract.reference, contract]));
    // Only the KPIs of the check-ins shown: a manager may own hundreds of contracts.
    const kpis = await store.kpis.listForContracts([
      ...new Set(openCheckins.slice(0, HOME_LIMIT).map((c) => c.contractRef)),
    ]);
    const kpiByKey = new Map(kpis.map((kpi) => [`${kpi.contractRef}\u0000${kpi.key}`, kpi]));

    const pendingCheckins: CheckinItemView[] = [];
    for (const checkin of openCheckins.slice(0, HOME_LIMIT)) {
      const contract = byRef.get(checkin.contractRef) ?? (await store.contracts.get(checkin.contractRef));
      const kpi = kpiByKey.get(`${checkin.contractRef}\u0000${checkin.kpiKey}`);
      if (!contract || !kpi) continue;
      if (actor.external && !kpi.vendorVisible && checkin.respondent.role !== 'vendor') continue;
      pendingCheckins.push(checkinItemView(contract, kpi, checkin, null, now));
    }

    // The owned contracts worst first and their counts, from the stored standings: no scorecard per contract,
    // however many a manager owns.
    const { contracts: ownedContracts, ...owned } = await this.contracts.ownedOverview(actor, ENDING_SOON_DAYS);

    const involved = actor.external
      ? []
      : mine.filter((contract) => isManager(contract, actor.person) || isOnEscalationPath(contract, actor.person));
    const openEscalations = involved.length > 0 ? await this.escalations.listOpen(actor) : [];

    return {
      person: actor.person,
      pendingCheckins,
      ownedContracts,
      owned,
      openEscalations: openEscalations.slice(0, HOME_LIMIT),
      // The lists above are cut to what Home shows; their headings count everything.
      totals: { pendingCheckins: openCheckins.length, openEscalations: openEscalations.length },
      unreachable: involved.length > 0 ? await this.unreachable(involved) : [],
    };
  }

  /** Who and what of these contracts Steward could not reach (the reachability records are a handful). */
  private async unreachable(contracts: ContractRecord[]): Promise<UnreachableView[]> {
    const records = new Map((await this.deps.store.reachability.listUnreachable()).map((r) => [r.key, r]));
    if (records.size === 0) return [];
    const found: UnreachableView[] = [];
    for (const contract of contracts) {
      const people = [
        ...GOVERNANCE_ROLES.flatMap((role) => contract.governance[role] ?? []),
        ...contract.vendor.contacts,
        ...contract.escalationPath.flatMap((level) => level.people),
      ];
      const seen = new Set<string>();
      const candidates: Array<{ key: string; surface: SurfaceName; person?: Person }> = [
        ...people.flatMap((person) =>
          (['slack', 'teams'] as const).flatMap((surface) => {
            const target = personTarget(surface, person);
            return target ? [{ key: reachabilityKey(surface, target), surface, person }] : [];
          }),
        ),
        ...contract.channels.map((channel) => ({
          key: reachabilityKey(channel.surface, { kind: 'channel', id: channel.channelId }),
          surface: channel.surface,
        })),
      ];
      for (const candidate of candidates) {
        const record = records.get(candidate.key);
        if (!record || seen.has(candidate.key)) continue;
        seen.add(candidate.key);
        found.push({
          contractRef: contract.reference,
          what: unreachableWhat(record.targetKind, candidate.person ?? record.person),
          surface: candidate.surface,
          reason: reasonText(record.reason),
          nextCheckAt: record.retryAt,
        });
      }
    }
    return found;
  }
}
