/**
 * Paces posts per channel the way Slack limits them: chat.postMessage allows about one message per second
 * per channel, with short bursts (https://docs.slack.dev/apis/web-api/rate-limits#special-rate-limits).
 *
 * - Each channel has its own queue and token bucket (`burst` posts at once, refilled at `perSecond`) and at
 *   most one post in flight, so its messages keep their order.
 * - Channels proceed side by side, at most `concurrency` posts at once across all of them.
 * - A 429 pauses only the channel it came from, for its Retry-After, and the post is tried again there;
 *   other channels go on. That is why the posting client sets `rejectRateLimitedCalls`: the Web API
 *   client's own handling pauses every call of the client on any 429.
 */
export interface PacerOptions {
  perSecond: number;
  burst: number;
  concurrency: number;
  /** How many 429s one post may meet before it fails. */
  maxRateLimitRetries: number;
  /**
   * Tokens kept in reserve (a fraction of a post): Slack counts a post when it arrives, this pacer when it
   * sends, and a post a few milliseconds early on Slack's count costs a whole Retry-After second. 0.05 at one
   * a second keeps 50 ms in hand without slowing the steady pace.
   */
  reserve?: number;
  /** Wall time in ms: Slack's limits are real seconds, not domain time. */
  now?: () => number;
}

export const DEFAULT_PACING: PacerOptions = {
  perSecond: 1,
  burst: 3,
  concurrency: 16,
  maxRateLimitRetries: 5,
  reserve: 0.05,
};

interface Job {
  task: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  rateLimited: number;
}

interface Lane {
  queue: Job[];
  tokens: number;
  refilledAt: number;
  blockedUntil: number;
  busy: boolean;
  /** The post in flight left a full bucket: Slack's own bucket for the channel starts when it arrives. */
  startsBucket: boolean;
}

/** The seconds Slack asked to wait, when `error` is a rejected rate-limited call; undefined otherwise. */
export function retryAfterOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; retryAfter?: unknown } | null;
  if (e?.code !== 'slack_webapi_rate_limited_error') return undefined;
  return typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 1;
}

export class ChannelPacer {
  private readonly lanes = new Map<string, Lane>();
  private readonly now: () => number;
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(private readonly options: PacerOptions = DEFAULT_PACING) {
    this.now = options.now ?? Date.now;
  }

  /** Runs `task` in `channel`'s turn. */
  run<T>(channel: string, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const lane = this.lane(channel);
      lane.queue.push({ task, resolve: resolve as (value: unknown) => void, reject, rateLimited: 0 });
      this.pump();
    });
  }

  /** Posts waiting or in flight, for tests and logs. */
  get pending(): number {
    let count = this.running;
    for (const lane of this.lanes.values()) count += lane.queue.length;
    return count;
  }

  private lane(channel: string): Lane {
    let lane = this.lanes.get(channel);
    if (!lane) {
      lane = {
        queue: [],
        tokens: this.options.burst,
        refilledAt: this.now(),
        blockedUntil: 0,
        busy: false,
        startsBucket: false,
      };
      this.lanes.set(channel, lane);
    }
    return lane;
  }

  private pump(): void {
    const now = this.now();
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const [channel, lane] of this.lanes) {
      if (this.running >= this.options.concurrency) break;
      if (lane.busy) continue;
      lane.tokens = Math.min(
        this.options.burst,
        lane.tokens + ((now - lane.refilledAt) / 1000) * this.options.perSecond,
      );
      lane.refilledAt = now;
      if (lane.queue.length === 0) {
        // A full, idle lane carries no state worth keeping.
        if (lane.tokens >= this.options.burst) this.lanes.delete(channel);
        continue;
      }
      const needed = 1 + (this.options.reserve ?? 0);
      const readyAt = Math.max(
        lane.blockedUntil,
        lane.tokens >= needed ? now : now + ((needed - lane.tokens) / this.options.perSecond) * 1000,
      );
      if (readyAt > now) {
        wakeAt = Math.min(wakeAt, readyAt);
        continue;
      }
      const job = lane.queue.shift() as Job;
      lane.startsBucket = lane.tokens >= this.options.burst;
      lane.tokens -= 1;
      lane.busy = true;
      this.running += 1;
      // Served lanes go to the back, so channels take turns.
      this.lanes.delete(channel);
      this.lanes.set(channel, lane);
      void this.execute(lane, job);
    }
    if (wakeAt < Number.POSITIVE_INFINITY) this.wakeAt(wakeAt);
  }

  private wakeAt(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.pump();
      },
      Math.max(1, at - this.now()),
    );
  }

  private async execute(lane: Lane, job: Job): Promise<void> {
    try {
      job.resolve(await job.task());
    } catch (error) {
      const retryAfter = retryAfterOf(error);
      if (retryAfter !== undefined && job.rateLimited < this.options.maxRateLimitRetries) {
        job.rateLimited += 1;
        lane.blockedUntil = this.now() + retryAfter * 1000;
        lane.tokens = 0;
        lane.queue.unshift(job);
      } else {
        job.reject(error);
      }
    } finally {
      // Slack's bucket for a channel starts when the first post of a burst arrives, which is only known to be
      // before its answer: refill is counted from that answer. Counted from the send, a first post that took
      // longer to arrive than a later one let that later one reach Slack before its token (429s on a loaded
      // machine). Later posts keep counting from their send, so pacing costs one round trip a burst, not one
      // a post.
      if (lane.startsBucket) lane.refilledAt = Math.max(lane.refilledAt, this.now());
      lane.startsBucket = false;
      lane.busy = false;
      this.running -= 1;
      this.pump();
    }
  }
}
