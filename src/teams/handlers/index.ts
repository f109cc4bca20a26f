import type { App } from '@microsoft/teams.apps';
import { helpCard } from '../cards/help-card';
import { cardMessage } from '../teams-chat-surface';
import { onCardAction } from './invokes/on-card-action';
import { onMessage } from './messages/on-message';
import { rememberConversation } from './remember-conversation';
import type { Reply, TeamsHandlerDeps } from './types';

/** Wires every Teams listener into the app, one folder at a time (bolt-ts starter template habit). */
export function registerTeamsHandlers(app: App, deps: TeamsHandlerDeps): void {
  app.use(async (ctx) => {
    await rememberConversation(ctx.activity, ctx.ref.serviceUrl, deps);
    return ctx.next();
  });

  app.on('message', async (ctx) => {
    const reply = async (answer: Reply) => {
      await ctx.send(
        'card' in answer ? cardMessage(answer.card) : { type: 'message', text: answer.text, textFormat: 'plain' },
      );
    };
    await onMessage(
      {
        activity: ctx.activity,
        serviceUrl: ctx.ref.serviceUrl,
        reply,
        async replaceCard(messageId, outcome) {
          await ctx.api.conversations.updateActivity(ctx.activity.conversation.id, messageId, {
            ...cardMessage(outcome.card),
            id: messageId,
          });
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

  app.on('card.action', async (ctx) => onCardAction(ctx.activity, ctx.ref.serviceUrl, deps));

  // Installed for a person or in a team: say what Steward does, once.
  app.on('install.add', async (ctx) => {
    await ctx.send(cardMessage(helpCard()));
  });
}
