import type { Store } from '../../src/store';
import { useTestDatabase } from '../support/database';
import { owner, storeFor, teamsManager } from './fixtures';

const database = useTestDatabase();
let store: Store;

beforeAll(async () => {
  ({ store } = await storeFor(database.connection()));
});

const HOUR = 3_600_000;
const opened = new Date('2026-03-02T09:00:00Z');

const redScore = (checkinId: string) => ({
  contractRef: 'ESC-2026-001',
  sourceKey: `red-score:${checkinId}`,
  trigger: 'red-score' as const,
  summary: 'Availability 97.1% is below the breach threshold of 98%',
  kpiKey: 'availability',
  checkinId,
  levelNotifiedAt: opened,
  ackDueAt: new Date(opened.getTime() + 24 * HOUR),
});

describe('escalations', () => {
  it('opens one escalation per source however often the red score is reported', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => store.escalations.open(redScore('c1'))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.escalation.id)).size).toBe(1);
    expect(results[0]?.escalation).toMatchObject({
      level: 1,
      status: 'open',
      history: [expect.objectContaining({ action: 'opened' })],
    });
    expect(await store.escalations.listActive({ contractRef: 'ESC-2026-001' })).toHaveLength(1);
  });

  it('climbs once per level when its time runs out, claimed by one replica', async () => {
    const { escalation } = await store.escalations.open(redScore('c2'));
    const late = new Date(opened.getTime() + 25 * HOUR);
    const claims = await Promise.all([
      store.escalations.claimDueForClimb(late, 'replica-a', 60_000, 10),
      store.escalations.claimDueForClimb(late, 'replica-b', 60_000, 10),
    ]);
    const claimedIds = claims.flat().map((e) => e.id);
    expect(claimedIds.filter((id) => id === escalation.id)).toHaveLength(1);

    const climbs = await Promise.all([
      store.escalations.climb(escalation.id, {
        fromLevel: 1,
        toLevel: 2,
        notifiedAt: late,
        ackDueAt: new Date(late.getTime() + 48 * HOUR),
      }),
      store.escalations.climb(escalation.id, { fromLevel: 1, toLevel: 2, notifiedAt: late }),
    ]);
    expect(climbs.filter(Boolean)).toHaveLength(1);
    const climbed = await store.escalations.require(escalation.id);
    expect(climbed.level).toBe(2);
    expect(climbed.history.filter((h) => h.action === 'climbed')).toHaveLength(1);
  });

  it('is acknowledged, threaded, resolved, and refuses to be resolved twice', async () => {
    const { escalation } = await store.escalations.open(redScore('c3'));
    await store.escalations.addThread(escalation.id, {
      surface: 'slack',
      channelId: 'C0INTERNAL',
      threadTs: '1767000000.000200',
    });
    await store.escalations.addThread(escalation.id, {
      surface: 'slack',
      channelId: 'C0INTERNAL',
      threadTs: '1767000000.000300',
    });
    const acknowledged = await store.escalations.acknowledge(escalation.id, owner, new Date(opened.getTime() + HOUR));
    expect(acknowledged).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: owner,
      threads: [{ threadTs: '1767000000.000300' }],
    });
    expect(acknowledged.ackDueAt).toBeUndefined();
    await expect(store.escalations.acknowledge(escalation.id, owner, new Date())).rejects.toMatchObject({
      code: 'invalid_transition',
    });

    const resolved = await store.escalations.resolve(
      escalation.id,
      teamsManager,
      new Date(opened.getTime() + 2 * HOUR),
      'Vendor replaced the faulty router',
    );
    expect(resolved).toMatchObject({ status: 'resolved', resolutionNote: 'Vendor replaced the faulty router' });
    expect(resolved.history.map((h) => h.action)).toEqual(['opened', 'acknowledged', 'resolved']);
    await expect(store.escalations.resolve(escalation.id, owner, new Date(), 'again')).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    expect((await store.escalations.listActive()).map((e) => e.id)).not.toContain(escalation.id);
  });
});

describe('corrective actions', () => {
  it('moves along its lifecycle and refuses skipped steps', async () => {
    const action = await store.correctiveActions.create({
      contractRef: 'ESC-2026-001',
      action: 'Add a redundant uplink at the Berlin site',
      owner: teamsManager,
      dueDate: '2026-03-31',
      escalationId: 'e1',
      createdBy: owner,
    });
    expect(action).toMatchObject({ status: 'planned', history: [expect.objectContaining({ to: 'planned' })] });
    await expect(store.correctiveActions.transition(action.id, 'verified', owner)).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    await store.correctiveActions.transition(action.id, 'approved', owner);
    await store.correctiveActions.transition(action.id, 'in-progress', teamsManager, { note: 'Ordered hardware' });
    expect((await store.correctiveActions.listOverdue('2026-04-01')).map((a) => a.id)).toContain(action.id);
    expect(
      (await store.correctiveActions.listForOwner({ teamsUserId: teamsManager.teamsUserId })).map((a) => a.id),
    ).toContain(action.id);
    await store.correctiveActions.transition(action.id, 'verified', owner);
    const closed = await store.correctiveActions.transition(action.id, 'closed', owner);
    expect(closed.history.map((h) => h.to)).toEqual(['planned', 'approved', 'in-progress', 'verified', 'closed']);
    expect(await store.correctiveActions.listOverdue('2026-04-01')).toEqual([]);
    expect(await store.correctiveActions.listForEscalation('e1')).toHaveLength(1);
  });
});
