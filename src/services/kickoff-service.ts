import type { ChatDestination } from '../chat/chat-surface';
import { StewardError } from '../domain/errors';
import { formatValue } from '../domain/format';
import { type Cadence, type ContractStatus, GOVERNANCE_ROLES, type LinkedChannel, type Person } from '../domain/types';
import type { ContractRecord, KpiRecord } from '../store/records';
import { authorizeVendorStep } from './access-checks';
import { authorize, needsVendorView } from './authorization';
import type { ServiceDeps } from './deps';
import { giveBack, takeOnce } from './once';
import { withName, withNames } from './people';
import { destinationOf, internalPlaces, peopleNames, personName, postNotices } from './places';
import type { Actor, KickoffApi, KickoffKpiLine, KickoffView } from './service-api';

/** A kickoff belongs to a running contract; a draft has not started and a closing one is ending. */
const KICKOFF_STATUSES: ReadonlySet<ContractStatus> = new Set(['active', 'at-risk', 'in-remediation']);
/** The vendor may still acknowledge while the contract winds down. */
const ACKNOWLEDGEABLE_STATUSES: ReadonlySet<ContractStatus> = new Set([...KICKOFF_STATUSES, 'closing']);
/** Keeps the notice well inside Slack's 3,000-character section limit. */
const MAX_KPI_LINES = 20;

/**
 * The kickoff: when a contract becomes active, each of its channels gets a checklist (roles, KPIs
 * with their thresholds, and a request to the vendor to acknowledge), the vendor channel in the
 * vendor view. A channel linked later gets it too, until the vendor has acknowledged.
 */
export class KickoffService implements KickoffApi {
  constructor(private readonly deps: ServiceDeps) {}

  /** Called by ContractsService; never throws, since the activation it follows is already saved. */
  async onActivated(contract: ContractRecord): Promise<void> {
    await this.postTo(contract, contract.channels).catch((error: unknown) =>
      this.deps.logger.error({ err: error, contractRef: contract.reference }, 'could not post the kickoff'),
    );
  }

  /** Called by ContractsService after a channel is linked. */
  async onChannelLinked(contract: ContractRecord, channel: LinkedChannel): Promise<void> {
    if (!KICKOFF_STATUSES.has(contract.status) || contract.kickoff?.acknowledgedAt) return;
    await this.postTo(contract, [channel]).catch((error: unknown) =>
      this.deps.logger.error({ err: error, contractRef: contract.reference }, 'could not post the kickoff'),
    );
  }

  async checklist(actor: Actor, reference: string): Promise<KickoffView> {
    const contract = await this.deps.store.contracts.require(reference);
    const vendorView = needsVendorView(actor, contract);
    await authorize(this.deps, actor, contract, vendorView ? 'view-vendor' : 'view-internal');
    return this.viewOf(contract, vendorView);
  }

  async postKickoff(actor: Actor, reference: string): Promise<{ posted: number }> {
    const contract = await this.deps.store.contracts.require(reference);
    await authorize(this.deps, actor, contract, 'manage');
    if (!KICKOFF_STATUSES.has(contract.status)) {
      throw new StewardError(
        'conflict',
        `${reference} is ${contract.status}; the kickoff is for a contract that has started. Activate it first.`,
      );
    }
    if (contract.kickoff?.acknowledgedAt) {
      throw new StewardError(
        'conflict',
        `${personName(contract.kickoff.acknowledgedBy)} already acknowledged the kickoff of ${reference} on ${contract.kickoff.acknowledgedAt.toISOString().slice(0, 10)}.`,
      );
    }
    if (contract.channels.length === 0) {
      throw new StewardError(
        'validation',
        `${reference} has no linked channel yet. Link its internal and vendor channels with /steward link; the kickoff is posted in each as it is linked.`,
      );
    }
    return { posted: await this.postTo(contract, contract.channels) };
  }

  async acknowledgeKickoff(actor: Actor, reference: string): Promise<KickoffView & { alreadyAcknowledged: boolean }> {
    const { store, clock } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorizeVendorStep(this.deps, actor, contract, 'acknowledge the kickoff');
    if (!ACKNOWLEDGEABLE_STATUSES.has(contract.status)) {
      throw new StewardError(
        'conflict',
        `${reference} is ${contract.status}, so there is no kickoff to acknowledge${contract.status === 'draft' ? ' yet: it starts when the contract becomes active' : ''}.`,
      );
    }
    if (contract.kickoff?.acknowledgedAt) return { ...(await this.viewOf(contract, true)), alreadyAcknowledged: true };

    const now = clock();
    const key = `kickoff-ack:${reference}`;
    // Two vendor contacts pressing the button at once: the lease's unique insert lets one through.
    const token = await takeOnce(store, key, this.deps.instanceId, now);
    if (!token) {
      return { ...(await this.viewOf(await store.contracts.require(reference), true)), alreadyAcknowledged: true };
    }
    let updated: ContractRecord;
    try {
      updated = await store.contracts.updateKickoff(reference, (current) => ({
        ...current,
        acknowledgedAt: now,
        acknowledgedBy: actor.person,
      }));
      await store.audit.append({
        contractRef: reference,
        actor: actor.person,
        surface: actor.surface,
        action: 'contract.updated',
        entityType: 'kickoff',
        entityId: reference,
        before: { acknowledged: false },
        after: { acknowledged: true, acknowledgedBy: actor.person, acknowledgedAt: now },
      });
    } catch (error) {
      await giveBack(store, key, token, now);
      throw error;
    }
    await postNotices(
      this.deps,
      await internalPlaces(this.deps, updated),
      {
        text: `${personName(actor.person)} (${updated.vendor.name}) acknowledged the kickoff of ${reference}.`,
        mention: updated.governance.owner ?? [],
      },
      { contractRef: reference },
    );
    return { ...(await this.viewOf(updated, true)), alreadyAcknowledged: false };
  }

  /** Posts the checklist once per channel, across replicas; returns how many channels got it. */
  private async postTo(contract: ContractRecord, channels: LinkedChannel[]): Promise<number> {
    const { store, clock, logger } = this.deps;
    if (!KICKOFF_STATUSES.has(contract.status)) return 0;
    let posted = 0;
    for (const channel of channels) {
      const place = `${channel.surface}:${channel.channelId}`;
      const surface = this.deps.surfaces.get(channel.surface);
      if (!surface || contract.kickoff?.postedTo.includes(place)) continue;
      const now = clock();
      const key = `kickoff:${contract.reference}:${place}`;
      const token = await takeOnce(store, key, this.deps.instanceId, now);
      if (!token) continue;
      try {
        const vendorView = channel.purpose === 'vendor';
        const view = await this.viewOf(contract, vendorView);
        const destination: ChatDestination = destinationOf(channel);
        await surface.postNotice(destination, {
          text: kickoffText(view),
          mention: vendorView ? contract.vendor.contacts : (contract.governance.owner ?? []),
          ...(vendorView ? { action: { kind: 'acknowledge-kickoff', contractRef: contract.reference } } : {}),
        });
        await store.contracts.updateKickoff(contract.reference, (current) => ({
          ...current,
          postedTo: [...new Set([...current.postedTo, place])],
        }));
        posted += 1;
      } catch (error) {
        await giveBack(store, key, token, now);
        logger.error({ err: error, contractRef: contract.reference, channel: channel.channelId }, 'kickoff not posted');
      }
    }
    return posted;
  }

  private async viewOf(contract: ContractRecord, vendorView: boolean): Promise<KickoffView> {
    const kpis = await this.deps.store.kpis.listForContract(contract.reference);
    const shown = vendorView ? kpis.filter((kpi) => kpi.vendorVisible) : kpis;
    // People by display name: those stored as a bare Slack or Teams id are named by the surface that knows them.
    const named = (people: Person[]) => withNames(this.deps.surfaces, people, this.deps.logger);
    const roles = vendorView
      ? [{ role: 'owner', people: await named(contract.governance.owner ?? []) }]
      : await Promise.all(
          GOVERNANCE_ROLES.map(async (role) => ({ role, people: await named(contract.governance[role] ?? []) })),
        );
    return {
      contractRef: contract.reference,
      contractTitle: contract.title,
      vendorName: contract.vendor.name,
      startDate: contract.startDate,
      endDate: contract.endDate,
      roles,
      vendorContacts: await named(contract.vendor.contacts),
      escalationPath: vendorView
        ? []
        : await Promise.all(
            contract.escalationPath.map(async (level) => ({
              level: level.level,
              people: await named(level.people),
              ...(level.role ? { role: level.role } : {}),
              ackWithinHours: level.ackWithinHours,
            })),
          ),
      kpis: shown.map(kpiLine),
      vendorView,
      acknowledged:
        contract.kickoff?.acknowledgedAt && contract.kickoff.acknowledgedBy
          ? {
              by: await withName(this.deps.surfaces, contract.kickoff.acknowledgedBy),
              at: contract.kickoff.acknowledgedAt,
            }
          : null,
    };
  }
}

function kpiLine(kpi: KpiRecord): KickoffKpiLine {
  const format = (value: number) => formatValue(value, kpi.kind, kpi.unit);
  return {
    key: kpi.key,
    name: kpi.name,
    cadence: cadenceText(kpi.cadence),
    respondent: kpi.respondent,
    direction: kpi.direction,
    target: format(kpi.target),
    warning: format(kpi.warningThreshold),
    breach: format(kpi.breachThreshold),
  };
}

function cadenceText(cadence: Cadence): string {
  return cadence.type === 'milestones' ? `milestones (${cadence.dates.length})` : cadence.type;
}

/** The checklist as plain text; the surfaces escape it and add the mentions. */
export function kickoffText(view: KickoffView): string {
  const lines: string[] = [];
  const term = `${view.startDate} to ${view.endDate}`;
  const kpiLines = view.kpis.slice(0, MAX_KPI_LINES).map((kpi) => {
    const who =
      kpi.respondent === 'vendor' ? (view.vendorView ? 'you answer' : 'the vendor answers') : 'the owner answers';
    return `   • ${kpi.name}: target ${kpi.target}, warning at ${kpi.warning}, breach at ${kpi.breach} (${kpi.cadence}, ${who})`;
  });
  if (view.kpis.length > MAX_KPI_LINES) kpiLines.push(`   • and ${view.kpis.length - MAX_KPI_LINES} more`);
  if (kpiLines.length === 0) kpiLines.push('   • none yet');

  if (view.vendorView) {
    lines.push(`Kickoff of ${view.contractRef} “${view.contractTitle}”, ${term}. Please check:`);
    lines.push('1. Roles');
    lines.push(`   • Contract owner: ${peopleNames(view.roles.find((role) => role.role === 'owner')?.people)}`);
    lines.push(`   • Your contacts: ${peopleNames(view.vendorContacts)}`);
    lines.push(`2. The KPIs you are measured on (${view.kpis.length})`, ...kpiLines);
    lines.push(
      view.acknowledged
        ? `3. Acknowledged by ${personName(view.acknowledged.by)}. Thank you.`
        : `3. Please acknowledge this kickoff: /steward acknowledge ${view.contractRef}`,
    );
    return lines.join('\n');
  }
  lines.push(`Kickoff of ${view.contractRef} “${view.contractTitle}” with ${view.vendorName}, ${term}. Please check:`);
  lines.push('1. Roles confirmed');
  for (const role of view.roles) lines.push(`   • ${capitalize(role.role)}: ${peopleNames(role.people)}`);
  lines.push(`   • Vendor contacts: ${peopleNames(view.vendorContacts)}`);
  if (view.escalationPath.length > 0) {
    const levels = view.escalationPath.map((level) => {
      const who = [level.role, ...level.people.map(personName)].filter(Boolean).join(', ');
      return `${level.level}. ${who} (${level.ackWithinHours} h)`;
    });
    lines.push(`   • Escalation path: ${levels.join(' → ')}`);
  }
  lines.push(`2. KPIs and thresholds (${view.kpis.length})`, ...kpiLines);
  lines.push(
    view.acknowledged
      ? `3. ${personName(view.acknowledged.by)} acknowledged the kickoff for ${view.vendorName}.`
      : `3. Waiting for ${view.vendorName} to acknowledge the kickoff in the shared channel.`,
  );
  return lines.join('\n');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
