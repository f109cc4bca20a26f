import type { AdaptiveCardActionResponse, IAdaptiveCardActionInvokeActivity } from '@microsoft/teams.api';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../cards/adaptive-card';
import { CARD_ACTION_HANDLERS } from '../card-actions';
import { cardActionArgs } from '../context';
import { runCardAction } from '../errors';
import type { TeamsHandlerDeps } from '../types';

/**
 * Action.Execute arrives as an `adaptiveCard/action` invoke and is answered in the invoke response:
 * a card replaces the one clicked, a message is shown to the person and leaves the card as it was.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
 */
export async function onCardAction(
  activity: IAdaptiveCardActionInvokeActivity,
  serviceUrl: string,
  deps: TeamsHandlerDeps,
): Promise<AdaptiveCardActionResponse> {
  const data: Record<string, unknown> = { ...(activity.value?.action?.data ?? {}) };
  const id = typeof data.action === 'string' ? data.action : activity.value?.action?.verb;
  const handler = id ? CARD_ACTION_HANDLERS.get(id) : undefined;
  if (!handler) {
    return {
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'BadRequest', message: 'Steward does not know this button. Type "steward help".' } as never,
    };
  }
  const outcome = await runCardAction(handler, cardActionArgs(activity, serviceUrl, data, deps));
  if ('card' in outcome) return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: outcome.card as never };
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: outcome.message };
}
