import type { ChatDestination, ChatNotice, PostedMessage } from '../chat/chat-surface';
import { samePerson } from '../domain/access-policy';
import type { ChannelPurpose, Contract, LinkedChannel, Person } from '../domain/types';
import type { ServiceDeps } from './deps';
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

/** Direct conversations with these people, on every surface that can reach them. */
export async function directDestinations(deps: ServiceDeps, people: Person[]): Promise<ChatDestination[]> {
  const found: ChatDestination[] = [];
  for (const person of people) {
    for (const name of deps.surfaces.enabled()) {
      const direct = await deps.surfaces
        .get(name)
        ?.directDestination(person)
        .catch(() => null);
      if (direct) found.push(direct);
    }
  }
  return found;
}

/** The contract's internal channels, or else direct messages to `fallback` (usually its owners). */
export async function internalPlaces(
  deps: ServiceDeps,
  contract: Pick<Contract, 'channels' | 'governance'>,
  fallback: Person[] = contract.governance.owner ?? [],
): Promise<ChatDestination[]> {
  const channels = channelDestinations(deps, contract, 'internal');
  return channels.length > 0 ? channels : directDestinations(deps, fallback);
}

/**
 * Where something addressed to one person goes: a vendor contact is reached in the vendor channel,
 * anyone else in the internal channels; without a channel, in a direct message.
 */
export async function placesFor(
  deps: ServiceDeps,
  contract: Pick<Contract, 'channels' | 'governance' | 'vendor'>,
  person: Person,
): Promise<ChatDestination[]> {
  const vendorSide = contract.vendor.contacts.some((contact) => samePerson(contact, person));
  const channels = channelDestinations(deps, contract, vendorSide ? 'vendor' : 'internal');
  return channels.length > 0 ? channels : directDestinations(deps, [person]);
}

/** Posts the notice to every destination; a destination that fails is logged and skipped. */
export async function postNotices(
  deps: ServiceDeps,
  destinations: ChatDestination[],
  notice: ChatNotice,
  context: Record<string, unknown> = {},
): Promise<PostedMessage[]> {
  const posted: PostedMessage[] = [];
  for (const destination of destinations) {
    const surface = deps.surfaces.get(destination.surface);
    if (!surface) continue;
    try {
      posted.push(await surface.postNotice(destination, notice));
    } catch (error) {
      deps.logger.error({ err: error, channel: destination.channelId, ...context }, 'could not post a notice');
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
  return person.name ?? person.email ?? person.slackUserId ?? person.teamsUserId ?? 'someone';
}

export function peopleNames(people: Person[] | undefined): string {
  return people && people.length > 0 ? people.map(personName).join(', ') : 'nobody yet';
}
