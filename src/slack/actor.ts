import type { webApi } from '@slack/bolt';
import { TtlCache } from '../chat/ttl-cache';
import type { Clock } from '../domain/clock';
import type { Person } from '../domain/types';
import type { Logger } from '../logger';
import type { Actor } from '../services/service-api';

/** The workspace (and Enterprise Grid org) Steward is installed in, learnt from auth.test at start. */
export interface InstallationIdentity {
  teamId: string;
  enterpriseId?: string;
  botUserId: string;
  botId: string;
}

export interface SlackUserFacts {
  userId: string;
  /** The user's own workspace; differs from the installation's for Slack Connect users. */
  teamId?: string;
  enterpriseId?: string;
  name?: string;
}

/**
 * Slack Connect: a user is external when their workspace is not ours and their Enterprise Grid org (if any) is
 * not ours either (https://docs.slack.dev/apis/slack-connect). Undefined when the user's team is unknown.
 * Decided by ids only, never by channel or display names, which differ per organisation.
 */
export function isExternalUser(
  installation: Pick<InstallationIdentity, 'teamId' | 'enterpriseId'>,
  user: { teamId?: string; enterpriseId?: string },
): boolean | undefined {
  if (!user.teamId) return undefined;
  if (user.teamId === installation.teamId) return false;
  if (installation.enterpriseId && user.enterpriseId === installation.enterpriseId) return false;
  return true;
}

/** Who is acting, from facts the surface established (never from anything the user typed). */
export function actorFromSlack(
  user: SlackUserFacts,
  installation: Pick<InstallationIdentity, 'teamId' | 'enterpriseId'>,
  channel?: { channelId: string; shared: boolean },
): Actor {
  const person: Person = { slackUserId: user.userId };
  if (user.teamId) person.slackTeamId = user.teamId;
  if (user.name) person.name = user.name;
  // Unknown team (Slack could not tell us) counts as external: a vendor view shown to a colleague is an
  // inconvenience, management rights given to a vendor are not.
  const external = isExternalUser(installation, user) ?? true;
  const actor: Actor = { person, surface: 'slack', external };
  if (channel) actor.channel = { surface: 'slack', channelId: channel.channelId, shared: channel.shared };
  return actor;
}

interface UserHint {
  teamId?: string;
  enterpriseId?: string;
  name?: string;
  /**
   * A team id from a payload that may not be the user's own (interactions): used when users.info cannot
   * answer only if it makes the user an outsider, never to make them one of ours.
   */
  outsiderTeamId?: string;
}

/** The parts of a payload that say who acted and where. */
export interface InteractionFacts {
  user: { id: string; name?: string; username?: string; team_id?: string };
  channel?: { id: string } | null;
  container?: Record<string, unknown>;
}

export interface EventFacts {
  userId: string;
  /** `user_team` on message events in shared channels. */
  userTeamId?: string;
  channelId?: string;
  envelope: {
    is_ext_shared_channel?: boolean;
    context_team_id?: string | null;
    context_enterprise_id?: string | null;
  };
}

/**
 * Establishes the Actor for commands, interactions and events. A payload's team id is taken as proof of an
 * outsider only; membership of our workspace is confirmed with users.info, and channels are looked up with
 * conversations.info, both with a small cache so a busy channel does not cost a lookup per click.
 */
export class SlackActorResolver {
  private readonly users: TtlCache<string, SlackUserFacts>;
  private readonly channels: TtlCache<string, boolean>;
  private readonly askingUsers = new Map<string, Promise<SlackUserFacts>>();
  private readonly askingChannels = new Map<string, Promise<boolean>>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly installation: () => Promise<InstallationIdentity>,
    clock: Clock,
    private readonly logger: Logger,
    options: { ttlMs?: number; maxEntries?: number } = {},
  ) {
    const cache = { ttlMs: options.ttlMs ?? 15 * 60_000, maxEntries: options.maxEntries ?? 2_000 };
    this.users = new TtlCache(clock, cache);
    this.channels = new TtlCache(clock, cache);
  }

  /**
   * Slash commands carry only the workspace the command ran in, not the user's own team: in a Slack Connect
   * channel hosted by our workspace a partner's command can carry our team id. A different team is proof
   * enough of an outsider; the same team is confirmed with users.info (cached).
   */
  async fromCommand(command: {
    user_id: string;
    user_name?: string;
    team_id?: string;
    enterprise_id?: string;
    channel_id?: string;
  }): Promise<Actor> {
    const installation = await this.installation();
    const hinted = isExternalUser(installation, { teamId: command.team_id, enterpriseId: command.enterprise_id });
    const user =
      hinted === true
        ? {
            userId: command.user_id,
            teamId: command.team_id,
            enterpriseId: command.enterprise_id,
            name: command.user_name,
          }
        : await this.lookupUser(command.user_id, { teamId: command.team_id, name: command.user_name });
    return this.withChannel(user, installation, command.channel_id);
  }

  /**
   * Interactions are decided like commands: `user.team_id` in a payload from a Slack Connect channel can be
   * the host's team rather than the user's own, so it is only taken as proof of an outsider; that the user
   * belongs to our workspace is confirmed with users.info (cached).
   */
  async fromInteraction(body: InteractionFacts): Promise<Actor> {
    const installation = await this.installation();
    const name = body.user.name ?? body.user.username;
    const hint: UserHint = { teamId: body.user.team_id, name };
    // A different team inside our own Grid org is only visible through users.info (enterprise_user).
    const outsider = isExternalUser(installation, hint) === true && installation.enterpriseId === undefined;
    const user = outsider
      ? { userId: body.user.id, ...hint }
      : await this.lookupUser(body.user.id, { name, ...(hint.teamId ? { outsiderTeamId: hint.teamId } : {}) });
    const channelId =
      body.channel?.id ?? (typeof body.container?.channel_id === 'string' ? body.container.channel_id : undefined);
    return this.withChannel(user, installation, channelId);
  }

  async fromEvent(facts: EventFacts): Promise<Actor> {
    const installation = await this.installation();
    const hint: UserHint = { teamId: facts.userTeamId };
    const known = isExternalUser(installation, hint);
    const user =
      known === undefined || (known === true && installation.enterpriseId !== undefined)
        ? await this.lookupUser(facts.userId, hint)
        : { userId: facts.userId, ...hint };
    if (!facts.channelId) return actorFromSlack(user, installation);
    const { envelope } = facts;
    const foreignContext =
      typeof envelope.context_team_id === 'string' &&
      envelope.context_team_id !== installation.teamId &&
      !(installation.enterpriseId && envelope.context_enterprise_id === installation.enterpriseId);
    const shared = envelope.is_ext_shared_channel === true || foreignContext;
    return actorFromSlack(user, installation, { channelId: facts.channelId, shared });
  }

  /** users.info, cached; when Slack cannot answer, the payload's hint (or nothing) is all we know. */
  async lookupUser(userId: string, hint: UserHint = {}): Promise<SlackUserFacts> {
    const cached = this.users.get(userId);
    if (cached) return cached;
    // Fifty clicks at once by one person ask Slack once, not fifty times.
    const asking = this.askingUsers.get(userId);
    if (asking) return asking;
    const lookup = this.askUser(userId, hint).finally(() => this.askingUsers.delete(userId));
    this.askingUsers.set(userId, lookup);
    return lookup;
  }

  private async askUser(userId: string, hint: UserHint): Promise<SlackUserFacts> {
    try {
      const result = await this.client.users.info({ user: userId });
      const user = result.user;
      const facts: SlackUserFacts = { userId };
      const teamId = user?.team_id ?? hint.teamId;
      if (teamId) facts.teamId = teamId;
      const enterpriseId = user?.enterprise_user?.enterprise_id ?? user?.enterprise_id ?? hint.enterpriseId;
      if (enterpriseId) facts.enterpriseId = enterpriseId;
      const name = user?.real_name || user?.profile?.real_name || user?.name || hint.name;
      if (name) facts.name = name;
      this.users.set(userId, facts);
      return facts;
    } catch (error) {
      this.logger.warn({ err: error, userId }, 'users.info failed; deciding from the payload alone');
      const { outsiderTeamId, ...known } = hint;
      const installation = await this.installation();
      // Unknown team counts as external (actorFromSlack): a team id that may be the host's is not proof enough.
      const teamId =
        known.teamId ??
        (outsiderTeamId && isExternalUser(installation, { teamId: outsiderTeamId }) ? outsiderTeamId : undefined);
      return { userId, ...known, ...(teamId ? { teamId } : {}) };
    }
  }

  /** Whether a channel is shared with another organisation (conversations.info, cached). */
  async channelShared(channelId: string, external: boolean): Promise<boolean> {
    // A DM or group DM with an outsider is as shared as a Slack Connect channel; reading DMs needs im:read,
    // which Steward does not ask for, so it is decided from who is in it.
    if (/^D/.test(channelId)) return external;
    const cached = this.channels.get(channelId);
    if (cached !== undefined) return cached || external;
    let asking = this.askingChannels.get(channelId);
    if (!asking) {
      asking = this.askChannel(channelId).finally(() => this.askingChannels.delete(channelId));
      this.askingChannels.set(channelId, asking);
    }
    return (await asking) || external;
  }

  private async askChannel(channelId: string): Promise<boolean> {
    try {
      const result = await this.client.conversations.info({ channel: channelId });
      const channel = result.channel;
      const shared = Boolean(channel?.is_ext_shared || channel?.is_shared || channel?.is_pending_ext_shared);
      this.channels.set(channelId, shared);
      return shared;
    } catch (error) {
      // Not in the channel, or it is private to us: assume shared so nothing internal is shown there.
      this.logger.debug({ err: error, channelId }, 'conversations.info failed; treating the channel as shared');
      return true;
    }
  }

  /** Forget what is known about a channel (for example after channel_shared / channel_unshared). */
  forgetChannel(channelId: string): void {
    this.channels.delete(channelId);
  }

  private async withChannel(
    user: SlackUserFacts,
    installation: InstallationIdentity,
    channelId: string | undefined,
  ): Promise<Actor> {
    const base = actorFromSlack(user, installation);
    if (!channelId) return base;
    const shared = await this.channelShared(channelId, base.external);
    return actorFromSlack(user, installation, { channelId, shared });
  }
}
