import type { ChatDestination, SurfaceName } from '../chat/chat-surface';
import { type DeliveryFailure, type DeliveryTarget, isDeliveryFailure } from '../chat/delivery-failure';
import { samePerson } from '../domain/access-policy';
import { type Contract, GOVERNANCE_ROLES, type Person } from '../domain/types';
import { failureLogFor } from '../failure-log';
import type { ReachabilityRecord, ReachabilityRepository } from '../store/reachability';
import type { ServiceDeps } from './deps';

/** An unreachable person or channel is looked up again after this, whatever the number of contracts naming it. */
export const UNREACHABLE_RECHECK_MS = 3_600_000;
/** Transient failures (429, 5xx, network) back off exponentially from this, capped below. */
const TRANSIENT_BACKOFF_MS = 30_000;
const TRANSIENT_BACKOFF_CAP_MS = 15 * 60_000;

export type ReachContract = Pick<Contract, 'reference' | 'channels' | 'governance'>;

export interface BlockedDelivery {
  surface: SurfaceName;
  target: DeliveryTarget;
  reason: string;
  retryAt: Date;
  person?: Person;
}

/**
 * What one delivery attempt could not reach, and when it is worth trying again. Scheduled jobs read
 * `retryAt` to put the contract aside until then instead of trying again on every tick.
 */
export class DeliveryReport {
  readonly blocked: BlockedDelivery[] = [];

  constructor(readonly contract?: ReachContract) {}

  block(blocked: BlockedDelivery): void {
    this.blocked.push(blocked);
  }

  /** The earliest instant any blocked target may be tried again; undefined when nothing was blocked. */
  get retryAt(): Date | undefined {
    let earliest: Date | undefined;
    for (const { retryAt } of this.blocked) if (!earliest || retryAt < earliest) earliest = retryAt;
    return earliest;
  }
}

export function reachabilityKey(surface: SurfaceName, target: DeliveryTarget): string {
  return `${surface}:${target.kind}:${target.id}`;
}

/** The surface's id for a person, the one its failures are remembered under. */
export function personTarget(surface: SurfaceName, person: Person): DeliveryTarget | null {
  const id = surface === 'slack' ? person.slackUserId : person.teamsUserId;
  return id ? { kind: 'person', id } : null;
}

export function channelTarget(destination: ChatDestination): DeliveryTarget {
  return { kind: 'channel', id: destination.channelId };
}

/**
 * The remembered failure that stops a delivery to `target` now, if any. A point read: cheap enough to do
 * before every delivery.
 */
export async function blockedNow(
  deps: ServiceDeps,
  surface: SurfaceName,
  target: DeliveryTarget,
  now: Date,
): Promise<ReachabilityRecord | null> {
  const record = await deps.store.reachability.get(reachabilityKey(surface, target));
  return record && record.retryAt > now ? record : null;
}

/** Remembers that `target` answered: it was unreachable or backing off before and is now tried as usual. */
export async function markReachable(
  deps: ServiceDeps,
  surface: SurfaceName,
  target: DeliveryTarget,
  previous: ReachabilityRecord | null,
): Promise<void> {
  if (!previous) return;
  if (await deps.store.reachability.clear(reachabilityKey(surface, target))) {
    deps.logger.info({ surface, target: target.id, was: previous.reason }, 'reachable again');
  }
}

/**
 * Remembers a failed delivery. Unreachable targets wait an hour before the next lookup and, the first
 * time, the contract's managers are told (once across replicas); transient failures back off.
 * Anything that is not a DeliveryFailure is an unexpected error and goes to the log with its stack.
 */
export async function recordDeliveryFailure(
  deps: ServiceDeps,
  surface: SurfaceName,
  error: unknown,
  report: DeliveryReport | undefined,
  context: { person?: Person; previous?: ReachabilityRecord | null } & Record<string, unknown> = {},
): Promise<void> {
  const { person, previous, ...logContext } = context;
  if (!isDeliveryFailure(error)) {
    deps.logger.error({ err: error, surface, ...logContext }, 'delivery failed');
    return;
  }
  const now = deps.clock();
  const failures = error.kind === 'transient' ? (previous?.status === 'transient' ? previous.failures : 0) + 1 : 0;
  const retryAt = new Date(now.getTime() + retryDelayMs(error, failures));
  failureLogFor(deps.logger).warn(
    {
      surface,
      method: error.method,
      reason: error.reason,
      target: error.target.id,
      ...(report?.contract ? { contractRef: report.contract.reference } : {}),
    },
    error.kind === 'unreachable' ? 'cannot reach; not tried again for an hour' : 'delivery failed; backing off',
  );
  const { first } = await deps.store.reachability.recordFailure(
    {
      key: reachabilityKey(surface, error.target),
      surface,
      targetKind: error.target.kind,
      status: error.kind,
      reason: error.reason,
      method: error.method,
      ...(person ? { person } : {}),
      retryAt,
      failures,
    },
    now,
  );
  report?.block({ surface, target: error.target, reason: error.reason, retryAt, ...(person ? { person } : {}) });
  if (first && report?.contract) await tellManagers(deps, surface, error, report.contract, person);
}

function retryDelayMs(error: DeliveryFailure, failures: number): number {
  if (error.kind === 'unreachable') return UNREACHABLE_RECHECK_MS;
  const backoff = Math.min(TRANSIENT_BACKOFF_CAP_MS, TRANSIENT_BACKOFF_MS * 2 ** Math.max(0, failures - 1));
  return Math.max(error.retryAfterMs ?? 0, backoff);
}

/** Words for the notice: what Steward could not reach, never a raw id. */
export function unreachableWhat(targetKind: 'person' | 'channel', person: Person | undefined): string {
  if (targetKind === 'channel') return 'one of its channels';
  return person?.name ?? person?.email ?? 'a person named in its roles';
}

const REASONS: Record<string, string> = {
  user_not_found: 'the account does not exist in this workspace',
  account_inactive: 'the account is deactivated',
  cannot_dm_bot: 'it is a bot',
  user_not_visible: 'they are in another organisation and share no channel with Steward',
  channel_not_found: 'the channel no longer exists or Steward is not in it',
  is_archived: 'the channel is archived',
  not_in_channel: 'Steward is not a member of the channel',
  http_403: 'Teams refused the conversation',
  http_404: 'Teams does not know the conversation',
};

export function reasonText(reason: string): string {
  return REASONS[reason] ?? reason;
}

/**
 * Tells the contract's managers once, in its internal channels or else in a direct message to the other people
 * in its roles. A failure while telling them is only logged: it must not start another notice.
 */
async function tellManagers(
  deps: ServiceDeps,
  surface: SurfaceName,
  error: DeliveryFailure,
  contract: ReachContract,
  person: Person | undefined,
): Promise<void> {
  const text = `Steward can't reach ${unreachableWhat(error.target.kind, person)} on ${surface === 'slack' ? 'Slack' : 'Teams'} for ${contract.reference} (${reasonText(error.reason)}). Update the roles with /steward roles ${contract.reference}; Steward tries again when they change, and checks once an hour.`;
  const channels = contract.channels.filter(
    (channel) =>
      channel.purpose === 'internal' &&
      deps.surfaces.get(channel.surface) &&
      !(error.target.kind === 'channel' && channel.channelId === error.target.id),
  );
  const destinations: ChatDestination[] = channels.map((channel) => ({
    surface: channel.surface,
    channelId: channel.channelId,
    serviceUrl: channel.serviceUrl,
    purpose: channel.purpose,
  }));
  if (destinations.length === 0) {
    const managers = GOVERNANCE_ROLES.flatMap((role) => contract.governance[role] ?? []).filter(
      (manager, index, all) =>
        !(person && samePerson(manager, person)) && all.findIndex((other) => samePerson(other, manager)) === index,
    );
    for (const manager of managers) {
      for (const name of deps.surfaces.enabled()) {
        const target = personTarget(name, manager);
        if (!target || (await blockedNow(deps, name, target, deps.clock()))) continue;
        const direct = await deps.surfaces
          .get(name)
          ?.directDestination(manager)
          .catch(() => null);
        if (direct) destinations.push(direct);
      }
    }
  }
  for (const destination of destinations) {
    try {
      await deps.surfaces.get(destination.surface)?.postNotice(destination, { text });
    } catch (failure) {
      deps.logger.warn(
        { surface: destination.surface, contractRef: contract.reference, reason: (failure as Error).message },
        'could not tell the managers about an unreachable delivery',
      );
    }
  }
  if (destinations.length === 0) {
    deps.logger.warn(
      { contractRef: contract.reference, surface },
      'nobody to tell about an unreachable delivery; it shows on Home',
    );
  }
}

/**
 * The reachability records as one scheduled run sees them: each key is read once per run, not once per contract
 * (600 contracts of one deactivated owner are one read), and what the run itself records is read fresh after.
 */
export function reachabilityForOneRun(deps: ServiceDeps): ServiceDeps {
  const repository = deps.store.reachability;
  const read = new Map<string, Promise<ReachabilityRecord | null>>();
  const forget = (key: string) => read.delete(key);
  const memo: ReachabilityRepository = {
    ...repository,
    get(key) {
      const known = read.get(key);
      if (known) return known;
      const reading = repository.get(key);
      read.set(key, reading);
      reading.catch(() => forget(key));
      return reading;
    },
    async recordFailure(failure, now) {
      try {
        return await repository.recordFailure(failure, now);
      } finally {
        forget(failure.key);
      }
    },
    async clear(key) {
      try {
        return await repository.clear(key);
      } finally {
        forget(key);
      }
    },
  };
  return { ...deps, store: { ...deps.store, reachability: memo } };
}
