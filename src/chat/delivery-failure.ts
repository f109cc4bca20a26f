/**
 * Why a surface could not deliver something, in words the services can act on without knowing Slack or
 * Teams: `unreachable` will not change by trying again (a deactivated account, an archived or unknown
 * channel, a bot removed from a conversation) and is remembered until the roles change or an hourly
 * re-check finds the target again; `transient` (a 429, a 5xx, the network) is retried with backoff.
 */
export type DeliveryFailureKind = 'unreachable' | 'transient';

export interface DeliveryTarget {
  kind: 'person' | 'channel';
  /** The surface's own id of the person or channel: used as a key, never shown to a person. */
  id: string;
}

export class DeliveryFailure extends Error {
  constructor(
    readonly kind: DeliveryFailureKind,
    /** The platform's short reason, e.g. `user_not_found`, `is_archived`, `http_404`, `ratelimited`. */
    readonly reason: string,
    /** The platform call that failed, e.g. `conversations.open`. */
    readonly method: string,
    readonly target: DeliveryTarget,
    /** For a 429: how long the platform asked to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(`${method} failed for ${target.kind} ${target.id}: ${reason}`);
    this.name = 'DeliveryFailure';
  }
}

export function isDeliveryFailure(error: unknown): error is DeliveryFailure {
  return error instanceof DeliveryFailure;
}
