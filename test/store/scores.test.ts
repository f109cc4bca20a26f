import type { fixedClock } from '../../src/domain/clock';
import { evaluate } from '../../src/domain/evaluation';
import type { Store } from '../../src/store';
import { useTestDatabase } from '../support/database';
import {
  checkinFixture,
  contractFixture,
  contractWithKpi,
  kpiFixture,
  owner,
  storeFor,
  vendorContact,
} from './fixtures';

const database = useTestDatabase();
let store: Store;
let clock: ReturnType<typeof fixedClock>;

beforeAll(async () => {
  ({ store, clock } = await storeFor(database.connection()));
  await contractWithKpi(store, 'SCO-2026-001');
});

const answer = (value: number, kpiVersion = 1) => ({
  value,
  rag: evaluate(value, kpiFixture()),
  kpiVersion,
  answeredBy: vendorContact,
  surface: 'slack' as const,
});

describe('scores', () => {
  it('accepts one of two simultaneous answers and tells the other it was already answered', async () => {
    const { checkin } = await store.checkins.ensure(checkinFixture('SCO-2026-001', { periodKey: '2026-01' }));
    const results = await Promise.allSettled([
      store.scores.submit(checkin.id, { ...answer(99.7), comment: 'first' }),
      store.scores.submit(checkin.id, { ...answer(97.0), comment: 'second' }),
    ]);
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'already_answered' });

    const score = (accepted[0] as PromiseFulfilledResult<Awaited<ReturnType<Store['scores']['submit']>>>).value;
    expect(await database.connection().collection('scores').countDocuments({ periodKey: '2026-01' })).toBe(1);
    const answered = await store.checkins.get(checkin.id);
    expect(answered).toMatchObject({ status: 'answered', answeredScoreId: score.id });
    expect(answered?.nextActionAt).toBeUndefined();
    expect(await store.scores.forCheckin(checkin.id)).toMatchObject({ id: score.id, value: score.value });
  });

  it('refuses a score for a check-in marked not applicable', async () => {
    const { checkin } = await store.checkins.ensure(checkinFixture('SCO-2026-001', { periodKey: '2025-12' }));
    await store.checkins.markNotApplicable(checkin.id, 'No traffic in December', owner);
    await expect(store.scores.submit(checkin.id, answer(99))).rejects.toMatchObject({ code: 'conflict' });
    await expect(store.checkins.markNotApplicable(checkin.id, 'again', owner)).rejects.toMatchObject({
      code: 'invalid_transition',
    });
  });

  it('accepts a late answer to a missed check-in, once', async () => {
    const { checkin } = await store.checkins.ensure(checkinFixture('SCO-2026-001', { periodKey: '2025-11' }));
    await store.checkins.markMissed(checkin.id, clock());
    const score = await store.scores.submit(checkin.id, answer(99.6));
    expect(score.periodKey).toBe('2025-11');
    await expect(store.checkins.markNotApplicable(checkin.id, 'too late', owner)).rejects.toMatchObject({
      code: 'already_answered',
    });
  });

  it('keeps a score with the KPI version it was given under after the target changes', async () => {
    const { checkin } = await store.checkins.ensure(checkinFixture('SCO-2026-001', { periodKey: '2026-02' }));
    const v1 = await store.kpis.get('SCO-2026-001', 'availability');
    const given = await store.scores.submit(checkin.id, answer(99.2, v1!.version));
    expect(given.rag).toBe('green');

    const v2 = await store.kpis.update(
      'SCO-2026-001',
      'availability',
      { target: 99.9, warningThreshold: 99.5 },
      { expectedVersion: 1, by: owner, reason: 'Renegotiated SLA' },
    );
    expect(v2).toMatchObject({ version: 2, target: 99.9 });

    const stored = await store.scores.get(given.id);
    const definition = await store.kpis.definitionAt('SCO-2026-001', 'availability', stored!.kpiVersion);
    expect(definition).toMatchObject({ version: 1, target: 99.5, warningThreshold: 99 });
    expect(evaluate(stored!.value, definition!)).toBe('green');
    // Under the new definition the same value would be amber: history is what keeps the old verdict.
    expect(evaluate(stored!.value, v2)).toBe('amber');
    expect((await store.kpis.history('SCO-2026-001', 'availability')).map((v) => [v.version, v.target])).toEqual([
      [1, 99.5],
      [2, 99.9],
    ]);
  });

  it('lets only one of two simultaneous KPI edits through', async () => {
    await store.contracts.create(contractFixture('SCO-2026-002'), [{ key: 'uptime', definition: kpiFixture() }]);
    const results = await Promise.allSettled([
      store.kpis.update('SCO-2026-002', 'uptime', { target: 99.6 }, { expectedVersion: 1 }),
      store.kpis.update('SCO-2026-002', 'uptime', { target: 99.7 }, { expectedVersion: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
    const kpi = await store.kpis.get('SCO-2026-002', 'uptime');
    expect(kpi?.version).toBe(2);
    expect(await store.kpis.history('SCO-2026-002', 'uptime')).toHaveLength(2);
    expect((await store.kpis.definitionAt('SCO-2026-002', 'uptime', 2))?.target).toBe(kpi?.target);
  });

  it('keeps the replaced value when a score is corrected', async () => {
    const { checkin } = await store.checkins.ensure(checkinFixture('SCO-2026-001', { periodKey: '2025-10' }));
    const original = await store.scores.submit(checkin.id, { ...answer(97.5), comment: 'typo' });
    const corrected = await store.scores.correct(
      original.id,
      { value: 99.7, rag: 'green', correctedBy: owner, reason: 'Vendor report was misread', surface: 'teams' },
      1,
    );
    expect(corrected).toMatchObject({ value: 99.7, rag: 'green', revision: 2, answeredBy: owner });
    expect(corrected.comment).toBeUndefined();
    expect(corrected.corrections).toEqual([
      expect.objectContaining({
        revision: 2,
        reason: 'Vendor report was misread',
        previous: expect.objectContaining({ value: 97.5, rag: 'red', comment: 'typo', answeredBy: vendorContact }),
      }),
    ]);
    await expect(
      store.scores.correct(
        original.id,
        { value: 1, rag: 'red', correctedBy: owner, reason: 'stale', surface: 'slack' },
        1,
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('reads the latest score per KPI and portfolio scores without a query per contract', async () => {
    await store.contracts.create(contractFixture('SCO-2026-003'), [
      { key: 'a', definition: kpiFixture() },
      { key: 'b', definition: kpiFixture() },
    ]);
    const months = ['2026-01', '2026-02', '2026-03'];
    for (const [i, periodKey] of months.entries()) {
      for (const kpiKey of ['a', 'b']) {
        await store.scores.record({
          contractRef: 'SCO-2026-003',
          kpiKey,
          periodKey,
          periodStart: new Date(Date.UTC(2026, i, 1)),
          periodEnd: new Date(Date.UTC(2026, i + 1, 1)),
          ...answer(98 + i),
          surface: 'import',
        });
      }
    }
    const latest = await store.scores.latestForContract('SCO-2026-003');
    expect(latest.map((s) => [s.kpiKey, s.periodKey])).toEqual([
      ['a', '2026-03'],
      ['b', '2026-03'],
    ]);
    expect(latest[0]).not.toHaveProperty('answeredBy');
    const inFebruary = await store.scores.latestForContract('SCO-2026-003', ['2026-02']);
    expect(inFebruary.map((s) => s.periodKey)).toEqual(['2026-02', '2026-02']);

    const portfolio = await store.scores.forContracts(
      ['SCO-2026-003', 'SCO-2026-001', 'NONE-2026-001'],
      new Date(Date.UTC(2026, 1, 1)),
    );
    expect(
      portfolio
        .filter((s) => s.contractRef === 'SCO-2026-003')
        .map((s) => s.periodKey)
        .sort(),
    ).toEqual(['2026-02', '2026-02', '2026-03', '2026-03']);
    expect(portfolio.every((s) => s.periodStart >= new Date(Date.UTC(2026, 1, 1)))).toBe(true);
    expect((await store.scores.recent('SCO-2026-003', 'a', 2)).map((s) => s.periodKey)).toEqual(['2026-03', '2026-02']);

    await expect(
      store.scores.record({
        contractRef: 'SCO-2026-003',
        kpiKey: 'a',
        periodKey: '2026-01',
        periodStart: new Date(Date.UTC(2026, 0, 1)),
        periodEnd: new Date(Date.UTC(2026, 1, 1)),
        ...answer(50),
      }),
    ).rejects.toMatchObject({ code: 'already_answered' });
  });

  it('refuses a value the database could not store, in words', async () => {
    const { checkin } = await store.checkins.ensure(checkinFixture('SCO-2026-001', { periodKey: '2025-09' }));
    await expect(store.scores.submit(checkin.id, { ...answer(1), value: Number.NaN })).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: { value: expect.stringContaining('number') },
    });
    expect((await store.checkins.get(checkin.id))?.status).toBe('pending');
  });
});
