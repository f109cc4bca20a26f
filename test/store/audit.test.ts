import type { Store } from '../../src/store';
import { useTestDatabase } from '../support/database';
import { owner, storeFor } from './fixtures';

const database = useTestDatabase();
let store: Store;

beforeAll(async () => {
  ({ store } = await storeFor(database.connection()));
});

const event = (contractRef: string, n: number) => ({
  contractRef,
  actor: owner,
  surface: 'slack' as const,
  action: 'contract.updated' as const,
  entityType: 'contract',
  entityId: contractRef,
  before: { title: `Title ${n - 1}` },
  after: { title: `Title ${n}` },
});

describe('audit log', () => {
  it('offers no way to change or delete events', () => {
    const methods = Object.keys(store.audit);
    expect(methods.sort()).toEqual(['append', 'appendMany', 'forEntity', 'latest', 'list', 'scopes', 'verifyChain']);
    expect(methods.filter((m) => /update|delete|remove|replace|set/i.test(m))).toEqual([]);
  });

  it('refuses updates and deletes even through the model', async () => {
    await store.audit.append(event('AUD-2026-001', 1));
    const model = database.connection().models.AuditEvent!;
    const attempts: Array<() => Promise<unknown>> = [
      () => model.updateOne({ contractRef: 'AUD-2026-001' }, { $set: { entityId: 'x' } }),
      () => model.updateMany({}, { $set: { entityId: 'x' } }),
      () => model.findOneAndUpdate({}, { $set: { entityId: 'x' } }),
      () => model.replaceOne({}, { entityId: 'x' }),
      () => model.deleteOne({}),
      () => model.deleteMany({}),
      () => model.findOneAndDelete({}),
      () => model.bulkWrite([{ deleteOne: { filter: {} } }]),
      async () => {
        const doc = await model.findOne({ contractRef: 'AUD-2026-001' });
        doc!.set('entityId', 'changed');
        return doc!.save();
      },
    ];
    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect(await store.audit.list('AUD-2026-001')).toEqual([
      expect.objectContaining({ seq: 1, entityId: 'AUD-2026-001' }),
    ]);
    expect(await store.audit.verifyChain('AUD-2026-001')).toEqual({ ok: true, count: 1 });
  });

  it('chains events per contract and verifies the chain', async () => {
    for (let n = 1; n <= 5; n += 1) await store.audit.append(event('AUD-2026-002', n));
    await store.audit.append({ ...event('AUD-2026-003', 1) });
    const events = await store.audit.list('AUD-2026-002');
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]?.prevHash).toMatch(/^0{64}$/);
    for (let i = 1; i < events.length; i += 1) expect(events[i]?.prevHash).toBe(events[i - 1]?.hash);
    expect(await store.audit.verifyChain('AUD-2026-002')).toEqual({ ok: true, count: 5 });
    expect(await store.audit.verifyChain('AUD-2026-003')).toEqual({ ok: true, count: 1 });
    expect(await store.audit.scopes()).toEqual(expect.arrayContaining(['AUD-2026-002', 'AUD-2026-003']));
  });

  it('detects an event altered behind the repository, at its sequence number', async () => {
    for (let n = 1; n <= 5; n += 1) await store.audit.append(event('AUD-2026-004', n));
    await database
      .connection()
      .collection('audit_events')
      .updateOne({ contractRef: 'AUD-2026-004', seq: 3 }, { $set: { 'after.title': 'Quietly rewritten' } });
    expect(await store.audit.verifyChain('AUD-2026-004')).toMatchObject({ ok: false, brokenAt: 3, count: 2 });
  });

  it('detects a re-hashed forgery at the next event, and a removed event at its gap', async () => {
    for (let n = 1; n <= 4; n += 1) await store.audit.append(event('AUD-2026-005', n));
    const raw = database.connection().collection('audit_events');
    // A forger who recomputes the altered event's own hash still breaks the link to the next one.
    const [second] = await store.audit.list('AUD-2026-005', { afterSeq: 1, limit: 1 });
    const { hashEvent } = await import('../../src/store/audit');
    const forged = { ...second!, after: { title: 'Forged' } };
    await raw.updateOne(
      { contractRef: 'AUD-2026-005', seq: 2 },
      { $set: { after: forged.after, hash: hashEvent(forged) } },
    );
    expect(await store.audit.verifyChain('AUD-2026-005')).toMatchObject({ ok: false, brokenAt: 3 });

    for (let n = 1; n <= 3; n += 1) await store.audit.append(event('AUD-2026-006', n));
    await raw.deleteOne({ contractRef: 'AUD-2026-006', seq: 2 });
    expect(await store.audit.verifyChain('AUD-2026-006')).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('forms one unbroken chain from concurrent appends', async () => {
    const appended = await Promise.all(
      Array.from({ length: 20 }, (_, n) => store.audit.append(event('AUD-2026-007', n))),
    );
    expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await store.audit.verifyChain('AUD-2026-007')).toEqual({ ok: true, count: 20 });
  });

  it('stores snapshots whose keys the database would refuse, and still verifies them', async () => {
    const appended = await store.audit.append({
      contractRef: 'AUD-2026-008',
      actor: owner,
      surface: 'teams',
      action: 'kpi.updated',
      entityType: 'kpi',
      entityId: 'AUD-2026-008/availability',
      before: {
        'odd.key': 1,
        $where: 'sleep(1)',
        nested: [[1, 2]],
        when: new Date('2026-03-01T00:00:00Z'),
        bad: Number.NaN,
      },
      after: { text: '{"$gt": ""}', empty: {}, none: undefined },
    });
    expect(appended.before).toEqual({
      'odd\uFF0Ekey': 1,
      '\uFF04where': 'sleep(1)',
      nested: [{ items: [1, 2] }],
      when: '2026-03-01T00:00:00.000Z',
      bad: null,
    });
    expect(appended.after).toEqual({ text: '{"$gt": ""}', empty: {} });
    expect(await store.audit.verifyChain('AUD-2026-008')).toEqual({ ok: true, count: 1 });
    expect(await store.audit.forEntity('kpi', 'AUD-2026-008/availability')).toHaveLength(1);
  });

  it('keeps events without a contract in the global chain', async () => {
    const refused = await store.audit.append({
      actor: { slackUserId: 'U0STRANGER' },
      surface: 'slack',
      action: 'access.refused',
      entityType: 'command',
      entityId: '/steward new',
    });
    expect(refused).toMatchObject({ contractRef: 'global', seq: 1 });
    expect(await store.audit.verifyChain('global')).toEqual({ ok: true, count: 1 });
  });
});
