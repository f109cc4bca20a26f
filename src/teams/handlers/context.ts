import type { Activity } from '@microsoft/teams.api';
import { actorFromActivity, baseConversationId } from '../actor';
import type { CardActionArgs, ConversationContext, TeamsHandlerDeps } from './types';

export function conversationOf(activity: Activity, serviceUrl: string): ConversationContext {
  const context: ConversationContext = { id: baseConversationId(activity.conversation.id), serviceUrl };
  if (activity.conversation.conversationType) context.type = activity.conversation.conversationType;
  const tenantId = activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
  if (tenantId) context.tenantId = tenantId;
  return context;
}

/** Arguments for a card action, from an adaptiveCard/action invoke or an Action.Submit message alike. */
export function cardActionArgs(
  activity: Activity,
  serviceUrl: string,
  data: Record<string, unknown>,
  deps: TeamsHandlerDeps,
): CardActionArgs {
  const args: CardActionArgs = {
    data,
    actor: actorFromActivity(activity, { tenantId: deps.tenantId }),
    conversation: conversationOf(activity, serviceUrl),
    deps,
  };
  if (activity.replyToId) args.messageId = activity.replyToId;
  return args;
}
