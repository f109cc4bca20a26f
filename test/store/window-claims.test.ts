import { fixedClock } from '../../src/domain/clock';
import { createWindowClaimTable, withWindowLocks } from '../../src/store/window-claims';
import { useTestDatabase } from '../support/database';

const database = useTestDatabase();
const MINUTE = 60_000;

describe('window claims', () => {
  it('gives each key to one owner at a time, until the claim has run out', async () => {
    const clock = fixedClock('2026-03-02T09:00:10Z');
    const table = createWindowClaimTable(database.connection(), clock, 'TestClaim', 'test_claims', {
      windowMs: MINUTE,
    });
    await table.model.syncIndexes();
    const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
    const grabs = await Promise.all(
      ['a', 'b', 'c', 'a', 'b', 'c'].map((owner) => table.claimMany(keys, owner, 5 * MINUTE)),
    );
    const winners = keys.map((key) => grabs.filter((got) => got.has(key)).length);
    expect(winners.every((n) => n === 1)).toBe(true);
    expect((await table.holdersOf(keys)).size).toBe(30);

    // Held for the lease plus at most a window: not at +5 min, free at +6.
    clock.advance(5 * MINUTE);
    expect((await table.claimMany(keys, 'd', 5 * MINUTE)).size).toBe(0);
    clock.advance(MINUTE);
    expect((await table.claimMany(keys, 'd', 5 * MINUTE)).size).toBe(30);
    expect(await table.purge(new Date(clock().getTime()))).toBeGreaterThan(0);
  });

  it('gives every contended key to exactly one contender, round after round', async () => {
    // Contenders in the same window and in neighbouring ones (a claim just before a window ends and one
    // just after), each hold spanning several windows: the shapes that used to leave a key to nobody.
    const clock = fixedClock('2026-03-02T09:00:00Z');
    const table = createWindowClaimTable(database.connection(), clock, 'TestClaim3', 'test_claims_3', {
      windowMs: 5_000,
    });
    await table.model.syncIndexes();
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    let contended = 0;
    for (let round = 0; round < 12; round += 1) {
      const base = Date.parse('2026-03-02T09:00:00Z') + round * 3_600_000 + 4_990;
      // Owners a-c claim at 4.990 s into the hour's first window, d-f 20 ms later: the next window.
      const grabs = await Promise.all(
        ['a', 'b', 'c', 'd', 'e', 'f'].map((owner, i) =>
          table.claimMany(keys, `${owner}${round}`, 15_000, new Date(base + (i < 3 ? 0 : 20))),
        ),
      );
      const winners = keys.map((key) => grabs.filter((got) => got.has(key)).length);
      contended += keys.length;
      expect(winners.filter((n) => n !== 1)).toEqual([]);
      // What the winners hold is what the table says: one holder per key, the winner.
      const holders = await table.holdersOf(keys, new Date(base + 20));
      for (const key of keys) {
        const winner = grabs.find((got) => got.has(key))?.get(key)?.owner;
        expect(holders.get(key)).toBe(winner);
      }
    }
    expect(contended).toBe(480);
  });

  it('lets an owner take back a claim it is done with, in the same process, but not one it is still using', async () => {
    const clock = fixedClock('2026-03-02T09:00:00Z');
    const table = createWindowClaimTable(database.connection(), clock, 'TestClaim2', 'test_claims_2', {
      windowMs: MINUTE,
      reentrant: true,
    });
    await table.model.syncIndexes();
    expect((await table.claimMany(['x'], 'me', 5 * MINUTE)).size).toBe(1);
    expect((await table.claimMany(['x'], 'me', 5 * MINUTE)).size).toBe(0);
    table.finish(['x'], 'me');
    expect((await table.claimMany(['x'], 'me', 5 * MINUTE)).size).toBe(1);
    expect((await table.claimMany(['x'], 'other', 5 * MINUTE)).size).toBe(0);
  });

  it('serialises work under a short lock and frees it afterwards', async () => {
    const clock = fixedClock('2026-03-02T09:00:00Z');
    const table = createWindowClaimTable(database.connection(), clock, 'TestLock', 'test_locks', { windowMs: 5_000 });
    await table.model.syncIndexes();
    let inside = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        withWindowLocks(
          table,
          ['one'],
          async () => {
            inside += 1;
            peak = Math.max(peak, inside);
            await new Promise((resolve) => setTimeout(resolve, 20));
            inside -= 1;
          },
          { owner: `lock-${i}` },
        ),
      ),
    );
    expect(peak).toBe(1);
    expect(await table.model.countDocuments({})).toBe(0);
  });
});
