import type { Activity } from '@microsoft/teams.api';
import { isValidTimezone } from '../../domain/local-time';
import { actorFromActivity, baseConversationId } from '../actor';
import type { CardActionArgs, ConversationContext, TeamsHandlerDeps } from './types';

export function conversationOf(activity: Activity, serviceUrl: string): ConversationContext {
  const context: ConversationContext = { id: baseConversationId(activity.conversation.id), serviceUrl };
  const threadId = /;messageid=([^;]+)/.exec(activity.conversation.id)?.[1];
  if (threadId) context.threadId = threadId;
  if (activity.conversation.conversationType) context.type = activity.conversation.conversationType;
  const tenantId = activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
  if (tenantId) context.tenantId = tenantId;
  const timezone = clientTimezone(activity);
  if (timezone) context.timezone = timezone;
  return context;
}

/** How a card is shown to the person who asked: times in their own time zone when their client said it. */
export function viewOf(conversation: ConversationContext): { timeZone?: string } {
  return conversation.timezone ? { timeZone: conversation.timezone } : {};
}

/**
 * The person's time zone: Teams clients name it in the `clientInfo` entity; Bot Framework's `localTimezone` is
 * taken too. Anything that is not an IANA zone is ignored.
 */
export function clientTimezone(activity: Activity): string | undefined {
  const info = activity.entities?.find((entity) => entity.type === 'clientInfo') as { timezone?: unknown } | undefined;
  const candidates = [info?.timezone, (activity as { localTimezone?: unknown }).localTimezone];
  return candidates.find((zone): zone is string => isValidTimezone(zone));
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
