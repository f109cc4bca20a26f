import type { SurfaceName } from './chat-surface';

/**
 * How one call to a chat platform's API ended, as operators count it: `rate_limited` is an HTTP 429,
 * `error` an answer that refused the call (Slack's `ok: false`), `http_error` any other non-2xx status,
 * `network_error` no answer at all.
 */
export type ApiCallOutcome = 'ok' | 'error' | 'rate_limited' | 'http_error' | 'network_error';

export interface ApiCall {
  surface: SurfaceName;
  /** The platform's method name: `chat.postMessage`, `conversations.createActivity`. */
  method: string;
  outcome: ApiCallOutcome;
}

/** Told about every call a surface makes, after it ended; must not throw. */
export type ApiCallObserver = (call: ApiCall) => void;
