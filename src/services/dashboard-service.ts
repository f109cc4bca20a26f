import type { CheckinItemView } from '../chat/chat-surface';
import { isManager, isOnEscalationPath, samePerson } from '../domain/access-policy';
import type { ContractsService } from './contracts-service';
import type { ServiceDeps } from './deps';
import type { EscalationsService } from './escalations-service';
import type { Actor, DashboardApi, HomeView } from './service-api';
import { checkinItemView } from './views';

const HOME_LIMIT = 20;

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
    const kpis = await store.kpis.listForContracts([
      ...new Set([...byRef.keys(), ...openCheckins.map((c) => c.contractRef)]),
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

    const owned = actor.external
      ? []
      : mine.filter((contract) => (contract.governance.owner ?? []).some((owner) => samePerson(owner, actor.person)));
    const ownedContracts = await Promise.all(
      owned.slice(0, HOME_LIMIT).map((contract) => this.contracts.summaryOf(contract, false)),
    );

    const involved = actor.external
      ? []
      : mine.filter((contract) => isManager(contract, actor.person) || isOnEscalationPath(contract, actor.person));
    const openEscalations = involved.length > 0 ? await this.escalations.listOpen(actor) : [];

    return {
      person: actor.person,
      pendingCheckins,
      ownedContracts,
      openEscalations: openEscalations.slice(0, HOME_LIMIT),
    };
  }
}
