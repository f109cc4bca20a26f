import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Clock } from '../domain/clock';
import type { Logger } from '../logger';
import { TtlCache } from './ttl-cache';

/**
 * Slack redelivers an Events API event (up to 3 times, `x-slack-retry-num`) when no 2xx arrived within 3 s,
 * and Bolt does not deduplicate (https://docs.slack.dev/apis/events-api/#retries). Every envelope carries a
 * unique `event_id`; the first delivery claims it, later ones (retries, or the same event twice) are dropped.
 *
 * This is per process: with several replicas behind a load balancer a retry can land on another replica,
 * so deduplication there needs a store-backed claim (a unique index on event_id with a TTL), which the lead
 * adds with the store. The interface stays the same.
 */
export class EventDeduper {
  private readonly seen: TtlCache<string, true>;

  constructor(clock: Clock, options: { ttlMs?: number; maxEntries?: number } = {}) {
    // Slack gives up retrying after about an hour and a half at most; keep ids a little longer.
    this.seen = new TtlCache(clock, {
      ttlMs: options.ttlMs ?? 2 * 60 * 60_000,
      maxEntries: options.maxEntries ?? 10_000,
    });
  }

  /** True the first time an event id is seen. */
  claim(eventId: string): boolean {
    if (this.seen.has(eventId)) return false;
    this.seen.set(eventId, true);
    return true;
  }

  /** Processing failed: let Slack's next retry through. */
  release(eventId: string): void {
    this.seen.delete(eventId);
  }

  clear(): void {
    this.seen.clear();
  }
}

/** Global middleware: events whose `event_id` was already claimed never reach a listener. */
export function dedupeEvents(deduper: EventDeduper, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== 'string' || eventId === '') {
      await next();
      return;
    }
    if (!deduper.claim(eventId)) {
      logger.debug(
        { eventId, retryNum: context.retryNum, retryReason: context.retryReason },
        'duplicate Slack event ignored',
      );
      return;
    }
    try {
      await next();
    } catch (error) {
      deduper.release(eventId);
      throw error;
    }
  };
}
