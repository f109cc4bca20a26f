import type { webApi } from '@slack/bolt';
import type { ApiCallObserver, ApiCallOutcome } from '../chat/api-calls';

/**
 * The Web API client's `fetch`, counting each attempt (a retry after a 429 is a call of its own) by method and
 * outcome. Whether Slack took the call is in the body (`ok`), read from a copy after the answer is handed on.
 */
export function observedFetch(observe: ApiCallObserver, base: typeof fetch = globalThis.fetch): webApi.FetchFunction {
  return async (url, init) => {
    const method = methodOf(url);
    const tell = (outcome: ApiCallOutcome) => {
      try {
        observe({ surface: 'slack', method, outcome });
      } catch {
        // Counting never breaks a call.
      }
    };
    let response: Response;
    try {
      response = await base(url, init as RequestInit);
    } catch (error) {
      tell('network_error');
      throw error;
    }
    if (response.status === 429) tell('rate_limited');
    else if (!response.ok) tell('http_error');
    else {
      response
        .clone()
        .json()
        .then(
          (body) => tell((body as { ok?: unknown }).ok === true ? 'ok' : 'error'),
          () => tell('error'),
        );
    }
    return response;
  };
}

/** `https://slack.com/api/chat.postMessage` → `chat.postMessage`. */
function methodOf(url: string | URL): string {
  const path = new URL(String(url)).pathname;
  return path.slice(path.lastIndexOf('/') + 1) || 'unknown';
}
