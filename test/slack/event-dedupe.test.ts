import { fixedClock } from '../../src/domain/clock';
import { EventDeduper } from '../../src/slack/event-dedupe';

describe('event deduplication', () => {
  it('lets an event id through once, again after a failure, and forgets it after its time', () => {
    const clock = fixedClock('2026-04-01T00:00:00Z');
    const dedupe = new EventDeduper(clock, { ttlMs: 60_000, maxEntries: 2 });
    expect(dedupe.claim('Ev1')).toBe(true);
    expect(dedupe.claim('Ev1')).toBe(false);
    dedupe.release('Ev1');
    expect(dedupe.claim('Ev1')).toBe(true);
    clock.advance(60_001);
    expect(dedupe.claim('Ev1')).toBe(true);
    dedupe.claim('Ev2');
    dedupe.claim('Ev3'); // evicts the least recently used
    expect(dedupe.claim('Ev1')).toBe(true);
  });
});
