import type { App } from '@slack/bolt';

/**
 * What a listener does after its `ack()` (the actor lookup, the service call, `views.open` or the
 * `response_url` answer: a few milliseconds of CPU each) runs on the event loop that also reads and
 * acknowledges the next requests. Unbounded, a burst of requests piles all that work in front of the next
 * acknowledgements, and Slack gives up on one after 3 s. So after its ack a listener waits for one of a few
 * turns, and takes it only after the event loop has polled for I/O (`setImmediate`): requests that came in
 * meanwhile are read, checked and acknowledged first. The backlog is bounded too: while more than
 * `backlog` listeners wait for a turn, a new request waits before Bolt sees it (`admit`), so a `trigger_id`
 * (good for 3 s) is not left behind a queue that cannot be worked off in time.
 */
export interface AfterAckOptions {
  /** Listeners working after their ack at once. Their work is mostly waiting on the database and Slack. */
  concurrency: number;
  /** Listeners waiting for a turn beyond which new requests wait too. */
  backlog: number;
  /**
   * A turn ends by itself after this long and the listener goes on outside the queue: a long job (an import,
   * a chart) must not hold a turn that quick answers wait for.
   */
  holdMs: number;
}

export const DEFAULT_AFTER_ACK: AfterAckOptions = { concurrency: 8, backlog: 64, holdMs: 1_000 };

export class AfterAckQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly admitting: Array<() => void> = [];

  constructor(private readonly options: AfterAckOptions = DEFAULT_AFTER_ACK) {}

  /** Listeners waiting for a turn now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves when a new request may go on to Bolt: at once unless the backlog is full. */
  admit(): Promise<void> {
    if (this.waiting.length < this.options.backlog) return Promise.resolve();
    return new Promise((resolve) => this.admitting.push(resolve));
  }

  /** Waits for a turn (after an I/O poll); the function returned ends it. */
  async turn(): Promise<() => void> {
    if (this.running < this.options.concurrency && this.waiting.length === 0) this.running += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      this.handOver();
    };
    const timer = setTimeout(end, this.options.holdMs);
    timer.unref();
    return end;
  }

  private handOver(): void {
    const next = this.waiting.shift();
    // The turn passes straight to the next listener waiting; `running` stays as it is.
    if (next) next();
    else this.running -= 1;
    while (this.admitting.length > 0 && this.waiting.length < this.options.backlog) this.admitting.shift()?.();
  }
}

type Ack = (...response: never[]) => Promise<void>;
type Listener = (args: { ack?: Ack }) => Promise<void>;

/** A listener whose work after `ack()` takes its turn in `queue`. */
export function afterAck<A extends { ack?: Ack }>(
  queue: AfterAckQueue,
  listener: (args: A) => Promise<void>,
): (args: A) => Promise<void> {
  return async (args) => {
    const original = args.ack;
    if (!original) return listener(args);
    let end: (() => void) | undefined;
    const ack: Ack = async (...response) => {
      await original(...response);
      end ??= await queue.turn();
    };
    try {
      await listener({ ...args, ack });
    } finally {
      end?.();
    }
  };
}

/**
 * The app as the listener folders see it: `command`, `action`, `view`, `shortcut` and `options` register
 * their listener through `afterAck`. Everything else is the app itself.
 */
export function withAfterAck(app: App, queue: AfterAckQueue): App {
  const wrapLast = (args: unknown[]) => {
    const last = args.length - 1;
    const listener = args[last];
    return typeof listener === 'function' ? [...args.slice(0, last), afterAck(queue, listener as Listener)] : args;
  };
  return new Proxy(app, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (
        typeof value === 'function' &&
        (property === 'command' ||
          property === 'action' ||
          property === 'view' ||
          property === 'shortcut' ||
          property === 'options')
      ) {
        return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, wrapLast(args));
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
