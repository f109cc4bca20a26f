import type { App } from '@microsoft/teams.apps';
import { withDefaultWidth } from '../cards/adaptive-card';
import { welcomeCard } from '../cards/help-card';
import { fileAttachment } from '../file-attachment';
import { cardMessage, type OutboundActivity } from '../teams-chat-surface';
import { clientTimezone } from './context';
import { onCardAction } from './invokes/on-card-action';
import { onSearch } from './invokes/on-search';
import { onMessage } from './messages/on-message';
import { rememberConversation } from './remember-conversation';
import type { Reply, TeamsHandlerDeps } from './types';

/** Wires every Teams listener into the app, one folder at a time (bolt-ts starter template habit). */
export function registerTeamsHandlers(app: App, deps: TeamsHandlerDeps): void {
  const forClient = <T>(activity: T): T => (deps.sandbox ? withDefaultWidth(activity) : activity);
  app.use(async (ctx) => {
    await rememberConversation(ctx.activity, ctx.ref.serviceUrl, deps);
    // The people directory: whoever writes, and the members of where they write (once an hour per conversation).
    deps.people?.observe(ctx.activity.from, clientTimezone(ctx.activity));
    const conversationId = ctx.activity.conversation?.id;
    if (deps.people && conversationId) {
      await deps.people.learnMembers(conversationId, () => ctx.api.conversations.getMembers(conversationId));
    }
    return ctx.next();
  });

  app.on('message', async (ctx) => {
    const reply = async (answer: Reply) => {
      if ('postedHere' in answer) return;
      await ctx.send(forClient(replyActivity(answer)));
    };
    await onMessage(
      {
        activity: ctx.activity,
        serviceUrl: ctx.ref.serviceUrl,
        reply,
        async replaceCard(messageId, outcome) {
          await ctx.api.conversations.updateActivity(
            ctx.activity.conversation.id,
            messageId,
            forClient({ ...cardMessage(outcome.card), id: messageId }),
          );
        },
        async lookupMember(accountId) {
          // GET /v3/conversations/{id}/members/{accountId}: a TeamsChannelAccount with the Entra object id.
          try {
            const member = await ctx.api.conversations.getMemberById(ctx.activity.conversation.id, accountId);
            return member.aadObjectId ?? undefined;
          } catch (error) {
            deps.logger.info({ err: error }, 'could not look up a mentioned Teams member');
            return undefined;
          }
        },
      },
      deps,
    );
  });

  app.on('card.action', async (ctx) => {
    const answering = deps.answering?.begin(ctx.activity.conversation.id, ctx.activity.replyToId);
    let drewCard = false;
    try {
      const response = await onCardAction(ctx.activity, ctx.ref.serviceUrl, deps);
      drewCard = response.type === 'application/vnd.microsoft.card.adaptive';
      return forClient(response);
    } finally {
      await answering?.end(drewCard);
    }
  });

  // The contract picker's type-ahead (`Data.Query`): an `application/search` invoke, answered in its response.
  app.on('card.search', async (ctx) => onSearch(ctx.activity, deps));

  // Installed for a person or in a team: say what Steward does, once.
  app.on('install.add', async (ctx) => {
    await ctx.send(forClient(cardMessage(welcomeCard())));
  });
}

/** A command's answer as the message Teams shows: plain text, or the card with any files after it. */
export function replyActivity(answer: Reply): OutboundActivity {
  if ('postedHere' in answer) return { type: 'message', text: answer.postedHere, textFormat: 'plain' };
  if (!('card' in answer)) return { type: 'message', text: answer.text, textFormat: 'plain' };
  const message = cardMessage(answer.card);
  const files = answer.files ?? [];
  return files.length === 0
    ? message
    : { ...message, attachments: [...(message.attachments ?? []), ...files.map(fileAttachment)] };
}
