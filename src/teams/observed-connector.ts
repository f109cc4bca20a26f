import type { ApiCallObserver, ApiCallOutcome } from '../chat/api-calls';
import type { TeamsConnector } from './teams-chat-surface';

/** The Bot Framework connector, telling `observe` how each call ended (the SDK's HTTP client is axios). */
export function observedConnector(connector: TeamsConnector, observe: ApiCallObserver): TeamsConnector {
  const observed = <T>(method: string, call: () => Promise<T>): Promise<T> =>
    call().then(
      (result) => {
        tell(observe, method, 'ok');
        return result;
      },
      (error: unknown) => {
        tell(observe, method, outcomeOf(error));
        throw error;
      },
    );
  return {
    defaultServiceUrl: connector.defaultServiceUrl,
    ...(connector.appId ? { appId: connector.appId } : {}),
    createActivity: (serviceUrl, conversationId, activity) =>
      observed('conversations.createActivity', () => connector.createActivity(serviceUrl, conversationId, activity)),
    updateActivity: (serviceUrl, conversationId, activityId, activity) =>
      observed('conversations.updateActivity', () =>
        connector.updateActivity(serviceUrl, conversationId, activityId, activity),
      ),
    createPersonalConversation: (serviceUrl, params) =>
      observed('conversations.create', () => connector.createPersonalConversation(serviceUrl, params)),
  };
}

function tell(observe: ApiCallObserver, method: string, outcome: ApiCallOutcome): void {
  try {
    observe({ surface: 'teams', method, outcome });
  } catch {
    // Counting never breaks a call.
  }
}

function outcomeOf(error: unknown): ApiCallOutcome {
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
  if (status === 429) return 'rate_limited';
  if (typeof status === 'number') return 'http_error';
  return 'network_error';
}
