import type { webApi } from '@slack/bolt';
import type {
  ChatDestination,
  ChatFile,
  ChatNotice,
  ChatSurface,
  CheckinPromptView,
  EscalationView,
  PostedMessage,
  PromptMetadata,
  ScorecardDigestView,
} from '../chat/chat-surface';
import { TtlCache } from '../chat/ttl-cache';
import { StewardError } from '../domain/errors';
import type { Person } from '../domain/types';
import type { Logger } from '../logger';
import { isSharedDestination } from '../services/service-api';
import type { InstallationIdentity } from './actor';
import { slackDeliveryFailure } from './api-failures';
import { checkinPromptMessage } from './blocks/checkin-prompt';
import { escalationMessage } from './blocks/escalation';
import { noticeMessage } from './blocks/notices';
import { scorecardMessage } from './blocks/reports';
import { ChannelPacer, DEFAULT_PACING, type PacerOptions } from './channel-pacer';
import { METADATA } from './ids';

export interface SlackSurfaceTuning {
  /**
   * The client posts and updates go through. It should set `rejectRateLimitedCalls`, so a 429 pauses
   * only the channel it came from (see channel-pacer.ts); the main client is used when absent.
   */
  poster?: webApi.WebClient;
  pacing?: Partial<PacerOptions>;
}

/** Profiles (timezone, display name) are asked once a day per person (users.info is Tier 4, but there is no need). */
const PROFILE_TTL_MS = 24 * 3_600_000;
/** A channel's history read for recovery serves every check-in looked up there in the same pass. */
const HISTORY_TTL_MS = 15_000;

/**
 * ChatSurface for Slack: what the services and the scheduler post, rendered as Block Kit.
 * Posts are paced per channel (channel-pacer.ts); 5xx answers are retried by the Web API client within the
 * retry policy configured in slack-app.ts.
 */
export class SlackChatSurface implements ChatSurface {
  readonly name = 'slack' as const;
  private readonly dmChannels = new Map<string, string>();
  private readonly poster: webApi.WebClient;
  private readonly pacer: ChannelPacer;
  /** chat.update is limited per workspace (Tier 3, 50+ a minute), not per channel: one lane for all. */
  private readonly updates: ChannelPacer;
  private readonly profiles = new TtlCache<string, { tz: string | null; name: string | null } | null>(
    () => new Date(),
    {
      ttlMs: PROFILE_TTL_MS,
      maxEntries: 10_000,
    },
  );
  private readonly histories = new TtlCache<string, Promise<HistoryMessage[]>>(() => new Date(), {
    ttlMs: HISTORY_TTL_MS,
    maxEntries: 1_000,
  });

  constructor(
    private readonly client: webApi.WebClient,
    private readonly installation: () => Promise<InstallationIdentity>,
    private readonly logger: Logger,
    tuning: SlackSurfaceTuning = {},
  ) {
    this.poster = tuning.poster ?? client;
    this.pacer = new ChannelPacer({ ...DEFAULT_PACING, ...tuning.pacing });
    this.updates = new ChannelPacer({ ...DEFAULT_PACING, perSecond: 1, burst: 20, concurrency: 4 });
  }

  /** chat.postMessage in the channel's turn; refused if that turn comes after `deadline` (wall-clock ms). */
  private postMessage(
    args: webApi.ChatPostMessageArguments,
    deadline?: number,
  ): Promise<webApi.ChatPostMessageResponse> {
    return this.pacer
      .run(args.channel, () => {
        if (deadline !== undefined && Date.now() > deadline) {
          throw new StewardError(
            'unavailable',
            'The prompt waited in the channel queue past its claim; it is retried.',
          );
        }
        return this.poster.chat.postMessage(args);
      })
      .catch((error: unknown) => {
        throw slackDeliveryFailure(error, 'chat.postMessage', { kind: 'channel', id: args.channel });
      });
  }

  private updateMessage(args: webApi.ChatUpdateArguments): Promise<webApi.ChatUpdateResponse> {
    return this.updates.run('chat.update', () => this.poster.chat.update(args));
  }

  async postCheckinPrompt(
    destination: ChatDestination,
    prompt: CheckinPromptView,
    metadata: PromptMetadata,
  ): Promise<PostedMessage> {
    const { text, blocks } = checkinPromptMessage(prompt);
    const result = await this.postMessage(
      {
        channel: destination.channelId,
        text,
        blocks,
        // Metadata travels with the message and is read back by findPostedPrompt after a crash.
        metadata: { event_type: METADATA.checkinPrompt, event_payload: { promptKey: metadata.promptKey } },
        ...(destination.threadId ? { thread_ts: destination.threadId } : {}),
        unfurl_links: false,
      },
      metadata.deadline,
    );
    return this.posted(destination, result);
  }

  async updateCheckinPrompt(message: PostedMessage, prompt: CheckinPromptView): Promise<void> {
    const { text, blocks } = checkinPromptMessage(prompt);
    // Without a `metadata` argument chat.update keeps the message's metadata.
    await this.updateMessage({ channel: message.channelId, ts: message.messageId, text, blocks });
  }

  /**
   * Reads the channel (or thread) back with message metadata and finds a prompt of ours whose key lists the
   * check-in. One read per channel serves every check-in looked up there within a few seconds.
   */
  async findPostedPrompt(destination: ChatDestination, checkinId: string, since: Date): Promise<PostedMessage | null> {
    const installation = await this.installation();
    const oldest = (Math.floor(since.getTime() / 1000) - 1).toString();
    const cacheKey = `${destination.channelId}:${destination.threadId ?? ''}:${oldest}`;
    let reading = this.histories.get(cacheKey);
    if (!reading) {
      reading = this.readPrompts(destination, oldest);
      this.histories.set(cacheKey, reading);
      reading.catch(() => this.histories.delete(cacheKey));
    }
    const found = (await reading).find(
      (message) =>
        (message.bot_id === undefined || message.bot_id === installation.botId) &&
        String((message.metadata?.event_payload as Record<string, unknown> | undefined)?.promptKey ?? '')
          .split(',')
          .includes(checkinId),
    );
    if (!found?.ts) return null;
    return {
      surface: 'slack',
      channelId: destination.channelId,
      messageId: found.ts,
      ...(destination.threadId ? { threadId: destination.threadId } : {}),
    };
  }

  private async readPrompts(destination: ChatDestination, oldest: string): Promise<HistoryMessage[]> {
    const prompts: HistoryMessage[] = [];
    let cursor: string | undefined;
    // Bounded: a prompt is looked for shortly after it may have been posted, so a few pages are plenty.
    for (let page = 0; page < 10; page += 1) {
      const result = destination.threadId
        ? await this.client.conversations.replies({
            channel: destination.channelId,
            ts: destination.threadId,
            oldest,
            include_all_metadata: true,
            limit: 200,
            ...(cursor ? { cursor } : {}),
          })
        : await this.client.conversations.history({
            channel: destination.channelId,
            oldest,
            include_all_metadata: true,
            limit: 200,
            ...(cursor ? { cursor } : {}),
          });
      for (const message of result.messages ?? []) {
        if (message.metadata?.event_type === METADATA.checkinPrompt) prompts.push(message);
      }
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!result.has_more || !cursor) break;
    }
    return prompts;
  }

  /**
   * The escalation root. Its `threadId` is its own ts: climbs and notes go into its thread
   * (postNotice with `{ ...destination, threadId: posted.threadId }`).
   */
  async postEscalation(destination: ChatDestination, escalation: EscalationView): Promise<PostedMessage> {
    if (isSharedDestination(destination)) {
      // Escalations carry internal facts; a vendor-shared channel never receives them.
      throw new StewardError('forbidden', 'Escalations are only posted in internal channels.');
    }
    const { text, blocks } = escalationMessage(escalation);
    const result = await this.postMessage({
      channel: destination.channelId,
      text,
      blocks,
      metadata: { event_type: METADATA.escalation, event_payload: { escalationId: escalation.escalationId } },
      ...(destination.threadId ? { thread_ts: destination.threadId } : {}),
      unfurl_links: false,
    });
    const posted = this.posted(destination, result);
    return { ...posted, threadId: destination.threadId ?? posted.messageId };
  }

  async updateEscalation(message: PostedMessage, escalation: EscalationView): Promise<void> {
    const { text, blocks } = escalationMessage(escalation);
    await this.updateMessage({ channel: message.channelId, ts: message.messageId, text, blocks });
  }

  async postNotice(destination: ChatDestination, notice: ChatNotice): Promise<PostedMessage> {
    const { text, blocks } = noticeMessage(notice);
    const result = await this.postMessage({
      channel: destination.channelId,
      text,
      blocks,
      ...(destination.threadId ? { thread_ts: destination.threadId } : {}),
      unfurl_links: false,
    });
    return this.posted(destination, result);
  }

  /** A scorecard digest; in a vendor-shared channel internal-only KPIs are left out whatever the view holds. */
  async postScorecard(destination: ChatDestination, digest: ScorecardDigestView): Promise<PostedMessage> {
    const { text, blocks } = scorecardMessage(digest.scorecard, {
      shared: isSharedDestination(destination),
      heading: digest.heading,
    });
    const result = await this.postMessage({
      channel: destination.channelId,
      text,
      blocks,
      ...(destination.threadId ? { thread_ts: destination.threadId } : {}),
      unfurl_links: false,
    });
    return this.posted(destination, result);
  }

  /**
   * files.uploadV2: the client asks files.getUploadURLExternal for an upload URL, sends the bytes there
   * and shares the file with files.completeUploadExternal, the comment becoming the message text
   * (https://docs.slack.dev/messaging/working-with-files#uploading_files). Sharing completes
   * asynchronously, so the message ts may be missing from the answer; the file id stands in for it then.
   */
  async uploadFile(destination: ChatDestination, file: ChatFile): Promise<PostedMessage> {
    const where = destination.threadId
      ? { channel_id: destination.channelId, thread_ts: destination.threadId }
      : { channel_id: destination.channelId };
    const result = await this.client.filesUploadV2({
      ...where,
      file: file.content,
      filename: file.filename,
      title: file.title,
      ...(file.comment ? { initial_comment: file.comment } : {}),
      // Read out by screen readers in place of the image.
      ...(file.altText ? { alt_text: file.altText } : {}),
    });
    const uploaded = result.files.flatMap((completed) => completed.files ?? [])[0];
    const share = uploaded?.shares?.public?.[destination.channelId]?.[0];
    const messageId = share?.ts ?? uploaded?.id;
    if (!messageId) throw new Error('Slack answered files.uploadV2 without a file');
    return {
      surface: 'slack',
      channelId: destination.channelId,
      messageId,
      ...(destination.threadId ? { threadId: destination.threadId } : {}),
    };
  }

  /**
   * conversations.open, remembered per user. Null when the person has no Slack id; a DeliveryFailure when
   * Slack refuses (an external user we share no channel with, a deactivated account) or cannot answer.
   */
  async directDestination(person: Person): Promise<ChatDestination | null> {
    const userId = person.slackUserId;
    if (!userId) return null;
    const known = this.dmChannels.get(userId);
    if (known) return { surface: 'slack', channelId: known, purpose: 'direct' };
    try {
      const result = await this.client.conversations.open({ users: userId });
      const channelId = result.channel?.id;
      if (!channelId) return null;
      this.dmChannels.set(userId, channelId);
      return { surface: 'slack', channelId, purpose: 'direct' };
    } catch (error) {
      // The services remember why (reachability.ts) and log it once; a stack trace here would repeat per contract.
      throw slackDeliveryFailure(error, 'conversations.open', { kind: 'person', id: userId });
    }
  }

  /** The timezone on the person's Slack profile (users.info `tz`), remembered for a day. */
  async personTimezone(person: Person): Promise<string | null> {
    return (await this.profile(person))?.tz ?? null;
  }

  /** The people directory on Slack: the name users.info gives (their full name, else their display name), cached. */
  async displayName(person: Person): Promise<string | null> {
    return (await this.profile(person))?.name ?? null;
  }

  /** users.info, once per person while cached; null for someone Slack does not know (remembered too). */
  private async profile(person: Person): Promise<{ tz: string | null; name: string | null } | null> {
    const userId = person.slackUserId;
    if (!userId) return null;
    const known = this.profiles.get(userId);
    if (known !== undefined) return known;
    try {
      const result = await this.client.users.info({ user: userId });
      const user = result.user;
      // The full name first, as in a contract's documents (and as actor.ts names people), then the one they chose.
      const name = user?.real_name || user?.profile?.real_name || user?.profile?.display_name || user?.name || null;
      const profile = { tz: user?.tz ?? null, name };
      this.profiles.set(userId, profile);
      return profile;
    } catch (error) {
      // Slack's refusal (user_not_found, a stranger) is remembered; a network failure is not.
      if ((error as { code?: unknown }).code === 'slack_webapi_platform_error') this.profiles.set(userId, null);
      this.logger.debug({ err: error, userId }, 'no profile from Slack');
      return null;
    }
  }

  private posted(destination: ChatDestination, result: { channel?: string; ts?: string }): PostedMessage {
    if (!result.ts) throw new Error('Slack answered chat.postMessage without a ts');
    return {
      surface: 'slack',
      channelId: result.channel ?? destination.channelId,
      messageId: result.ts,
      ...(destination.threadId ? { threadId: destination.threadId } : {}),
    };
  }
}

type HistoryMessage = NonNullable<webApi.ConversationsHistoryResponse['messages']>[number];
