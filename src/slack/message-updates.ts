import type { webApi } from '@slack/bolt';
import type { CheckinItemView, EscalationView, PostedMessage } from '../chat/chat-surface';
import { replaceCheckinItem } from './blocks/checkin-prompt';
import { escalationMessage } from './blocks/escalation';
import type { KnownBlock } from './blocks/kit';
import type { MessageRef } from './modal-context';

/** The message a button was pressed on, from a block_actions payload's container. */
export function messageRefOf(body: {
  container?: Record<string, unknown>;
  message?: { ts?: string; thread_ts?: string };
}): MessageRef | undefined {
  const container = body.container ?? {};
  if (container.type !== 'message') return undefined;
  const channelId = container.channel_id;
  const ts = container.message_ts ?? body.message?.ts;
  if (typeof channelId !== 'string' || typeof ts !== 'string') return undefined;
  const threadTs = container.thread_ts ?? body.message?.thread_ts;
  return { channelId, ts, ...(typeof threadTs === 'string' && threadTs !== ts ? { threadTs } : {}) };
}

/**
 * The messages a service redrew with a change (RedrawOptions.onRedrawn). A listener draws the message a person
 * acted on only when the service did not: chat.update is Tier 3 for the whole workspace, and a second update
 * of the same message, after reading it back with conversations.history, spent three calls for one.
 */
export class RedrawnMessages {
  private readonly keys = new Set<string>();
  readonly onRedrawn = (message: PostedMessage): void => {
    if (message.surface === 'slack') this.keys.add(`${message.channelId}\u0000${message.messageId}`);
  };
  has(ref: MessageRef): boolean {
    return this.keys.has(`${ref.channelId}\u0000${ref.ts}`);
  }
}

export interface FetchedMessage {
  text?: string;
  blocks?: unknown[];
}

/** Reads one message back (conversations.history, or .replies inside a thread). */
export async function fetchMessage(client: webApi.WebClient, ref: MessageRef): Promise<FetchedMessage | null> {
  const range = { latest: ref.ts, oldest: ref.ts, inclusive: true, limit: 1 };
  const history = ref.threadTs
    ? await client.conversations.replies({ channel: ref.channelId, ts: ref.threadTs, ...range, limit: 10 })
    : await client.conversations.history({ channel: ref.channelId, ...range });
  const message = history.messages?.find((m) => m.ts === ref.ts);
  if (!message) return null;
  return { text: message.text, blocks: message.blocks as unknown[] | undefined };
}

/**
 * Re-renders one check-in inside the prompt it was posted in and updates the message in place. `known` is the
 * message as the action payload carried it, saving a read; otherwise the message is read back. False when the
 * message no longer shows that check-in.
 */
export async function updatePromptItem(
  client: webApi.WebClient,
  ref: MessageRef,
  item: CheckinItemView,
  options: { scoreId?: string; known?: FetchedMessage } = {},
): Promise<boolean> {
  const message = options.known?.blocks ? options.known : await fetchMessage(client, ref);
  if (!message?.blocks) return false;
  const scoreIds = options.scoreId ? { [item.checkinId]: options.scoreId } : undefined;
  const blocks = replaceCheckinItem(message.blocks, item, { scoreIds });
  if (!blocks) return false;
  await client.chat.update({
    channel: ref.channelId,
    ts: ref.ts,
    text: message.text || `Check-in ${item.kpi.name} for ${item.contractRef} updated`,
    blocks,
  });
  return true;
}

export async function updateEscalationMessage(
  client: webApi.WebClient,
  ref: MessageRef,
  view: EscalationView,
): Promise<void> {
  const { text, blocks } = escalationMessage(view);
  await client.chat.update({ channel: ref.channelId, ts: ref.ts, text, blocks });
}

/**
 * A private confirmation after a modal: ephemeral in the channel the command ran in when Steward can post
 * there, otherwise in the person's DM with Steward.
 */
export async function confirmPrivately(
  client: webApi.WebClient,
  userId: string,
  channelId: string | undefined,
  text: string,
  blocks?: KnownBlock[],
): Promise<void> {
  const message = { text, ...(blocks ? { blocks } : {}) };
  if (channelId && !channelId.startsWith('D')) {
    try {
      await client.chat.postEphemeral({ channel: channelId, user: userId, ...message });
      return;
    } catch {
      // not_in_channel, channel_not_found…: fall through to the DM.
    }
  }
  await client.chat.postMessage({ channel: userId, ...message });
}
