import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { TtlCache } from '../chat/ttl-cache';
import type { Clock } from '../domain/clock';
import type { Logger } from '../logger';

/**
 * Slack redelivers an Events API event (up to 3 times, `x-slack-retry-num`) when no 2xx arrived within 3 s,
 * and Bolt does not deduplicate (https://docs.slack.dev/apis/events-api/#retries). Every envelope carries a
 * unique `event_id`; the first delivery claims it, later ones (retries, or the same event twice) are dropped.
 *
 * With several replicas behind a load balancer a retry can land on another replica, so the claims must be
 * shared: Steward passes the store's processed-event table (a unique-index insert per id, see
 * store/processed-events.ts). `EventDeduper` below keeps them in this process only, for a Slack surface
 * without a store (tests, tools).
 */
export interface EventClaims {
  /** True the first time an event id is seen, on any replica sharing the claims. */
  claim(eventId: string): Promise<boolean> | boolean;
  /** Processing failed: let Slack's next retry through. */
  release(eventId: string): Promise<void> | void;
}

export class EventDeduper implements EventClaims {
  private readonly seen: TtlCache<string, true>;

  constructor(clock: Clock, options: { ttlMs?: number; maxEntries?: number } = {}) {
    // Slack gives up retrying after about an hour and a half at most; keep ids a little longer.
    this.seen = new TtlCache(clock, {
      ttlMs: options.ttlMs ?? 2 * 60 * 60_000,
      maxEntries: options.maxEntries ?? 10_000,
    });
  }

  claim(eventId: string): boolean {
    if (this.seen.has(eventId)) return false;
    this.seen.set(eventId, true);
    return true;
  }

  release(eventId: string): void {
    this.seen.delete(eventId);
  }

  clear(): void {
    this.seen.clear();
  }
}

/** Global middleware: events whose `event_id` was already claimed never reach a listener. */
export function dedupeEvents(claims: EventClaims, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== 'string' || eventId === '') {
      await next();
      return;
    }
    let first: boolean;
    try {
      first = await claims.claim(eventId);
    } catch (error) {
      // The claims are unreachable (the database is down): handle the event rather than lose it; a
      // retry in this window may then be handled twice, which every event listener tolerates.
      logger.warn({ err: error, eventId }, 'could not check for a duplicate Slack event; handling it');
      await next();
      return;
    }
    if (!first) {
      logger.debug(
        { eventId, retryNum: context.retryNum, retryReason: context.retryReason },
        'duplicate Slack event ignored',
      );
      return;
    }
    try {
      await next();
    } catch (error) {
      await Promise.resolve(claims.release(eventId)).catch(() => undefined);
      throw error;
    }
  };
}
