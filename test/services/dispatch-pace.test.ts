import { DISPATCH_BATCH, DispatchPace, MAX_IN_FLIGHT, MIN_DISPATCH_BATCH } from '../../src/services/dispatch-pace';

function paceAt(windowMs: number) {
  let now = 0;
  const pace = new DispatchPace(windowMs, () => now);
  return { pace, advance: (ms: number) => (now += ms) };
}

describe('how much a dispatch run claims ahead of its posts', () => {
  it('starts with one full batch at a time, before any pace is known', () => {
    const { pace } = paceAt(270_000);
    expect(pace.batchSize()).toBe(DISPATCH_BATCH);
    expect(pace.inFlightLimit()).toBe(DISPATCH_BATCH);
  });

  it('keeps several batches queued when the surfaces post far faster than a claim runs out', () => {
    // Production: a 5-minute claim, 200 check-ins settled in 2 s.
    const { pace, advance } = paceAt(270_000);
    advance(2_000);
    pace.settled(200);
    expect(pace.batchSize()).toBe(DISPATCH_BATCH);
    expect(pace.inFlightLimit()).toBe(MAX_IN_FLIGHT);
  });

  it('shrinks batches and stops overlapping them when posting is too slow for the claims', () => {
    // A 10-second claim (5 s to post) on a starved machine: 200 check-ins took 20 s, 10 a second.
    const { pace, advance } = paceAt(5_000);
    advance(20_000);
    pace.settled(200);
    expect(pace.batchSize()).toBe(25);
    expect(pace.inFlightLimit()).toBe(25);
    // Slower still: never below the smallest batch, so the run keeps moving.
    advance(180_000);
    expect(pace.batchSize()).toBe(MIN_DISPATCH_BATCH);
  });
});
