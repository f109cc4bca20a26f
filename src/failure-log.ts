import type { Logger } from './logger';

/** A failure that repeats is logged again at most once in this window, with how often it happened meanwhile. */
const REPEAT_WINDOW_MS = 3_600_000;
const MAX_REMEMBERED = 5_000;

interface Seen {
  loggedAt: number;
  repeats: number;
}

/**
 * Expected platform failures (a deactivated user, an archived channel, a 429) as one short warning line each,
 * without a stack trace; the same failure again within the hour is only counted, and the count is reported with
 * the next line logged for it. Unexpected errors keep going through the logger with their stack.
 */
export class RepeatedFailureLog {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  warn(
    fields: { surface: string; method: string; reason: string; target?: string } & Record<string, unknown>,
    message: string,
  ): void {
    const key = [fields.surface, fields.method, fields.reason, fields.target ?? ''].join('\u0000');
    const at = this.now();
    const seen = this.seen.get(key);
    if (seen && at - seen.loggedAt < REPEAT_WINDOW_MS) {
      seen.repeats += 1;
      return;
    }
    this.logger.warn(seen?.repeats ? { ...fields, repeatedSinceLastLine: seen.repeats } : fields, message);
    this.seen.delete(key);
    this.seen.set(key, { loggedAt: at, repeats: 0 });
    if (this.seen.size > MAX_REMEMBERED) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}

const perLogger = new WeakMap<Logger, RepeatedFailureLog>();

/** One failure log per logger, so every service and surface sharing a logger counts repeats together. */
export function failureLogFor(logger: Logger): RepeatedFailureLog {
  let log = perLogger.get(logger);
  if (!log) {
    log = new RepeatedFailureLog(logger);
    perLogger.set(logger, log);
  }
  return log;
}
