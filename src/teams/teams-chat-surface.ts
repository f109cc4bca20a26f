import type { IMessageActivityInput } from '@microsoft/teams.api';
import type {
  ChatDestination,
  ChatFile,
  ChatNotice,
  ChatSurface,
  CheckinPromptView,
  EscalationView,
  PostedMessage,
  ScorecardDigestView,
} from '../chat/chat-surface';
import type { Person } from '../domain/types';
import type { Logger } from '../logger';
import { isSharedDestination } from '../services/service-api';
import { teamsDeliveryFailure } from './api-failures';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AdaptiveCard,
  adaptiveCard,
  literal,
  mentionsOf,
  paragraph,
  text,
} from './cards/adaptive-card';
import { checkinPromptCard } from './cards/checkin-card';
import { escalationCard } from './cards/escalation-card';
import { fileCard, picturesCard } from './cards/file-cards';
import { scorecardCard } from './cards/scorecard-card';
import type { CardsBeingAnswered } from './cards-being-answered';
import type { ConversationReference, TeamsConversationStore } from './conversation-store';
import { fileAttachment } from './file-attachment';
import type { TeamsPeopleDirectory } from './people-directory';

/**
 * The Bot Connector calls the surface makes, aimed at one service URL per call. teams-app.ts implements
 * it over the SDK's API client; tests may give a recording one.
 */
export interface TeamsConnector {
  /** The service URL used when a conversation has none stored (Teams: https://smba.trafficmanager.net/teams). */
  readonly defaultServiceUrl: string;
  /** The bot's app (client) id when credentials are configured. */
  readonly appId?: string;
  createActivity(serviceUrl: string, conversationId: string, activity: OutboundActivity): Promise<{ id: string }>;
  updateActivity(
    serviceUrl: string,
    conversationId: string,
    activityId: string,
    activity: OutboundActivity,
  ): Promise<void>;
  createPersonalConversation(
    serviceUrl: string,
    params: { botId: string; userAadObjectId: string; tenantId: string },
  ): Promise<{ id: string }>;
}

export type OutboundActivity = IMessageActivityInput & {
  from?: { id: string; name?: string };
  conversation?: { id: string };
};

export interface TeamsChatSurfaceOptions {
  connector: TeamsConnector;
  store: TeamsConversationStore;
  logger: Logger;
  clock: () => Date;
  /** Our Entra tenant; needed to open a personal chat with someone who never wrote to the bot. */
  tenantId?: string;
  /** Names of the people Teams has shown the bot (people-directory.ts). */
  people?: TeamsPeopleDirectory;
  /** Cards a click is being answered on: the answer draws them, so an update here would race it. */
  answering?: CardsBeingAnswered;
}

/**
 * ChatSurface for Microsoft Teams. Proactive sends need only the conversation id (and the service URL
 * it lives at, stored from the conversation's activities), see
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
 */
export class TeamsChatSurface implements ChatSurface {
  readonly name = 'teams' as const;

  constructor(private readonly options: TeamsChatSurfaceOptions) {}

  async displayName(person: Person): Promise<string | null> {
    return this.options.people?.displayName(person) ?? null;
  }

  async postCheckinPrompt(
    destination: ChatDestination,
    prompt: CheckinPromptView,
    metadata: { promptKey: string },
  ): Promise<PostedMessage> {
    const message = await this.post(
      destination,
      cardMessage(checkinPromptCard(prompt, undefined, this.viewFor(prompt))),
    );
    await this.options.store.savePrompt(message, prompt, metadata.promptKey);
    return message;
  }

  async updateCheckinPrompt(message: PostedMessage, prompt: CheckinPromptView): Promise<void> {
    await this.update(message, cardMessage(checkinPromptCard(prompt, undefined, this.viewFor(prompt))));
    await this.options.store.savePrompt(message, prompt);
  }

  /**
   * Teams gives a bot no way to search a conversation's history (that needs Graph permissions
   * Steward does not ask for), so this looks in the surface's own record of what it posted.
   */
  async findPostedPrompt(destination: ChatDestination, promptKey: string, since: Date): Promise<PostedMessage | null> {
    return this.options.store.findPrompt(destination.channelId, promptKey, since);
  }

  async postEscalation(destination: ChatDestination, escalation: EscalationView): Promise<PostedMessage> {
    const message = await this.post(destination, cardMessage(escalationCard(escalation)));
    await this.options.store.saveEscalation(message, escalation);
    return message;
  }

  async updateEscalation(message: PostedMessage, escalation: EscalationView): Promise<void> {
    await this.update(message, cardMessage(escalationCard(escalation)));
    await this.options.store.saveEscalation(message, escalation);
  }

  async postNotice(destination: ChatDestination, notice: ChatNotice): Promise<PostedMessage> {
    // Outside a channel there is no thread to reply in: the notice says what it answers.
    const unthreaded = destination.threadId !== undefined && !canReplyInThread(destination.channelId);
    return this.post(destination, cardMessage(noticeCard(notice, { withAbout: unthreaded })));
  }

  async postScorecard(destination: ChatDestination, digest: ScorecardDigestView): Promise<PostedMessage> {
    let { scorecard } = digest;
    if (isSharedDestination(destination) && !scorecard.vendorView) {
      // The services send the vendor view to vendor places; should an internal one arrive, internal-only KPIs
      // are dropped, and so is the overall score, which was computed with them and cannot be redone here.
      this.options.logger.warn(
        { contractRef: scorecard.contractRef },
        'internal scorecard for a vendor place: reduced',
      );
      scorecard = {
        ...scorecard,
        lines: scorecard.lines.filter((line) => line.vendorVisible),
        overallScore: null,
        overallRag: null,
        trend: 'insufficient-data',
        vendorView: true,
      };
    }
    return this.post(destination, cardMessage(scorecardCard(scorecard, { heading: digest.heading })));
  }

  /**
   * Teams shows Steward's files through their download links (file-links.ts): a card holds about 28 KB, and
   * the file-consent upload exists only in personal chats.
   */
  readonly filesByLink = true;

  /** A card with the picture, or with a Download button for any other file; inline only without a link. */
  async uploadFile(destination: ChatDestination, file: ChatFile): Promise<PostedMessage> {
    if (!file.link && !file.mimeType.startsWith('image/')) {
      return this.post(destination, {
        type: 'message',
        text: file.comment ?? file.title,
        attachments: [fileAttachment(file)],
      });
    }
    return this.post(destination, cardMessage(fileCard(file)));
  }

  /** A contract's charts as one card, instead of a message per chart and per caption. */
  async uploadFiles(destination: ChatDestination, files: readonly ChatFile[], heading: string): Promise<PostedMessage> {
    return this.post(destination, cardMessage(picturesCard(heading, files)));
  }

  /**
   * The time zone the person's Teams client reported when they last wrote to Steward (clientInfo); null for
   * someone who has not, and then prompts follow the contract's time zone.
   */
  async personTimezone(person: Person): Promise<string | null> {
    return this.options.people?.timezoneOf(person) ?? null;
  }

  /** A prompt shows times in its addressee's zone when one of them is known, else in UTC. */
  private viewFor(prompt: CheckinPromptView): { timeZone?: string } {
    for (const person of prompt.addressees) {
      const zone = this.options.people?.timezoneOf(person);
      if (zone) return { timeZone: zone };
    }
    return {};
  }

  async directDestination(person: Person): Promise<ChatDestination | null> {
    if (!person.teamsUserId) return null;
    const { store, connector } = this.options;
    const known = await store.personalChatOf(person.teamsUserId);
    if (known)
      return { surface: 'teams', channelId: known.conversationId, serviceUrl: known.serviceUrl, purpose: 'direct' };

    // Nobody has written to the bot from this person's chat yet: open one (the app must be installed
    // for the user; Teams refuses otherwise, and then the person cannot be reached here).
    const latest = await store.latestReference();
    const tenantId = this.options.tenantId ?? latest?.tenantId;
    const botId = connector.appId ?? latest?.bot.id;
    const serviceUrl = latest?.serviceUrl ?? connector.defaultServiceUrl;
    if (!tenantId || !botId) return null;
    try {
      const created = await connector.createPersonalConversation(serviceUrl, {
        botId,
        userAadObjectId: person.teamsUserId,
        tenantId,
      });
      await store.saveReference({
        conversationId: created.id,
        serviceUrl,
        conversationType: 'personal',
        tenantId,
        bot: { id: botId },
        userAadObjectId: person.teamsUserId,
        updatedAt: this.options.clock(),
      });
      return { surface: 'teams', channelId: created.id, serviceUrl, purpose: 'direct' };
    } catch (error) {
      // The services remember why (reachability.ts) and log it once, in one line.
      throw teamsDeliveryFailure(error, 'conversations.create', { kind: 'person', id: person.teamsUserId });
    }
  }

  private async post(destination: ChatDestination, activity: OutboundActivity): Promise<PostedMessage> {
    const reference = await this.options.store.reference(destination.channelId);
    const serviceUrl = destination.serviceUrl ?? reference?.serviceUrl ?? this.options.connector.defaultServiceUrl;
    // A reply in a channel thread goes to `channelId;messageid=rootId`; personal and group chats have no threads
    // (Teams answers such an address with 404 ConversationNotFound), so there it is a message of its own.
    const threaded = destination.threadId !== undefined && canReplyInThread(destination.channelId);
    const conversationId = threaded
      ? `${destination.channelId};messageid=${destination.threadId}`
      : destination.channelId;
    const sent = await this.options.connector
      .createActivity(serviceUrl, conversationId, this.addressed(activity, conversationId, reference))
      .catch((error: unknown) => {
        throw teamsDeliveryFailure(error, 'conversations.sendToConversation', {
          kind: 'channel',
          id: destination.channelId,
        });
      });
    const message: PostedMessage = {
      surface: 'teams',
      channelId: destination.channelId,
      messageId: sent.id,
      serviceUrl,
    };
    if (threaded) message.threadId = destination.threadId;
    return message;
  }

  private async update(message: PostedMessage, activity: OutboundActivity): Promise<void> {
    const send = () => this.sendUpdate(message, activity);
    if (this.options.answering?.hold(message.channelId, message.messageId, send)) return;
    await send();
  }

  private async sendUpdate(message: PostedMessage, activity: OutboundActivity): Promise<void> {
    const reference = await this.options.store.reference(message.channelId);
    const serviceUrl = message.serviceUrl ?? reference?.serviceUrl ?? this.options.connector.defaultServiceUrl;
    const conversationId = message.threadId ? `${message.channelId};messageid=${message.threadId}` : message.channelId;
    await this.options.connector.updateActivity(
      serviceUrl,
      conversationId,
      message.messageId,
      this.addressed({ ...activity, id: message.messageId }, conversationId, reference),
    );
  }

  private addressed(
    activity: OutboundActivity,
    conversationId: string,
    reference: ConversationReference | undefined,
  ): OutboundActivity {
    const botId = reference?.bot.id ?? this.options.connector.appId;
    const from = botId ? { id: botId, ...(reference?.bot.name ? { name: reference.bot.name } : {}) } : undefined;
    return { ...activity, ...(from ? { from } : {}), conversation: { id: conversationId } };
  }
}

export function cardMessage(card: AdaptiveCard, textFallback?: string): OutboundActivity {
  return {
    type: 'message',
    ...(textFallback ? { text: textFallback } : {}),
    // The SDK types card content as its own (1.6+) card model; ours is the 1.5 subset Teams renders.
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card as never }],
  };
}

/** A notice is the service's words, shown literally, with the people it concerns mentioned. */
export function noticeCard(notice: ChatNotice, options: { withAbout?: boolean } = {}): AdaptiveCard {
  const mentions = mentionsOf(notice.mention ?? []);
  const about = options.withAbout && notice.about ? [paragraph([literal(notice.about, { isSubtle: true })])] : [];
  return adaptiveCard(
    [
      ...about,
      paragraph([literal(notice.text)]),
      ...(mentions.text ? [text(mentions.text, { spacing: 'Small' })] : []),
    ],
    {
      mentions: mentions.entities,
    },
  );
}

/** Only a Teams channel has threads (`19:…@thread.tacv2`, older `@thread.skype`); chats do not. */
export function canReplyInThread(conversationId: string): boolean {
  return /@thread\.(tacv2|skype)$/i.test(conversationId);
}
