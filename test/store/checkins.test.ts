import type { fixedClock } from '../../src/domain/clock';
import type { Store } from '../../src/store';
import { useTestDatabase } from '../support/database';
import { checkinFixture, contractWithKpi, owner, storeFor, vendorContact } from './fixtures';

const database = useTestDatabase();
let store: Store;
let clock: ReturnType<typeof fixedClock>;

beforeAll(async () => {
  ({ store, clock } = await storeFor(database.connection()));
  await contractWithKpi(store, 'CHK-2026-001');
});

const MINUTE = 60_000;

describe('check-ins', () => {
  it('creates exactly one check-in per KPI period when 20 replicas ask at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.checkins.ensure(checkinFixture('CHK-2026-001', { periodKey: '2026-01' }))),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.checkin.id)).size).toBe(1);
    expect(await database.connection().collection('checkins').countDocuments({ periodKey: '2026-01' })).toBe(1);
    expect(results[0]?.checkin).toMatchObject({ status: 'pending', prompts: [], respondent: { role: 'vendor' } });
  });

  it('leaves an existing check-in untouched when it is ensured again', async () => {
    const first = await store.checkins.ensure(checkinFixture('CHK-2026-001', { periodKey: '2025-12' }));
    await store.checkins.markPrompted(first.checkin.id, {
      surface: 'slack',
      channelId: 'D0VENDOR',
      messageTs: '1767000000.000100',
      postedAt: clock(),
    });
    const again = await store.checkins.ensure(checkinFixture('CHK-2026-001', { periodKey: '2025-12' }));
    expect(again.created).toBe(false);
    expect(again.checkin.status).toBe('prompted');
    expect(again.checkin.prompts).toHaveLength(1);
  });

  it('finds every check-in shown in one grouped prompt', async () => {
    const a = await store.checkins.ensure(
      checkinFixture('CHK-2026-001', { kpiKey: 'grouped-a', periodKey: '2026-02' }),
    );
    const b = await store.checkins.ensure(
      checkinFixture('CHK-2026-001', { kpiKey: 'grouped-b', periodKey: '2026-02' }),
    );
    for (const { checkin } of [a, b]) {
      await store.checkins.markPrompted(checkin.id, {
        surface: 'teams',
        channelId: 'a:1on1',
        activityId: 'act-42',
        postedAt: clock(),
      });
    }
    expect((await store.checkins.byPrompt('teams', 'a:1on1', 'act-42')).map((c) => c.kpiKey)).toEqual([
      'grouped-a',
      'grouped-b',
    ]);
    expect(await store.checkins.byPrompt('slack', 'a:1on1', 'act-42')).toEqual([]);
  });

  it('lists open check-ins of the person asked to answer them', async () => {
    await store.checkins.ensure(checkinFixture('CHK-2026-001', { periodKey: '2025-11' }));
    const mine = await store.checkins.openForPerson({ slackUserId: vendorContact.slackUserId });
    expect(mine.map((c) => c.periodKey)).toContain('2025-11');
    expect(await store.checkins.openForPerson({ slackUserId: owner.slackUserId })).toEqual([]);
  });

  it('never lets two replicas claim the same check-in, and hands expired claims to another', async () => {
    const now = new Date('2026-06-01T09:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const { checkin } = await store.checkins.ensure(
        checkinFixture('CHK-2026-001', {
          kpiKey: `claim-${i}`,
          periodKey: '2026-05',
          dueAt: new Date(now.getTime() - i * MINUTE),
        }),
      );
      ids.push(checkin.id);
    }
    // Two replicas, each running several ticks at once, for a few rounds.
    const claimed = [];
    for (let round = 0; round < 4; round += 1) {
      const batches = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.checkins.claimDue(now, i % 2 ? 'replica-b' : 'replica-a', 5 * MINUTE, 3),
        ),
      );
      claimed.push(...batches.flat());
    }
    const claimedIds = claimed.map((c) => c.id).filter((id) => ids.includes(id));
    expect(new Set(claimedIds).size).toBe(claimedIds.length);
    expect(new Set(claimedIds)).toEqual(new Set(ids));
    for (const checkin of claimed) expect(['replica-a', 'replica-b']).toContain(checkin.claimedBy);

    // While the claims hold, nobody else gets them.
    expect(
      (await store.checkins.claimDue(now, 'replica-c', 5 * MINUTE, 50))
        .map((c) => c.id)
        .filter((id) => ids.includes(id)),
    ).toEqual([]);

    // A replica that died leaves claims that run out; another replica takes them over.
    const later = new Date(now.getTime() + 6 * MINUTE);
    const reclaimed = (await store.checkins.claimDue(later, 'replica-c', 5 * MINUTE, 50)).filter((c) =>
      ids.includes(c.id),
    );
    expect(new Set(reclaimed.map((c) => c.id))).toEqual(new Set(ids));
    expect(reclaimed.every((c) => c.claimedBy === 'replica-c')).toBe(true);

    // A released claim with a later next action is not due again until then.
    const [first] = reclaimed;
    await store.checkins.releaseClaim(first!.id, 'replica-c', {
      nextActionAt: new Date(later.getTime() + 60 * MINUTE),
    });
    const released = await store.checkins.get(first!.id);
    expect(released?.claimedBy).toBeUndefined();
    expect((await store.checkins.claimDue(later, 'replica-d', 5 * MINUTE, 50)).map((c) => c.id)).not.toContain(
      first!.id,
    );
  });

  it('gives a replica its own finished claim again only as the check-in is now, not as an older list had it', async () => {
    const { checkin } = await store.checkins.ensure(
      checkinFixture('CHK-2026-001', {
        kpiKey: 'overlap',
        periodKey: '2026-03',
        dueAt: new Date(clock().getTime() - MINUTE),
      }),
    );
    // Two overlapping runs of one replica read the same list of due check-ins.
    const staleList = (await store.checkins.dueCandidates(clock(), 500)).filter((c) => c.id === checkin.id);
    expect(staleList.map((c) => c.status)).toEqual(['pending']);
    // The first run claims it, prompts it and is done with it (the claim is held until it expires).
    const [claimed] = await store.checkins.claimCandidates(staleList, 'replica-a', 5 * MINUTE, clock());
    expect(claimed?.status).toBe('pending');
    await store.checkins.markPrompted(checkin.id, {
      surface: 'slack',
      channelId: 'C0OVERLAP',
      messageTs: '1767000000.000200',
      postedAt: clock(),
    });
    store.checkins.finishClaims([checkin.id], 'replica-a');
    // The second run reaches it in its older list: it must not see it as still waiting for its first prompt.
    const again = await store.checkins.claimCandidates(staleList, 'replica-a', 5 * MINUTE, clock());
    expect(again.every((c) => c.status !== 'pending')).toBe(true);
  });

  it('snoozes, marks missed and marks not applicable only while open', async () => {
    const { checkin } = await store.checkins.ensure(
      checkinFixture('CHK-2026-001', { kpiKey: 'states', periodKey: '2026-02' }),
    );
    const until = new Date('2026-03-03T08:00:00Z');
    const snoozed = await store.checkins.snooze(checkin.id, until, vendorContact);
    expect(snoozed).toMatchObject({ snoozedUntil: until, nextActionAt: until, snoozedBy: vendorContact });

    const missed = await store.checkins.markMissed(checkin.id, new Date('2026-03-05T08:00:00Z'));
    expect(missed).toMatchObject({ status: 'missed' });
    expect(missed?.nextActionAt).toBeUndefined();
    expect(await store.checkins.markMissed(checkin.id, new Date())).toBeNull();

    const na = await store.checkins.markNotApplicable(checkin.id, 'Site closed for works', owner);
    expect(na).toMatchObject({ status: 'not-applicable', notApplicableReason: 'Site closed for works' });
    await expect(store.checkins.snooze(checkin.id, until, owner)).rejects.toMatchObject({ code: 'invalid_transition' });
  });

  it('counts check-ins per status', async () => {
    const counts = await store.checkins.countByStatus('CHK-2026-001');
    expect(counts.pending).toBeGreaterThan(0);
    expect(Object.keys(counts).sort()).toEqual(['answered', 'missed', 'not-applicable', 'pending', 'prompted']);
  });
});
