import type { Activity } from '@microsoft/teams.api';
import { baseConversationId } from '../actor';
import type { TeamsHandlerDeps } from './types';

/**
 * Every inbound activity refreshes the conversation's reference (id, service URL, the bot's account
 * there), so scheduled prompts can be sent to it later. Failing to store it must not fail the turn.
 */
export async function rememberConversation(
  activity: Activity,
  serviceUrl: string,
  deps: TeamsHandlerDeps,
): Promise<void> {
  if (!activity.conversation?.id || !serviceUrl) return;
  const personal = activity.conversation.conversationType === 'personal';
  try {
    await deps.store.saveReference({
      conversationId: baseConversationId(activity.conversation.id),
      serviceUrl,
      ...(activity.conversation.conversationType ? { conversationType: activity.conversation.conversationType } : {}),
      ...((activity.conversation.tenantId ?? activity.channelData?.tenant?.id)
        ? { tenantId: activity.conversation.tenantId ?? activity.channelData?.tenant?.id }
        : {}),
      bot: { id: activity.recipient.id, ...(activity.recipient.name ? { name: activity.recipient.name } : {}) },
      ...(personal && activity.from.aadObjectId ? { userAadObjectId: activity.from.aadObjectId } : {}),
      updatedAt: deps.clock(),
    });
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not store a Teams conversation reference');
  }
}
