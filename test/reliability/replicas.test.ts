import { seedDueCheckins } from '../../scripts/seed-due-checkins';
import { promptedIds, startReplicas } from '../support/replicas';
import { type SlackStandin, startSlackStandin } from '../support/slack-standin';

/**
 * Guarantee: several replicas on one database share the fan-out, and each due check-in is prompted exactly once
 * in each of its places, however their ticks overlap.
 */
let standin: SlackStandin;
let cluster: Awaited<ReturnType<typeof startReplicas>>;

beforeAll(async () => {
  standin = await startSlackStandin();
  cluster = await startReplicas(3, { standin, start: '2026-03-02T09:00:00Z' });
});

afterAll(async () => {
  await cluster?.stop();
  await standin?.close();
});

describe('several replicas on one database', () => {
  it('prompts each due check-in exactly once, the replicas sharing the work', async () => {
    const [first] = cluster.replicas;
    const seeded = await seedDueCheckins(first!.app.store, {
      contracts: 150,
      kpisPerContract: 10,
      dueAt: new Date('2026-03-02T08:00:00Z'),
      prefix: 'REPL',
    });
    expect(seeded.checkinIds).toHaveLength(1500);

    // Every replica ticks, twice over, at the same moment. (The time limit bounds a hang and times nothing: alone
    // this takes ~25 s, beside the whole suite on 2 cores up to 90 s, once more than 120 s.)
    const results = await Promise.all(
      [...cluster.replicas, ...cluster.replicas].map((replica) =>
        replica.app.services.checkins.dispatchDue(replica.clock()),
      ),
    );
    // And once more afterwards, as the next tick would: nothing is left to do.
    const later = await Promise.all(
      cluster.replicas.map((replica) => replica.app.services.checkins.dispatchDue(replica.clock())),
    );

    const posted = promptedIds(standin.calls);
    const perCheckin = new Map<string, number>();
    for (const { id } of posted) perCheckin.set(id, (perCheckin.get(id) ?? 0) + 1);
    expect(perCheckin.size).toBe(1500);
    expect([...perCheckin.values()].every((count) => count === 1)).toBe(true);
    for (const [channel, ids] of seeded.byChannel) {
      expect(
        posted
          .filter((p) => p.channel === channel)
          .map((p) => p.id)
          .sort(),
      ).toEqual([...ids].sort());
    }

    expect(results.reduce((sum, r) => sum + r.prompted, 0)).toBe(1500);
    expect(later.every((r) => r.prompted === 0)).toBe(true);
    // The work was shared (a replica takes at most 1,000 at a time), not done by one while the others waited.
    const perReplica = cluster.replicas.map((_, i) => results[i]!.prompted + results[i + 3]!.prompted);
    expect(perReplica.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);

    const counts = await first!.app.store.checkins.countByStatus();
    expect(counts.prompted).toBe(1500);
    expect(counts.pending).toBe(0);
  }, 240_000);
});
