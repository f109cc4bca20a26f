import type { ChatDestination, ChatNotice, PostedMessage } from '../chat/chat-surface';
import { samePerson } from '../domain/access-policy';
import type { ChannelPurpose, Contract, LinkedChannel, Person } from '../domain/types';
import type { ServiceDeps } from './deps';
import {
  channelTarget,
  type DeliveryReport,
  markReachable,
  personTarget,
  reachabilityKey,
  recordDeliveryFailure,
} from './reachability';
import type { Actor } from './service-api';

/** The contract's linked channels of one purpose, on surfaces that are on. */
export function channelDestinations(
  deps: ServiceDeps,
  contract: Pick<Contract, 'channels'>,
  purpose: ChannelPurpose,
): ChatDestination[] {
  return contract.channels
    .filter((channel) => channel.purpose === purpose && deps.surfaces.get(channel.surface))
    .map((channel) => destinationOf(channel));
}

export function destinationOf(channel: LinkedChannel): ChatDestination {
  return {
    surface: channel.surface,
    channelId: channel.channelId,
    serviceUrl: channel.serviceUrl,
    purpose: channel.purpose,
  };
}

/**
 * Direct conversations with these people, on every surface that can reach them. A person the surface could
 * not reach is remembered (reachability.ts) and not looked up again for an hour, whatever asks for them.
 */
export async function directDestinations(
  deps: ServiceDeps,
  people: Person[],
  report?: DeliveryReport,
): Promise<ChatDestination[]> {
  const found: ChatDestination[] = [];
  for (const person of people) {
    for (const name of deps.surfaces.enabled()) {
      const surface = deps.surfaces.get(name);
      const target = personTarget(name, person);
      if (!surface || !target) continue;
      const previous = await deps.store.reachability.get(reachabilityKey(name, target));
      if (previous && previous.retryAt > deps.clock()) {
        report?.block({ surface: name, target, reason: previous.reason, retryAt: previous.retryAt, person });
        continue;
      }
      try {
        const direct = await surface.directDestination(person);
        if (direct) found.push(direct);
        await markReachable(deps, name, target, previous);
      } catch (error) {
        await recordDeliveryFailure(deps, name, error, report, { person, previous });
      }
    }
  }
  return found;
}

/** The contract's internal channels, or else direct messages to `fallback` (usually its owners). */
export async function internalPlaces(
  deps: ServiceDeps,
  contract: Pick<Contract, 'channels' | 'governance'>,
  fallback: Person[] = contract.governance.owner ?? [],
  report?: DeliveryReport,
): Promise<ChatDestination[]> {
  const channels = channelDestinations(deps, contract, 'internal');
  return channels.length > 0 ? channels : directDestinations(deps, fallback, report);
}

/**
 * Where something addressed to one person goes: a vendor contact is reached in the vendor channel,
 * anyone else in the internal channels; without a channel, in a direct message.
 */
export async function placesFor(
  deps: ServiceDeps,
  contract: Pick<Contract, 'channels' | 'governance' | 'vendor'>,
  person: Person,
  report?: DeliveryReport,
): Promise<ChatDestination[]> {
  const vendorSide = contract.vendor.contacts.some((contact) => samePerson(contact, person));
  const channels = channelDestinations(deps, contract, vendorSide ? 'vendor' : 'internal');
  return channels.length > 0 ? channels : directDestinations(deps, [person], report);
}

/**
 * Posts the notice to every destination; a destination that fails is remembered (an archived channel is not
 * tried again for an hour) and skipped, and `report` says what was not reached.
 */
export async function postNotices(
  deps: ServiceDeps,
  destinations: ChatDestination[],
  notice: ChatNotice,
  context: Record<string, unknown> = {},
  report?: DeliveryReport,
): Promise<PostedMessage[]> {
  const posted: PostedMessage[] = [];
  for (const destination of destinations) {
    const surface = deps.surfaces.get(destination.surface);
    if (!surface) continue;
    const target = channelTarget(destination);
    const previous = await deps.store.reachability.get(reachabilityKey(destination.surface, target));
    if (previous && previous.retryAt > deps.clock()) {
      report?.block({ surface: destination.surface, target, reason: previous.reason, retryAt: previous.retryAt });
      continue;
    }
    try {
      posted.push(await surface.postNotice(destination, notice));
      await markReachable(deps, destination.surface, target, previous);
    } catch (error) {
      await recordDeliveryFailure(deps, destination.surface, error, report, {
        previous,
        channel: destination.channelId,
        ...context,
      });
    }
  }
  return posted;
}

/** Where a request came from, as a destination, when it came from a channel. */
export function requestPlace(actor: Actor, contract?: Pick<Contract, 'channels'>): ChatDestination | undefined {
  const channel = actor.channel;
  if (!channel) return undefined;
  const linked = contract?.channels.find(
    (candidate) => candidate.surface === channel.surface && candidate.channelId === channel.channelId,
  );
  const purpose: ChannelPurpose = channel.shared || linked?.purpose === 'vendor' ? 'vendor' : 'internal';
  return {
    surface: channel.surface,
    channelId: channel.channelId,
    serviceUrl: linked?.serviceUrl,
    purpose,
  };
}

/** A person's name for plain text; surfaces render real mentions from a notice's `mention` list. */
export function personName(person: Person | undefined): string {
  if (!person) return 'someone';
  // Never a bare Slack id or GUID: people are named by the directory (people.ts) before they are shown.
  return person.name ?? person.email ?? 'someone';
}

export function peopleNames(people: Person[] | undefined): string {
  return people && people.length > 0 ? people.map(personName).join(', ') : 'nobody yet';
}
