/** Check-ins claimed at once by a dispatch run at full pace. */
export const DISPATCH_BATCH = 200;
/** The smallest batch a slow run shrinks to. */
export const MIN_DISPATCH_BATCH = 20;
/** Check-ins whose prompts may wait in the surfaces' channel queues at once, per replica. */
export const MAX_IN_FLIGHT = 1_000;

/**
 * The pace one dispatch run keeps (check-ins settled per second of wall time since it began), and what it
 * allows: a batch and a number in flight that the surfaces can post within half the posting window. Before
 * the first batch settles the pace is unknown, and one full batch at a time is the safe start.
 */
export class DispatchPace {
  private readonly started: number;
  private done = 0;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  settled(count: number): void {
    this.done += count;
  }

  /** Check-ins the run can settle in half the posting window at its pace so far; undefined before any settled. */
  private affordable(): number | undefined {
    const elapsedMs = Math.max(1, this.now() - this.started);
    return this.done === 0 ? undefined : Math.floor(((this.done / elapsedMs) * this.windowMs) / 2);
  }

  batchSize(): number {
    const affordable = this.affordable();
    return affordable === undefined
      ? DISPATCH_BATCH
      : Math.min(DISPATCH_BATCH, Math.max(MIN_DISPATCH_BATCH, affordable));
  }

  inFlightLimit(): number {
    const affordable = this.affordable();
    return affordable === undefined ? DISPATCH_BATCH : Math.min(MAX_IN_FLIGHT, Math.max(this.batchSize(), affordable));
  }
}
